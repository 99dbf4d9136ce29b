package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's small public API: hop-limit drops, worker-thread test, close from a responder, FAIL refusals.
 */
class ParallelDispatcherApiTest
{
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private ParallelDispatcher.Builder builder(final Hierarchy hierarchy, final int workers)
    {
        return ParallelDispatcher.builder(hierarchy, (node, source, method, error) ->
                failures.add(source + ": " + error.getMessage()))
            .workers(workers)
            .ringCapacity(1024)
            .idleStrategy(YieldingIdleStrategy::new)
            .watchdogThreshold(Duration.ofSeconds(10))
            .closeTimeout(Duration.ofSeconds(2))
            .log(line -> { });
    }

    /** A chain n0 -> n1 -> ... with one counting responder per node. */
    private static NodeModel chain(final Hierarchy h, final int length, final AtomicLong delivered)
    {
        NodeModel first = null;
        NodeModel previous = null;
        for (int i = 0; i < length; i++)
        {
            final NodeModel node = h.createNode("n" + i, false);
            h.addResponder(node, "r" + i, view -> delivered.incrementAndGet(), Tag.EVERYTHING, true, false, true);
            if (previous != null)
            {
                h.link(previous, node);
            }
            else
            {
                first = node;
            }
            previous = node;
        }
        return first;
    }

    @Test
    @Timeout(30)
    void shouldCountEachHopLimitDropOnceNotOncePerWorker()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final AtomicLong delivered = new AtomicLong();
        final NodeModel first = chain(h, 8, delivered);
        try (ParallelDispatcher d = builder(h, 4).hopLimit(3).build())
        {
            final Producer p = d.newProducer();
            for (int i = 0; i < 200; i++)
            {
                assertTrue(p.send(first.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK) >= 0);
            }
            d.flush();

            assertEquals(3 * 200, delivered.get(), "depths 0 to 2 are delivered");
            assertEquals(200, d.hopLimitDrops(), "the node at depth 3 is dropped once per message, by any count");
        }
    }

    @Test
    @Timeout(30)
    void shouldTellItsOwnWorkerThreadsFromEveryOtherThread()
    {
        final Hierarchy h1 = new Hierarchy((n, s, m, e) -> { });
        final Hierarchy h2 = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root1 = h1.createNode("root", false);
        h2.createNode("other", false);
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (ParallelDispatcher other = builder(h2, 1).build())
        {
            final ParallelDispatcher[] self = new ParallelDispatcher[1];
            h1.addResponder(root1, "asks", view ->
                seen.add(self[0].isWorkerThread() + "/" + other.isWorkerThread()), Tag.EVERYTHING, true, false, true);
            try (ParallelDispatcher d = builder(h1, 2).build())
            {
                self[0] = d;
                assertFalse(d.isWorkerThread(), "the test thread is no worker");
                d.newProducer().send(root1.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK);
                d.flush();
            }
        }
        assertEquals(List.of("true/false"), seen, "a worker of one dispatcher is not a worker of another");
    }

    @Test
    @Timeout(30)
    void shouldBeAWorkerThreadOnlyInsideInvoke()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final List<Boolean> seen = new CopyOnWriteArrayList<>();
        final ParallelDispatcher[] self = new ParallelDispatcher[1];
        h.addResponder(root, "asks", view -> seen.add(self[0].isWorkerThread()), Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = builder(h, 1).invoker(true).build())
        {
            self[0] = d;
            d.newProducer().send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK);
            while (d.invoke(0) > 0)
            {
                Thread.onSpinWait();
            }

            assertEquals(List.of(true), seen);
            assertFalse(d.isWorkerThread(), "outside invoke() the same thread is no worker");
        }
    }

    @Test
    @Timeout(30)
    void shouldRefuseCloseFromAResponderAndStayOpen()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final ParallelDispatcher[] self = new ParallelDispatcher[1];
        h.addResponder(root, "closer", view ->
        {
            try
            {
                self[0].close();
                seen.add("closed");
            }
            catch (final IllegalStateException e)
            {
                seen.add(e.getMessage() + " closed=" + self[0].isClosed());
            }
        }, Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher d = builder(h, 1).build();
        self[0] = d;
        try
        {
            final Producer p = d.newProducer();
            p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK);
            d.flush();
            assertFalse(d.isClosed());
            p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK);
            d.flush();

            assertEquals(2, seen.size(), "the worker kept delivering after the refused close: " + seen);
            assertEquals("close() from a responder would wait on its own worker: thread=quicksilver-worker-0 " +
                "closed=false", seen.getFirst());
        }
        finally
        {
            d.close();
        }
        assertTrue(d.isClosed());
        assertEquals(List.of(), failures);
    }

    @Test
    @Timeout(30)
    void shouldCountFailRefusalsOfExternalSendsApartFromDrops()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        h.addResponder(root, "r", view -> { }, Tag.EVERYTHING, true, false, true);
        // Invoker mode: nothing consumes until invoke(), so the ring fills at a known count.
        try (ParallelDispatcher d = builder(h, 1).ringCapacity(8).invoker(true).build())
        {
            final Producer p = d.newProducer();
            int accepted = 0;
            while (p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.FAIL) >= 0)
            {
                accepted++;
            }
            assertEquals(7, accepted, "the first layout holds one of the 8 slots");
            assertEquals(1, d.ringFailures());
            assertEquals(0, d.ringDrops());

            assertEquals(Producer.CLAIM_DROPPED, p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.DROP));
            assertEquals(Producer.CLAIM_FAILED, p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.FAIL));
            assertEquals(2, d.ringFailures());
            assertEquals(1, d.ringDrops());

            while (d.invoke(0) > 0)
            {
                Thread.onSpinWait();
            }
            assertEquals(7, d.deliveries());
            assertTrue(p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.FAIL) >= 0, "room again");
            assertEquals(2, d.ringFailures());
        }
    }
}
