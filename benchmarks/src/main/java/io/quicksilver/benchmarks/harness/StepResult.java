package io.quicksilver.benchmarks.harness;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of the scaling study: the workload with W workers, repeated, summarised.
 *
 * @param workers             W.
 * @param cpus                the workers' CPUs, in worker order.
 * @param messagesPerSecond   median over the throughput runs.
 * @param messagesPerSecondMin slowest throughput run.
 * @param messagesPerSecondMax fastest throughput run.
 * @param deliveriesPerSecond median over the throughput runs.
 * @param efficiency          deliveries/s(W) / (W x deliveries/s(1)); 1.0 is linear scaling.
 * @param pacedRate           messages per second of the paced (latency) runs.
 * @param bytesPerMessage     median heap bytes allocated per message (producer and workers) in the throughput runs.
 * @param checksumOk          every run of this step passed its checks.
 * @param error               the first failed check, or null.
 * @param latency             latency of every delivery of every paced run, merged, in nanoseconds, corrected for
 *                            coordinated omission.
 * @param rawLatency          the same samples as recorded (no correction): its count is the real sample count.
 * @param hiccups             the platform's stops during the paced runs, all of them together.
 * @param threads             the workers' idle strategy and how threads were placed, for the report's rows.
 * @param notes               thread placement of the last run.
 */
public record StepResult(
    int workers,
    String cpus,
    double messagesPerSecond,
    double messagesPerSecondMin,
    double messagesPerSecondMax,
    double deliveriesPerSecond,
    double efficiency,
    long pacedRate,
    double bytesPerMessage,
    boolean checksumOk,
    String error,
    Histogram latency,
    Histogram rawLatency,
    Hiccups hiccups,
    String threads,
    List<String> notes)
{
    /**
     * Summarise the runs of one step.
     *
     * @param workers        W.
     * @param cpus           the workers' CPUs.
     * @param throughput     the saturating runs.
     * @param paced          the paced runs.
     * @param pacedRate      their pace, messages per second.
     * @param threads        the workers' idle strategy and placement, in a few words.
     * @param baselinePerWorker deliveries/s of the 1-worker step, or NaN when this is it (efficiency 1 by definition).
     * @return the summary.
     */
    public static StepResult of(
        final int workers,
        final String cpus,
        final List<WorkloadResult> throughput,
        final List<WorkloadResult> paced,
        final long pacedRate,
        final String threads,
        final double baselinePerWorker)
    {
        final double[] messages = throughput.stream().mapToDouble(WorkloadResult::messagesPerSecond).sorted().toArray();
        final double[] deliveries = throughput.stream().mapToDouble(WorkloadResult::deliveriesPerSecond).sorted().toArray();
        final double[] bytes = throughput.stream().mapToDouble(WorkloadResult::bytesPerMessage).sorted().toArray();
        final Histogram latency = new Histogram(RingFanOutWorkload.HIGHEST_LATENCY_NS, 3);
        final Histogram raw = new Histogram(RingFanOutWorkload.HIGHEST_LATENCY_NS, 3);
        Hiccups hiccups = Hiccups.NONE;
        for (final WorkloadResult run : paced)
        {
            latency.add(run.latency());
            raw.add(run.rawLatency());
            hiccups = hiccups.plus(run.hiccups());
        }
        final double delivered = median(deliveries);
        final double efficiency = Double.isNaN(baselinePerWorker) ? 1.0 : delivered / (workers * baselinePerWorker);
        final String error = java.util.stream.Stream.concat(throughput.stream(), paced.stream())
            .map(WorkloadResult::error).filter(e -> e != null).findFirst().orElse(null);
        final boolean ok = error == null &&
            java.util.stream.Stream.concat(throughput.stream(), paced.stream()).allMatch(WorkloadResult::checksumOk);
        final List<String> notes = throughput.isEmpty() ? List.of() : throughput.getLast().notes();
        return new StepResult(workers, cpus, median(messages), min(messages), max(messages), delivered, efficiency,
            pacedRate, median(bytes), ok, error, latency, raw, hiccups, threads, notes);
    }

    /**
     * @param percentile 0..100.
     * @return latency at that percentile in microseconds, or NaN without latency samples.
     */
    public double latencyMicros(final double percentile)
    {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * @param percentile 0..100.
     * @return uncorrected latency at that percentile in microseconds, or NaN without latency samples.
     */
    public double rawLatencyMicros(final double percentile)
    {
        return rawLatency.getTotalCount() == 0 ? Double.NaN : rawLatency.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * @return the largest latency in microseconds, or NaN without samples.
     */
    public double maxLatencyMicros()
    {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }

    /**
     * @return nanoseconds per published message at the median throughput.
     */
    public double nanosPerMessage()
    {
        return messagesPerSecond <= 0 ? Double.NaN : 1e9 / messagesPerSecond;
    }

    static double median(final double[] sorted)
    {
        if (sorted.length == 0)
        {
            return Double.NaN;
        }
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double min(final double[] sorted)
    {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    private static double max(final double[] sorted)
    {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    static String cpuList(final int[] cpus)
    {
        return Arrays.stream(cpus).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
