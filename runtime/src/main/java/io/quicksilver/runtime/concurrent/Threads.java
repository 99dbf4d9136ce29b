package io.quicksilver.runtime.concurrent;

import java.util.concurrent.TimeUnit;

/**
 * Waiting for the runtime's own threads (workers, watchdog, balancer, sampler, journaller, network egress and
 * ingress) to end, one way for all of them.
 */
public final class Threads
{
    private Threads()
    {
    }

    /**
     * Wait for a thread to end, at most {@code timeoutNanos}, whether or not the caller is interrupted: an interrupt
     * does not cut the wait short (a {@code close()} called on an interrupted thread would otherwise give up on every
     * thread at once and report healthy workers as stuck) and is kept for the caller.
     *
     * @param thread       to wait for; one never started (an invoker dispatcher's watchdog) counts as ended.
     * @param timeoutNanos longest wait; 0 or less only looks.
     * @return true if it ended.
     */
    public static boolean join(final Thread thread, final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    // Not Thread.join(Duration): it throws for a thread never started.
                    TimeUnit.NANOSECONDS.timedJoin(thread, deadline - System.nanoTime());
                    return !thread.isAlive();
                }
                catch (final InterruptedException e)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
