package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
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
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load-based repartitioning and work stealing on a running dispatcher. The balancing periods are driven by the test
 * ({@code balanceOnce()}), paced by messages, never by time, so what moves is decided by the load alone.
 * <p>
 * The hierarchy: a root with 8 children, one responder each; 4 partitions of 2 responders, partitions 0 and 1 on
 * worker 0, 2 and 3 on worker 1. "Hot" traffic goes, with level {@code SELF}, to children 0 to 3 only: both hot
 * partitions start on worker 0.
 */
class ParallelBalancingTest
{
    private static final int RECEIVERS = 8;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final OrderingChecker checker = new OrderingChecker(RECEIVERS, 1 << 16);
    private final List<NodeModel> children = new ArrayList<>();
    private NodeModel root;

    private ParallelDispatcher build(final Duration period, final long stealAfter)
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        root = h.createNode("root", false);
        for (int i = 0; i < RECEIVERS; i++)
        {
            final NodeModel child = h.createNode("child-" + i, false);
            h.link(root, child);
            children.add(child);
            final int receiver = i;
            h.addResponder(child, "r" + i, view -> checker.record(receiver,
                (int)view.payload().get(JAVA_LONG, 0), view.payload().get(JAVA_LONG, 8), view.sequence(),
                OrderingChecker.NO_CAUSE), Tag.EVERYTHING, true, false, true);
        }
        return ParallelDispatcher.builder(h, (node, source, method, error) ->
                failures.add(source + ": " + error.getMessage()))
            .workers(2)
            .partitions(4)
            .ringCapacity(1024)
            .idleStrategy(YieldingIdleStrategy::new)
            .balancePeriod(period)
            .balanceHysteresis(0.6, 2, 5, 100)
            .stealAfter(stealAfter)
            .log(line -> { })
            .build();
    }

    private static void send(final Producer p, final int node, final Metadata metadata, final int token, final long i)
    {
        final long ticket = p.begin(node, io.quicksilver.Method.FIRST_APPLICATION_METHOD, metadata, Backpressure.BLOCK);
        final MessageWriter w = p.writer();
        w.segment().set(JAVA_LONG, w.payloadOffset(), token);
        w.segment().set(JAVA_LONG, w.payloadOffset() + Long.BYTES, i);
        w.payloadWritten(PayloadType.BYTE_ARRAY, 2 * Long.BYTES);
        p.commit();
        assertTrue(ticket >= 0);
    }

    /** Message {@code i} of a hot producer: mostly to one of children 0-3 alone, every 8th a broadcast from root. */
    private void sendHot(final Producer p, final int token, final long i)
    {
        if (i % 8 == 7)
        {
            send(p, root.id(), Metadata.DEFAULT, token, i);
        }
        else
        {
            send(p, children.get((int)(i % 4)).id(), Metadata.SELF, token, i);
        }
    }

    private void expectHot(final int token, final long i)
    {
        if (i % 8 == 7)
        {
            for (int r = 0; r < RECEIVERS; r++)
            {
                checker.expect(r, token, i);
            }
        }
        else
        {
            checker.expect((int)(i % 4), token, i);
        }
    }

    private static boolean hotPartitionMoved(final ParallelDispatcher d)
    {
        return d.partitionOwner(0) == 1 || d.partitionOwner(1) == 1;
    }

    @Test
    @Timeout(30)
    void shouldMoveAHotPartitionOnceTheImbalanceLastsAndThenStayPut()
    {
        try (ParallelDispatcher d = build(Duration.ZERO, 0))
        {
            final Producer p = d.newProducer();
            long i = 0;
            assertEquals(-1, d.balanceOnce(), "first period is the baseline");

            for (final long end = i + 1000; i < end; i++)
            {
                sendHot(p, 0, i);
            }
            d.flush();
            assertEquals(-1, d.balanceOnce(), "one imbalanced period is not enough");
            assertEquals(0, d.partitionOwner(0));
            assertEquals(0, d.partitionOwner(1));

            for (final long end = i + 1000; i < end; i++)
            {
                sendHot(p, 0, i);
            }
            d.flush();
            assertTrue(d.balanceOnce() >= 0, "second imbalanced period moves");
            assertTrue(hotPartitionMoved(d), d.toString());
            assertEquals(1, d.balanceMoves());

            // Now even: however long the same load lasts, nothing moves again.
            for (int period = 0; period < 10; period++)
            {
                for (final long end = i + 1000; i < end; i++)
                {
                    sendHot(p, 0, i);
                }
                d.flush();
                assertEquals(-1, d.balanceOnce(), "period " + period + ": " + d);
            }
            assertEquals(1, d.balanceMoves());
            for (long m = 0; m < i; m++)
            {
                expectHot(0, m);
            }
            assertTrue(d.awaitQuiescence(Duration.ofSeconds(10)));
            checker.check().assertClean();
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Timeout(30)
    void shouldGiveAPartitionToAWorkerThatAsksForWork()
    {
        // The balancer thread never wakes in this test (one hour); the test runs the periods.
        try (ParallelDispatcher d = build(Duration.ofHours(1), 500))
        {
            final Producer p = d.newProducer();
            d.balanceOnce();
            // Only children 0 and 1 (partition 0, worker 0): worker 1 reads every message and delivers none.
            for (long i = 0; i < 2000; i++)
            {
                send(p, children.get((int)(i % 2)).id(), Metadata.SELF, 0, i);
            }
            d.flush();
            d.balanceOnce();

            assertEquals(0, d.stealMoves(), "a steal that only moves the hot spot is refused: " + d);

            for (long i = 2000; i < 4000; i++)
            {
                send(p, children.get((int)(i % 4)).id(), Metadata.SELF, 0, i);
            }
            d.flush();
            final long barrier = d.balanceOnce();

            assertTrue(barrier >= 0, d.toString());
            assertEquals(1, d.stealMoves());
            assertEquals(0, d.balanceMoves());
            assertTrue(hotPartitionMoved(d), d.toString());
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Timeout(60)
    void shouldKeepFifoWhileTheBalancerMovesAHotPartitionUnderLoad() throws Exception
    {
        final int producers = 2;
        try (ParallelDispatcher d = build(Duration.ZERO, 0))
        {
            final AtomicBoolean stop = new AtomicBoolean();
            final long[] sent = new long[producers];
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++)
            {
                final int token = t;
                final Thread thread = new Thread(() ->
                {
                    final Producer p = d.newProducer();
                    long i = 0;
                    while (!stop.get() || i < 20_000)
                    {
                        sendHot(p, token, i++);
                    }
                    sent[token] = i;
                }, "hot-producer-" + t);
                thread.start();
                threads.add(thread);
            }
            // One balancing period per 2,000 messages; stop once the balancer has moved a hot partition.
            long last = d.producerIndex();
            d.balanceOnce();
            while (!hotPartitionMoved(d))
            {
                if (d.producerIndex() - last >= 2000)
                {
                    last = d.producerIndex();
                    d.balanceOnce();
                }
                Thread.onSpinWait();
            }
            stop.set(true);
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertTrue(d.awaitQuiescence(Duration.ofSeconds(20)), d.toString());

            for (int t = 0; t < producers; t++)
            {
                for (long i = 0; i < sent[t]; i++)
                {
                    expectHot(t, i);
                }
            }
            checker.check().assertClean();
            assertTrue(d.balanceMoves() >= 1);
        }
        assertEquals(List.of(), failures);
    }
}
