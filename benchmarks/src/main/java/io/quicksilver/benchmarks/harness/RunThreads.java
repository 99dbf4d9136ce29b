package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.pin.ThreadPinning;

import java.lang.management.ManagementFactory;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread handling every workload's run shares: pinning a bench thread and saying where it ran, the allocation
 * counter, a bounded start barrier, threads whose failure is kept for the run's result, and bounded joins.
 */
final class RunThreads
{
    /** Longest wait at a run's start barrier: a thread that dies before the start must not stall the others. */
    static final long START_TIMEOUT_S = 30;

    private RunThreads()
    {
    }

    /**
     * Pin the calling thread, or say why it is not pinned.
     *
     * @param pinning the pinning service, or null when pinning is off or unavailable.
     * @param cpu     the CPU the plan gives the thread.
     * @return where the thread runs, for the report.
     */
    static String pin(final ThreadPinning pinning, final int cpu)
    {
        if (pinning == null)
        {
            return "cpu " + cpu + " planned, not pinned (pinning off or unavailable)";
        }
        try
        {
            pinning.pinCurrentThread(cpu);
            return "pinned to cpu " + cpu;
        }
        catch (final RuntimeException ex)
        {
            return "cpu " + cpu + " planned, not pinned: " + ex.getMessage();
        }
    }

    /**
     * @return the JVM's per-thread allocation counter, switched on, or null when the JVM has none.
     */
    static com.sun.management.ThreadMXBean allocationBean()
    {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean &&
            bean.isThreadAllocatedMemorySupported())
        {
            if (!bean.isThreadAllocatedMemoryEnabled())
            {
                bean.setThreadAllocatedMemoryEnabled(true);
            }
            return bean;
        }
        return null;
    }

    /**
     * Wait at the run's start barrier, at most {@link #START_TIMEOUT_S} seconds.
     *
     * @param barrier the run's start barrier.
     */
    static void await(final CyclicBarrier barrier)
    {
        try
        {
            barrier.await(START_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run to start", ex);
        }
        catch (final BrokenBarrierException | TimeoutException ex)
        {
            throw new IllegalStateException("another thread of the run failed before it started", ex);
        }
    }

    /**
     * A daemon thread whose first failure is kept in {@code failure}.
     *
     * @param name    thread name.
     * @param body    what it runs.
     * @param failure where the run's first failure goes.
     * @return the thread, not started.
     */
    static Thread thread(final String name, final Runnable body, final AtomicReference<String> failure)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, Thread.currentThread().getName() + " failed: " + t);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Wait for a paced send's time: yield the CPU while it is more than {@code spinNs} away, spin for the rest.
     *
     * @param next   {@link System#nanoTime()} of the send.
     * @param spinNs how close to spin rather than yield.
     */
    static void paceUntil(final long next, final long spinNs)
    {
        long now;
        while ((now = System.nanoTime()) < next)
        {
            if (next - now > spinNs)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Join until a deadline, no longer.
     *
     * @param thread        to join.
     * @param deadlineNanos {@link System#nanoTime()} deadline.
     */
    static void joinUntil(final Thread thread, final long deadlineNanos)
    {
        final long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0)
        {
            return;
        }
        try
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
