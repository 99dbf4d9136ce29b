package io.quicksilver;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several threads change one runtime's hierarchy at once: every change lands, none is lost, and routing sees them
 * all once applied.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentChangesTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int THREADS = 4;
    private static final int NODES_EACH = 300;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void changesFromSeveralThreadsAtOnceAllLand(final boolean parallel) throws Exception
    {
        final AtomicInteger delivered = new AtomicInteger();
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode root = qs.createNode("root");
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int id = t;
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        start.await();
                        for (int i = 0; i < NODES_EACH; i++)
                        {
                            final RelayNode child = qs.createNode("t" + id + "-" + i);
                            child.addResponder(message -> delivered.incrementAndGet());
                            root.addChild(child);
                            if (parallel && i % 50 == 0)
                            {
                                qs.applyChanges();
                            }
                        }
                    }
                    catch (final Throwable e)
                    {
                        failure.compareAndSet(null, e);
                    }
                }, "changer-" + t);
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            if (failure.get() != null)
            {
                throw new AssertionError("a changing thread failed", failure.get());
            }
            assertEquals(1 + THREADS * NODES_EACH, qs.nodes().size());
            assertEquals(THREADS * NODES_EACH, root.children().size());
            qs.applyChanges();
            root.send(APP);
            qs.flush();
        }
        assertEquals(THREADS * NODES_EACH, delivered.get());
    }
}
