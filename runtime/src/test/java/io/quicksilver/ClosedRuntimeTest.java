package io.quicksilver;

import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed runtime refuses what would change it, and once dropped it is garbage, even while the threads that sent on
 * it live on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClosedRuntimeTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private static Quicksilver parallel()
    {
        return Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5)).build();
    }

    /** Build, send from this thread and from a second live thread, close; return only a weak reference. */
    private static WeakReference<Quicksilver> useAndClose() throws Exception
    {
        final Quicksilver qs = parallel();
        final RelayNode node = qs.createNode("node");
        final int[] seen = new int[1];
        node.addResponder(message -> seen[0]++);
        assertTrue(node.sendInt(APP, 1));
        final Thread sender = new Thread(() -> node.sendInt(APP, 2));
        sender.start();
        sender.join();
        qs.flush();
        qs.close();
        return new WeakReference<>(qs);
    }

    @Test
    void closedRuntimesAreCollectedWhileTheirSendingThreadLives() throws Exception
    {
        final List<WeakReference<Quicksilver>> runtimes = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            runtimes.add(useAndClose());
        }
        // This thread sent on every one of them and lives on; its thread-local map must not keep them.
        int alive = runtimes.size();
        for (int attempt = 0; attempt < 50 && alive > 0; attempt++)
        {
            System.gc();
            alive = 0;
            for (final WeakReference<Quicksilver> ref : runtimes)
            {
                alive += ref.get() != null ? 1 : 0;
            }
        }
        final List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < runtimes.size(); i++)
        {
            if (runtimes.get(i).get() != null)
            {
                kept.add(i);
            }
        }
        assertEquals(List.of(), kept, "closed runtimes still reachable after GC");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aClosedRuntimeRefusesHierarchyChanges(final boolean parallel)
    {
        final Quicksilver qs = parallel ? parallel() : Quicksilver.singleThreaded().build();
        final RelayNode parent = qs.createNode("parent");
        final RelayNode child = qs.createNode("child");
        qs.close();

        for (final Runnable change : new Runnable[] {
            () -> parent.addChild(child),
            () -> parent.addResponder(message -> { }),
            () -> parent.setActive(false),
            () -> qs.createNode("late")})
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class, change::run);
            assertTrue(e.getMessage().startsWith("runtime is closed"), e.getMessage());
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> parent.sendInt(APP, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private static final java.util.concurrent.atomic.AtomicInteger DELIVERED = new java.util.concurrent.atomic.AtomicInteger();

    /** Build and use a runtime, never close it; nothing it returns reaches the runtime. */
    private static java.util.Set<Thread> useAndDrop(final List<Throwable> reports, final boolean parallel)
    {
        final java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        final ErrorHandler handler = (node, source, method, error) -> reports.add(error);
        final Quicksilver qs = parallel ?
            Quicksilver.parallel().workers(2).idleStrategy(YieldingIdleStrategy::new).errorHandler(handler)
                .closeTimeout(Duration.ofSeconds(5)).build() :
            Quicksilver.singleThreaded().errorHandler(handler).build();
        final RelayNode node = qs.createNode("node");
        node.addResponder(message -> DELIVERED.incrementAndGet());
        node.sendInt(APP, 1);
        qs.flush();
        final java.util.Set<Thread> started = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        started.removeIf(t -> !t.getName().startsWith("quicksilver-"));
        return started;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRuntimeDroppedWithoutCloseIsStoppedFreedAndReportedOnce(final boolean parallel) throws Exception
    {
        final List<Throwable> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Set<Thread> threads = useAndDrop(reports, parallel);
        if (parallel)
        {
            assertTrue(threads.size() >= 2, "worker threads seen: " + threads);
        }
        for (int attempt = 0; attempt < 100 && (reports.isEmpty() || threads.stream().anyMatch(Thread::isAlive));
             attempt++)
        {
            System.gc();
            for (final Thread t : threads)
            {
                t.join(100);
            }
        }
        assertEquals(1, reports.size(), "reports: " + reports);
        assertTrue(reports.get(0).getMessage().startsWith("a Quicksilver runtime was dropped without close()"),
            reports.get(0).getMessage());
        for (final Thread t : threads)
        {
            assertTrue(!t.isAlive(), "still running: " + t);
        }
    }

    @Test
    void aClosedRuntimeIsNotReportedAsDropped() throws Exception
    {
        final List<Throwable> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        WeakReference<Quicksilver> ref;
        {
            final Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
                .errorHandler((node, source, method, error) -> reports.add(error)).build();
            qs.close();
            ref = new WeakReference<>(qs);
        }
        for (int attempt = 0; attempt < 50 && ref.get() != null; attempt++)
        {
            System.gc();
        }
        assertEquals(null, ref.get());
        assertEquals(List.of(), reports);
    }
}
