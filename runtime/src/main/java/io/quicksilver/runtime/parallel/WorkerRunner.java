package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.concurrent.Threads;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Runs one worker ({@link org.agrona.concurrent.Agent}) on its own thread, Agrona's {@code AgentRunner} contract: {@code doWork()} in a loop, its
 * work count fed to an {@link IdleStrategy}, failures to the dispatcher's error handler, and the loop left once
 * {@link #stop()} is seen.
 * <p>
 * Why not Agrona's runner: its {@code close()} waits for the thread however long a blocked agent takes, and a
 * responder may block forever. Here {@link #awaitStop(long)} gives up after a timeout and says which worker is stuck,
 * so {@code close()} cannot deadlock.
 * <p>
 * <b>Interrupts.</b> An interrupt is not a stop request: only {@link #stop()} (the dispatcher's {@code close()}) ends
 * the loop. The interrupt flag is cleared at the top of every duty cycle and the worker carries on, because a parking
 * idle strategy ({@code backoff}, {@code sleep}) returns from {@code LockSupport.parkNanos} at once while the flag is
 * set, so a worker left interrupted by an executor or a test framework would spin instead of idling. An interrupt
 * that arrives while a responder runs reaches that responder (a blocked one wakes with
 * {@link InterruptedException}, which is how {@code close()} nudges a stuck worker); one that arrives while the worker
 * idles is cleared before the next responder runs.
 */
final class WorkerRunner implements Runnable
{
    private final Worker agent;
    private final IdleStrategy idle;
    private final Runnable onStart;
    private final ParallelDispatcher dispatcher;
    private final WorkerThread thread;
    private volatile boolean running = true;

    WorkerRunner(
        final ParallelDispatcher dispatcher, final Worker agent, final IdleStrategy idle, final Runnable onStart)
    {
        this.dispatcher = dispatcher;
        this.agent = agent;
        this.idle = idle;
        this.onStart = onStart;
        this.thread = new WorkerThread(this, agent.roleName(), dispatcher, agent);
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    IdleStrategy idleStrategy()
    {
        return idle;
    }

    WorkerThread thread()
    {
        return thread;
    }

    @Override
    public void run()
    {
        try
        {
            onStart.run();
            agent.onStart();
        }
        catch (final Throwable t)
        {
            dispatcher.reportRuntimeError(agent.roleName() + " start", t);
        }
        final IdleStrategy idle = this.idle;
        while (running)
        {
            // Not a stop request (see the class comment): cleared so the idle strategy keeps parking.
            Thread.interrupted();
            try
            {
                idle.idle(agent.doWork());
            }
            catch (final Worker.Replaced replaced)
            {
                // Another thread delivers in this worker's place now: the responder this thread was stuck in has
                // returned, and the thread ends here without touching the worker again.
                dispatcher.replacedThreadReturned(agent);
                return;
            }
            catch (final Throwable t)
            {
                if (!running)
                {
                    break;
                }
                dispatcher.reportRuntimeError(agent.roleName(), t);
            }
        }
        try
        {
            agent.onClose();
        }
        catch (final Throwable t)
        {
            dispatcher.reportRuntimeError(agent.roleName() + " close", t);
        }
    }

    void stop()
    {
        running = false;
    }

    /**
     * Wait for the thread to leave its loop.
     *
     * @param timeoutNanos longest wait.
     * @return true if it stopped, false if it is still running (stuck in a responder).
     */
    boolean awaitStop(final long timeoutNanos)
    {
        if (thread == Thread.currentThread())
        {
            return false;
        }
        return Threads.join(thread, Math.max(timeoutNanos, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    /**
     * The worker's thread: recognisable, so a producer can tell it is on a worker and refuse to block.
     */
    static final class WorkerThread extends Thread
    {
        private final ParallelDispatcher dispatcher;
        private final Worker worker;

        WorkerThread(final Runnable runner, final String name, final ParallelDispatcher dispatcher, final Worker worker)
        {
            super(runner, name);
            this.dispatcher = dispatcher;
            this.worker = worker;
        }

        Worker worker()
        {
            return worker;
        }

        ParallelDispatcher dispatcher()
        {
            return dispatcher;
        }
    }
}
