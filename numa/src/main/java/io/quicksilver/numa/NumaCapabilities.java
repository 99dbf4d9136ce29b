package io.quicksilver.numa;

import io.quicksilver.bindings.LibC;
import io.quicksilver.bindings.LibNuma;
import io.quicksilver.numa.memory.MemoryPlacement;
import io.quicksilver.numa.pin.PinningException;
import io.quicksilver.numa.pin.ThreadPinning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What this machine and JVM can do for NUMA placement, decided once and printed by
 * {@code ./quicksilver affinity check}: whether libnuma loaded (or why not), whether threads can be
 * pinned, how memory will be placed, and how many nodes and CPUs there are.
 * <p>
 * Each capability degrades on its own: without libnuma, pinning still works (it needs only libc) and
 * memory falls back to {@link MemoryPlacement#FIRST_TOUCH}; without the libc affinity functions (not
 * Linux), pinning is unavailable and nothing else changes. Node and CPU counts come from sysfs, which
 * is what libnuma reads too, so they are the same with or without it.
 * <p>
 * Immutable.
 */
public final class NumaCapabilities
{
    /**
     * Where the kernel describes nodes and CPUs.
     */
    public static final Path SYSFS_SYSTEM_DIR = Path.of("/sys/devices/system");

    private static final Pattern CPU_DIR = Pattern.compile("cpu[0-9]+");
    private static final Pattern NODE_DIR = Pattern.compile("node[0-9]+");

    private final LibNuma libnuma;
    private final LibC libc;
    private final MemoryPlacement memoryPlacement;
    private final BitSet memoryNodes;
    private final int configuredCpus;
    private final BitSet allowedCpus;

    private NumaCapabilities(
        final LibNuma libnuma,
        final LibC libc,
        final BitSet memoryNodes,
        final int configuredCpus,
        final BitSet allowedCpus)
    {
        this.libnuma = libnuma;
        this.libc = libc;
        this.memoryPlacement = libnuma.isAvailable() ? MemoryPlacement.NUMA_BIND : MemoryPlacement.FIRST_TOUCH;
        this.memoryNodes = memoryNodes;
        this.configuredCpus = configuredCpus;
        this.allowedCpus = allowedCpus;
    }

    /**
     * Capabilities with libnuma as configured ({@link LibNuma#system()}, name from
     * {@value LibNuma#LIBRARY_NAME_PROP_NAME}).
     *
     * @return the report.
     */
    public static NumaCapabilities detect()
    {
        return detect(LibNuma.system(), LibC.instance(), SYSFS_SYSTEM_DIR);
    }

    /**
     * Capabilities with libnuma loaded from {@code libnumaName}, for example a name that does not exist
     * to see the fallback.
     *
     * @param libnumaName a libnuma soname or path.
     * @return the report.
     */
    public static NumaCapabilities detect(final String libnumaName)
    {
        return detect(LibNuma.load(libnumaName), LibC.instance(), SYSFS_SYSTEM_DIR);
    }

    /**
     * Capabilities from the given bindings and a sysfs tree ({@code /sys/devices/system} or a recorded
     * copy with {@code node/} and {@code cpu/} below it).
     *
     * @param libnuma   libnuma, available or not.
     * @param libc      the C library bindings.
     * @param systemDir the {@code devices/system} directory to read nodes and CPUs from.
     * @return the report.
     */
    public static NumaCapabilities detect(final LibNuma libnuma, final LibC libc, final Path systemDir)
    {
        Objects.requireNonNull(libnuma, "libnuma");
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(systemDir, "systemDir");
        return new NumaCapabilities(
            libnuma, libc, readMemoryNodes(systemDir.resolve("node")), readConfiguredCpus(systemDir.resolve("cpu")),
            readAllowedCpus(libc));
    }

    /**
     * The libnuma bindings this report was made with.
     *
     * @return libnuma, available or not.
     */
    public LibNuma libnuma()
    {
        return libnuma;
    }

    /**
     * Whether libnuma loaded and the kernel supports NUMA.
     *
     * @return true when libnuma can be used.
     */
    public boolean libnumaAvailable()
    {
        return libnuma.isAvailable();
    }

    /**
     * Why libnuma cannot be used, naming the library tried.
     *
     * @return the reason, or an empty string when available.
     */
    public String libnumaUnavailableReason()
    {
        return libnuma.unavailableReason();
    }

    /**
     * Whether threads can be pinned (libc has the affinity functions).
     *
     * @return true when {@link ThreadPinning} works.
     */
    public boolean pinningAvailable()
    {
        return libc.isAvailable();
    }

    /**
     * Why threads cannot be pinned.
     *
     * @return the reason, or an empty string when available.
     */
    public String pinningUnavailableReason()
    {
        return libc.unavailableReason();
    }

    /**
     * How {@link io.quicksilver.numa.memory.NumaMemory} will place pages.
     *
     * @return {@link MemoryPlacement#NUMA_BIND} with libnuma, else {@link MemoryPlacement#FIRST_TOUCH}.
     */
    public MemoryPlacement memoryPlacement()
    {
        return memoryPlacement;
    }

    /**
     * The nodes that have memory: where memory can be placed.
     *
     * @return a copy of the node ids as set bits.
     */
    public BitSet memoryNodes()
    {
        return (BitSet)memoryNodes.clone();
    }

    /**
     * The number of nodes with memory.
     *
     * @return at least 1.
     */
    public int nodeCount()
    {
        return memoryNodes.cardinality();
    }

    /**
     * The CPUs the machine has, online or not (what {@code numa_num_configured_cpus} counts).
     *
     * @return at least 1.
     */
    public int configuredCpus()
    {
        return configuredCpus;
    }

    /**
     * The CPUs the thread that made this report was allowed to run on (its affinity, as restricted by
     * {@code taskset}, cgroups or container limits).
     *
     * @return a copy; empty when pinning is unavailable.
     */
    public BitSet allowedCpus()
    {
        return (BitSet)allowedCpus.clone();
    }

    /**
     * The report as text, one capability per line.
     *
     * @return a multi-line, human-readable report.
     */
    public String describe()
    {
        final StringBuilder text = new StringBuilder("Quicksilver NUMA capabilities\n");
        line(text, "libnuma", libnuma.isAvailable() ?
            "available (" + libnuma.name() + " -> " + libnuma.file().orElse("?") + ")" :
            "unavailable: " + libnuma.unavailableReason());
        line(text, "thread pinning", libc.isAvailable() ?
            "available (sched_setaffinity, sched_getaffinity, sched_getcpu in libc)" :
            "unavailable: " + libc.unavailableReason());
        line(text, "memory placement", memoryPlacement + ": " + memoryPlacement.description());
        line(text, "NUMA nodes", nodeCount() + " with memory (" + formatList(memoryNodes) + ")");
        line(text, "CPUs", configuredCpus + " configured; " + (libc.isAvailable() ?
            "the detecting thread may run on " + formatList(allowedCpus) :
            "affinity unknown"));
        return text.toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    /**
     * Formats ids in the kernel's list format, {@code 0-3,8}.
     *
     * @param ids the ids as set bits.
     * @return the list, or an empty string for no ids.
     */
    public static String formatList(final BitSet ids)
    {
        final StringBuilder text = new StringBuilder();
        for (int start = ids.nextSetBit(0); start >= 0; )
        {
            final int end = ids.nextClearBit(start) - 1;
            if (!text.isEmpty())
            {
                text.append(',');
            }
            text.append(start);
            if (end > start)
            {
                text.append('-').append(end);
            }
            start = ids.nextSetBit(end + 1);
        }
        return text.toString();
    }

    private static void line(final StringBuilder text, final String name, final String value)
    {
        text.append("  ").append(name).append(':').append(" ".repeat(17 - name.length())).append(value).append('\n');
    }

    /**
     * {@code has_memory} lists nodes that have memory (memoryless nodes hold only CPUs); older kernels
     * lack it, so fall back to {@code online}, then to the {@code nodeN} directories, then to node 0: a
     * kernel without NUMA support is one node.
     */
    private static BitSet readMemoryNodes(final Path nodeDir)
    {
        for (final String file : new String[]{ "has_memory", "online" })
        {
            final Optional<BitSet> nodes = readList(nodeDir.resolve(file));
            if (nodes.isPresent() && !nodes.get().isEmpty())
            {
                return nodes.get();
            }
        }
        final BitSet nodes = idsOfChildren(nodeDir, NODE_DIR, "node".length());
        if (nodes.isEmpty())
        {
            nodes.set(0);
        }
        return nodes;
    }

    private static int readConfiguredCpus(final Path cpuDir)
    {
        final int count = idsOfChildren(cpuDir, CPU_DIR, "cpu".length()).cardinality();
        return count > 0 ? count : Runtime.getRuntime().availableProcessors();
    }

    private static BitSet readAllowedCpus(final LibC libc)
    {
        if (!libc.isAvailable())
        {
            return new BitSet();
        }
        try
        {
            return ThreadPinning.create(libc).currentAffinity();
        }
        catch (final PinningException ex)
        {
            return new BitSet();
        }
    }

    private static Optional<BitSet> readList(final Path file)
    {
        try
        {
            return Optional.of(parseList(Files.readString(file)));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return Optional.empty();
        }
    }

    private static BitSet parseList(final String text)
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
            final int first = Integer.parseInt((dash < 0 ? part : part.substring(0, dash)).trim());
            final int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1).trim());
            if (first < 0 || last < first || last > ThreadPinning.MAX_CPU)
            {
                throw new IllegalArgumentException("bad id range: " + part);
            }
            ids.set(first, last + 1);
        }
        return ids;
    }

    private static BitSet idsOfChildren(final Path dir, final Pattern pattern, final int prefixLength)
    {
        final BitSet ids = new BitSet();
        try (Stream<Path> children = Files.list(dir))
        {
            children
                .map(child -> child.getFileName().toString())
                .filter(name -> pattern.matcher(name).matches())
                .forEach(name -> ids.set(Integer.parseInt(name.substring(prefixLength))));
        }
        catch (final IOException | RuntimeException ex)
        {
            return new BitSet();
        }
        return ids;
    }
}
