package io.quicksilver.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the kernel says about this machine, read independently of libnuma, to check the bindings against.
 */
final class Sysfs
{
    static final Path NODES = Path.of("/sys/devices/system/node");
    static final Path CPUS = Path.of("/sys/devices/system/cpu");

    private static final Pattern NODE_DIR = Pattern.compile("node[0-9]+");
    private static final Pattern CPU_DIR = Pattern.compile("cpu[0-9]+");

    private Sysfs()
    {
    }

    /**
     * Parses the kernel's list format, {@code 0-3,8}.
     */
    static BitSet parseList(final String text)
    {
        final BitSet ids = new BitSet();
        final String trimmed = text.trim();
        if (trimmed.isEmpty())
        {
            return ids;
        }
        for (final String part : trimmed.split(","))
        {
            final int dash = part.indexOf('-');
            if (dash < 0)
            {
                ids.set(Integer.parseInt(part.trim()));
            }
            else
            {
                ids.set(Integer.parseInt(part.substring(0, dash).trim()), Integer.parseInt(part.substring(dash + 1).trim()) + 1);
            }
        }
        return ids;
    }

    static String read(final Path file)
    {
        try
        {
            return Files.readString(file).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Node ids that have a {@code nodeN} directory.
     */
    static BitSet nodes()
    {
        return idsOfDirs(NODES, NODE_DIR, 4);
    }

    /**
     * CPU ids that have a {@code cpuN} directory: what libnuma counts as configured CPUs.
     */
    static BitSet configuredCpus()
    {
        return idsOfDirs(CPUS, CPU_DIR, 3);
    }

    /**
     * Nodes with memory, falling back to every node on kernels without {@code has_memory}.
     */
    static BitSet nodesWithMemory()
    {
        final Path hasMemory = NODES.resolve("has_memory");
        return Files.isReadable(hasMemory) ? parseList(read(hasMemory)) : nodes();
    }

    static OptionalInt nodeOfCpu(final int cpu)
    {
        final BitSet nodes = nodes();
        for (int node = nodes.nextSetBit(0); node >= 0; node = nodes.nextSetBit(node + 1))
        {
            if (parseList(read(NODES.resolve("node" + node).resolve("cpulist"))).get(cpu))
            {
                return OptionalInt.of(node);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The calling thread's allowed CPUs, as the kernel reports them in /proc.
     */
    static BitSet threadAllowedCpus()
    {
        for (final String line : read(Path.of("/proc/thread-self/status")).split("\n"))
        {
            if (line.startsWith("Cpus_allowed_list:"))
            {
                return parseList(line.substring("Cpus_allowed_list:".length()));
            }
        }
        throw new IllegalStateException("no Cpus_allowed_list in /proc/thread-self/status");
    }

    private static BitSet idsOfDirs(final Path parent, final Pattern pattern, final int prefixLength)
    {
        final BitSet ids = new BitSet();
        try (Stream<Path> children = Files.list(parent))
        {
            children
                .map(p -> p.getFileName().toString())
                .filter(name -> pattern.matcher(name).matches())
                .forEach(name -> ids.set(Integer.parseInt(name.substring(prefixLength))));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return ids;
    }
}
