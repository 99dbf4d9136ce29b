package io.quicksilver.benchmarks.harness;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line per step on stderr: what runs now, step k of n, time elapsed, and an estimate of the time left.
 * <p>
 * The estimate is the planned time of the steps left, scaled by how far the finished steps overran their plan
 * (thread start, drain, JIT and the floor's fixed costs), so it settles after the first few steps.
 */
final class Progress
{
    private final PrintStream err;
    private final int totalSteps;
    private final long plannedTotalNanos;
    private final long startNanos = System.nanoTime();
    private int step;
    private long plannedDoneNanos;
    private long plannedCurrentNanos;

    Progress(final PrintStream err, final int totalSteps, final long plannedTotalNanos)
    {
        this.err = err;
        this.totalSteps = totalSteps;
        this.plannedTotalNanos = plannedTotalNanos;
    }

    /**
     * Announce the next step.
     *
     * @param what         what runs, e.g. {@code W=2 rep 1/3 throughput}.
     * @param plannedNanos how long it should take.
     */
    void begin(final String what, final long plannedNanos)
    {
        finishCurrent();
        step++;
        plannedCurrentNanos = plannedNanos;
        final long elapsed = System.nanoTime() - startNanos;
        err.println(String.format(Locale.ROOT, "[bench %d/%d | %s elapsed | ~%s left] %s",
            step, totalSteps, clock(elapsed), clock(estimateLeft(elapsed)), what));
        err.flush();
    }

    /**
     * Close the last step.
     *
     * @return total elapsed nanoseconds.
     */
    long finish()
    {
        finishCurrent();
        return System.nanoTime() - startNanos;
    }

    int steps()
    {
        return step;
    }

    private void finishCurrent()
    {
        plannedDoneNanos += plannedCurrentNanos;
        plannedCurrentNanos = 0;
    }

    long estimateLeft(final long elapsedNanos)
    {
        final long plannedLeft = Math.max(0, plannedTotalNanos - plannedDoneNanos);
        final double overrun = plannedDoneNanos > 0 ? Math.max(1.0, (double)elapsedNanos / plannedDoneNanos) : 1.0;
        return (long)(plannedLeft * overrun);
    }

    static String clock(final long nanos)
    {
        final long seconds = Math.round(nanos / 1e9);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
