package io.quicksilver.benchmarks.harness;

import java.util.Locale;

/**
 * Late wake-ups of a {@link HiccupMeter} over one or more runs.
 *
 * @param nanos        how long the meter ran.
 * @param wakeUps      wake-ups recorded.
 * @param p99LateNs    99th percentile of lateness.
 * @param maxLateNs    the latest wake-up.
 * @param over1ms      wake-ups more than 1 ms late.
 * @param over1msNs    their lateness added up.
 * @param stealMs      the kernel's steal time over the run in ms (all CPUs), or -1 where {@code /proc/stat} has
 *                     none.
 */
public record Hiccups(long nanos, long wakeUps, long p99LateNs, long maxLateNs, long over1ms, long over1msNs, long stealMs)
{
    /** No measurement (a run without a meter). */
    public static final Hiccups NONE = new Hiccups(0, 0, 0, 0, 0, 0, -1);

    /**
     * @return whether anything was measured.
     */
    public boolean measured()
    {
        return wakeUps > 0;
    }

    /**
     * The longest and total stops of several runs.
     *
     * @param other another run's.
     * @return both together: max of the maxima, sums of counts, the larger p99.
     */
    public Hiccups plus(final Hiccups other)
    {
        if (!other.measured())
        {
            return this;
        }
        if (!measured())
        {
            return other;
        }
        return new Hiccups(nanos + other.nanos, wakeUps + other.wakeUps, Math.max(p99LateNs, other.p99LateNs),
            Math.max(maxLateNs, other.maxLateNs), over1ms + other.over1ms, over1msNs + other.over1msNs,
            stealMs < 0 || other.stealMs < 0 ? -1 : stealMs + other.stealMs);
    }

    /**
     * @return one line for the progress output.
     */
    public String describe()
    {
        if (!measured())
        {
            return "platform stops not measured";
        }
        return String.format(Locale.ROOT, "platform stops (1 ms sleeper): max %.1f ms, p99 %.2f ms, %d over 1 ms " +
            "(%.1f ms in all, %.2f%% of the run), steal %s", maxLateNs / 1e6, p99LateNs / 1e6, over1ms,
            over1msNs / 1e6, nanos == 0 ? 0.0 : 100.0 * over1msNs / nanos,
            stealMs < 0 ? "unknown" : stealMs + " ms");
    }
}
