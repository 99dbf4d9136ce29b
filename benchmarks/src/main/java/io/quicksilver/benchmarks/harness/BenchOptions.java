package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.config.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The parsed command line of {@code ./quicksilver bench}. Parsing checks only the syntax: files named by
 * {@code --config} and {@code --scene} are opened later, where a problem is a file error (exit 1), not a usage error
 * (exit 2).
 *
 * @param mode        smoke, default or full.
 * @param config      affinity TOML, or null for the built-in default.
 * @param maxWorkers  most workers in the study, or 0 for the config's workers (or the machine's CPUs).
 * @param duration    length of each measured run (the mode's unless {@code --duration}).
 * @param repetitions measured runs per step and phase (the mode's unless {@code --reps}).
 * @param rate        messages per second of the paced latency runs.
 * @param workload    {@value #SCENE_GRAPH} (default) or {@value #RING_FANOUT}.
 * @param scene       the {@code --scene} value ({@code small}, {@code medium}, {@code large} or a file), or null for
 *                    {@value #DEFAULT_SCENE} (scene-graph workload only).
 * @param producers   producer threads of the scene-graph workload (default 1).
 * @param out         report directory, or null for {@code target/quicksilver-report} under the project root.
 * @param floor       whether to build and run the C floor.
 * @param pin         whether to pin threads to the plan's CPUs ({@code --no-pin} leaves placement to the OS, to see
 *                    what pinning buys on this machine).
 * @param help        {@code --help} was given: print the usage and nothing else.
 * @param commandLine the arguments as given, for the report.
 */
public record BenchOptions(
    BenchMode mode,
    Path config,
    int maxWorkers,
    Duration duration,
    int repetitions,
    long rate,
    String workload,
    String scene,
    int producers,
    Path out,
    boolean floor,
    boolean pin,
    boolean help,
    List<String> commandLine)
{
    /** Paced latency runs send this many messages per second unless {@code --rate} says otherwise. */
    public static final long DEFAULT_RATE = 100_000;

    /** {@code --workload} value of the scene graph on the parallel dispatcher: the default. */
    public static final String SCENE_GRAPH = "scene-graph";

    /** {@code --workload} value of the multicast ring fan-out. */
    public static final String RING_FANOUT = "ring-fanout";

    /** Scene of the scene-graph workload unless {@code --scene} says otherwise. */
    public static final String DEFAULT_SCENE = "medium";

    /** Most producer threads {@code --producers} accepts. */
    public static final int MAX_PRODUCERS = 64;

    /** Longest run {@code --duration} accepts: longer is almost surely a unit typo. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);

    /** Shortest run {@code --duration} accepts: shorter measures thread start-up, not the workload. */
    public static final Duration MIN_DURATION = Duration.ofMillis(100);

    /** Most repetitions {@code --reps} accepts. */
    public static final int MAX_REPETITIONS = 100;

    /** Fastest pace {@code --rate} accepts: 100 M msg/s, a 10 ns interval, about what a clock read costs. */
    public static final long MAX_RATE = 100_000_000L;

    /** The usage text, printed for {@code --help} and after every usage error. */
    public static final String USAGE = """
        usage: ./quicksilver bench [flags]

        Runs the scaling study (by default the medium scene graph dispatched by the parallel dispatcher
        with 1, 2, ... N workers on the affinity plan's CPUs) and the C floor, prints a table and writes
        target/quicksilver-report/ (report.md, CSV, PNG plots, HdrHistogram .hgrm files, a JFR
        recording). See docs/bench.md.

          --smoke            CI mode, about 10 s: 1 and 2 workers, one repetition of 1 s runs
          --full             publication-grade: 10 s runs, 5 repetitions, longer warm-up and floor
          --config FILE      affinity TOML (docs/affinity.md) giving the workers and their CPUs;
                             default: one worker per CPU, compact, yielding idle strategy
          --workers N        most workers in the study (default: the config's workers, else the
                             number of CPUs)
          --duration D       length of each measured run: 500ms, 1.5s, 1m (default 2s, smoke 1s, full 10s)
          --reps N           measured runs per step (default 3, smoke 1, full 5)
          --rate R           messages per second in the paced latency runs (default 100000)
          --workload W       scene-graph (default): a scene graph on the parallel dispatcher, or
                             ring-fanout: one producer, a multicast ring, W consuming workers
          --scene S          small | medium | large | FILE (a scene file, docs/bench.md): the scene of
                             the scene-graph workload (default medium)
          --producers P      producer threads of the scene-graph workload (default 1)
          --out DIR          report directory (default target/quicksilver-report)
          --no-floor         do not build or run the C floor (native/)
          --no-pin           do not pin threads; the OS places them (compare with a pinned run)
          -h, --help         print this text

        exit status: 0 done, 1 a file could not be used or a run failed its checks, 2 bad usage
        """;

    /**
     * Parse a command line.
     *
     * @param args the arguments after {@code bench}.
     * @return the options.
     * @throws BenchUsageException naming the flag and the value that is wrong.
     */
    public static BenchOptions parse(final String... args)
    {
        BenchMode mode = BenchMode.DEFAULT;
        String modeFlag = null;
        Path config = null;
        int maxWorkers = 0;
        Duration duration = null;
        int repetitions = 0;
        long rate = DEFAULT_RATE;
        String workload = SCENE_GRAPH;
        String scene = null;
        int producers = 0;
        Path out = null;
        boolean floor = true;
        boolean pin = true;
        boolean help = false;

        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            final int equals = arg.indexOf('=');
            final String flag = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            final String inlineValue = arg.startsWith("--") && equals > 0 ? arg.substring(equals + 1) : null;
            switch (flag)
            {
                case "-h", "--help" -> help = true;
                case "--smoke", "--full" ->
                {
                    noValue(flag, inlineValue);
                    if (modeFlag != null && !modeFlag.equals(flag))
                    {
                        throw new BenchUsageException(modeFlag + " and " + flag + " cannot be combined");
                    }
                    modeFlag = flag;
                    mode = flag.equals("--smoke") ? BenchMode.SMOKE : BenchMode.FULL;
                }
                case "--no-floor" ->
                {
                    noValue(flag, inlineValue);
                    floor = false;
                }
                case "--no-pin" ->
                {
                    noValue(flag, inlineValue);
                    pin = false;
                }
                case "--config", "--workers", "--duration", "--reps", "--rate", "--workload", "--scene", "--producers",
                     "--out" ->
                {
                    final String value;
                    if (inlineValue != null)
                    {
                        value = inlineValue;
                    }
                    else if (i + 1 < args.length && !args[i + 1].startsWith("--"))
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new BenchUsageException(flag + " needs a value");
                    }
                    if (value.isBlank())
                    {
                        throw new BenchUsageException(flag + " needs a value: " + flag + "=" + value);
                    }
                    switch (flag)
                    {
                        case "--config" -> config = Path.of(value);
                        case "--workers" -> maxWorkers = (int)positive(flag, value, AffinityConfig.MAX_WORKERS);
                        case "--duration" -> duration = duration(flag, value);
                        case "--reps" -> repetitions = (int)positive(flag, value, MAX_REPETITIONS);
                        case "--rate" -> rate = positive(flag, value, MAX_RATE);
                        case "--workload" ->
                        {
                            if (!value.equals(SCENE_GRAPH) && !value.equals(RING_FANOUT))
                            {
                                throw new BenchUsageException(flag + " must be " + SCENE_GRAPH + " or " + RING_FANOUT +
                                    ": " + flag + "=" + value);
                            }
                            workload = value;
                        }
                        case "--scene" -> scene = value;
                        case "--producers" -> producers = (int)positive(flag, value, MAX_PRODUCERS);
                        case "--out" -> out = Path.of(value);
                        default -> throw new IllegalStateException(flag);
                    }
                }
                default -> throw new BenchUsageException(
                    (arg.startsWith("-") ? "unknown flag: " : "unexpected argument: ") + arg);
            }
        }

        if (workload.equals(RING_FANOUT) && scene != null)
        {
            throw new BenchUsageException("--scene applies to --workload " + SCENE_GRAPH + " only: --scene=" + scene);
        }
        if (workload.equals(RING_FANOUT) && producers != 0)
        {
            throw new BenchUsageException("--producers applies to --workload " + SCENE_GRAPH + " only: --producers=" +
                producers);
        }
        return new BenchOptions(
            mode,
            config,
            maxWorkers,
            duration == null ? mode.duration() : duration,
            repetitions == 0 ? mode.repetitions() : repetitions,
            rate,
            workload,
            scene,
            producers == 0 ? 1 : producers,
            out,
            floor,
            pin,
            help,
            List.of(args));
    }

    /**
     * Parse a duration in Quicksilver's one duration grammar ({@link Durations}).
     *
     * @param flag  for the error message.
     * @param value the text.
     * @return the duration, between {@link #MIN_DURATION} and {@link #MAX_DURATION}.
     */
    static Duration duration(final String flag, final String value)
    {
        final Duration duration;
        try
        {
            duration = Durations.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BenchUsageException(flag + " " + ex.getMessage() + ": " + flag + "=" + value);
        }
        if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0)
        {
            throw new BenchUsageException(flag + " must be between " + Durations.format(MIN_DURATION.toNanos()) + " and " +
                Durations.format(MAX_DURATION.toNanos()) + ": " + flag + "=" + value);
        }
        return duration;
    }

    private static long positive(final String flag, final String value, final long max)
    {
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new BenchUsageException(flag + " must be a positive integer: " + flag + "=" + value);
        }
        if (parsed < 1 || parsed > max)
        {
            throw new BenchUsageException(flag + " must be between 1 and " + max + ": " + flag + "=" + value);
        }
        return parsed;
    }

    private static void noValue(final String flag, final String inlineValue)
    {
        if (inlineValue != null)
        {
            throw new BenchUsageException(flag + " takes no value: " + flag + "=" + inlineValue);
        }
    }
}
