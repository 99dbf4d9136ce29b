package io.quicksilver.benchmarks.topology;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A consumer thread for the queue and ring peers, with the idle strategy every peer gets: poll, and when nothing
 * came, one {@link Thread#onSpinWait()} (busy spin, as the Quicksilver workers' {@code BusySpinIdleStrategy} and the
 * Disruptor's {@code BusySpinWaitStrategy}).
 */
final class SpinningConsumer implements AutoCloseable
{
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param name thread name.
     * @param poll one poll step; returns how many messages it consumed.
     */
    SpinningConsumer(final String name, final IntSupplier poll)
    {
        thread = new Thread(() ->
        {
            while (running)
            {
                if (poll.getAsInt() == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Wait until the queue is drained (or the timeout passes), then stop: JMH may tear down the shared state before
     * the producer threads check their deliveries, and stopping at once would strand the last messages.
     *
     * @param drained true once the queue is empty.
     * @param timeout how long to wait for it.
     */
    void drainAndClose(final BooleanSupplier drained, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!drained.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        close();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
