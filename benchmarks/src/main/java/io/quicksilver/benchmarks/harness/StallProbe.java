package io.quicksilver.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long this machine stops a running thread: N threads spin on {@link System#nanoTime()} for a while, each keeping
 * its longest gap between two reads, and the kernel's steal time ({@code /proc/stat}) is read before and after.
 * <p>
 * A virtual machine whose host caps its CPU time stops a busy vCPU for the rest of the cap's period (measured: 100
 * ms gaps on the 2-vCPU development VM with both vCPUs busy, none with one). Every spinning benchmark meets those
 * stops, and a paced run's coordinated-omission-corrected latency counts them, so the report says what the machine
 * did before anyone reads a p99.
 *
 * @param threads    spinning threads.
 * @param nanos      how long they spun.
 * @param maxGapNs   longest gap any thread saw between two clock reads.
 * @param gapsOver1ms gaps longer than a millisecond, all threads together.
 * @param stealMs    steal time over the probe in milliseconds, or -1 where {@code /proc/stat} has none.
 */
public record StallProbe(int threads, long nanos, long maxGapNs, long gapsOver1ms, long stealMs)
{
    private static final long ONE_MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /**
     * Spin {@code threads} threads for {@code nanos}.
     *
     * @param threads at least 1.
     * @param nanos   at least 1.
     * @return what they saw.
     */
    public static StallProbe measure(final int threads, final long nanos)
    {
        if (threads < 1 || nanos < 1)
        {
            throw new IllegalArgumentException("threads and nanos must be positive: threads=" + threads +
                ", nanos=" + nanos);
        }
        final long[] maxGap = new long[threads];
        final long[] over = new long[threads];
        final Thread[] spinners = new Thread[threads];
        final long stealBefore = stealJiffies();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            spinners[t] = new Thread(() ->
            {
                final long start = System.nanoTime();
                long last = start;
                long now;
                long longest = 0;
                long count = 0;
                while ((now = System.nanoTime()) - start < nanos)
                {
                    final long gap = now - last;
                    longest = Math.max(longest, gap);
                    count += gap > ONE_MS ? 1 : 0;
                    last = now;
                }
                maxGap[id] = longest;
                over[id] = count;
            }, "qs-bench-stall-probe-" + t);
            spinners[t].setDaemon(true);
            spinners[t].start();
        }
        for (final Thread spinner : spinners)
        {
            try
            {
                spinner.join(TimeUnit.NANOSECONDS.toMillis(nanos) + 10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        final long stealAfter = stealJiffies();
        long longest = 0;
        long count = 0;
        for (int t = 0; t < threads; t++)
        {
            longest = Math.max(longest, maxGap[t]);
            count += over[t];
        }
        // USER_HZ is 100 on every Linux the JVM runs on: a jiffy in /proc/stat is 10 ms.
        final long steal = stealBefore < 0 || stealAfter < 0 ? -1 : (stealAfter - stealBefore) * 10;
        return new StallProbe(threads, nanos, longest, count, steal);
    }

    /**
     * @return one line for the report.
     */
    public String describe()
    {
        return String.format(Locale.ROOT, "%d threads spinning %.1f s: longest stop %.1f ms, %d stops over 1 ms, " +
            "steal %s", threads, nanos / 1e9, maxGapNs / 1e6, gapsOver1ms, stealMs < 0 ? "unknown" : stealMs + " ms");
    }

    /**
     * The steal field of /proc/stat's aggregate "cpu" line.
     *
     * @return jiffies, or -1 where it cannot be read.
     */
    static long stealJiffies()
    {
        try
        {
            for (final String line : Files.readAllLines(PROC_STAT))
            {
                if (line.startsWith("cpu "))
                {
                    final String[] fields = line.trim().split("\\s+");
                    return fields.length > 8 ? Long.parseLong(fields[8]) : -1;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }
}
