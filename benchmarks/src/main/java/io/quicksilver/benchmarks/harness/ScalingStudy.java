package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.affinity.WorkerPlacement;
import io.quicksilver.numa.pin.ThreadPinning;
import io.quicksilver.numa.topology.IdSet;
import io.quicksilver.numa.topology.Topology;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The scaling study: the workload with 1, 2, ... N workers on the affinity plan's first W placements, each step
 * repeated as a saturating run (throughput, allocation) and a paced run (latency), plus the C floor on the first two
 * workers' CPUs, with a progress line per run on stderr.
 * <p>
 * A step runs its throughput repetitions first, then its paced ones at the requested rate or half the measured
 * throughput, whichever is lower: pacing above what the workers drain would fill the ring and turn the latency figure
 * into the ring's queueing delay. The table reports medians and the range.
 */
public final class ScalingStudy
{
    /** Up to this many workers every count is a step; above it, powers of two and N, so 256 workers is 9 steps. */
    public static final int EVERY_COUNT_UP_TO = 8;

    /** Latency runs are paced at no more than this fraction of the step's measured throughput. */
    public static final double PACE_FRACTION = 0.5;

    /**
     * What to run.
     *
     * @param workload     the workload.
     * @param placements   the affinity plan's placements; the study uses the first W for step W.
     * @param maxWorkers   N, at most {@code placements.size()}.
     * @param idle         idle strategy of every thread.
     * @param topology     the machine, to find a free CPU for the producer; null to leave the producer unpinned.
     * @param producerCpus CPUs the producer may be pinned to (the machine's less the reserved ones).
     * @param pinning      pins threads, or null when unavailable.
     * @param duration     length of each measured run.
     * @param warmup       length of the warm-up run.
     * @param repetitions  runs per step and phase.
     * @param rate         most messages per second in paced runs (see {@link #pacedRate}).
     * @param maxSteps     most steps (0 = no limit).
     * @param root         project root, where native/ lives.
     * @param floorSeconds passed to the floor; NaN or non-positive to skip the floor.
     * @param plan         the affinity plan {@code placements} come from, for workloads whose runtime pins its own
     *                     workers; null when there is none.
     * @param sharedCoreIdle the workers' idle strategy in steps with more busy threads (W workers and the
     *                     producers) than this JVM's CPUs, so that a worker sharing a core backs off instead of
     *                     spinning against the thread it shares it with; null keeps {@code idle} in every step.
     */
    public record Settings(
        Workload workload,
        List<WorkerPlacement> placements,
        int maxWorkers,
        IdleStrategyConfig idle,
        Topology topology,
        IdSet producerCpus,
        ThreadPinning pinning,
        Duration duration,
        Duration warmup,
        int repetitions,
        long rate,
        int maxSteps,
        Path root,
        double floorSeconds,
        AffinityPlan plan,
        IdleStrategyConfig sharedCoreIdle)
    {
        /**
         * Checks the pieces fit.
         */
        public Settings
        {
            if (maxWorkers < 1 || maxWorkers > placements.size())
            {
                throw new IllegalArgumentException(
                    "maxWorkers must be in [1, placements]: maxWorkers=" + maxWorkers + ", placements=" + placements.size());
            }
            placements = List.copyOf(placements);
        }

        boolean floorEnabled()
        {
            return floorSeconds > 0;
        }
    }

    /**
     * Everything the study measured.
     *
     * @param settings   what it ran.
     * @param steps      one per worker count, in order.
     * @param floor      the C floor, or an unavailable one.
     * @param wallNanos  the study's wall time.
     */
    public record Result(Settings settings, List<StepResult> steps, Floor floor, long wallNanos)
    {
        /**
         * @return whether every run of every step passed its checks.
         */
        public boolean checksumOk()
        {
            return steps.stream().allMatch(StepResult::checksumOk);
        }
    }

    private final Settings settings;
    private final PrintStream err;

    /**
     * @param settings what to run.
     * @param err      where progress lines go.
     */
    public ScalingStudy(final Settings settings, final PrintStream err)
    {
        this.settings = settings;
        this.err = err;
    }

    /**
     * Worker counts of the study: 1..N when N is small, else powers of two and N, trimmed to {@code maxSteps}.
     *
     * @param maxWorkers N.
     * @param maxSteps   most steps, 0 for no limit.
     * @return ascending worker counts, starting at 1.
     */
    public static List<Integer> workerSteps(final int maxWorkers, final int maxSteps)
    {
        final List<Integer> steps = new ArrayList<>();
        if (maxWorkers <= EVERY_COUNT_UP_TO)
        {
            for (int w = 1; w <= maxWorkers; w++)
            {
                steps.add(w);
            }
        }
        else
        {
            for (int w = 1; w < maxWorkers; w *= 2)
            {
                steps.add(w);
            }
            steps.add(maxWorkers);
        }
        return maxSteps > 0 && steps.size() > maxSteps ? List.copyOf(steps.subList(0, maxSteps)) : List.copyOf(steps);
    }

    /**
     * Run the floor, the warm-up and every step.
     *
     * @return what was measured.
     */
    public Result run()
    {
        final Settings s = settings;
        final List<Integer> steps = workerSteps(s.maxWorkers(), s.maxSteps());
        final long runNanos = s.duration().toNanos();
        final long floorNanos = s.floorEnabled() ? (long)(s.floorSeconds() * 12e9) + 1_000_000_000L : 0;
        final int tasks = (s.floorEnabled() ? 1 : 0) + 1 + steps.size() * s.repetitions() * 2;
        // A paced run of the scene graph sends unrecorded for up to half a second before its measured duration.
        final long pacedWarmup = Math.min(SceneGraphWorkload.PACED_WARMUP_MAX_NS, runNanos / 2);
        final long planned = floorNanos + s.warmup().toNanos() +
            steps.size() * s.repetitions() * (2L * runNanos + pacedWarmup);
        final Progress progress = new Progress(err, tasks, planned);

        Floor floor = Floor.unavailable("skipped (--no-floor)");
        if (s.floorEnabled())
        {
            final int cpuA = s.placements().getFirst().cpu();
            final int cpuB = s.placements().size() > 1 ? s.placements().get(1).cpu() : otherCpu(cpuA);
            progress.begin("C floor (" + Floor.BINARY + " " + cpuA + " " + cpuB + "): cache-line ping-pong and SPSC ring",
                floorNanos);
            floor = Floor.measure(s.root(), s.floorSeconds(), cpuA, cpuB);
            err.println(floor.available() ? String.format(Locale.ROOT,
                "    floor: one-way hop %.1f ns, SPSC %.2f ns/msg", floor.oneWayNs(), floor.spscNsPerMessage()) :
                "    floor unavailable: " + floor.reason());
        }

        progress.begin("warm-up: " + s.workload().name() + ", 1 worker, " + seconds(s.warmup().toNanos()),
            s.warmup().toNanos());
        final WorkloadResult warm = s.workload().run(run(1, s.warmup(), 0));
        if (!warm.checksumOk())
        {
            err.println("    warm-up failed its checks: " + warm.error());
        }

        final List<StepResult> results = new ArrayList<>();
        double baseline = Double.NaN;
        for (final int workers : steps)
        {
            final List<WorkloadResult> throughput = new ArrayList<>();
            final List<WorkloadResult> paced = new ArrayList<>();
            final String cpus = cpus(workers);
            final String prefix = s.workload().name() + " W=" + workers + " (cpus " + cpus + ")";
            for (int rep = 1; rep <= s.repetitions(); rep++)
            {
                progress.begin(prefix + " throughput rep " + rep + "/" + s.repetitions() + ", " + seconds(runNanos), runNanos);
                final WorkloadResult t = s.workload().run(run(workers, s.duration(), 0));
                throughput.add(t);
                err.println(String.format(Locale.ROOT, "    %s msgs/s, %s deliveries/s, %.1f B/msg%s",
                    si(t.messagesPerSecond()), si(t.deliveriesPerSecond()), t.bytesPerMessage(), checks(t)));
            }
            final long rate = pacedRate(s.rate(), throughput);
            final long paceInterval = Math.max(1, 1_000_000_000L / rate);
            for (int rep = 1; rep <= s.repetitions(); rep++)
            {
                progress.begin(prefix + " latency rep " + rep + "/" + s.repetitions() + ", paced at " + si(rate) +
                    " msgs/s, " + seconds(runNanos), runNanos);
                final HiccupMeter meter = HiccupMeter.start();
                final WorkloadResult measured;
                try
                {
                    measured = s.workload().run(run(workers, s.duration(), paceInterval));
                }
                finally
                {
                    meter.stop();
                }
                final WorkloadResult p = measured.withHiccups(meter.hiccups());
                paced.add(p);
                err.println(String.format(Locale.ROOT, "    p50 %.1f us, p99 %.1f us, max %.1f us over %d samples " +
                    "(corrected); as recorded p50 %.1f us, p99 %.1f us over %d samples%s",
                    p.latency().getValueAtPercentile(50) / 1e3, p.latency().getValueAtPercentile(99) / 1e3,
                    p.latency().getMaxValue() / 1e3, p.latency().getTotalCount(),
                    p.rawLatency().getValueAtPercentile(50) / 1e3, p.rawLatency().getValueAtPercentile(99) / 1e3,
                    p.rawLatency().getTotalCount(), checks(p)));
                err.println("    " + p.hiccups().describe());
            }
            final StepResult step = StepResult.of(workers, cpus, throughput, paced, rate, threads(workers), baseline);
            if (workers == 1)
            {
                baseline = step.deliveriesPerSecond();
            }
            results.add(step);
        }
        return new Result(s, List.copyOf(results), floor, progress.finish());
    }

    /**
     * The pace of a step's latency runs: the requested rate, or half the step's median throughput when that is lower,
     * so the latency runs measure a loaded system rather than a full ring's queueing delay.
     */
    static long pacedRate(final long requested, final List<WorkloadResult> throughput)
    {
        final double median = StepResult.median(
            throughput.stream().mapToDouble(WorkloadResult::messagesPerSecond).sorted().toArray());
        if (Double.isNaN(median) || median <= 0)
        {
            return requested;
        }
        return Math.max(1, Math.min(requested, (long)(median * PACE_FRACTION)));
    }

    private WorkloadRun run(final int workers, final Duration duration, final long paceInterval)
    {
        return new WorkloadRun(workers, settings.placements().subList(0, workers), producerCpu(workers), duration,
            paceInterval, idle(workers), settings.pinning(), settings.plan());
    }

    /**
     * @param workers W.
     * @return whether step W runs more busy threads (workers and producers) than this JVM has CPUs.
     */
    boolean sharesCores(final int workers)
    {
        return workers + settings.workload().producers() > Runtime.getRuntime().availableProcessors();
    }

    /**
     * The workers' idle strategy in step W: {@link Settings#sharedCoreIdle()} where threads share cores.
     */
    IdleStrategyConfig idle(final int workers)
    {
        return settings.sharedCoreIdle() != null && sharesCores(workers) ? settings.sharedCoreIdle() : settings.idle();
    }

    /**
     * The report's words for step W's threads: idle strategy, pinning, and whether threads share cores.
     */
    String threads(final int workers)
    {
        final int busy = workers + settings.workload().producers();
        final int cpus = Runtime.getRuntime().availableProcessors();
        return idle(workers).configName() + (settings.pinning() == null ? ", not pinned" : ", pinned") +
            (busy > cpus ? ", " + busy + " threads on " + cpus + " cpus" : "");
    }

    /**
     * A CPU the producer may have to itself: allowed, not one of the first W workers', on worker 0's node if possible.
     */
    OptionalInt producerCpu(final int workers)
    {
        final Topology topology = settings.topology();
        if (topology == null || settings.producerCpus() == null)
        {
            return OptionalInt.empty();
        }
        final int[] used = settings.placements().subList(0, workers).stream().mapToInt(WorkerPlacement::cpu).toArray();
        final IdSet free = settings.producerCpus().minus(IdSet.of(used));
        if (free.isEmpty())
        {
            return OptionalInt.empty();
        }
        final IdSet local = free.intersect(topology.cpusOfNode(settings.placements().getFirst().node()));
        return OptionalInt.of(local.isEmpty() ? free.first() : local.first());
    }

    private int otherCpu(final int cpu)
    {
        final Topology topology = settings.topology();
        if (topology != null)
        {
            final IdSet others = topology.cpuIds().minus(IdSet.of(cpu));
            if (!others.isEmpty())
            {
                return others.first();
            }
        }
        return cpu == 0 ? 1 : 0;
    }

    private String cpus(final int workers)
    {
        return StepResult.cpuList(settings.placements().subList(0, workers).stream().mapToInt(WorkerPlacement::cpu).toArray());
    }

    private static String checks(final WorkloadResult result)
    {
        return result.checksumOk() ? ", checks ok" : ", CHECK FAILED: " + result.error();
    }

    static String seconds(final long nanos)
    {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * @param value a rate or count.
     * @return it with an SI prefix: {@code 12.3 M}, {@code 450.0 k}.
     */
    static String si(final double value)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        final double abs = Math.abs(value);
        if (abs >= 1e9)
        {
            return String.format(Locale.ROOT, "%.2f G", value / 1e9);
        }
        if (abs >= 1e6)
        {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        if (abs >= 1e3)
        {
            return String.format(Locale.ROOT, "%.1f k", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
