package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.NodeModel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Hands failure reports to the failure sink (the user's error handler) on a thread of its own,
 * {@code quicksilver-reporter}, for the callers that must not wait on user code without a bound: the watchdog, the
 * balancer and {@code close()}. A sink that never returns then holds the reporter thread only: the watchdog goes on
 * scanning, and {@code close()} waits for its reports at most its timeout ({@link #awaitDelivered(long)}).
 * <p>
 * The thread is started on the first report (a dispatcher that reports nothing from these threads never has one),
 * is a daemon, and ends once {@link #stop()} has been called and the queue is empty; a report offered after that
 * starts a new one. Reports wait in a queue of at most {@link #MAX_QUEUED} (a sink that does not return cannot make
 * it grow without bound); beyond that they are counted ({@link #dropped()}) and dropped. Interrupting the thread does
 * not stop it, as for the runtime's other threads.
 */
final class Reporter implements Runnable
{
    /** Most reports waiting for the sink. */
    static final int MAX_QUEUED = 1024;

    private final FailureSink sink;
    private final ArrayDeque<Report> queue = new ArrayDeque<>();
    private Thread thread;
    private long offered;
    private long delivered;
    private long dropped;
    private boolean stopping;

    /**
     * @param sink where reports go; its exceptions are ignored (the failure is already counted by the caller).
     */
    Reporter(final FailureSink sink)
    {
        this.sink = sink;
    }

    /**
     * Queue a report for the sink and return at once.
     *
     * @param node   node the failure belongs to, or null.
     * @param source what failed.
     * @param method id of the message, or -1.
     * @param error  the failure.
     * @return false if the queue was full and the report was dropped.
     */
    synchronized boolean offer(final NodeModel node, final String source, final int method, final Throwable error)
    {
        if (queue.size() >= MAX_QUEUED)
        {
            dropped++;
            return false;
        }
        queue.addLast(new Report(node, source, method, error));
        offered++;
        if (thread == null)
        {
            thread = new Thread(this, "quicksilver-reporter");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
        return true;
    }

    /**
     * Wait until the sink has returned from every report offered before the call, at most {@code timeoutNanos}; an
     * interrupt does not cut the wait short and is kept for the caller.
     *
     * @param timeoutNanos longest wait; 0 or less only looks.
     * @return true if they were all delivered, false if the sink is still busy with one of them.
     */
    boolean awaitDelivered(final long timeoutNanos)
    {
        boolean interrupted = false;
        try
        {
            synchronized (this)
            {
                final long target = offered;
                final long deadline = System.nanoTime() + timeoutNanos;
                while (delivered < target)
                {
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0)
                    {
                        return false;
                    }
                    try
                    {
                        TimeUnit.NANOSECONDS.timedWait(this, remaining);
                    }
                    catch (final InterruptedException e)
                    {
                        interrupted = true;
                    }
                }
                return true;
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

    /**
     * Let the thread end once the queue is empty (a sink that does not return keeps it, a daemon, behind).
     */
    synchronized void stop()
    {
        stopping = true;
        notifyAll();
    }

    /**
     * @return reports offered and not yet returned from by the sink.
     */
    synchronized long pending()
    {
        return offered - delivered;
    }

    /**
     * @return reports dropped because {@link #MAX_QUEUED} were waiting.
     */
    synchronized long dropped()
    {
        return dropped;
    }

    /**
     * @return the reporter thread, or null when none runs; for tests.
     */
    synchronized Thread thread()
    {
        return thread;
    }

    @Override
    public void run()
    {
        while (true)
        {
            final Report report;
            synchronized (this)
            {
                while (queue.isEmpty())
                {
                    if (stopping)
                    {
                        thread = null;
                        return;
                    }
                    try
                    {
                        wait();
                    }
                    catch (final InterruptedException e)
                    {
                        // Not a stop request: only stop() ends the thread, once the queue is empty.
                    }
                }
                report = queue.pollFirst();
            }
            try
            {
                sink.onFailure(report.node, report.source, report.method, report.error);
            }
            catch (final Throwable ignore)
            {
                // A failing error handler must not take the reporter down; the failure is already counted.
            }
            synchronized (this)
            {
                delivered++;
                notifyAll();
            }
        }
    }

    private record Report(NodeModel node, String source, int method, Throwable error)
    {
    }
}
