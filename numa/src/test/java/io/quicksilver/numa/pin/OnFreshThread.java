package io.quicksilver.numa.pin;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a test body on a new platform thread, so pinning never sticks to a JUnit or surefire thread,
 * and hands back its result or rethrows what it threw.
 */
final class OnFreshThread
{
    interface Body<T>
    {
        T run();
    }

    private OnFreshThread()
    {
    }

    static <T> T call(final Body<T> body) throws InterruptedException
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = Thread.ofPlatform().name("pinning-test").start(() ->
        {
            try
            {
                result.set(body.run());
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        thread.join();
        final Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (thrown instanceof Error error)
        {
            throw error;
        }
        return result.get();
    }
}
