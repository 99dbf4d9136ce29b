package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.IdSet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * A parsed, validated affinity config file: how many workers, how their CPUs are chosen, which CPUs are reserved,
 * where their memory lives and how they idle. Everything that can be checked without a machine is checked here;
 * {@link AffinityPlanner#plan(AffinityConfig, io.quicksilver.numa.topology.Topology)} checks the rest against a
 * topology. See docs/affinity.md for the keys.
 * <pre>
 * mode = "parallel"               # parallel | single-threaded
 * workers = 8
 * strategy = "one-per-core"       # compact | spread | one-per-core | one-per-ccx | explicit
 * reserved_cpus = "0"             # never used by a worker
 *
 * [idle]
 * strategy = "backoff"            # busy-spin | yield | backoff | sleep
 *
 * [journal]                       # optional: journal every message (docs/journal.md)
 * directory = "journal"           # relative to this file's directory
 * mode = "before-delivery"        # before-delivery | async
 *
 * [[worker]]                      # optional per-worker overrides
 * id = 0
 * cpu = 2
 * memory_node = 0
 * </pre>
 */
public final class AffinityConfig
{
    /**
     * Most workers a config may ask for: as many as the parallel runtime runs ({@code ParallelDispatcher} in module
     * runtime refuses more than 64), so that a file {@code affinity check} accepts also starts.
     */
    public static final int MAX_WORKERS = 64;

    /**
     * Largest config file {@link #parse(Path)} reads, 1 MiB: a real one is a few hundred bytes, and a larger file
     * (a wrong path, a log, a disk image) is refused before it is read into memory.
     */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    /**
     * Deepest nesting of arrays, inline tables and tables a config may use: a real one needs 2 ({@code [[worker]]}),
     * and text nested thousands deep would overflow the stack of tomlj's recursive-descent parser.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Conventional file name; the launcher and docs use it. */
    public static final String DEFAULT_FILE_NAME = "affinity.toml";

    private final ConfigSource source;
    private final int workers;
    private final PlacementStrategy strategy;
    private final IdSet reservedCpus;
    private final boolean allowOversubscribe;
    private final int defaultMemoryNode;
    private final int[] pinnedCpus;
    private final String[] pinnedCpuKeys;
    private final int[] memoryNodes;
    private final String[] memoryNodeKeys;
    private final IdleStrategyConfig idle;
    private final Mode mode;
    private final JournalSection journal;

    AffinityConfig(
        final ConfigSource source,
        final Mode mode,
        final int workers,
        final PlacementStrategy strategy,
        final IdSet reservedCpus,
        final boolean allowOversubscribe,
        final int defaultMemoryNode,
        final int[] pinnedCpus,
        final String[] pinnedCpuKeys,
        final int[] memoryNodes,
        final String[] memoryNodeKeys,
        final IdleStrategyConfig idle,
        final JournalSection journal)
    {
        this.source = source;
        this.mode = mode;
        this.workers = workers;
        this.strategy = strategy;
        this.reservedCpus = reservedCpus;
        this.allowOversubscribe = allowOversubscribe;
        this.defaultMemoryNode = defaultMemoryNode;
        this.pinnedCpus = pinnedCpus.clone();
        this.pinnedCpuKeys = pinnedCpuKeys.clone();
        this.memoryNodes = memoryNodes.clone();
        this.memoryNodeKeys = memoryNodeKeys.clone();
        this.idle = idle;
        this.journal = journal;
    }

    /**
     * Marks "no value" in the per-worker arrays: not pinned, or memory local to the CPU.
     */
    static final int NONE = -1;

    /**
     * Reads and validates a config file.
     *
     * @param file the TOML file, at most {@link #MAX_FILE_BYTES} bytes of UTF-8.
     * @return the config.
     * @throws AffinityConfigException naming the file, line, key and value of the first problem, or saying why the
     *                                 file cannot be read.
     */
    public static AffinityConfig parse(final Path file)
    {
        final String fileName = file.toString();
        final String content;
        try
        {
            final long size = Files.size(file);
            if (size > MAX_FILE_BYTES)
            {
                throw tooLarge(fileName, size + " bytes");
            }
            final byte[] bytes;
            try (InputStream in = Files.newInputStream(file))
            {
                // Bounded even when the size lied: a file growing since, or a device such as /dev/zero (size 0).
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES)
            {
                throw tooLarge(fileName, "more than " + MAX_FILE_BYTES + " bytes");
            }
            content = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final NoSuchFileException ex)
        {
            throw new AffinityConfigException(fileName, 0, null, null, "cannot read: no such file", ex);
        }
        catch (final CharacterCodingException ex)
        {
            throw new AffinityConfigException(fileName, 0, null, null, "cannot read: not UTF-8 text", ex);
        }
        catch (final IOException ex)
        {
            throw new AffinityConfigException(fileName, 0, null, null, "cannot read: " + ex, ex);
        }
        return parse(content, fileName);
    }

    private static AffinityConfigException tooLarge(final String fileName, final String size)
    {
        return new AffinityConfigException(fileName, 0, null, null,
            "too large: " + size + "; an affinity file may be at most " + MAX_FILE_BYTES + " bytes (1 MiB)");
    }

    /**
     * Parses and validates config text.
     *
     * @param content  the TOML text.
     * @param fileName the name to use in error messages.
     * @return the config.
     * @throws AffinityConfigException naming the file, line, key and value of the first problem.
     */
    public static AffinityConfig parse(final String content, final String fileName)
    {
        return AffinityConfigParser.parse(content, fileName);
    }

    /**
     * @return the {@code [journal]} table, or null when the file has none (no journal).
     */
    public JournalSection journal()
    {
        return journal;
    }

    /**
     * @return the file name errors are reported against.
     */
    public String fileName()
    {
        return source.fileName();
    }

    /**
     * @return how the runtime dispatches: {@link Mode#PARALLEL} (default) on the placed workers, or
     * {@link Mode#SINGLE_THREADED} on the sending thread, the rest of the file then unused.
     */
    public Mode mode()
    {
        return mode;
    }

    /**
     * @return how many workers to place, 1..{@link #MAX_WORKERS}.
     */
    public int workers()
    {
        return workers;
    }

    /**
     * @return how CPUs are chosen for workers not pinned explicitly; {@link PlacementStrategy#EXPLICIT} when the
     * file pins every worker.
     */
    public PlacementStrategy strategy()
    {
        return strategy;
    }

    /**
     * @return CPUs no worker may use.
     */
    public IdSet reservedCpus()
    {
        return reservedCpus;
    }

    /**
     * @return true when workers may share CPUs (more workers than CPUs, or one CPU given twice).
     */
    public boolean allowOversubscribe()
    {
        return allowOversubscribe;
    }

    /**
     * @param worker a worker number.
     * @return the CPU the file pins it to ({@code cpus} or {@code [[worker]] cpu}), or empty when the strategy
     * chooses.
     */
    public OptionalInt pinnedCpu(final int worker)
    {
        checkWorker(worker);
        return pinnedCpus[worker] == NONE ? OptionalInt.empty() : OptionalInt.of(pinnedCpus[worker]);
    }

    /**
     * @param worker a worker number.
     * @return the node its memory is placed on ({@code [[worker]] memory_node}, else the top-level
     * {@code memory_node}), or empty for "local": the node of its CPU.
     */
    public OptionalInt memoryNode(final int worker)
    {
        checkWorker(worker);
        return memoryNodes[worker] == NONE ? OptionalInt.empty() : OptionalInt.of(memoryNodes[worker]);
    }

    /**
     * @return the top-level {@code memory_node}, or empty for "local".
     */
    public OptionalInt defaultMemoryNode()
    {
        return defaultMemoryNode == NONE ? OptionalInt.empty() : OptionalInt.of(defaultMemoryNode);
    }

    /**
     * @return what workers do when idle.
     */
    public IdleStrategyConfig idle()
    {
        return idle;
    }

    /**
     * @return a one-line summary, e.g. {@code 8 workers, strategy one-per-core, reserved_cpus 0, memory local,
     * no oversubscription, idle backoff(...)}.
     */
    public String describe()
    {
        final long pinned = IntStream.of(pinnedCpus).filter(c -> c != NONE).count();
        return (mode == Mode.SINGLE_THREADED ? "mode single-threaded, " : "") +
            workers + (workers == 1 ? " worker" : " workers") +
            ", strategy " + strategy +
            (pinned > 0 && strategy != PlacementStrategy.EXPLICIT ? " (" + pinned + " pinned)" : "") +
            ", reserved_cpus " + (reservedCpus.isEmpty() ? "none" : reservedCpus) +
            ", memory " + (defaultMemoryNode == NONE ? "local" : "node " + defaultMemoryNode) +
            (allowOversubscribe ? ", oversubscription allowed" : "") +
            ", idle " + idle;
    }

    @Override
    public String toString()
    {
        return "AffinityConfig{" + fileName() + ": " + describe() + "}";
    }

    /**
     * The top-level {@code mode} key: whether the runtime dispatches on workers at all. A single-threaded file keeps
     * its worker settings, checked as usual, so switching back is a one-line change.
     */
    public enum Mode
    {
        /** Workers placed as the file says (the default). */
        PARALLEL("parallel"),
        /** No workers: Mercury's synchronous dispatch on the sending thread. */
        SINGLE_THREADED("single-threaded");

        private final String configName;

        Mode(final String configName)
        {
            this.configName = configName;
        }

        /**
         * @return the name used in a config file.
         */
        public String configName()
        {
            return configName;
        }

        static Mode fromConfigName(final String configName)
        {
            for (final Mode mode : values())
            {
                if (mode.configName.equals(configName))
                {
                    return mode;
                }
            }
            return null;
        }

        static java.util.List<String> configNames()
        {
            return java.util.Arrays.stream(values()).map(Mode::configName).toList();
        }

        @Override
        public String toString()
        {
            return configName;
        }
    }

    ConfigSource source()
    {
        return source;
    }

    String pinnedCpuKey(final int worker)
    {
        return pinnedCpuKeys[worker];
    }

    String memoryNodeKey(final int worker)
    {
        return memoryNodeKeys[worker];
    }

    private void checkWorker(final int worker)
    {
        if (worker < 0 || worker >= workers)
        {
            throw new IndexOutOfBoundsException("worker must be in 0.." + (workers - 1) + ": worker=" + worker);
        }
    }
}
