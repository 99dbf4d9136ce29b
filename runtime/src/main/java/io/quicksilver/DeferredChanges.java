package io.quicksilver;

import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.parallel.ParallelDispatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hierarchy changes a handler of a parallel runtime asks for: a worker must not change the model or wait for the
 * ring, so it queues the change, tagged with the sequence of the message it is handling, and returns. A daemon
 * thread, {@code quicksilver-changes} (started by the first request), applies them once every worker is done with
 * that message, in sequence order (requests made for one message in the order they came), then installs the new
 * shape at a barrier: every message published after the barrier is routed with it. So a handler's change takes
 * effect after the send it handles, as in single-threaded mode, and messages already published when it is applied
 * keep the old shape.
 */
final class DeferredChanges implements Runnable
{
    private record Request(long sequence, long order, Runnable change)
    {
    }

    private static final Comparator<Request> IN_ORDER =
        Comparator.comparingLong(Request::sequence).thenComparingLong(Request::order);
    private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    // Not the runtime itself: this thread must not keep a dropped runtime reachable.
    private final Object changeLock;
    private final ParallelDispatcher dispatcher;
    private final FailureSink failures;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final ArrayList<Request> pending = new ArrayList<>();
    private long order;
    private Thread thread;
    // Requests taken and not yet applied (queued, pending, or being applied): awaitQuiescence waits for 0.
    private final java.util.concurrent.atomic.AtomicLong outstanding = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    DeferredChanges(final Object changeLock, final ParallelDispatcher dispatcher, final FailureSink failures)
    {
        this.changeLock = changeLock;
        this.dispatcher = dispatcher;
        this.failures = failures;
    }

    /**
     * Queue a change asked for by the handler running on the calling worker.
     *
     * @param change applies the change to the hierarchy's model; runs on the changes thread, under the change lock.
     */
    synchronized void request(final Runnable change)
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed: cannot change its hierarchy");
        }
        outstanding.incrementAndGet();
        requests.add(new Request(dispatcher.handlingSequence(), order++, change));
        if (thread == null)
        {
            thread = new Thread(this, "quicksilver-changes");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void run()
    {
        while (!closed && !dispatcher.isClosed())
        {
            try
            {
                final Request first = requests.poll(100, TimeUnit.MILLISECONDS);
                if (first != null)
                {
                    pending.add(first);
                }
            }
            catch (final InterruptedException e)
            {
                // Only close() stops this thread; an interrupt from elsewhere is cleared by poll and ignored.
                continue;
            }
            requests.drainTo(pending);
            if (pending.isEmpty())
            {
                continue;
            }
            pending.sort(IN_ORDER);
            // Every handler of messages up to s has run once every worker is done with s: no request for a message
            // at or before s can still come, so those can be applied in their final order.
            final long sequence = pending.get(0).sequence();
            if (sequence >= 0 && !dispatcher.consumedThrough(sequence))
            {
                LockSupport.parkNanos(WAIT_NANOS);
                continue;
            }
            applyReady();
        }
    }

    private void applyReady()
    {
        synchronized (changeLock)
        {
            if (closed || dispatcher.isClosed())
            {
                return;
            }
            int applied = 0;
            while (applied < pending.size())
            {
                final Request request = pending.get(applied);
                if (request.sequence() >= 0 && !dispatcher.consumedThrough(request.sequence()))
                {
                    break;
                }
                try
                {
                    request.change().run();
                }
                catch (final RuntimeException e)
                {
                    // The handler that asked has returned: its change's failure goes to the error handler.
                    failures.onFailure(null, "deferred change", -1, e);
                }
                applied++;
            }
            pending.subList(0, applied).clear();
            try
            {
                dispatcher.applyChanges();
            }
            catch (final IllegalStateException e)
            {
                // Closed meanwhile: nothing left to route.
            }
            outstanding.addAndGet(-applied);
        }
    }

    /**
     * @return true when every change asked for so far is applied and installed.
     */
    boolean isIdle()
    {
        return outstanding.get() == 0;
    }

    /**
     * Stop the changes thread; requests not applied yet are dropped.
     *
     * @param timeoutNanos longest wait for the thread.
     */
    void close(final long timeoutNanos)
    {
        final Thread t;
        synchronized (this)
        {
            closed = true;
            t = thread;
        }
        if (t != null)
        {
            t.interrupt();
            try
            {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
