package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.affinity.AffinityConfigException;
import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.AffinityPlanner;
import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.pin.ThreadPinning;
import io.quicksilver.numa.topology.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./quicksilver bench}: parses the flags, plans the workers from the affinity config, runs the scaling study
 * and the C floor under a JFR recording, prints the table on stdout and writes the report directory.
 * <p>
 * Exit status: {@value #OK} done and every check passed; {@value #FAILED} a file could not be used, a run failed its
 * checks or the report could not be written; {@value #USAGE} bad usage.
 */
public final class BenchMain
{
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** System property the launcher sets to the project root; native/ and target/ are found from it. */
    public static final String ROOT_PROPERTY = "quicksilver.root";

    /** Report directory under the project root unless {@code --out} says otherwise. */
    public static final String DEFAULT_OUT = "target/quicksilver-report";

    private BenchMain()
    {
    }

    /**
     * @param args the flags, see {@link BenchOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /**
     * Run the bench.
     *
     * @param args flags.
     * @param out  where the table goes.
     * @param err  where progress and errors go.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final BenchOptions options;
        final Workload workload;
        try
        {
            options = BenchOptions.parse(args);
            if (options.help())
            {
                out.print(BenchOptions.USAGE);
                return OK;
            }
            workload = Workloads.resolve(options);
        }
        catch (final BenchUsageException ex)
        {
            err.println("quicksilver bench: " + ex.getMessage());
            err.println("(./quicksilver bench --help lists the flags)");
            return USAGE;
        }
        catch (final BenchFileException ex)
        {
            err.println("quicksilver bench: " + ex.getMessage());
            return FAILED;
        }

        try
        {
            return study(options, workload, out, err);
        }
        catch (final BenchUsageException ex)
        {
            err.println("quicksilver bench: " + ex.getMessage());
            err.println("(./quicksilver bench --help lists the flags)");
            return USAGE;
        }
        catch (final BenchFileException ex)
        {
            err.println("quicksilver bench: " + ex.getMessage());
            return FAILED;
        }
    }

    private static int study(final BenchOptions options, final Workload workload, final PrintStream out, final PrintStream err)
    {
        final Path root = Path.of(System.getProperty(ROOT_PROPERTY, ".")).toAbsolutePath().normalize();
        final Path dir = options.out() != null ? options.out().toAbsolutePath().normalize() : root.resolve(DEFAULT_OUT);

        Topology topology = null;
        String topologyError = null;
        try
        {
            topology = Topology.live();
        }
        catch (final RuntimeException ex)
        {
            topologyError = ex.getMessage();
        }

        final AffinityConfig config = config(options);
        if (topology == null)
        {
            throw new BenchFileException("cannot read this machine's topology, needed to place the workers: " + topologyError);
        }
        final AffinityPlan plan;
        try
        {
            plan = AffinityPlanner.plan(config, topology);
        }
        catch (final AffinityConfigException ex)
        {
            throw new BenchFileException((options.config() != null ? "--config " : "") + ex.getMessage(), ex);
        }

        int maxWorkers = options.maxWorkers() > 0 ? Math.min(options.maxWorkers(), plan.workers()) : plan.workers();
        String capped = "";
        if (maxWorkers > workload.maxWorkers())
        {
            capped = "\n(study capped at " + workload.maxWorkers() + " workers: the most " + workload.name() + " can use)";
            maxWorkers = workload.maxWorkers();
        }

        final ThreadPinning pinning = ThreadPinning.create();
        final boolean pin = options.pin() && pinning.isAvailable();
        final String pinningStatus = !options.pin() ? "off (--no-pin): threads run where the OS puts them" :
            pinning.isAvailable() ? "on (sched_setaffinity)" :
            "unavailable: " + pinning.unavailableReason() + "; threads run where the OS puts them";
        // Before anything else runs: how long this machine stops busy threads (a capped VM stops them for up to its
        // quota period), so a reader knows what the latency columns include.
        final long probeNanos = BenchMode.SMOKE.equals(options.mode()) ? 200_000_000L :
            BenchMode.FULL.equals(options.mode()) ? 3_000_000_000L : 1_000_000_000L;
        final StallProbe stalls =
            StallProbe.measure(Math.min(Runtime.getRuntime().availableProcessors(), 64), probeNanos);
        err.println("thread stops: " + stalls.describe());
        final MachineInfo machine = MachineInfo.live(
            options.commandLine(), topology, topologyError, pinningStatus, stalls.describe());
        final String planText = "config: " + config.describe() + "\n\n" + plan.toTable() + capped;

        err.println("quicksilver bench: " + workload.name() + ", up to " + maxWorkers + " workers, mode " +
            options.mode().name() + ", report in " + dir);
        err.println("machine: " + machine.nproc() + " cpus, " + machine.cpuModel() + "; " + machine.topology());

        JfrRecorder jfr = null;
        String jfrStatus;
        try
        {
            jfr = JfrRecorder.start();
            jfrStatus = jfr.settingsDescription();
        }
        catch (final Exception | LinkageError ex)
        {
            jfrStatus = "no recording: " + ex;
            err.println("quicksilver bench: JFR recording not started: " + ex);
        }

        final ScalingStudy.Settings settings = new ScalingStudy.Settings(
            workload,
            plan.placements(),
            maxWorkers,
            plan.idle(),
            topology,
            topology.cpuIds().minus(config.reservedCpus()),
            pin ? pinning : null,
            options.duration(),
            options.mode().warmup(),
            options.repetitions(),
            options.rate(),
            options.mode().maxSteps(),
            root,
            options.floor() ? options.mode().floorSeconds() : 0,
            plan,
            options.config() == null ? SHARED_CORE_IDLE : null);
        final ScalingStudy.Result result;
        try
        {
            result = new ScalingStudy(settings, err).run();
        }
        finally
        {
            if (jfr != null)
            {
                try
                {
                    Files.createDirectories(dir);
                    jfr.stopAndDump(dir.resolve(ReportWriter.JFR));
                }
                catch (final IOException | RuntimeException ex)
                {
                    jfrStatus = "recording could not be written: " + ex;
                    err.println("quicksilver bench: " + jfrStatus);
                }
                jfr.close();
            }
        }

        out.println();
        out.println(workload.name() + ": " + workload.describe());
        out.println();
        out.print(ReportWriter.textTable(result));
        if (result.floor().available())
        {
            out.printf(java.util.Locale.ROOT, "floor (C, cpus %s): one-way hop %.1f ns, SPSC %.2f ns/msg%n",
                result.floor().cpus(), result.floor().oneWayNs(), result.floor().spscNsPerMessage());
        }
        else
        {
            out.println("floor unavailable: " + result.floor().reason());
        }
        out.println("wall time " + Progress.clock(result.wallNanos()));
        out.flush();

        try
        {
            final List<Path> files = ReportWriter.write(new ReportWriter.Report(result, machine, planText, jfrStatus), dir);
            err.println("quicksilver bench: report written: " + dir.resolve(ReportWriter.REPORT) + " (" + files.size() +
                " files + " + ReportWriter.JFR + ")");
        }
        catch (final IOException ex)
        {
            err.println("quicksilver bench: cannot write the report to " + dir + ": " + ex);
            return FAILED;
        }

        if (!result.checksumOk())
        {
            err.println("quicksilver bench: some runs FAILED their checks; see the checks column and report.md");
            return FAILED;
        }
        return OK;
    }

    /**
     * Workers' idle strategy in the built-in default's steps whose workers and producers outnumber the CPUs: spin 10
     * times, yield up to 20 times (the core goes to the thread it is shared with), then park 1 us doubling to at most
     * 100 us, so a worker that shares a core gives it up and wakes within about 0.1 ms. An affinity file's own
     * {@code [idle]} applies to every step.
     */
    static final IdleStrategyConfig SHARED_CORE_IDLE = new IdleStrategyConfig.Backoff(10, 20, 1_000, 100_000);

    /**
     * The config file, or the built-in default: one worker per CPU this JVM may use, compact, oversubscription
     * allowed (the producer is one more thread), yielding when idle so a 2-core machine still makes progress.
     */
    static AffinityConfig config(final BenchOptions options)
    {
        if (options.config() != null)
        {
            final Path file = options.config();
            if (!Files.exists(file))
            {
                throw new BenchFileException("--config file not found: --config=" + file);
            }
            final AffinityConfig config;
            try
            {
                config = AffinityConfig.parse(file);
            }
            catch (final AffinityConfigException ex)
            {
                throw new BenchFileException("--config " + ex.getMessage(), ex);
            }
            if (options.maxWorkers() == 0 || options.maxWorkers() == config.workers())
            {
                return config;
            }
            if (options.maxWorkers() > config.workers())
            {
                throw new BenchUsageException("--workers must be at most the config's workers = " + config.workers() +
                    " (" + file + "): --workers=" + options.maxWorkers());
            }
            return config;
        }
        final int workers = options.maxWorkers() > 0 ? options.maxWorkers() : Runtime.getRuntime().availableProcessors();
        return AffinityConfig.parse(defaultConfig(workers), "built-in default (no --config)");
    }

    static String defaultConfig(final int workers)
    {
        return """
            workers = %d
            strategy = "compact"
            allow_oversubscribe = true

            [idle]
            strategy = "yield"
            """.formatted(workers);
    }
}
