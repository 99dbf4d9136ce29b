package io.quicksilver.benchmarks.harness;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one {@link Workload} run did.
 *
 * @param messages         messages the producer(s) published.
 * @param deliveries       messages handed to a worker's handler, summed over workers (a fan-out delivers each
 *                         message once per worker).
 * @param elapsedNanos     from the start signal until the last worker drained the last message.
 * @param checksumOk       every delivery passed its check (payload checksum, sequence order) and nothing was lost.
 * @param error            the first failed check or thread failure, or null.
 * @param latency          one-way latency in nanoseconds of every delivery of a paced run, corrected for coordinated
 *                         omission with the pacing interval; empty for a throughput run.
 * @param rawLatency       the same deliveries' latency as recorded, without that correction: its count is the real
 *                         number of samples.
 * @param allocatedBytes   heap bytes allocated by the producer and worker threads while measuring.
 * @param notes            how threads were actually placed (pinned CPU or why not), for the report.
 * @param hiccups          the platform's stops while the run went on ({@link HiccupMeter}), or
 *                         {@link Hiccups#NONE}.
 */
public record WorkloadResult(
    long messages,
    long deliveries,
    long elapsedNanos,
    boolean checksumOk,
    String error,
    Histogram latency,
    Histogram rawLatency,
    long allocatedBytes,
    List<String> notes,
    Hiccups hiccups)
{
    /**
     * @param hiccups what a {@link HiccupMeter} saw during this run.
     * @return this result with them.
     */
    public WorkloadResult withHiccups(final Hiccups hiccups)
    {
        return new WorkloadResult(messages, deliveries, elapsedNanos, checksumOk, error, latency, rawLatency,
            allocatedBytes, notes, hiccups);
    }

    /**
     * @return published messages per second.
     */
    public double messagesPerSecond()
    {
        return elapsedNanos <= 0 ? 0 : messages * 1e9 / elapsedNanos;
    }

    /**
     * @return deliveries per second.
     */
    public double deliveriesPerSecond()
    {
        return elapsedNanos <= 0 ? 0 : deliveries * 1e9 / elapsedNanos;
    }

    /**
     * @return heap bytes allocated per published message, or NaN when nothing was published or allocation could not be
     *         measured.
     */
    public double bytesPerMessage()
    {
        return messages == 0 || allocatedBytes < 0 ? Double.NaN : (double)allocatedBytes / messages;
    }
}
