package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ordering.OrderingChecker;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelDispatcherTest
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
            // Long enough that a worker descheduled on a loaded machine is not reported as stuck.
            .watchdogThreshold(Duration.ofSeconds(10))
            .closeTimeout(Duration.ofSeconds(2))
            .log(line -> { });
    }

    static long send(final Producer producer, final int sender, final long token, final long sequence)
    {
        final long ticket = producer.begin(sender, METHOD, Metadata.DEFAULT, Backpressure.BLOCK);
        if (ticket >= 0)
        {
            final MessageWriter w = producer.writer();
            w.segment().set(JAVA_LONG, w.payloadOffset(), token);
            w.segment().set(JAVA_LONG, w.payloadOffset() + Long.BYTES, sequence);
            w.payloadWritten(PayloadType.BYTE_ARRAY, 2 * Long.BYTES);
            producer.commit();
        }
        return ticket;
    }

    /** A root with {@code count} child nodes, one responder each, recording into the checker as receiver i. */
    private static NodeModel fan(final Hierarchy h, final int count, final OrderingChecker checker)
    {
        final NodeModel root = h.createNode("root", false);
        for (int i = 0; i < count; i++)
        {
            final NodeModel child = h.createNode("child-" + i, false);
            h.link(root, child);
            final int receiver = i;
            h.addResponder(child, "r" + i, view -> checker.record(receiver,
                (int)view.payload().get(JAVA_LONG, 0), view.payload().get(JAVA_LONG, 8), view.sequence(),
                OrderingChecker.NO_CAUSE), Tag.EVERYTHING, true, false, true);
        }
        return root;
    }

    @Test
    @Timeout(30)
    void shouldFlushEverythingPublishedBeforeTheCall()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final AtomicLong seen = new AtomicLong();
        final NodeModel root = h.createNode("root", false);
        for (int i = 0; i < 16; i++)
        {
            h.addResponder(root, "r" + i, view -> seen.incrementAndGet(), Tag.EVERYTHING, true, false, true);
        }
        try (ParallelDispatcher d = builder(h, 4).build())
        {
            final Producer p = d.newProducer();
            for (int i = 0; i < 5000; i++)
            {
                send(p, root.id(), 0, i);
            }

            d.flush();

            assertEquals(5000L * 16, seen.get());
            assertTrue(d.flush(Duration.ofSeconds(5)));
            assertEquals(5000L * 16, d.deliveries());
            assertEquals(5000L * 4, d.kernelMessages(), "every worker routed every message with the kernel");
        }
    }

    @Test
    @Timeout(30)
    void shouldIsolateAThrowingResponder()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final AtomicLong good = new AtomicLong();
        final NodeModel root = h.createNode("root", false);
        h.addResponder(root, "bad", view ->
        {
            throw new IllegalStateException("boom " + view.sequence());
        }, Tag.EVERYTHING, true, false, true);
        h.addResponder(root, "good", view -> good.incrementAndGet(), Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = builder(h, 2).build())
        {
            final Producer p = d.newProducer();
            for (int i = 0; i < 100; i++)
            {
                send(p, root.id(), 0, i);
            }
            d.flush();

            assertEquals(100, good.get());
            assertEquals(100, d.responderErrors());
            assertEquals(100, failures.size());
            assertTrue(failures.get(0).startsWith("bad: boom"), failures.get(0));
        }
    }

    @Test
    @Timeout(60)
    void shouldKeepFifoAndDeliverEverythingAcrossForcedPartitionMoves() throws Exception
    {
        final int receivers = 32;
        final int producers = 2;
        final int perProducer = 20_000;
        final OrderingChecker checker = new OrderingChecker(receivers, producers * perProducer);
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = fan(h, receivers, checker);
        try (ParallelDispatcher d = builder(h, 4).partitions(8).build())
        {
            final CountDownLatch go = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++)
            {
                final int token = t;
                final Thread thread = new Thread(() ->
                {
                    final Producer p = d.newProducer();
                    try
                    {
                        go.await();
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                    for (int i = 0; i < perProducer; i++)
                    {
                        send(p, root.id(), token, i);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            int moves = 0;
            long lastMove = -1;
            while (threads.stream().anyMatch(Thread::isAlive))
            {
                // Paced by progress, not time: a move every 2000 messages.
                if (d.producerIndex() - lastMove >= 2000)
                {
                    final int partition = moves % d.partitionCount();
                    d.movePartition(partition, (d.partitionOwner(partition) + 1) % d.workerCount());
                    lastMove = d.producerIndex();
                    moves++;
                }
                Thread.yield();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertTrue(d.awaitQuiescence(Duration.ofSeconds(20)));

            for (int r = 0; r < receivers; r++)
            {
                for (int t = 0; t < producers; t++)
                {
                    for (int i = 0; i < perProducer; i++)
                    {
                        checker.expect(r, t, i);
                    }
                }
            }
            checker.check().assertClean();
            assertEquals((long)receivers * producers * perProducer, checker.deliveries());
            assertTrue(moves > 0);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Timeout(30)
    void shouldMoveAPartitionToTheNamedWorker()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final OrderingChecker checker = new OrderingChecker(8, 16);
        final NodeModel root = fan(h, 8, checker);
        try (ParallelDispatcher d = builder(h, 2).partitions(4).build())
        {
            assertEquals(4, d.partitionCount());
            assertEquals(2, d.partitionSize(0));
            assertEquals(0, d.partitionOwner(0));

            d.movePartition(0, 1);
            send(d.newProducer(), root.id(), 0, 0);
            d.flush();

            assertEquals(1, d.partitionOwner(0));
            assertEquals(8, checker.deliveries());
            assertEquals(6, d.deliveries(1));
            assertEquals(2, d.deliveries(0));
            assertThrows(IllegalArgumentException.class, () -> d.movePartition(4, 0));
            assertThrows(IllegalArgumentException.class, () -> d.movePartition(0, 2));
        }
    }

    @Test
    @Timeout(30)
    void shouldStageReactionsAfterTheirCauseAndRefuseBlock() throws Exception
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final NodeModel leaf = h.createNode("leaf", false);
        h.link(root, leaf);
        final ParallelDispatcher[] holder = new ParallelDispatcher[1];
        final List<Long> causes = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        h.addResponder(root, "echo", view ->
        {
            if (view.method() == METHOD)
            {
                final Producer reactions = holder[0].reactionProducer();
                try
                {
                    reactions.begin(root.id(), METHOD + 1, Metadata.SELF, Backpressure.BLOCK);
                }
                catch (final IllegalArgumentException e)
                {
                    refused.add(e.getMessage());
                }
                reactions.sendInt(root.id(), METHOD + 1, 7, Metadata.CHILD, Backpressure.FAIL);
            }
        }, Tag.EVERYTHING, true, false, true);
        h.addResponder(leaf, "sink", view ->
        {
            if (view.method() == METHOD + 1)
            {
                causes.add(view.causalSequence());
            }
        }, Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = builder(h, 3).build())
        {
            holder[0] = d;
            final Producer p = d.newProducer();
            final long first = send(p, root.id(), 0, 0);
            final long second = send(p, root.id(), 0, 1);

            assertTrue(d.awaitQuiescence(Duration.ofSeconds(10)));

            assertEquals(List.of(first, second), causes);
            assertEquals(2, refused.size());
            assertThrows(IllegalStateException.class, d::reactionProducer);
        }
    }

    @Test
    @Timeout(30)
    void shouldReportAStuckResponderAndStillClose() throws Exception
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        h.addResponder(root, "stuck", view ->
        {
            entered.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }, Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher d = builder(h, 2).watchdogThreshold(Duration.ofMillis(200)).closeTimeout(Duration.ofMillis(300)).build();
        try
        {
            send(d.newProducer(), root.id(), 0, 0);
            entered.await();
            // The watchdog's report reaches the failure sink on the reporter thread, after stuckReports() counts it.
            while (failures.stream().noneMatch(f -> f.contains("stuck on message")))
            {
                Thread.onSpinWait();
            }
            assertTrue(d.stuckReports() >= 1);
            assertFalse(d.flush(Duration.ofMillis(50)));
        }
        finally
        {
            // The stuck responder ignores interrupts until released: close must give up on it, not wait.
            d.close();
            release.countDown();
        }
        assertTrue(d.isClosed());
        assertTrue(d.stuckReports() >= 2, "watchdog and close both report: " + d.stuckReports());
    }

    @Test
    @Timeout(60)
    void shouldRunEightWorkersOnTwoCoresAndSayNothingWithoutAPlan()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final OrderingChecker checker = new OrderingChecker(64, 1000);
        final NodeModel root = fan(h, 64, checker);
        final List<String> notices = new CopyOnWriteArrayList<>();
        try (ParallelDispatcher d = builder(h, 8).log(notices::add).build())
        {
            final Producer p = d.newProducer();
            for (int i = 0; i < 1000; i++)
            {
                send(p, root.id(), 0, i);
            }
            d.flush();
            checker.check().assertClean();
            assertEquals(64_000, checker.deliveries());
        }
        // Unpinned is what a dispatcher without a plan was asked for: no notice (IdleStrategiesTest has the plan case).
        assertEquals(List.of(), notices);
    }

    @Test
    void shouldRejectBadConfigurationWithTheValue()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> builder(h, 65).build());
        assertEquals("workers must be in [1, 64]: workers=65", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder(h, 1).ringCapacity(1000).build());
    }

    @Test
    @Timeout(30)
    void shouldRefuseUnknownSender()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        h.createNode("root", false);
        try (ParallelDispatcher d = builder(h, 1).build())
        {
            final Producer p = d.newProducer();
            final NodeModel late = h.createNode("late", false);
            assertThrows(IllegalArgumentException.class,
                () -> p.send(late.id(), METHOD, Metadata.DEFAULT, Backpressure.FAIL));
            d.applyChanges();
            assertTrue(p.send(late.id(), METHOD, Metadata.DEFAULT, Backpressure.FAIL) >= 0);
        }
    }

    /**
     * A custom-level message carries its predicate's id and takes the scalar walk, never the kernel, even where its
     * other bits would (SELF_AND_CHILDREN from the root of a tree); without a predicate it is counted and routes the
     * rest. A predicate registered once is found again: the registry grows only with new ones.
     */
    @Test
    @Timeout(30)
    void shouldRouteTheCustomLevelWithTheWalkAndItsRegisteredPredicate()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final AtomicLong atRoot = new AtomicLong();
        final AtomicLong atChild = new AtomicLong();
        final NodeModel root = h.createNode("root", false);
        final NodeModel child = h.createNode("child", false);
        final NodeModel parent = h.createNode("parent", false);
        h.link(parent, root);
        h.link(root, child);
        h.addResponder(root, "root", view -> atRoot.incrementAndGet(), Tag.EVERYTHING, true, false, true);
        h.addResponder(child, "child", view -> atChild.incrementAndGet(), Tag.EVERYTHING, true, false, true);
        final AtomicLong atParent = new AtomicLong();
        h.addResponder(parent, "parent", view -> atParent.incrementAndGet(), Tag.EVERYTHING, true, false, true);
        // No API handles here: the predicate is given null, and says yes.
        final Metadata custom = Metadata.builder().level(io.quicksilver.Level.SELF_AND_CHILDREN |
            io.quicksilver.Level.CUSTOM).customFilter(node -> true).build();
        try (ParallelDispatcher d = builder(h, 2).build())
        {
            final Producer p = d.newProducer();
            for (int i = 0; i < 100; i++)
            {
                assertTrue(p.send(root.id(), METHOD, custom, Backpressure.BLOCK) >= 0);
            }
            assertTrue(p.send(root.id(), METHOD, Metadata.of(io.quicksilver.Level.SELF | io.quicksilver.Level.CUSTOM),
                Backpressure.BLOCK) >= 0);
            d.flush();
            assertEquals(0, d.kernelMessages(), "a custom-level message took the kernel");
            assertEquals(101, atRoot.get());
            assertEquals(100, atChild.get());
            assertEquals(100, atParent.get(), "the custom route reached the parent");
            assertEquals(1, d.customFilterCount());
            assertEquals(1, d.customDrops());

            assertTrue(p.send(root.id(), METHOD, Metadata.DEFAULT, Backpressure.BLOCK) >= 0);
            d.flush();
            assertEquals(2, d.kernelMessages(), "each worker routes the plain message with the kernel");
        }
        assertEquals(List.of(), failures);
    }
}
