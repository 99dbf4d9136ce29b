package io.quicksilver.benchmarks.harness;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the platform (host, kernel scheduler, JVM safepoints) did to a thread while a latency run went on, measured
 * the way jHiccup does: a thread that asks to sleep one millisecond at a time and records by how much each wake-up
 * came late. It costs about a thousand short wake-ups a second, no busy core, so it can run beside the measured
 * threads without changing what they measure.
 * <p>
 * A late wake-up is a stop any thread of the process could have met at that moment: the host's CPU quota stopping
 * the vCPU, a runnable queue longer than the cores (more spinning threads than CPUs), or a safepoint. A paced run's
 * coordinated-omission-corrected latency cannot be lower than the stops its threads met, so the report prints these
 * beside the percentiles.
 */
final class HiccupMeter
{
    /** How long the meter asks to sleep each time. */
    static final long RESOLUTION_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long ONE_MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);

    private final Histogram late = new Histogram(HIGHEST_NS, 3);
    private final Thread thread;
    private final long stealBefore;
    private final long startNanos;
    private volatile boolean running = true;
    private long over1ms;
    private long over1msTotalNs;
    private Hiccups result;

    private HiccupMeter()
    {
        stealBefore = StallProbe.stealJiffies();
        startNanos = System.nanoTime();
        thread = new Thread(this::measure, "qs-bench-hiccup-meter");
        thread.setDaemon(true);
    }

    /**
     * @return a running meter; {@link #stop()} stops it and {@link #hiccups()} then reads what it saw.
     */
    static HiccupMeter start()
    {
        final HiccupMeter meter = new HiccupMeter();
        meter.thread.start();
        return meter;
    }

    private void measure()
    {
        long expected = System.nanoTime() + RESOLUTION_NS;
        while (running)
        {
            LockSupport.parkNanos(RESOLUTION_NS);
            final long now = System.nanoTime();
            final long lateBy = Math.max(0, now - expected);
            late.recordValue(Math.min(lateBy, HIGHEST_NS));
            if (lateBy > ONE_MS)
            {
                over1ms++;
                over1msTotalNs += lateBy;
            }
            expected = now + RESOLUTION_NS;
        }
    }

    /**
     * Stop the meter and wait for its thread.
     */
    void stop()
    {
        if (result != null)
        {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final long stealAfter = StallProbe.stealJiffies();
        // USER_HZ is 100 on every Linux the JVM runs on: a jiffy in /proc/stat is 10 ms.
        final long steal = stealBefore < 0 || stealAfter < 0 ? -1 : (stealAfter - stealBefore) * 10;
        result = thread.isAlive() ? Hiccups.NONE :
            new Hiccups(System.nanoTime() - startNanos, late.getTotalCount(), late.getValueAtPercentile(99),
                late.getMaxValue(), over1ms, over1msTotalNs, steal);
    }

    /**
     * @return what the meter saw; call after {@link #stop()}.
     */
    Hiccups hiccups()
    {
        if (result == null)
        {
            throw new IllegalStateException("stop the meter before reading it");
        }
        return result;
    }
}
