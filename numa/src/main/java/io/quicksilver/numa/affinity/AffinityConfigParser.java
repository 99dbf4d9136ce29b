package io.quicksilver.numa.affinity;

import io.quicksilver.numa.config.Durations;
import io.quicksilver.numa.config.TomlFile;
import io.quicksilver.numa.topology.IdListFormatException;
import io.quicksilver.numa.topology.IdSet;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.quicksilver.numa.affinity.AffinityConfig.NONE;

/**
 * Turns TOML text into an {@link AffinityConfig}, checking everything that does not need a machine. The first
 * problem found is thrown, with the line tomlj reports for its key.
 */
final class AffinityConfigParser
{
    static final List<String> TOP_KEYS = List.of(
        "mode", "workers", "strategy", "cpus", "reserved_cpus", "allow_oversubscribe", "memory_node", "idle", "worker",
        "journal");
    static final List<String> IDLE_KEYS = List.of("strategy", "max_spins", "max_yields", "min_park", "max_park", "period");
    static final List<String> WORKER_KEYS = List.of("id", "cpu", "memory_node");
    static final List<String> JOURNAL_KEYS = List.of("directory", "roll_cycle", "mode");
    private static final List<String> BACKOFF_KEYS = List.of("max_spins", "max_yields", "min_park", "max_park");
    private static final List<String> SLEEP_KEYS = List.of("period");
    private static final String LOCAL = "local";

    private record Nested(Object value, int depth, int line)
    {
    }

    private final String content;
    private final String fileName;
    private final int maxNesting;
    private final ConfigSource source;
    private final int[] lineStarts;

    private AffinityConfigParser(final String content, final String fileName, final int maxNesting)
    {
        this.content = content;
        this.fileName = fileName;
        this.maxNesting = maxNesting;
        this.source = new ConfigSource(fileName);
        this.lineStarts = IntStream.concat(IntStream.of(0),
            IntStream.range(0, content.length()).filter(i -> content.charAt(i) == '\n').map(i -> i + 1)).toArray();
    }

    static AffinityConfig parse(final String content, final String fileName)
    {
        return parse(content, fileName, AffinityConfig.MAX_NESTING_DEPTH);
    }

    /**
     * @param maxNesting deepest nesting allowed; tests pass {@link Integer#MAX_VALUE} to get past the pre-scan to
     *                   tomlj's own stack overflow.
     */
    static AffinityConfig parse(final String content, final String fileName, final int maxNesting)
    {
        return new AffinityConfigParser(content, fileName, maxNesting).parse();
    }

    private AffinityConfig parse()
    {
        final int deepLine = lineNestedDeeperThan(content, maxNesting);
        if (deepLine > 0)
        {
            throw tooDeep(deepLine);
        }
        final TomlParseResult toml;
        try
        {
            toml = Toml.parse(content);
        }
        catch (final StackOverflowError ex)
        {
            // tomlj parses by recursive descent; the pre-scan should keep it from this, but never show a user the trace.
            throw new AffinityConfigException(fileName, 0, null, null,
                "invalid TOML: nested too deeply for the TOML parser (it ran out of stack)", ex);
        }
        if (toml.hasErrors())
        {
            final TomlParseError error = toml.errors().get(0);
            throw new AffinityConfigException(
                fileName, error.position().line(), null, null, "invalid TOML: " + error.getMessage(), error);
        }
        checkNesting(toml);
        checkKeys(toml, "", TOP_KEYS);

        final Object modeValue = value(toml, "mode", "mode");
        AffinityConfig.Mode mode = AffinityConfig.Mode.PARALLEL;
        if (modeValue != null)
        {
            if (!(modeValue instanceof String name))
            {
                throw wrongType("mode", modeValue, "a string, one of " + quotedList(AffinityConfig.Mode.configNames()));
            }
            mode = AffinityConfig.Mode.fromConfigName(name);
            if (mode == null)
            {
                throw source.error("mode", "unknown mode" + didYouMean(name, AffinityConfig.Mode.configNames()) +
                    " (valid: " + quotedList(AffinityConfig.Mode.configNames()) + ")");
            }
        }

        final Object workersValue = value(toml, "workers", "workers");
        if (workersValue == null)
        {
            throw new AffinityConfigException(fileName, 0, "workers", null,
                "required key missing: say how many worker threads to run, e.g. workers = 4");
        }
        final long workersLong = integer("workers", workersValue);
        if (workersLong < 1 || workersLong > AffinityConfig.MAX_WORKERS)
        {
            throw source.error("workers", "must be between 1 and " + AffinityConfig.MAX_WORKERS);
        }
        final int workers = (int)workersLong;

        final Object oversubscribeValue = value(toml, "allow_oversubscribe", "allow_oversubscribe");
        final boolean allowOversubscribe;
        if (oversubscribeValue == null)
        {
            allowOversubscribe = false;
        }
        else if (oversubscribeValue instanceof Boolean b)
        {
            allowOversubscribe = b;
        }
        else
        {
            throw wrongType("allow_oversubscribe", oversubscribeValue, "true or false");
        }

        final Object strategyValue = value(toml, "strategy", "strategy");
        PlacementStrategy strategy = null;
        if (strategyValue != null)
        {
            if (!(strategyValue instanceof String name))
            {
                throw wrongType("strategy", strategyValue, "a string, one of " + quotedList(PlacementStrategy.configNames()));
            }
            strategy = PlacementStrategy.fromConfigName(name);
            if (strategy == null)
            {
                throw source.error("strategy", "unknown strategy" + didYouMean(name, PlacementStrategy.configNames()) +
                    " (valid: " + quotedList(PlacementStrategy.configNames()) + ")");
            }
        }

        final IdSet reservedCpus = cpuSet(toml, "reserved_cpus");
        final int defaultMemoryNode = memoryNode(toml, "memory_node", "memory_node", NONE);

        final int[] pinnedCpus = new int[workers];
        final String[] pinnedCpuKeys = new String[workers];
        Arrays.fill(pinnedCpus, NONE);
        final boolean cpusGiven = explicitCpus(toml, workers, pinnedCpus, pinnedCpuKeys);

        final int[] memoryNodes = new int[workers];
        final String[] memoryNodeKeys = new String[workers];
        Arrays.fill(memoryNodes, defaultMemoryNode);
        Arrays.fill(memoryNodeKeys, "memory_node");
        workerTables(toml, workers, pinnedCpus, pinnedCpuKeys, memoryNodes, memoryNodeKeys);

        if (cpusGiven)
        {
            if (strategy != null && strategy != PlacementStrategy.EXPLICIT)
            {
                throw source.error("strategy", "cannot be combined with cpus, which already places every worker; " +
                    "remove one of them");
            }
            strategy = PlacementStrategy.EXPLICIT;
        }
        else if (strategy == PlacementStrategy.EXPLICIT)
        {
            final IdSet unpinned = IdSet.of(IntStream.range(0, workers).filter(w -> pinnedCpus[w] == NONE).toArray());
            if (!unpinned.isEmpty())
            {
                throw source.error("strategy", (unpinned.size() == 1 ? "worker " : "workers ") + unpinned +
                    " of workers = " + workers + " have no cpu; give cpus = [...] or a [[worker]] with a cpu for each");
            }
        }
        else if (strategy == null)
        {
            strategy = PlacementStrategy.COMPACT;
        }

        checkPinnedCpus(workers, pinnedCpus, pinnedCpuKeys, reservedCpus, allowOversubscribe);

        final IdleStrategyConfig idle = idle(toml);
        final JournalSection journal = journal(toml);

        return new AffinityConfig(source, mode, workers, strategy, reservedCpus, allowOversubscribe, defaultMemoryNode,
            pinnedCpus, pinnedCpuKeys, memoryNodes, memoryNodeKeys, idle, journal);
    }

    /**
     * @return the 1-based line on which nesting first goes deeper than {@code maxDepth}, or 0 when it never does
     *         ({@link TomlFile#lineNestedDeeperThan(String, int)}).
     */
    static int lineNestedDeeperThan(final String content, final int maxDepth)
    {
        return TomlFile.lineNestedDeeperThan(content, maxDepth);
    }

    /**
     * Dotted keys and table headers nest tables without brackets ({@code a.a.a = 1}, {@code [a.a.a]}): tomlj builds
     * them without recursing, but everything after it here recurses (rendering a value for a message), so the parsed
     * document is held to the same depth, walked without recursion, before anything else looks at it.
     */
    private void checkNesting(final TomlTable toml)
    {
        final ArrayDeque<Nested> pending = new ArrayDeque<>();
        pending.push(new Nested(toml, 0, 0));
        while (!pending.isEmpty())
        {
            final Nested nested = pending.pop();
            if (nested.value() instanceof TomlTable table)
            {
                for (final String key : table.keySet())
                {
                    final TomlPosition position = table.inputPositionOf(List.of(key));
                    push(pending, table.get(List.of(key)), nested, position);
                }
            }
            else if (nested.value() instanceof TomlArray array)
            {
                for (int i = 0; i < array.size(); i++)
                {
                    push(pending, array.get(i), nested, array.inputPositionOf(i));
                }
            }
        }
    }

    private void push(final ArrayDeque<Nested> pending, final Object value, final Nested parent, final TomlPosition position)
    {
        if (value instanceof TomlTable || value instanceof TomlArray)
        {
            final int line = position == null || position.line() < 1 ? parent.line() : position.line();
            final int depth = parent.depth() + 1;
            if (depth > maxNesting)
            {
                throw tooDeep(line);
            }
            pending.push(new Nested(value, depth, line));
        }
    }

    private AffinityConfigException tooDeep(final int line)
    {
        return new AffinityConfigException(fileName, line, null, null,
            "invalid TOML: values nested more than " + maxNesting + " deep (arrays, inline tables or dotted keys)");
    }

    private boolean explicitCpus(
        final TomlTable toml, final int workers, final int[] pinnedCpus, final String[] pinnedCpuKeys)
    {
        final Object cpusValue = value(toml, "cpus", "cpus");
        if (cpusValue == null)
        {
            return false;
        }
        final int[] cpus;
        final String[] keys;
        if (cpusValue instanceof TomlArray array)
        {
            cpus = new int[array.size()];
            keys = new String[array.size()];
            for (int i = 0; i < array.size(); i++)
            {
                keys[i] = "cpus[" + i + "]";
                source.record(keys[i], elementLine(array, i), render(array.get(i)));
                cpus[i] = cpuNumber(keys[i], array.get(i));
            }
        }
        else if (cpusValue instanceof String text)
        {
            cpus = parseCpuList("cpus", text).toArray();
            keys = new String[cpus.length];
            Arrays.fill(keys, "cpus");
        }
        else
        {
            throw wrongType("cpus", cpusValue, "an array of cpu numbers such as [2, 3, 4] or a cpu list such as \"2-4\"");
        }
        if (cpus.length != workers)
        {
            throw source.error("cpus", "lists " + cpus.length + (cpus.length == 1 ? " cpu" : " cpus") +
                " but workers = " + workers + "; give exactly one cpu per worker");
        }
        System.arraycopy(cpus, 0, pinnedCpus, 0, workers);
        System.arraycopy(keys, 0, pinnedCpuKeys, 0, workers);
        return true;
    }

    private void workerTables(
        final TomlTable toml,
        final int workers,
        final int[] pinnedCpus,
        final String[] pinnedCpuKeys,
        final int[] memoryNodes,
        final String[] memoryNodeKeys)
    {
        final Object value = value(toml, "worker", "worker");
        if (value == null)
        {
            return;
        }
        if (!(value instanceof TomlArray array) ||
            !array.toList().stream().allMatch(element -> element instanceof TomlTable))
        {
            throw wrongType("worker", value, "[[worker]] tables, one per worker to configure");
        }
        final Map<Integer, Integer> lineOfId = new HashMap<>();
        for (int i = 0; i < array.size(); i++)
        {
            final TomlTable table = array.getTable(i);
            final int headerLine = array.inputPositionOf(i).line();
            final Object idValue = value(table, "id", "worker.id");
            if (idValue == null)
            {
                throw new AffinityConfigException(fileName, headerLine, "worker", null,
                    "[[worker]] table has no id; add id = <0.." + (workers - 1) + "> to say which worker it configures");
            }
            final long id = integer("worker.id", idValue);
            if (id < 0 || id >= workers)
            {
                throw source.error("worker.id", "no such worker; workers = " + workers + " numbers them 0.." + (workers - 1));
            }
            final int worker = (int)id;
            final Integer previous = lineOfId.putIfAbsent(worker, source.lineOf("worker.id"));
            if (previous != null)
            {
                throw source.error("worker.id", "worker " + worker + " is already configured at line " + previous);
            }
            final String prefix = "worker[" + worker + "].";
            checkKeys(table, prefix, WORKER_KEYS);

            final Object cpuValue = value(table, "cpu", prefix + "cpu");
            if (cpuValue != null)
            {
                final int cpu = cpuNumber(prefix + "cpu", cpuValue);
                if (pinnedCpus[worker] != NONE)
                {
                    throw source.error(prefix + "cpu", pinnedCpuKeys[worker] + " already pins worker " + worker +
                        " to cpu " + pinnedCpus[worker] + lineSuffix(pinnedCpuKeys[worker], prefix + "cpu") +
                        "; pin it in one place");
                }
                pinnedCpus[worker] = cpu;
                pinnedCpuKeys[worker] = prefix + "cpu";
            }
            final int memoryNode = memoryNode(table, "memory_node", prefix + "memory_node", Integer.MIN_VALUE);
            if (memoryNode != Integer.MIN_VALUE)
            {
                memoryNodes[worker] = memoryNode;
                memoryNodeKeys[worker] = prefix + "memory_node";
            }
        }
    }

    private void checkPinnedCpus(
        final int workers,
        final int[] pinnedCpus,
        final String[] pinnedCpuKeys,
        final IdSet reservedCpus,
        final boolean allowOversubscribe)
    {
        final Map<Integer, Integer> ownerOfCpu = new HashMap<>();
        for (int worker = 0; worker < workers; worker++)
        {
            final int cpu = pinnedCpus[worker];
            if (cpu == NONE)
            {
                continue;
            }
            if (reservedCpus.contains(cpu))
            {
                throw source.error(pinnedCpuKeys[worker], "cpu " + cpu + " is in reserved_cpus " + reservedCpus +
                    lineSuffix("reserved_cpus", pinnedCpuKeys[worker]) + "; no worker may use it");
            }
            final Integer owner = ownerOfCpu.putIfAbsent(cpu, worker);
            if (owner != null && !allowOversubscribe)
            {
                throw source.error(pinnedCpuKeys[worker], "cpu " + cpu + " is already given to worker " + owner +
                    " by " + pinnedCpuKeys[owner] + lineSuffix(pinnedCpuKeys[owner], pinnedCpuKeys[worker]) +
                    "; set allow_oversubscribe = true to let workers share a cpu");
            }
        }
    }

    private JournalSection journal(final TomlTable toml)
    {
        final Object value = value(toml, "journal", "journal");
        if (value == null)
        {
            return null;
        }
        if (!(value instanceof TomlTable table))
        {
            throw wrongType("journal", value, "a table: write [journal] and directory = \"...\" under it");
        }
        checkKeys(table, "journal.", JOURNAL_KEYS);
        final Object directoryValue = value(table, "directory", "journal.directory");
        if (directoryValue == null)
        {
            throw source.error("journal", "[journal] has no directory; add directory = \"<path>\" (relative to this " +
                "file's directory)");
        }
        if (!(directoryValue instanceof String directoryName) || directoryName.isBlank())
        {
            throw wrongType("journal.directory", directoryValue, "a non-empty string, the journal's directory");
        }
        Path directory;
        try
        {
            directory = Path.of(directoryName);
        }
        catch (final java.nio.file.InvalidPathException e)
        {
            throw source.error("journal.directory", "not a path: " + e.getMessage());
        }
        final Path parent = Path.of(fileName).toAbsolutePath().getParent();
        if (!directory.isAbsolute() && parent != null)
        {
            directory = parent.resolve(directory).normalize();
        }
        final Object rollValue = value(table, "roll_cycle", "journal.roll_cycle");
        if (rollValue != null && !(rollValue instanceof String))
        {
            throw wrongType("journal.roll_cycle", rollValue, "a string, a Chronicle Queue roll cycle such as " +
                "\"FAST_DAILY\"");
        }
        if (rollValue instanceof String roll && roll.isBlank())
        {
            throw source.error("journal.roll_cycle", "must not be empty: name a Chronicle Queue roll cycle such as " +
                "\"FAST_DAILY\", or leave the key out for the default");
        }
        final Object modeValue = value(table, "mode", "journal.mode");
        if (modeValue != null)
        {
            if (!(modeValue instanceof String modeName))
            {
                throw wrongType("journal.mode", modeValue, "a string, one of " + quotedList(JournalSection.MODES));
            }
            if (!JournalSection.MODES.contains(modeName))
            {
                throw source.error("journal.mode", "unknown journal mode" + didYouMean(modeName, JournalSection.MODES) +
                    " (valid: " + quotedList(JournalSection.MODES) + ")");
            }
        }
        return new JournalSection(directory, (String)rollValue, (String)modeValue);
    }

    private IdleStrategyConfig idle(final TomlTable toml)
    {
        final Object value = value(toml, "idle", "idle");
        if (value == null)
        {
            return IdleStrategyConfig.Backoff.defaults();
        }
        if (!(value instanceof TomlTable table))
        {
            throw wrongType("idle", value, "a table: write [idle] and strategy = \"...\" under it");
        }
        checkKeys(table, "idle.", IDLE_KEYS);

        final Object strategyValue = value(table, "strategy", "idle.strategy");
        String name = IdleStrategyConfig.Backoff.NAME;
        if (strategyValue != null)
        {
            if (!(strategyValue instanceof String s))
            {
                throw wrongType("idle.strategy", strategyValue, "a string, one of " + quotedList(IdleStrategyConfig.configNames()));
            }
            name = s;
        }
        final List<String> allowed = switch (name)
        {
            case IdleStrategyConfig.BusySpin.NAME, IdleStrategyConfig.Yield.NAME -> List.of();
            case IdleStrategyConfig.Backoff.NAME -> BACKOFF_KEYS;
            case IdleStrategyConfig.Sleep.NAME -> SLEEP_KEYS;
            default -> throw source.error("idle.strategy", "unknown idle strategy" +
                didYouMean(name, IdleStrategyConfig.configNames()) + " (valid: " +
                quotedList(IdleStrategyConfig.configNames()) + ")");
        };
        for (final String key : table.keySet())
        {
            if (!key.equals("strategy") && !allowed.contains(key))
            {
                value(table, key, "idle." + key);
                final String owner = BACKOFF_KEYS.contains(key) ? IdleStrategyConfig.Backoff.NAME : IdleStrategyConfig.Sleep.NAME;
                throw source.error("idle." + key, "applies to idle.strategy = \"" + owner + "\" only, not \"" + name + "\"");
            }
        }

        return switch (name)
        {
            case IdleStrategyConfig.BusySpin.NAME -> new IdleStrategyConfig.BusySpin();
            case IdleStrategyConfig.Yield.NAME -> new IdleStrategyConfig.Yield();
            case IdleStrategyConfig.Sleep.NAME -> new IdleStrategyConfig.Sleep(
                duration(table, "period", IdleStrategyConfig.Sleep.DEFAULT_PERIOD_NS));
            default -> backoff(table);
        };
    }

    private IdleStrategyConfig backoff(final TomlTable table)
    {
        final long maxSpins = count(table, "max_spins", IdleStrategyConfig.Backoff.DEFAULT_MAX_SPINS);
        final long maxYields = count(table, "max_yields", IdleStrategyConfig.Backoff.DEFAULT_MAX_YIELDS);
        final long minPark = duration(table, "min_park", IdleStrategyConfig.Backoff.DEFAULT_MIN_PARK_NS);
        final long maxPark = duration(table, "max_park", IdleStrategyConfig.Backoff.DEFAULT_MAX_PARK_NS);
        if (maxPark < minPark)
        {
            if (table.contains(List.of("max_park")))
            {
                throw source.error("idle.max_park", "must be at least idle.min_park (" + Durations.format(minPark) + ")");
            }
            throw source.error("idle.min_park", "must be at most idle.max_park (" + Durations.format(maxPark) +
                ", the default); set idle.max_park too");
        }
        return new IdleStrategyConfig.Backoff(maxSpins, maxYields, minPark, maxPark);
    }

    private long count(final TomlTable table, final String name, final long defaultValue)
    {
        final String key = "idle." + name;
        final Object value = value(table, name, key);
        if (value == null)
        {
            return defaultValue;
        }
        final long count = integer(key, value);
        if (count < 0 || count > Integer.MAX_VALUE)
        {
            throw source.error(key, "must be between 0 and " + Integer.MAX_VALUE);
        }
        return count;
    }

    private long duration(final TomlTable table, final String name, final long defaultNs)
    {
        final String key = "idle." + name;
        final Object value = value(table, name, key);
        if (value == null)
        {
            return defaultNs;
        }
        if (!(value instanceof String text))
        {
            throw wrongType(key, value, "a duration string such as \"50us\" (units ns, us, ms, s, m, h)");
        }
        final long ns;
        try
        {
            ns = Durations.parseNanos(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw source.error(key, ex.getMessage());
        }
        if (ns < 1 || ns > IdleStrategyConfig.MAX_PERIOD_NS)
        {
            throw source.error(key, "must be between 1ns and 1s");
        }
        return ns;
    }

    private IdSet cpuSet(final TomlTable toml, final String key)
    {
        final Object value = value(toml, key, key);
        if (value == null)
        {
            return IdSet.empty();
        }
        if (value instanceof String text)
        {
            return parseCpuList(key, text);
        }
        if (value instanceof TomlArray array)
        {
            final int[] cpus = new int[array.size()];
            for (int i = 0; i < array.size(); i++)
            {
                final String elementKey = key + "[" + i + "]";
                source.record(elementKey, elementLine(array, i), render(array.get(i)));
                cpus[i] = cpuNumber(elementKey, array.get(i));
            }
            return IdSet.of(cpus);
        }
        throw wrongType(key, value, "a cpu list such as \"0,1\" or \"0-3\", or an array of cpu numbers");
    }

    private IdSet parseCpuList(final String key, final String text)
    {
        try
        {
            return IdSet.parse(text);
        }
        catch (final IdListFormatException ex)
        {
            throw new AffinityConfigException(
                fileName, source.lineOf(key), key, source.valueOf(key), "invalid cpu list: " + ex.reason(), ex);
        }
    }

    private int cpuNumber(final String key, final Object value)
    {
        if (!(value instanceof Long))
        {
            throw wrongType(key, value, "an integer cpu number");
        }
        final long cpu = (Long)value;
        if (cpu < 0 || cpu > IdSet.MAX_ID)
        {
            throw source.error(key, "not a cpu number: must be between 0 and " + IdSet.MAX_ID);
        }
        return (int)cpu;
    }

    private int memoryNode(final TomlTable table, final String tomlKey, final String key, final int absent)
    {
        final Object value = value(table, tomlKey, key);
        if (value == null)
        {
            return absent;
        }
        if (LOCAL.equals(value))
        {
            return NONE;
        }
        if (!(value instanceof Long node))
        {
            throw value instanceof String ?
                source.error(key, "expected \"local\" (the node of the worker's cpu) or a node number") :
                wrongType(key, value, "\"local\" or a node number");
        }
        if (node < 0 || node > IdSet.MAX_ID)
        {
            throw source.error(key, "not a node number: must be \"local\" or a node number between 0 and " + IdSet.MAX_ID);
        }
        return node.intValue();
    }

    private long integer(final String key, final Object value)
    {
        if (value instanceof Long l)
        {
            return l;
        }
        throw wrongType(key, value, "an integer");
    }

    private AffinityConfigException wrongType(final String key, final Object value, final String expected)
    {
        return source.error(key, "wrong type: expected " + expected + ", found " + typeName(value));
    }

    private void checkKeys(final TomlTable table, final String prefix, final List<String> known)
    {
        for (final String key : table.keySet())
        {
            if (known.contains(key))
            {
                continue;
            }
            final String fullKey = prefix + key;
            source.record(fullKey, line(table, key), render(table.get(List.of(key))));
            String hint = didYouMean(key, known);
            if (hint.isEmpty() && prefix.isEmpty())
            {
                if (IDLE_KEYS.contains(key) && !key.equals("strategy"))
                {
                    hint = "; it belongs in the [idle] table";
                }
                else if (key.equals("id") || key.equals("cpu"))
                {
                    hint = "; per-worker settings belong in a [[worker]] table" +
                        (key.equals("cpu") ? " (or did you mean \"cpus\"?)" : "");
                }
            }
            throw source.error(fullKey, "unknown key" + (hint.isEmpty() ? "; known keys here: " + String.join(", ", known) : hint));
        }
    }

    private Object value(final TomlTable table, final String tomlKey, final String key)
    {
        final List<String> path = List.of(tomlKey);
        final Object value = table.get(path);
        if (value != null)
        {
            source.record(key, line(table, tomlKey), render(value));
        }
        return value;
    }

    private static int line(final TomlTable table, final String tomlKey)
    {
        final TomlPosition position = table.inputPositionOf(List.of(tomlKey));
        return position == null ? 0 : position.line();
    }

    /**
     * tomlj 1.1.1 reports an array element after the first at the comma before it, which is on the previous line
     * in a multi-line array; walk from there past separators and comments to the element itself.
     */
    private int elementLine(final TomlArray array, final int index)
    {
        final TomlPosition position = array.inputPositionOf(index);
        int line = position.line();
        if (line < 1 || line > lineStarts.length)
        {
            return line;
        }
        int offset = lineStarts[line - 1] + position.column() - 1;
        while (offset < content.length())
        {
            final char c = content.charAt(offset);
            if (c == '\n')
            {
                line++;
                offset++;
            }
            else if (c == ' ' || c == '\t' || c == '\r' || c == ',')
            {
                offset++;
            }
            else if (c == '#')
            {
                while (offset < content.length() && content.charAt(offset) != '\n')
                {
                    offset++;
                }
            }
            else
            {
                break;
            }
        }
        return line;
    }

    /**
     * @return " at line N" for the line of {@code key}, or nothing when the error is reported on that line anyway.
     */
    private String lineSuffix(final String key, final String reportedKey)
    {
        final int line = source.lineOf(key);
        return line > 0 && line != source.lineOf(reportedKey) ? " at line " + line : "";
    }

    static String didYouMean(final String unknown, final Collection<String> known)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : known)
        {
            final int distance = editDistance(unknown.toLowerCase(), candidate);
            final boolean close = distance <= (candidate.length() >= 10 ? 3 : 2) ||
                (unknown.length() >= 4 && (candidate.contains(unknown.toLowerCase()) || unknown.toLowerCase().contains(candidate)));
            if (close && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "; did you mean \"" + best + "\"?";
    }

    private static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String quotedList(final List<String> names)
    {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    static String typeName(final Object value)
    {
        if (value instanceof String)
        {
            return "a string";
        }
        if (value instanceof Long)
        {
            return "an integer";
        }
        if (value instanceof Double)
        {
            return "a float";
        }
        if (value instanceof Boolean)
        {
            return "a boolean";
        }
        if (value instanceof TomlArray)
        {
            return "an array";
        }
        if (value instanceof TomlTable)
        {
            return "a table";
        }
        if (value instanceof TemporalAccessor)
        {
            return "a date/time";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * @return the value as it would be written in TOML, for error messages.
     */
    static String render(final Object value)
    {
        if (value instanceof String s)
        {
            return Toml.tomlEscape(s).insert(0, '"').append('"').toString();
        }
        if (value instanceof TomlArray array)
        {
            final List<String> elements = new ArrayList<>();
            for (int i = 0; i < array.size(); i++)
            {
                elements.add(render(array.get(i)));
            }
            return "[" + String.join(", ", elements) + "]";
        }
        if (value instanceof TomlTable table)
        {
            return table.keySet().stream().map(k -> k + " = " + render(table.get(List.of(k))))
                .collect(Collectors.joining(", ", "{ ", " }"));
        }
        return String.valueOf(value);
    }
}
