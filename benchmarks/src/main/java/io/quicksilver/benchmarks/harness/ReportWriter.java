package io.quicksilver.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the report directory: report.md (machine, command, table, ratios to the floor, how to read it),
 * results.csv, one HdrHistogram percentile file per step, the floor's raw output and two PNG plots. The JFR
 * recording is dumped next to them by {@link BenchMain}.
 */
public final class ReportWriter
{
    /** The report's main file. */
    public static final String REPORT = "report.md";
    /** The table as CSV. */
    public static final String CSV = "results.csv";
    /** Scaling curve against ideal linear. */
    public static final String SCALING_PNG = "scaling.png";
    /** Latency percentile curves against the floor. */
    public static final String LATENCY_PNG = "latency.png";
    /** The floor program's raw output. */
    public static final String FLOOR_TXT = "floor.txt";
    /** The JFR recording of the run. */
    public static final String JFR = "quicksilver.jfr";

    private ReportWriter()
    {
    }

    /**
     * What goes in a report besides the measurements.
     *
     * @param result  the study.
     * @param machine where it ran.
     * @param plan    the affinity config and plan as text.
     * @param jfr     what the JFR recording holds, or why there is none.
     */
    public record Report(ScalingStudy.Result result, MachineInfo machine, String plan, String jfr)
    {
    }

    /**
     * The table as aligned text, as printed on stdout at the end of a run.
     *
     * @param result the study.
     * @return the table.
     */
    public static String textTable(final ScalingStudy.Result result)
    {
        return ResultTable.text(ResultTable.HEADER, ResultTable.rows(result));
    }

    /**
     * Histogram file name of a step.
     *
     * @param workers W.
     * @return e.g. {@code latency-W2.hgrm}.
     */
    public static String histogramFile(final int workers)
    {
        return "latency-W" + workers + ".hgrm";
    }

    /**
     * Write every file of the report but the JFR recording.
     *
     * @param report what to write.
     * @param dir    the report directory; created if missing.
     * @return the files written.
     * @throws IOException if a file cannot be written.
     */
    public static List<Path> write(final Report report, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final ScalingStudy.Result result = report.result();
        final List<Path> files = new ArrayList<>();

        final Path csv = dir.resolve(CSV);
        Files.writeString(csv, ResultTable.csv(ResultTable.CSV_HEADER, ResultTable.csvRows(result)), StandardCharsets.UTF_8);
        files.add(csv);

        for (final StepResult step : result.steps())
        {
            final Path hgrm = dir.resolve(histogramFile(step.workers()));
            try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8))
            {
                // Scaled to microseconds, as the table and the plot read them.
                step.latency().outputPercentileDistribution(out, 1000.0);
            }
            files.add(hgrm);
        }

        final Path floor = dir.resolve(FLOOR_TXT);
        Files.writeString(floor, result.floor().available() ? result.floor().output() :
            "floor unavailable: " + result.floor().reason() + "\n", StandardCharsets.UTF_8);
        files.add(floor);

        final Path scaling = dir.resolve(SCALING_PNG);
        Charts.scaling(result, scaling);
        files.add(scaling);
        final Path latency = dir.resolve(LATENCY_PNG);
        Charts.latency(result, latency);
        files.add(latency);

        final Path markdown = dir.resolve(REPORT);
        Files.writeString(markdown, markdown(report), StandardCharsets.UTF_8);
        files.add(markdown);
        return files;
    }

    static String markdown(final Report report)
    {
        final ScalingStudy.Result result = report.result();
        final ScalingStudy.Settings settings = result.settings();
        final MachineInfo machine = report.machine();
        final Floor floor = result.floor();
        final StringBuilder md = new StringBuilder();
        md.append("# Quicksilver bench report\n\n");
        md.append("Command: `").append(machine.commandLine()).append("`  \n");
        md.append("Wall time of the study: ").append(Progress.clock(result.wallNanos())).append(" (m:ss)  \n");
        md.append("Checks: ").append(result.checksumOk() ? "every delivery of every run passed" :
            "**FAILED**: see the checks column").append("\n\n");

        md.append("## Machine\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| CPUs (nproc) | ").append(machine.nproc()).append(" |\n");
        md.append("| CPU model | ").append(machine.cpuModel()).append(" |\n");
        md.append("| topology | ").append(machine.topology()).append(" |\n");
        md.append("| JVM | ").append(machine.jvm()).append(" |\n");
        md.append("| JVM flags | `").append(String.join(" ", machine.jvmFlags())).append("` |\n");
        md.append("| pinning | ").append(machine.pinning()).append(" |\n");
        md.append("| thread stops (before the study) | ").append(machine.stalls()).append(" |\n\n");

        md.append("## Workload\n\n").append(settings.workload().describe()).append("\n\n");
        md.append(String.format(Locale.ROOT,
            "Each step runs %d throughput run(s) (the producer publishes as fast as the slowest worker drains), then %d " +
                "latency run(s) paced at %s msgs/s or half the step's median throughput, whichever is lower (the " +
                "'paced at' column), each %.1f s, after a %.1f s warm-up. Rates are medians over the throughput runs " +
                "(range: slowest-fastest); latency merges every delivery of the paced runs.%n%n",
            settings.repetitions(), settings.repetitions(), ScalingStudy.si(settings.rate()),
            settings.duration().toNanos() / 1e9, settings.warmup().toNanos() / 1e9));

        md.append("## Affinity\n\n```\n").append(report.plan().strip()).append("\n```\n\n");

        md.append("## Results\n\n");
        md.append(ResultTable.markdown(ResultTable.HEADER, ResultTable.rows(result))).append('\n');
        md.append("""
            - msgs/s: messages sent per second, from the start signal until the last message was delivered.
              deliveries/s: handler (responder) calls per second, summed over workers: W per message for the ring
              fan-out, the send's fan-out (the same for every W) for the scene graph.
            - efficiency: deliveries/s(W) / (W x deliveries/s(1)); 1.00 is linear scaling. For the ring fan-out it
              equals msgs/s(W) / msgs/s(1) (adding a consumer costs the producer nothing); for the scene graph it is
              msgs/s(W) / (W x msgs/s(1)), the share of each added worker that turned into throughput.
            - paced at: the latency runs' rate. p50 ... max: one-way latency from the producer's timestamp in the
              payload to the worker's handler (scene graph: to the send's sample responder), in microseconds, in
              the paced runs, coordinated omission corrected with
              the pacing interval (HdrHistogram copyCorrectedForCoordinatedOmission, the after-the-fact form of
              recordValueWithExpectedInterval).
            - recorded p99 us, samples: the same deliveries' latency as recorded, without the correction, and the real
              number of latency samples (the corrected count also holds the samples the correction adds for sends a
              stall held back).
            - stops max ms: the longest stop the platform (host CPU quota, kernel scheduler, JVM safepoints) put on
              a thread while the paced runs went on, measured the way jHiccup does: a thread that sleeps 1 ms at a
              time and records how late it wakes. A paced run's corrected latency cannot be lower than the stops
              its threads met; each run's figures, with the count and total of stops over 1 ms and the kernel's
              steal time, are in the run's progress output and in results.csv.
            - threads: the workers' idle strategy, whether threads were pinned, and, where the step runs more busy
              threads (workers and producers) than CPUs, how many on how many. With the built-in default plan a
              worker in such a step backs off (spins, yields, then parks 1 us doubling to 100 us) instead of
              spinning against the thread it shares a core with.
            - B/msg: heap bytes allocated by the producer and worker threads during the throughput runs, divided by
              the messages (ThreadMXBean.getCurrentThreadAllocatedBytes); 0.0 means the hot path does not allocate.
            - ns/msg / floor: 1e9 / msgs/s divided by the C SPSC ring's ns per 64-byte message. p50 / floor: p50
              divided by the C ping-pong's one-way hop. 1.00x would be the hardware's floor.

            """);

        md.append("## The floor\n\n");
        if (floor.available())
        {
            md.append(String.format(Locale.ROOT,
                "Measured in this run by `%s` (C, gcc -O2) on cpus %s: one-way cache-line hop %.1f ns (half the " +
                    "ping-pong round trip, median), SPSC ring of 64-byte slots %.2f ns per message (median, %s msgs/s).%n%n",
                Floor.BINARY, floor.cpus(), floor.oneWayNs(), floor.spscNsPerMessage(),
                ScalingStudy.si(1e9 / floor.spscNsPerMessage())));
            if (!result.steps().isEmpty())
            {
                final StepResult one = result.steps().getFirst();
                md.append(String.format(Locale.ROOT,
                    "Ratios at W=1 (one producer, one worker, the floor's own topology): throughput %s of the floor's " +
                        "ns per message, p50 latency %s of its one-way hop. Raw output: [%s](%s).%n%n",
                    ResultTable.ratio(one.nanosPerMessage(), floor.spscNsPerMessage()),
                    ResultTable.ratio(one.latencyMicros(50) * 1000, floor.oneWayNs()), FLOOR_TXT, FLOOR_TXT));
            }
        }
        else
        {
            md.append("Unavailable in this run: ").append(floor.reason()).append(". The ratio columns are empty.\n\n");
        }

        md.append("## Plots\n\n");
        md.append("![scaling](").append(SCALING_PNG).append(")\n\n");
        md.append("Scaling: measured deliveries/s against the ideal line W x deliveries/s(1), and messages/s.\n\n");
        md.append("![latency](").append(LATENCY_PNG).append(")\n\n");
        md.append("Latency by percentile (log-log; 90% is x=10, 99.99% is x=10,000) per step, and the floor's one-way " +
            "hop as a dashed line.\n\n");

        md.append("## Thread placement (last throughput run of each step)\n\n");
        for (final StepResult step : result.steps())
        {
            md.append("- W=").append(step.workers()).append(": ").append(String.join("; ", step.notes())).append('\n');
        }
        md.append('\n');
        final List<String> failures = result.steps().stream().filter(s -> !s.checksumOk())
            .map(s -> "W=" + s.workers() + ": " + s.error()).toList();
        if (!failures.isEmpty())
        {
            md.append("## Failed checks\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }

        md.append("## Raw data\n\n");
        md.append("- [").append(CSV).append("](").append(CSV).append("): the table with unrounded numbers.\n");
        for (final StepResult step : result.steps())
        {
            final String name = histogramFile(step.workers());
            md.append("- [").append(name).append("](").append(name).append("): HdrHistogram percentile distribution " +
                "of W=").append(step.workers()).append(" (microseconds).\n");
        }
        md.append("- [").append(JFR).append("](").append(JFR).append("): JFR recording of the run (")
            .append(report.jfr()).append("); open it in JDK Mission Control or `jfr summary ").append(JFR).append("`.\n");
        return md.toString();
    }
}
