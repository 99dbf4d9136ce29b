package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AffinityToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8))
        {
            return AffinityTool.run(args, out, err);
        }
    }

    private String out()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private Path file(final String content) throws IOException
    {
        return Files.writeString(dir.resolve("affinity.toml"), content);
    }

    @Test
    void shouldPrintTopologyHeaderAndPlanTable() throws IOException
    {
        final Path config = file("workers = 2\nstrategy = \"spread\"\n");
        final Path root = Fixtures.root(Fixtures.XEON_GOLD_6248_2S);

        assertEquals(0, run("check", config.toString(), "--topology", root.toString()));

        assertEquals("topology: " + root + ": 80 cpus 0-79, 2 sockets, 40 cores x 2 threads, 2 L3 groups of 40 cpus, " +
            "2 NUMA nodes (node0 0-19,40-59; node1 20-39,60-79), distances [10 21] [21 10]\n" +
            "config:   " + config + ": 2 workers, strategy spread, reserved_cpus none, memory local, " +
            "idle backoff(max_spins=10, max_yields=5, min_park=1us, max_park=1ms)\n" +
            "\n" +
            "worker  cpu  core  ccx  socket  node  memory  placed-by\n" +
            "     0    0     0    0       0     0       0  spread\n" +
            "     1   20    20    1       1     1       1  spread\n", out());
        assertEquals("", err());
    }

    @Test
    void shouldAcceptTopologyOptionBeforeFile() throws IOException
    {
        final Path config = file("workers = 1\n");

        assertEquals(0, run("check", "--topology", Fixtures.root(Fixtures.EPYC_7543_2S).toString(), config.toString()));
        assertTrue(out().startsWith("topology: "), "no capabilities report for a recorded topology: " + out());
    }

    @Test
    void shouldCheckAgainstThisMachineWithoutTopologyOption() throws IOException
    {
        final Path config = file("workers = 1\n");

        assertEquals(0, run("check", config.toString()));
        assertTrue(out().startsWith("Quicksilver NUMA capabilities\n"), out());
        assertTrue(out().contains("\ntopology: this machine (/sys): "), out());
        assertTrue(out().contains("\nworker  cpu  core  ccx  socket  node  memory  placed-by\n"), out());
    }

    @Test
    void shouldExitOneWithMessageOnConfigError() throws IOException
    {
        final Path config = file("workers = 4\nstrategy = \"one-per-cxx\"\n");

        assertEquals(1, run("check", config.toString(), "--topology", Fixtures.root(Fixtures.EPYC_7543_2S).toString()));
        assertEquals(config + ":2: strategy = \"one-per-cxx\": unknown strategy; did you mean \"one-per-ccx\"? " +
            "(valid: \"compact\", \"spread\", \"one-per-core\", \"one-per-ccx\", \"explicit\")\n", err());
        assertEquals("", out());
    }

    @Test
    void shouldExitOneForMoreWorkersThanTheRuntimeRuns() throws IOException
    {
        final Path config = file("workers = 100\nallow_oversubscribe = true\n");

        assertEquals(1, run("check", config.toString(), "--topology", Fixtures.root(Fixtures.EPYC_7543_2S).toString()));
        assertEquals(config + ":1: workers = 100: must be between 1 and 64\n", err());
        assertEquals("", out());
    }

    @Test
    void shouldExitOneWithOneLineForHugeFile() throws IOException
    {
        final Path config = dir.resolve("huge.toml");
        try (RandomAccessFile sparse = new RandomAccessFile(config.toFile(), "rw"))
        {
            sparse.setLength(3L << 30);
        }

        assertEquals(1, run("check", config.toString(), "--topology", Fixtures.root(Fixtures.EPYC_7543_2S).toString()));
        assertEquals(config + ": too large: 3221225472 bytes; an affinity file may be at most 1048576 bytes (1 MiB)\n",
            err());
        assertEquals("", out());
    }

    @Test
    void shouldExitOneWithOneLineForDeeplyNestedValues() throws IOException
    {
        final String topology = Fixtures.root(Fixtures.EPYC_7543_2S).toString();
        final String tooDeep = ":2: invalid TOML: values nested more than 64 deep (arrays, inline tables or dotted keys)\n";

        final Path arrays = file("workers = 1\nx = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        assertEquals(1, run("check", arrays.toString(), "--topology", topology));
        assertEquals(arrays + tooDeep, err());

        errBytes.reset();
        final Path tables = file("workers = 1\nx = " + "{a=".repeat(100_000) + "1" + "}".repeat(100_000) + "\n");
        assertEquals(1, run("check", tables.toString(), "--topology", topology));
        assertEquals(tables + tooDeep, err());

        errBytes.reset();
        final Path dotted = file("workers = 1\n" + "a" + ".a".repeat(10_000) + " = 1\n");
        assertEquals(1, run("check", dotted.toString(), "--topology", topology));
        assertEquals(dotted + tooDeep, err());
        assertEquals("", out());
    }

    @Test
    void shouldExitOneWhenConfigDoesNotFitTopology() throws IOException
    {
        final Path config = file("workers = 4\ncpus = [0, 1, 2, 3]\n");

        assertEquals(1, run("check", config.toString(), "--topology", Fixtures.root(Fixtures.KVM_EPYC_2CPU).toString()));
        assertEquals(config + ":2: cpus[2] = 2: cpu 2 not in this machine's cpus 0-1\n", err());
    }

    @Test
    void shouldExitOneForMissingFileOrTopology() throws IOException
    {
        assertEquals(1, run("check", dir.resolve("nope.toml").toString()));
        assertEquals(dir.resolve("nope.toml") + ": cannot read: no such file\n", err());

        errBytes.reset();
        assertEquals(1, run("check", file("workers = 1\n").toString(), "--topology", dir.toString()));
        assertEquals("quicksilver affinity: --topology " + dir + ": not a sysfs tree (no sys/devices/system under it)\n",
            err());
    }

    @Test
    void shouldExitOneWhenTopologyIsMalformed() throws IOException
    {
        final Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sys/devices/system/cpu"));
        Files.writeString(root.resolve("sys/devices/system/cpu/online"), "0-z\n");

        assertEquals(1, run("check", file("workers = 1\n").toString(), "--topology", root.toString()));
        assertEquals("quicksilver affinity: cannot read the topology: " + root.resolve("sys/devices/system/cpu/online") +
            ": invalid cpu list \"0-z\": \"z\" in \"0-z\" is not a number\n", err());
    }

    @Test
    void shouldExitTwoWithOneLineAndAPointerToHelpOnBadUsage()
    {
        assertEquals(2, run());
        assertEquals("quicksilver affinity: missing command\n" + AffinityTool.SEE_HELP + "\n", err());

        errBytes.reset();
        assertEquals(2, run("verify", "x.toml"));
        assertEquals("quicksilver affinity: unknown command 'verify'\n" + AffinityTool.SEE_HELP + "\n", err());

        errBytes.reset();
        assertEquals(2, run("check"));
        assertEquals("quicksilver affinity: check needs a FILE\n" + AffinityTool.SEE_HELP + "\n", err());

        errBytes.reset();
        assertEquals(2, run("check", "a.toml", "--topology"));
        assertEquals("quicksilver affinity: --topology needs a directory\n" + AffinityTool.SEE_HELP + "\n", err());

        errBytes.reset();
        assertEquals(2, run("check", "a.toml", "b.toml"));
        assertEquals("quicksilver affinity: more than one FILE: 'a.toml' and 'b.toml'\n" + AffinityTool.SEE_HELP + "\n", err());

        errBytes.reset();
        assertEquals(2, run("check", "a.toml", "--verbose"));
        assertEquals("quicksilver affinity: unknown option '--verbose'\n" + AffinityTool.SEE_HELP + "\n", err());
        assertEquals("", out());
        assertEquals("(./quicksilver affinity --help lists the options)", AffinityTool.SEE_HELP);
    }

    @Test
    void shouldPrintUsageOnHelp()
    {
        assertEquals(0, run("--help"));
        assertEquals(AffinityTool.USAGE, out());
    }

    @Test
    void shouldAcceptEveryShippedSampleOnItsTargetFixture()
    {
        final String[][] samples = {
            { "default.toml", Fixtures.KVM_EPYC_2CPU },
            { "compact.toml", Fixtures.XEON_GOLD_6248_2S },
            { "spread.toml", Fixtures.EPYC_7543_2S },
            { "one-per-core.toml", Fixtures.XEON_GOLD_6248_2S },
            { "one-per-ccx.toml", Fixtures.EPYC_7543_2S },
            { "explicit.toml", Fixtures.XEON_GOLD_6248_2S },
        };
        for (final String[] sample : samples)
        {
            final Path config = Path.of("src/main/resources/affinity", sample[0]);
            assertEquals(0, run("check", config.toString(), "--topology", Fixtures.root(sample[1]).toString()),
                sample[0] + ": " + err());
        }
    }
}
