package io.quicksilver.runtime.ring;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.CountDownLatch;

/**
 * Yields like {@link YieldingIdleStrategy}, and says that it was called: a ring calls a producer's idle strategy
 * only while a blocking claim waits for room, so a test can wait on {@link #called} instead of sleeping.
 */
public final class SignallingIdleStrategy implements IdleStrategy
{
    private final CountDownLatch called;

    /**
     * @param called counted down on every idle call.
     */
    public SignallingIdleStrategy(final CountDownLatch called)
    {
        this.called = called;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        called.countDown();
        Thread.yield();
    }

    @Override
    public void reset()
    {
    }
}
