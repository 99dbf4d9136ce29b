package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BenchOptionsTest
{
    @Test
    void shouldUseTheDefaultModeWithNoFlags()
    {
        final BenchOptions options = BenchOptions.parse();
        assertEquals(BenchMode.DEFAULT, options.mode());
        assertEquals(Duration.ofSeconds(2), options.duration());
        assertEquals(3, options.repetitions());
        assertEquals(BenchOptions.DEFAULT_RATE, options.rate());
        assertEquals(0, options.maxWorkers());
        assertNull(options.config());
        assertNull(options.scene());
        assertTrue(options.floor());
        assertTrue(options.pin());
        assertFalse(options.help());
    }

    @Test
    void shouldParseEveryFlagInBothSpellings()
    {
        final BenchOptions options = BenchOptions.parse("--full", "--config", "a.toml", "--workers=4", "--duration", "500ms",
            "--reps", "2", "--rate=5000", "--scene", "large", "--out=/tmp/x", "--no-floor", "--no-pin");
        assertEquals(BenchMode.FULL, options.mode());
        assertEquals(Path.of("a.toml"), options.config());
        assertEquals(4, options.maxWorkers());
        assertEquals(Duration.ofMillis(500), options.duration());
        assertEquals(2, options.repetitions());
        assertEquals(5000, options.rate());
        assertEquals("large", options.scene());
        assertEquals(Path.of("/tmp/x"), options.out());
        assertFalse(options.floor());
        assertFalse(options.pin());
    }

    @Test
    void shouldTakeSmokeDefaultsUnlessOverridden()
    {
        assertEquals(Duration.ofSeconds(1), BenchOptions.parse("--smoke").duration());
        assertEquals(1, BenchOptions.parse("--smoke").repetitions());
        assertEquals(Duration.ofSeconds(3), BenchOptions.parse("--smoke", "--duration", "3s").duration());
        assertEquals(Duration.ofMillis(1500), BenchOptions.parse("--duration", "1.5s").duration());
        assertEquals(Duration.ofMinutes(1), BenchOptions.parse("--duration", "1m").duration());
    }

    @Test
    void shouldNameTheFlagAndValueInEveryUsageError()
    {
        assertMessage("unknown flag: --fast", "--fast");
        assertMessage("unexpected argument: extra", "extra");
        assertMessage("--workers must be a positive integer: --workers=two", "--workers", "two");
        assertMessage("--workers must be between 1 and 64: --workers=0", "--workers", "0");
        assertMessage("--workers must be between 1 and 64: --workers=1024", "--workers", "1024");
        assertMessage("--workers must be between 1 and 64: --workers=-3", "--workers", "-3");
        assertMessage("--workers needs a value", "--workers");
        assertMessage("--config needs a value", "--config", "--smoke");
        assertMessage("--workers must be a positive integer: --workers=1,024", "--workers", "1,024");
        assertMessage("--workers must be between 1 and 64: --workers=65", "--workers=65");
        assertMessage("--duration must be a number and a unit (ns, us, ms, s, m, h), e.g. 50us, 1.5s or 100 us: " +
            "--duration=2", "--duration", "2");
        assertMessage("--duration must be between 100ms and 1h: --duration=10ms", "--duration=10ms");
        assertMessage("--duration must be positive: --duration=-1s", "--duration", "-1s");
        assertMessage("--duration must be positive: --duration=-500ms", "--duration=-500ms");
        assertMessage("--duration must be a whole number of nanoseconds: --duration=0.5ns", "--duration=0.5ns");
        assertMessage("--duration must be between 100ms and 1h: --duration=61m", "--duration", "61m");
        assertMessage("--reps must be between 1 and 100: --reps=1000", "--reps", "1000");
        assertMessage("--rate must be between 1 and 100000000: --rate=0", "--rate=0");
        assertMessage("--smoke and --full cannot be combined", "--smoke", "--full");
        assertMessage("--smoke takes no value: --smoke=yes", "--smoke=yes");
        assertMessage("--out needs a value: --out=", "--out=");
    }

    @Test
    void shouldExitTwoWithTheMessageAndAPointerToHelpOnBadFlags()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = BenchMain.run(new String[]{ "--workers", "lots" }, print(out), print(err));
        assertEquals(BenchMain.USAGE, status);
        assertEquals("quicksilver bench: --workers must be a positive integer: --workers=lots\n" +
            "(./quicksilver bench --help lists the flags)\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldCapWorkersAtTheRuntimesLimit()
    {
        assertEquals(ParallelDispatcher.MAX_WORKERS, BenchOptions.parse("--workers", "64").maxWorkers());
        assertEquals(AffinityConfig.MAX_WORKERS, ParallelDispatcher.MAX_WORKERS);
    }

    @Test
    void shouldExitTwoWithOneLineForASceneThatIsNeitherANameNorAFile()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(BenchMain.USAGE, BenchMain.run(new String[]{ "--scene", "nosuch" },
            print(new ByteArrayOutputStream()), print(err)));
        assertEquals("quicksilver bench: --scene is not small, medium or large, and no such file: --scene=nosuch\n" +
            "(./quicksilver bench --help lists the flags)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoWithOneLineForANegativeDuration()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(BenchMain.USAGE, BenchMain.run(new String[]{ "--duration", "-1s" },
            print(new ByteArrayOutputStream()), print(err)));
        assertEquals("quicksilver bench: --duration must be positive: --duration=-1s\n" +
            "(./quicksilver bench --help lists the flags)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintTheUsageOnHelpAndExitZero()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(BenchMain.OK, BenchMain.run(new String[]{ "--help" }, print(out), print(err)));
        assertEquals(BenchOptions.USAGE, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitOneNamingAMissingConfigFile()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = BenchMain.run(new String[]{ "--config", "/no/such/affinity.toml" },
            print(new ByteArrayOutputStream()), print(err));
        assertEquals(BenchMain.FAILED, status);
        assertEquals("quicksilver bench: --config file not found: --config=/no/such/affinity.toml\n",
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitOneNamingTheFileLineAndKeyOfABadConfig() throws Exception
    {
        final Path file = java.nio.file.Files.createTempFile("bench-affinity", ".toml");
        try
        {
            java.nio.file.Files.writeString(file, "workers = 0\n");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = BenchMain.run(new String[]{ "--config", file.toString() },
                print(new ByteArrayOutputStream()), print(err));
            assertEquals(BenchMain.FAILED, status);
            final String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("quicksilver bench: --config " + file), text);
            assertTrue(text.contains("workers"), text);
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldRefuseAMissingSceneFileAndExplainTheNamedScenes()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(BenchMain.USAGE, BenchMain.run(new String[]{ "--scene", "/no/such/scene.toml" },
            print(new ByteArrayOutputStream()), print(err)));
        assertEquals("quicksilver bench: --scene is not small, medium or large, and no such file: " +
            "--scene=/no/such/scene.toml\n(./quicksilver bench --help lists the flags)\n",
            err.toString(StandardCharsets.UTF_8));

        final ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(BenchMain.USAGE, BenchMain.run(new String[]{ "--workload", "ring-fanout", "--scene", "large" },
            print(new ByteArrayOutputStream()), print(err2)));
        assertTrue(err2.toString(StandardCharsets.UTF_8).startsWith(
            "quicksilver bench: --scene applies to --workload scene-graph only: --scene=large\n"),
            err2.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldChooseTheSceneGraphByDefaultAndRingFanOutOnRequest()
    {
        assertEquals(BenchOptions.SCENE_GRAPH, BenchOptions.parse().workload());
        assertEquals(1, BenchOptions.parse().producers());
        assertEquals(3, BenchOptions.parse("--producers", "3").producers());
        assertEquals(BenchOptions.RING_FANOUT, BenchOptions.parse("--workload=ring-fanout").workload());
        assertEquals("--workload must be scene-graph or ring-fanout: --workload=rings",
            assertThrows(BenchUsageException.class, () -> BenchOptions.parse("--workload", "rings")).getMessage());
        assertEquals("--producers applies to --workload scene-graph only: --producers=2",
            assertThrows(BenchUsageException.class,
                () -> BenchOptions.parse("--workload", "ring-fanout", "--producers", "2")).getMessage());
        assertEquals("ring-fan-out", Workloads.resolve(BenchOptions.parse("--workload", "ring-fanout")).name());
        assertEquals("scene-small", Workloads.resolve(BenchOptions.parse("--scene", "small")).name());
    }

    @Test
    void shouldRefuseAnInvalidSceneFileNamingItsLine() throws Exception
    {
        final Path file = java.nio.file.Files.createTempFile("bench-scene", ".toml");
        try
        {
            java.nio.file.Files.writeString(file, "branching = [3, 3]\ntemplates = \"many\"\n");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(BenchMain.FAILED, BenchMain.run(new String[]{ "--scene", file.toString() },
                print(new ByteArrayOutputStream()), print(err)));
            assertEquals("quicksilver bench: " + file + ":2: templates must be an integer: templates=\"many\"\n",
                err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldRefuseMoreWorkersThanTheConfigHas() throws Exception
    {
        final Path file = java.nio.file.Files.createTempFile("bench-affinity", ".toml");
        try
        {
            java.nio.file.Files.writeString(file, "workers = 2\nstrategy = \"compact\"\nallow_oversubscribe = true\n");
            final BenchUsageException ex = assertThrows(BenchUsageException.class,
                () -> BenchMain.config(BenchOptions.parse("--config", file.toString(), "--workers", "3")));
            assertEquals("--workers must be at most the config's workers = 2 (" + file + "): --workers=3", ex.getMessage());
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldBuildTheDefaultConfigForTheRequestedWorkers()
    {
        assertEquals(5, BenchMain.config(BenchOptions.parse("--workers", "5")).workers());
        assertEquals(Runtime.getRuntime().availableProcessors(), BenchMain.config(BenchOptions.parse()).workers());
    }

    @Test
    void shouldStepEveryCountUpToEightThenByPowersOfTwo()
    {
        assertEquals(java.util.List.of(1), ScalingStudy.workerSteps(1, 0));
        assertEquals(java.util.List.of(1, 2, 3, 4, 5, 6, 7, 8), ScalingStudy.workerSteps(8, 0));
        assertEquals(java.util.List.of(1, 2, 4, 8, 16, 24), ScalingStudy.workerSteps(24, 0));
        assertEquals(java.util.List.of(1, 2), ScalingStudy.workerSteps(24, 2));
    }

    private static void assertMessage(final String expected, final String... args)
    {
        final BenchUsageException ex = assertThrows(BenchUsageException.class, () -> BenchOptions.parse(args));
        assertEquals(expected, ex.getMessage());
    }

    private static PrintStream print(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
