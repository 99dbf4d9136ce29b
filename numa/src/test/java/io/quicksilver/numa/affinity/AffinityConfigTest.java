package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.IdSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parsing and the errors that need no machine. Each error test asserts the whole message, since the message is the
 * product: file, line, key, value, reason.
 */
class AffinityConfigTest
{
    static AffinityConfig parse(final String... lines)
    {
        return AffinityConfig.parse(String.join("\n", lines) + "\n", "affinity.toml");
    }

    static String error(final String... lines)
    {
        return assertThrows(AffinityConfigException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void shouldApplyDefaultsToMinimalFile()
    {
        final AffinityConfig config = parse("workers = 4");

        assertEquals(4, config.workers());
        assertEquals(PlacementStrategy.COMPACT, config.strategy());
        assertTrue(config.reservedCpus().isEmpty());
        assertFalse(config.allowOversubscribe());
        assertEquals(OptionalInt.empty(), config.defaultMemoryNode());
        assertEquals(OptionalInt.empty(), config.pinnedCpu(3));
        assertEquals(IdleStrategyConfig.Backoff.defaults(), config.idle());
        assertEquals("affinity.toml", config.fileName());
    }

    @Test
    void shouldParseEveryKey()
    {
        final AffinityConfig config = parse(
            "workers = 3",
            "strategy = \"spread\"",
            "reserved_cpus = [0, 1]",
            "allow_oversubscribe = true",
            "memory_node = 1",
            "[idle]",
            "strategy = \"backoff\"",
            "max_spins = 100",
            "max_yields = 7",
            "min_park = \"500ns\"",
            "max_park = \"2ms\"",
            "[[worker]]",
            "id = 2",
            "cpu = 9",
            "memory_node = \"local\"");

        assertEquals(PlacementStrategy.SPREAD, config.strategy());
        assertEquals(IdSet.of(0, 1), config.reservedCpus());
        assertTrue(config.allowOversubscribe());
        assertEquals(OptionalInt.of(1), config.memoryNode(0));
        assertEquals(OptionalInt.empty(), config.memoryNode(2), "per-worker \"local\" overrides the top level");
        assertEquals(OptionalInt.of(9), config.pinnedCpu(2));
        assertEquals(new IdleStrategyConfig.Backoff(100, 7, 500, 2_000_000), config.idle());
        assertEquals("3 workers, strategy spread (1 pinned), reserved_cpus 0-1, memory node 1, oversubscription allowed, " +
            "idle backoff(max_spins=100, max_yields=7, min_park=500ns, max_park=2ms)", config.describe());
    }

    @Test
    void shouldTreatCpusAsExplicitPlacement()
    {
        final AffinityConfig config = parse("workers = 3", "cpus = \"4-6\"");

        assertEquals(PlacementStrategy.EXPLICIT, config.strategy());
        assertEquals(OptionalInt.of(6), config.pinnedCpu(2));
    }

    @Test
    void shouldParseEachIdleStrategy()
    {
        assertInstanceOf(IdleStrategyConfig.BusySpin.class, parse("workers = 1", "[idle]", "strategy = \"busy-spin\"").idle());
        assertInstanceOf(IdleStrategyConfig.Yield.class, parse("workers = 1", "idle.strategy = \"yield\"").idle());
        assertEquals(new IdleStrategyConfig.Sleep(50_000),
            parse("workers = 1", "idle = { strategy = \"sleep\", period = \"50us\" }").idle());
        assertEquals(new IdleStrategyConfig.Sleep(1_000), parse("workers = 1", "[idle]", "strategy = \"sleep\"").idle());
        // The one duration grammar: fractions and JFR's spaced form too.
        assertEquals(new IdleStrategyConfig.Sleep(1_500_000),
            parse("workers = 1", "[idle]", "strategy = \"sleep\"", "period = \"1.5ms\"").idle());
        assertEquals(new IdleStrategyConfig.Sleep(100_000),
            parse("workers = 1", "[idle]", "strategy = \"sleep\"", "period = \"100 us\"").idle());
    }

    @Test
    void shouldParseTheJournalSection()
    {
        assertNull(parse("workers = 1").journal(), "no [journal], no journal");
        final JournalSection journal = parse("workers = 1", "[journal]", "directory = \"/var/qs/journal\"",
            "roll_cycle = \"FAST_HOURLY\"", "mode = \"async\"").journal();
        assertEquals(new JournalSection(Path.of("/var/qs/journal"), "FAST_HOURLY", "async"), journal);
        final JournalSection defaults = parse("workers = 1", "[journal]", "directory = \"/j\"").journal();
        assertEquals(new JournalSection(Path.of("/j"), null, null), defaults);
    }

    @Test
    void shouldResolveARelativeJournalDirectoryAgainstTheFilesDirectory(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("affinity.toml"),
            "workers = 1\n[journal]\ndirectory = \"data/journal\"\n");

        assertEquals(dir.resolve("data/journal").toAbsolutePath(), AffinityConfig.parse(file).journal().directory());
    }

    @Test
    void shouldNameTheJournalKeyThatIsWrong()
    {
        assertEquals("affinity.toml:2: journal = { mode = \"async\" }: [journal] has no directory; add directory = " +
            "\"<path>\" (relative to this file's directory)", error("workers = 1", "[journal]", "mode = \"async\""));
        assertEquals("affinity.toml:4: journal.mode = \"asynch\": unknown journal mode; did you mean \"async\"? " +
            "(valid: \"before-delivery\", \"async\")", error("workers = 1", "[journal]", "directory = \"j\"", "mode = \"asynch\""));
        assertEquals("affinity.toml:4: journal.sync = true: unknown key; known keys here: directory, roll_cycle, mode", error("workers = 1", "[journal]", "directory = \"j\"", "sync = true"));
        assertEquals("affinity.toml:3: journal.directory = 3: wrong type: expected a non-empty string, the journal's " +
            "directory, found an integer", error("workers = 1", "[journal]", "directory = 3"));
        assertEquals("affinity.toml:4: journal.roll_cycle = \"\": must not be empty: name a Chronicle Queue roll cycle " +
            "such as \"FAST_DAILY\", or leave the key out for the default", error("workers = 1", "[journal]", "directory = \"j\"", "roll_cycle = \"\""));
        assertEquals("affinity.toml:2: journal = \"j\": wrong type: expected a table: write [journal] and directory = " +
            "\"...\" under it, found a string", error("workers = 1", "journal = \"j\""));
    }

    @Test
    void shouldParseFileFromPath(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("affinity.toml"), "workers = 2\nstrategy = \"one-per-core\"\n");

        assertEquals(PlacementStrategy.ONE_PER_CORE, AffinityConfig.parse(file).strategy());
    }

    @Test
    void shouldNameFileThatCannotBeRead(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("missing.toml");

        assertEquals(missing + ": cannot read: no such file",
            assertThrows(AffinityConfigException.class, () -> AffinityConfig.parse(missing)).getMessage());
    }

    @Test
    void shouldRefuseFileOverSizeLimitBeforeReadingIt(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("huge.toml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(3L << 30);
        }

        final AffinityConfigException ex = assertThrows(AffinityConfigException.class, () -> AffinityConfig.parse(file));
        assertEquals(file + ": too large: 3221225472 bytes; an affinity file may be at most 1048576 bytes (1 MiB)",
            ex.getMessage());
        assertEquals(0, ex.line());
        assertNull(ex.key());
    }

    @Test
    void shouldAcceptFileOfExactlyTheSizeLimit(@TempDir final Path dir) throws IOException
    {
        final String head = "workers = 2\n";
        final String atLimit = head + "#".repeat(AffinityConfig.MAX_FILE_BYTES - head.length() - 1) + "\n";
        final Path file = Files.writeString(dir.resolve("affinity.toml"), atLimit);
        assertEquals(AffinityConfig.MAX_FILE_BYTES, Files.size(file));

        assertEquals(2, AffinityConfig.parse(file).workers());

        Files.writeString(file, "#", StandardOpenOption.APPEND);
        assertEquals(file + ": too large: 1048577 bytes; an affinity file may be at most 1048576 bytes (1 MiB)",
            assertThrows(AffinityConfigException.class, () -> AffinityConfig.parse(file)).getMessage());
    }

    @Test
    void shouldStopReadingAtSizeLimitWhenFileSizeIsUnknown()
    {
        final Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");

        assertEquals("/dev/zero: too large: more than 1048576 bytes; an affinity file may be at most 1048576 bytes (1 MiB)",
            assertThrows(AffinityConfigException.class, () -> AffinityConfig.parse(zero)).getMessage());
    }

    @Test
    void shouldRefuseFileThatIsNotUtf8(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.write(dir.resolve("affinity.toml"), new byte[]{ 'w', '=', (byte)0xC3, '\n' });

        assertEquals(file + ": cannot read: not UTF-8 text",
            assertThrows(AffinityConfigException.class, () -> AffinityConfig.parse(file)).getMessage());
    }

    @Test
    void shouldSuggestCloseKeyForUnknownKey()
    {
        assertEquals("affinity.toml:2: strategey = \"compact\": unknown key; did you mean \"strategy\"?",
            error("workers = 4", "strategey = \"compact\""));
    }

    @Test
    void shouldListKnownKeysWhenNothingIsClose()
    {
        assertEquals("affinity.toml:2: colour = \"blue\": unknown key; known keys here: mode, workers, strategy, cpus, " +
            "reserved_cpus, allow_oversubscribe, memory_node, idle, worker, journal", error("workers = 4", "colour = \"blue\""));
    }

    @Test
    void shouldSuggestKeysInsideTables()
    {
        assertEquals("affinity.toml:4: idle.max_spin = 3: unknown key; did you mean \"max_spins\"?",
            error("workers = 4", "[idle]", "strategy = \"backoff\"", "max_spin = 3"));
        assertEquals("affinity.toml:5: worker[1].memory = 0: unknown key; did you mean \"memory_node\"?",
            error("workers = 4", "[[worker]]", "id = 1", "cpu = 3", "memory = 0"));
    }

    @Test
    void shouldSayWhereMisplacedKeyBelongs()
    {
        assertEquals("affinity.toml:2: max_spins = 10: unknown key; it belongs in the [idle] table",
            error("workers = 4", "max_spins = 10"));
    }

    @Test
    void shouldRejectWrongType()
    {
        assertEquals("affinity.toml:1: workers = \"4\": wrong type: expected an integer, found a string",
            error("workers = \"4\""));
        assertEquals("affinity.toml:2: allow_oversubscribe = \"yes\": wrong type: expected true or false, found a string",
            error("workers = 4", "allow_oversubscribe = \"yes\""));
        assertEquals("affinity.toml:2: reserved_cpus = 0: wrong type: expected a cpu list such as \"0,1\" or \"0-3\", " +
            "or an array of cpu numbers, found an integer", error("workers = 4", "reserved_cpus = 0"));
    }

    @Test
    void shouldRejectMissingWorkers()
    {
        assertEquals("affinity.toml: workers: required key missing: say how many worker threads to run, e.g. workers = 4",
            error("strategy = \"compact\""));
    }

    @Test
    void shouldRejectWorkersOutOfRange()
    {
        assertEquals("affinity.toml:1: workers = 0: must be between 1 and 64", error("workers = 0"));
        assertEquals("affinity.toml:1: workers = -2: must be between 1 and 64", error("workers = -2"));
        assertEquals("affinity.toml:1: workers = 65: must be between 1 and 64", error("workers = 65"));
        assertEquals("affinity.toml:1: workers = 100: must be between 1 and 64", error("workers = 100"));
        assertEquals(AffinityConfig.MAX_WORKERS, parse("workers = 64", "allow_oversubscribe = true").workers());
    }

    @Test
    void shouldReportMalformedTomlAtParserLine()
    {
        final AffinityConfigException ex = assertThrows(AffinityConfigException.class,
            () -> parse("workers = 4", "strategy = \"compact", "reserved_cpus = \"0\""));

        assertEquals(2, ex.line());
        assertNull(ex.key());
        assertTrue(ex.getMessage().startsWith("affinity.toml:2: invalid TOML: "), ex.getMessage());
        assertEquals("affinity.toml:2: invalid TOML: workers previously defined at line 1, column 1",
            error("workers = 4", "workers = 5"));
    }

    @Test
    void shouldRefuseArraysAndInlineTablesNestedDeeperThanTheLimitBeforeTomlSeesThem()
    {
        final String tooDeep = "affinity.toml:2: invalid TOML: values nested more than 64 deep " +
            "(arrays, inline tables or dotted keys)";

        assertEquals(tooDeep, error("workers = 1", "x = " + "[".repeat(100_000) + "]".repeat(100_000)));
        assertEquals(tooDeep, error("workers = 1", "x = " + "{a=".repeat(100_000) + "1" + "}".repeat(100_000)));
        assertEquals(tooDeep, error("workers = 1", "x = " + "[{a=".repeat(50_000)));
        assertEquals(tooDeep, error("workers = 1", "x = " + "[".repeat(65) + "]".repeat(65)));
        // A close that does not match does not count: a parser recovering from the error may still be that deep.
        assertEquals(tooDeep, error("workers = 1", "x = " + "[}".repeat(100_000)));

        final String atLimit = error("workers = 1", "x = " + "[".repeat(64) + "]".repeat(64));
        assertEquals("affinity.toml:2: x = " + "[".repeat(64) + "]".repeat(64) + ": unknown key; known keys here: " +
            String.join(", ", AffinityConfigParser.TOP_KEYS), atLimit);
    }

    @Test
    void shouldNotCountBracketsInStringsOrComments()
    {
        final String deep = "[{".repeat(500);
        final String unknownMode = ": unknown mode (valid: \"parallel\", \"single-threaded\")";

        assertEquals(3, parse(
            "workers = 3 # " + deep,
            "# " + deep,
            "[idle] # " + deep,
            "strategy = 'busy-spin' # " + deep).workers());
        assertEquals("affinity.toml:1: mode = \"" + deep + "\"" + unknownMode, error("mode = \"" + deep + "\"", "workers = 1"));
        assertEquals("affinity.toml:1: mode = \"" + deep + "\"" + unknownMode, error("mode = '" + deep + "'", "workers = 1"));
        // mode = "\"[{...\\": the escaped quote does not end the string, the escaped backslash does not escape the quote.
        assertEquals("affinity.toml:1: mode = \"\\\"" + deep + "\\\\\"" + unknownMode,
            error("mode = \"\\\"" + deep + "\\\\\"", "workers = 1"));
        // Multi-line strings: their brackets do not count, their lines do; they end where tomlj ends them.
        final String[] strings = {
            "workers = 1",
            "a = \"\"\"",
            deep + "\\\"\"\"",
            "\"\"\"\"",
            "b = '''",
            deep,
            "''''' # " + deep,
            "c = \"#\" #'",
        };
        assertTrue(error(strings).startsWith("affinity.toml:2: a = \"" + deep + "\\\"\\\"\\\"\\n\\\"\": unknown key; "),
            error(strings));
        final String[] deepAfterStrings = Arrays.copyOf(strings, strings.length + 1);
        deepAfterStrings[strings.length] = "x = " + "[".repeat(100);
        assertEquals("affinity.toml:9: invalid TOML: values nested more than 64 deep (arrays, inline tables or dotted keys)",
            error(deepAfterStrings));
    }

    @Test
    void shouldRefuseTablesNestedDeeperThanTheLimitByDottedKeysOrHeaders()
    {
        final String tooDeep = "invalid TOML: values nested more than 64 deep (arrays, inline tables or dotted keys)";

        assertEquals("affinity.toml:2: " + tooDeep, error("workers = 1", "a" + ".a".repeat(10_000) + " = 1"));
        assertEquals("affinity.toml:2: " + tooDeep, error("workers = 1", "[idle" + ".a".repeat(10_000) + "]"));
        assertEquals("affinity.toml:3: " + tooDeep,
            error("workers = 1", "[a" + ".a".repeat(40) + "]", "b = " + "[".repeat(30) + "]".repeat(30)));
    }

    @Test
    void shouldTurnStackOverflowInTomlParserIntoConfigError()
    {
        final String deep = "workers = 1\nx = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

        final AffinityConfigException ex = assertThrows(AffinityConfigException.class,
            () -> AffinityConfigParser.parse(deep, "affinity.toml", Integer.MAX_VALUE));
        assertEquals("affinity.toml: invalid TOML: nested too deeply for the TOML parser (it ran out of stack)",
            ex.getMessage());
        assertInstanceOf(StackOverflowError.class, ex.getCause());
    }

    @Test
    void shouldReadTheDispatchModeParallelByDefault()
    {
        assertEquals(AffinityConfig.Mode.PARALLEL, parse("workers = 2").mode());
        assertEquals(AffinityConfig.Mode.PARALLEL, parse("mode = \"parallel\"", "workers = 2").mode());
        final AffinityConfig single = parse("mode = \"single-threaded\"", "workers = 2");
        assertEquals(AffinityConfig.Mode.SINGLE_THREADED, single.mode());
        assertEquals(2, single.workers());
        assertTrue(single.describe().startsWith("mode single-threaded, 2 workers"), single.describe());
    }

    @Test
    void shouldRejectUnknownModeWithSuggestion()
    {
        assertEquals("affinity.toml:1: mode = \"serial\": unknown mode " +
            "(valid: \"parallel\", \"single-threaded\")",
            error("mode = \"serial\"", "workers = 4"));
        assertEquals("affinity.toml:1: mode = \"single-thread\": unknown mode; did you mean \"single-threaded\"? " +
            "(valid: \"parallel\", \"single-threaded\")",
            error("mode = \"single-thread\"", "workers = 4"));
    }

    @Test
    void shouldRejectUnknownStrategyWithSuggestion()
    {
        assertEquals("affinity.toml:2: strategy = \"one-per-cxx\": unknown strategy; did you mean \"one-per-ccx\"? " +
            "(valid: \"compact\", \"spread\", \"one-per-core\", \"one-per-ccx\", \"explicit\")",
            error("workers = 4", "strategy = \"one-per-cxx\""));
        assertEquals("affinity.toml:2: strategy = \"scatter\": unknown strategy " +
            "(valid: \"compact\", \"spread\", \"one-per-core\", \"one-per-ccx\", \"explicit\")",
            error("workers = 4", "strategy = \"scatter\""));
    }

    @Test
    void shouldRejectUnknownIdleStrategyWithSuggestion()
    {
        assertEquals("affinity.toml:3: idle.strategy = \"spin\": unknown idle strategy; did you mean \"busy-spin\"? " +
            "(valid: \"busy-spin\", \"yield\", \"backoff\", \"sleep\")",
            error("workers = 4", "[idle]", "strategy = \"spin\""));
    }

    @Test
    void shouldRejectIdleParameterOfAnotherStrategy()
    {
        assertEquals("affinity.toml:4: idle.period = \"50us\": applies to idle.strategy = \"sleep\" only, not \"backoff\"",
            error("workers = 4", "[idle]", "strategy = \"backoff\"", "period = \"50us\""));
        assertEquals("affinity.toml:4: idle.max_spins = 5: applies to idle.strategy = \"backoff\" only, not \"yield\"",
            error("workers = 4", "[idle]", "strategy = \"yield\"", "max_spins = 5"));
    }

    @Test
    void shouldRejectDurationsWithoutUnitOrOutOfRange()
    {
        assertEquals("affinity.toml:3: idle.min_park = 1000: wrong type: expected a duration string such as \"50us\" " +
            "(units ns, us, ms, s, m, h), found an integer", error("workers = 1", "[idle]", "min_park = 1000"));
        assertEquals("affinity.toml:3: idle.max_park = \"1 hour\": must be a number and a unit " +
            "(ns, us, ms, s, m, h), e.g. 50us, 1.5s or 100 us", error("workers = 1", "[idle]", "max_park = \"1 hour\""));
        assertEquals("affinity.toml:3: idle.max_park = \"-1ms\": must be positive",
            error("workers = 1", "[idle]", "max_park = \"-1ms\""));
        assertEquals("affinity.toml:4: idle.period = \"0ns\": must be between 1ns and 1s",
            error("workers = 1", "[idle]", "strategy = \"sleep\"", "period = \"0ns\""));
        assertEquals("affinity.toml:4: idle.period = \"100s\": must be between 1ns and 1s",
            error("workers = 1", "[idle]", "strategy = \"sleep\"", "period = \"100s\""));
        assertEquals("affinity.toml:3: idle.max_spins = -1: must be between 0 and 2147483647",
            error("workers = 1", "[idle]", "max_spins = -1"));
    }

    @Test
    void shouldRejectMinParkAboveMaxPark()
    {
        assertEquals("affinity.toml:4: idle.max_park = \"10us\": must be at least idle.min_park (1ms)",
            error("workers = 1", "[idle]", "min_park = \"1ms\"", "max_park = \"10us\""));
        assertEquals("affinity.toml:3: idle.min_park = \"5ms\": must be at most idle.max_park (1ms, the default); " +
            "set idle.max_park too", error("workers = 1", "[idle]", "min_park = \"5ms\""));
    }

    @Test
    void shouldRejectBadCpuListString()
    {
        assertEquals("affinity.toml:2: reserved_cpus = \"0-x\": invalid cpu list: \"x\" in \"0-x\" is not a number",
            error("workers = 4", "reserved_cpus = \"0-x\""));
        assertEquals("affinity.toml:2: cpus = \"3-1\": invalid cpu list: range \"3-1\" runs backwards",
            error("workers = 4", "cpus = \"3-1\""));
    }

    @Test
    void shouldRejectMemoryNodeThatIsNotANode()
    {
        assertEquals("affinity.toml:2: memory_node = \"near\": expected \"local\" (the node of the worker's cpu) " +
            "or a node number", error("workers = 4", "memory_node = \"near\""));
        assertEquals("affinity.toml:2: memory_node = \"\": expected \"local\" (the node of the worker's cpu) " +
            "or a node number", error("workers = 4", "memory_node = \"\""));
        assertEquals("affinity.toml:2: memory_node = -1: not a node number: must be \"local\" or a node number " +
            "between 0 and 65535", error("workers = 4", "memory_node = -1"));
    }

    @Test
    void shouldRejectExplicitCpuCountNotMatchingWorkers()
    {
        assertEquals("affinity.toml:2: cpus = [2, 3, 4]: lists 3 cpus but workers = 4; give exactly one cpu per worker",
            error("workers = 4", "cpus = [2, 3, 4]"));
    }

    @Test
    void shouldRejectSameCpuForTwoWorkersAtTheLineOfTheSecond()
    {
        assertEquals("affinity.toml:5: cpus[2] = 2: cpu 2 is already given to worker 0 by cpus[0] at line 3; " +
            "set allow_oversubscribe = true to let workers share a cpu",
            error("workers = 3", "cpus = [", "  2,", "  3,", "  2,", "]"));
        assertEquals("affinity.toml:7: worker[1].cpu = 5: cpu 5 is already given to worker 0 by worker[0].cpu at line 4; " +
            "set allow_oversubscribe = true to let workers share a cpu",
            error("workers = 2", "[[worker]]", "id = 0", "cpu = 5", "[[worker]]", "id = 1", "cpu = 5"));
    }

    @Test
    void shouldNotRepeatLineWhenBothCpusAreOnIt()
    {
        assertEquals("affinity.toml:2: cpus[2] = 1: cpu 1 is already given to worker 0 by cpus[0]; " +
            "set allow_oversubscribe = true to let workers share a cpu", error("workers = 3", "cpus = [1, 2, 1]"));
    }

    @Test
    void shouldAllowSameCpuTwiceWhenOversubscribing()
    {
        final AffinityConfig config = parse("workers = 2", "cpus = [3, 3]", "allow_oversubscribe = true");

        assertEquals(OptionalInt.of(3), config.pinnedCpu(1));
    }

    @Test
    void shouldRejectReservedCpuUsedExplicitly()
    {
        assertEquals("affinity.toml:2: cpus[0] = 0: cpu 0 is in reserved_cpus 0 at line 3; no worker may use it",
            error("workers = 2", "cpus = [0, 1]", "reserved_cpus = \"0\""));
        assertEquals("affinity.toml:6: worker[1].cpu = 1: cpu 1 is in reserved_cpus 0-1 at line 2; no worker may use it",
            error("workers = 2", "reserved_cpus = \"0-1\"", "allow_oversubscribe = true", "[[worker]]", "id = 1", "cpu = 1"));
    }

    @Test
    void shouldRejectWorkerTableProblems()
    {
        assertEquals("affinity.toml:2: worker: [[worker]] table has no id; add id = <0..3> to say which worker it " +
            "configures", error("workers = 4", "[[worker]]", "cpu = 3"));
        assertEquals("affinity.toml:3: worker.id = 4: no such worker; workers = 4 numbers them 0..3",
            error("workers = 4", "[[worker]]", "id = 4"));
        assertEquals("affinity.toml:5: worker.id = 1: worker 1 is already configured at line 3",
            error("workers = 4", "[[worker]]", "id = 1", "[[worker]]", "id = 1"));
        assertEquals("affinity.toml:2: worker = { id = 1 }: wrong type: expected [[worker]] tables, one per worker " +
            "to configure, found a table", error("workers = 4", "[worker]", "id = 1"));
        assertEquals("affinity.toml:4: worker[1].cpu = \"3\": wrong type: expected an integer cpu number, found a string",
            error("workers = 4", "[[worker]]", "id = 1", "cpu = \"3\""));
    }

    @Test
    void shouldRejectCpuPinnedTwiceForOneWorker()
    {
        assertEquals("affinity.toml:5: worker[1].cpu = 7: cpus[1] already pins worker 1 to cpu 3 at line 2; " +
            "pin it in one place", error("workers = 2", "cpus = [2, 3]", "[[worker]]", "id = 1", "cpu = 7"));
    }

    @Test
    void shouldRejectStrategyCombinedWithCpus()
    {
        assertEquals("affinity.toml:2: strategy = \"compact\": cannot be combined with cpus, which already places " +
            "every worker; remove one of them", error("workers = 2", "strategy = \"compact\"", "cpus = [1, 2]"));
    }

    @Test
    void shouldRejectExplicitStrategyWithUnpinnedWorkers()
    {
        assertEquals("affinity.toml:2: strategy = \"explicit\": workers 1-2 of workers = 3 have no cpu; give " +
            "cpus = [...] or a [[worker]] with a cpu for each",
            error("workers = 3", "strategy = \"explicit\"", "[[worker]]", "id = 0", "cpu = 4"));
    }

    @Test
    void shouldReportLineOfElementInMultiLineArray()
    {
        final AffinityConfigException ex = assertThrows(AffinityConfigException.class, () -> parse(
            "workers = 3",
            "cpus = [",
            "  1,   # first",
            "  # a comment line",
            "  \"two\",",
            "  3,",
            "]"));

        assertEquals(5, ex.line());
        assertEquals("cpus[1]", ex.key());
        assertEquals("\"two\"", ex.value());
        assertEquals("wrong type: expected an integer cpu number, found a string", ex.reason());
    }
}
