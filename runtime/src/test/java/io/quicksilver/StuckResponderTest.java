package io.quicksilver;

import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A responder that blocks must stop only itself: its worker is replaced once the call outlasts {@code rescueAfter},
 * every other responder (those on the same node and worker included) receives every message in order, the stuck one
 * is skipped until its call returns and then receives again, and every message to it is either delivered or counted
 * as skipped. Before the rescue, one blocked responder stopped the whole runtime one ring lap later.
 */
class StuckResponderTest
{
    private static final int RING = 64;
    private static final int LAPS = 10;
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;

    private static Quicksilver runtime(final int workers, final Duration rescueAfter, final List<String> reports)
    {
        return Quicksilver.parallel().workers(workers).idleStrategy(YieldingIdleStrategy::new).ringCapacity(RING)
            .watchdogThreshold(Duration.ofMillis(50)).rescueAfter(rescueAfter).closeTimeout(Duration.ofSeconds(5))
            .errorHandler((node, source, method, error) ->
            {
                synchronized (reports)
                {
                    reports.add(source + ": " + error.getMessage());
                }
            })
            .build();
    }

    /** Records the int payloads it receives, for the order check. */
    private static final class Recorder implements Responder
    {
        final ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();

        @Override
        public void onMessage(final MessageView message)
        {
            seen.add(message.getInt());
        }

        void assertAll(final String who, final int count)
        {
            final List<Integer> got = new ArrayList<>(seen);
            assertEquals(count, got.size(), who + " got " + got.size() + " of " + count);
            for (int i = 0; i < count; i++)
            {
                assertEquals(i, got.get(i), who + ": message " + i + " out of order");
            }
        }
    }

    /** Blocks in its first call until released; counts every call. */
    private static final class Blocker implements Responder
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile boolean overlapped;

        @Override
        public void onMessage(final MessageView message)
        {
            if (concurrent.incrementAndGet() != 1)
            {
                overlapped = true;
            }
            try
            {
                if (calls.getAndIncrement() == 0)
                {
                    entered.countDown();
                    try
                    {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    catch (final InterruptedException e)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            finally
            {
                concurrent.decrementAndGet();
            }
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {1, 2})
    @Timeout(60)
    void aBlockedResponderStopsOnlyItself(final int workers) throws Exception
    {
        final List<String> reports = new ArrayList<>();
        final Blocker blocker = new Blocker();
        final Recorder sameNode = new Recorder();
        final Recorder before = new Recorder();
        final Recorder after = new Recorder();
        final Recorder reactions = new Recorder();
        int sent = 0;
        try (Quicksilver qs = runtime(workers, Duration.ofMillis(200), reports))
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode a = qs.createNode("a");
            final RelayNode slow = qs.createNode("slow");
            final RelayNode b = qs.createNode("b");
            root.addChild(a).addChild(slow).addChild(b);
            a.addResponder("before", before);
            slow.addResponder("blocker", blocker);
            final RelayNode echo = qs.createNode("echo");
            final RelayNode sink = qs.createNode("sink");
            echo.addChild(sink);
            sink.addResponder("reactions", reactions);
            // On the stuck responder's node (so its worker): each message answered with a reaction, whose order
            // must survive the worker's replacement.
            slow.addResponder("same-node", message ->
            {
                sameNode.onMessage(message);
                echo.sendInt(METHOD + 1, message.getInt(), Metadata.CHILD);
            });
            b.addResponder("after", after);
            qs.applyChanges();

            final int count = RING * LAPS;
            for (int i = 0; i < count; i++)
            {
                assertTrue(root.sendInt(METHOD, i), "send " + i);
                sent++;
            }
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(30)), "quiescence with a responder stuck");
            assertTrue(blocker.entered.await(0, TimeUnit.SECONDS));
            before.assertAll("before", count);
            sameNode.assertAll("same-node (the stuck one's node and worker)", count);
            after.assertAll("after", count);
            reactions.assertAll("reactions of the stuck one's neighbour", count);
            assertEquals(1, blocker.calls.get(), "the stuck responder is skipped while stuck");
            assertEquals(1, qs.rescues());
            assertEquals(count - 1, qs.stuckSkips());

            // Its call returns: it receives again, in order, from some message on; nothing is lost unaccounted for.
            blocker.release.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (blocker.calls.get() == 1)
            {
                assertTrue(System.nanoTime() < deadline, "the responder never received again after its call returned");
                assertTrue(root.sendInt(METHOD, sent), "send " + sent);
                sent++;
                assertTrue(qs.flush(Duration.ofSeconds(10)));
            }
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(10)));
            assertEquals(sent, blocker.calls.get() + qs.stuckSkips(),
                "every message to the stuck responder delivered or counted as skipped");
            before.assertAll("before", sent);
            sameNode.assertAll("same-node", sent);
            after.assertAll("after", sent);
            reactions.assertAll("reactions", sent);
            assertFalse(blocker.overlapped, "the stuck responder was called on two threads at once");
        }
        synchronized (reports)
        {
            assertTrue(reports.stream().anyMatch(r -> r.contains("replaced by a new thread")), reports.toString());
        }
    }

    /** Blocks in the first call after each {@link #arm()} until {@link #release()}. */
    private static final class Rearmable implements Responder
    {
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch armed;
        volatile CountDownLatch entered = new CountDownLatch(1);

        void arm()
        {
            entered = new CountDownLatch(1);
            armed = new CountDownLatch(1);
        }

        void release()
        {
            armed.countDown();
        }

        @Override
        public void onMessage(final MessageView message)
        {
            calls.incrementAndGet();
            final CountDownLatch latch = armed;
            if (latch != null && latch.getCount() > 0 && entered.getCount() > 0)
            {
                entered.countDown();
                try
                {
                    latch.await(60, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void aResponderStuckTwiceIsRescuedTwiceAndEveryMessageIsAccountedFor() throws Exception
    {
        final List<String> reports = new ArrayList<>();
        final Rearmable stuck = new Rearmable();
        final Recorder other = new Recorder();
        int sent = 0;
        try (Quicksilver qs = runtime(2, Duration.ofMillis(200), reports))
        {
            final RelayNode root = qs.createNode("root");
            root.addResponder("stuck", stuck);
            root.addResponder("other", other);
            qs.applyChanges();
            for (int round = 1; round <= 2; round++)
            {
                stuck.arm();
                for (int i = 0; i < RING * 3; i++)
                {
                    assertTrue(root.sendInt(METHOD, sent), "send " + sent);
                    sent++;
                }
                assertTrue(qs.flush(Duration.ofSeconds(30)), "flush while stuck, round " + round);
                assertEquals(round, qs.rescues());
                stuck.release();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                final int before = stuck.calls.get();
                while (stuck.calls.get() == before)
                {
                    assertTrue(System.nanoTime() < deadline, "never received again, round " + round);
                    assertTrue(root.sendInt(METHOD, sent), "send " + sent);
                    sent++;
                    assertTrue(qs.flush(Duration.ofSeconds(10)));
                }
            }
            assertTrue(qs.flush(Duration.ofSeconds(10)));
            assertEquals(sent, stuck.calls.get() + qs.stuckSkips(),
                "delivered + skipped = sent, across two replacements");
            other.assertAll("other", sent);
            assertEquals(sent * 2L - qs.stuckSkips(), qs.deliveries(), "skips are not counted as deliveries");
        }
    }

    @Test
    @Timeout(60)
    void withTheRescueOffABlockedResponderFillsTheRing() throws Exception
    {
        final List<String> reports = new ArrayList<>();
        final Blocker blocker = new Blocker();
        try (Quicksilver qs = runtime(2, Duration.ZERO, reports))
        {
            final RelayNode root = qs.createNode("root");
            root.addResponder("blocker", blocker);
            qs.applyChanges();
            final Metadata fail = Metadata.DEFAULT.withBackpressure(Backpressure.FAIL);
            assertTrue(root.sendInt(METHOD, 0, fail));
            assertTrue(blocker.entered.await(30, TimeUnit.SECONDS));
            int accepted = 0;
            while (root.sendInt(METHOD, accepted + 1, fail))
            {
                accepted++;
                assertTrue(accepted <= RING, "more sends accepted than the ring holds");
            }
            assertEquals(0, qs.rescues());
            blocker.release.countDown();
            assertTrue(qs.flush(Duration.ofSeconds(30)));
            assertEquals(accepted + 1, blocker.calls.get(), "nothing lost once the responder returns");
        }
    }
}
