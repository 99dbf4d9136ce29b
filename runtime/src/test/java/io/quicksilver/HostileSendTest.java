package io.quicksilver;

import io.quicksilver.runtime.message.PayloadCodec;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A careless or hostile sender (a deep caller stack, a {@code CharSequence} that changes while it is read, a codec
 * that writes more than it may) fails its own send with an exception, and nothing else: every other producer's
 * message still arrives, the ring never wedges, and the runtime still delivers and closes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileSendTest
{
    private static final int GOOD = Method.FIRST_APPLICATION_METHOD;
    private static final int HOSTILE = GOOD + 1;
    private static final int GOOD_SENDS = 5_000;
    private static final int MAX_PAYLOAD = 120;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Counts deliveries per method, and records any payload that is not what its sender wrote. */
    private static final class Receiver implements Responder
    {
        final ConcurrentHashMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        final AtomicReference<String> corrupt = new AtomicReference<>();

        @Override
        public void onMessage(final io.quicksilver.runtime.message.MessageView message)
        {
            counts.computeIfAbsent(message.method(), m -> new AtomicInteger()).incrementAndGet();
            if (message.method() == GOOD && message.getInt() != 7)
            {
                corrupt.compareAndSet(null, "good message carried " + message.getInt());
            }
            if (message.payloadLength() > MAX_PAYLOAD)
            {
                corrupt.compareAndSet(null, "payload longer than the slot: " + message.payloadLength());
            }
        }

        int count(final int method)
        {
            final AtomicInteger count = counts.get(method);
            return count == null ? 0 : count.get();
        }
    }

    // Responders that overflow the stack of a deep sender (single-threaded mode calls them on its thread) are
    // reported here, not printed.
    private static final ErrorHandler QUIET = (node, source, method, error) -> { };

    private static Quicksilver parallel()
    {
        // A small ring, so the hostile sends also land while the good producer waits for room (BLOCK).
        return Quicksilver.parallel().workers(2).idleStrategy(YieldingIdleStrategy::new).ringCapacity(64)
            .maxPayload(MAX_PAYLOAD).closeTimeout(Duration.ofSeconds(5)).errorHandler(QUIET).build();
    }

    private static Quicksilver runtime(final boolean parallel)
    {
        return parallel ? parallel() : Quicksilver.singleThreaded().maxPayload(MAX_PAYLOAD).errorHandler(QUIET).build();
    }

    /**
     * Runs {@code hostile} on its own thread while, in parallel mode, another thread sends {@link #GOOD_SENDS} good
     * messages; then every good message and every hostile send that returned true must be delivered.
     */
    private static void againstAGoodProducer(final boolean parallel, final HostileSender hostile) throws Exception
    {
        final Receiver receiver = new Receiver();
        try (Quicksilver qs = runtime(parallel))
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode leaf = qs.createNode("leaf");
            root.addChild(leaf);
            leaf.addResponder(receiver);
            root.addResponder(receiver);
            qs.applyChanges();

            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread good = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < GOOD_SENDS; i++)
                    {
                        assertTrue(root.sendInt(GOOD, 7));
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "good-producer");
            final int[] sent = new int[1];
            final Thread bad = new Thread(null, () ->
            {
                try
                {
                    sent[0] = hostile.send(root);
                }
                catch (final Throwable t)
                {
                    failure.compareAndSet(null, t);
                }
            }, "hostile-producer", 512 * 1024);

            if (parallel)
            {
                good.start();
            }
            bad.start();
            bad.join();
            if (!parallel)
            {
                good.start();   // a single-threaded runtime has one sending thread at a time
            }
            good.join();
            if (failure.get() != null)
            {
                throw new AssertionError("a producer failed", failure.get());
            }
            assertTrue(qs.flush(WAIT), "flush timed out: the ring is wedged");
            assertEquals(null, receiver.corrupt.get());
            assertEquals(2 * GOOD_SENDS, receiver.count(GOOD), "good messages lost (two responders each)");
            if (parallel)
            {
                assertEquals(2 * sent[0], receiver.count(HOSTILE), "hostile sends that returned true");
            }
            else
            {
                // A responder called on the deep thread may overflow the stack itself: a responder failure, reported.
                assertTrue(receiver.count(HOSTILE) <= 2 * sent[0], "more hostile deliveries than sends");
            }

            // Still alive: one more of each kind arrives.
            assertTrue(root.sendInt(GOOD, 7));
            assertTrue(qs.flush(WAIT));
            assertEquals(2 * GOOD_SENDS + 2, receiver.count(GOOD));
        }
    }

    @FunctionalInterface
    private interface HostileSender
    {
        /** @return how many sends returned true. */
        int send(RelayNode node) throws Exception;
    }

    // ------------------------------------------------------------------------------------------------ stack overflow

    private static final class DeepSender
    {
        final RelayNode node;
        int sent;
        int overflows;

        DeepSender(final RelayNode node)
        {
            this.node = node;
        }

        /** Recurse until the stack overflows, then send once at every level while the stack unwinds. */
        void descend(final int depth)
        {
            try
            {
                descend(depth + 1);
            }
            catch (final StackOverflowError e)
            {
                overflows++;
            }
            try
            {
                if (node.sendInt(HOSTILE, depth))
                {
                    sent++;
                }
            }
            catch (final StackOverflowError e)
            {
                overflows++;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStackOverflowInsideASendNeverWedgesTheRing(final boolean parallel) throws Exception
    {
        againstAGoodProducer(parallel, node ->
        {
            final DeepSender deep = new DeepSender(node);
            for (int round = 0; round < 20; round++)
            {
                deep.descend(0);
            }
            assertTrue(deep.overflows > 0);
            return deep.sent;
        });
    }

    // ------------------------------------------------------------------------------------------------ char sequences

    /** Answers {@code stable} for its first {@code stableReads} chars read, then a three-byte char. */
    private static final class ShiftyText implements CharSequence
    {
        private final int length;
        private final int stableReads;
        private int reads;

        ShiftyText(final int length, final int stableReads)
        {
            this.length = length;
            this.stableReads = stableReads;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public char charAt(final int index)
        {
            return reads++ < stableReads ? 'a' : '\u0800';
        }

        @Override
        public CharSequence subSequence(final int start, final int end)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString()
        {
            return "ShiftyText";
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCharSequenceThatChangesWhileEncodedStaysInItsSlot(final boolean parallel) throws Exception
    {
        againstAGoodProducer(parallel, node ->
        {
            int sent = 0;
            int refused = 0;
            for (int i = 0; i < 2_000; i++)
            {
                // Short and stable enough to measure as fitting, long enough to overrun the slot once it changes.
                final ShiftyText text = new ShiftyText(MAX_PAYLOAD, i % 2 == 0 ? MAX_PAYLOAD : 0);
                try
                {
                    if (node.sendString(HOSTILE, text))
                    {
                        sent++;
                    }
                }
                catch (final IllegalArgumentException e)
                {
                    assertTrue(e.getMessage().startsWith("payload length must be in [0, maxPayload]"), e.getMessage());
                    refused++;
                }
            }
            assertTrue(refused > 0, "the changing text fits in no slot and must be refused");
            return sent;
        });
    }

    @Test
    void aStringLongerThanTheSlotIsRefusedBeforeItIsRead()
    {
        // 1,431,655,766 three-byte chars: 4,294,967,298 bytes, which an int length wraps to 2.
        final CharSequence huge = new io.quicksilver.runtime.message.RepeatedChar(1_431_655_766, '\u0800');
        for (final boolean parallel : new boolean[] {true, false})
        {
            try (Quicksilver qs = runtime(parallel))
            {
                final RelayNode node = qs.createNode("node");
                final Receiver receiver = new Receiver();
                node.addResponder(receiver);
                final IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> node.sendString(HOSTILE, huge));
                assertTrue(e.getMessage().startsWith("payload length must be in [0, maxPayload]"), e.getMessage());
                assertTrue(node.sendInt(GOOD, 7));
                qs.flush();
                assertEquals(1, receiver.count(GOOD));
                assertEquals(0, receiver.count(HOSTILE));
            }
        }
    }

    /**
     * A bad byte range and a short transform are refused before a sequence is claimed: with the ring full under
     * {@code FAIL} (the worker held inside a responder), a send that claimed first would return false for want of a
     * slot; these throw, and once the worker is released every good message arrives.
     */
    @Test
    @Timeout(60)
    void aBadRangeOrAShortTransformIsRefusedBeforeTheClaim() throws Exception
    {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final AtomicInteger good = new AtomicInteger();
        try (Quicksilver qs = Quicksilver.parallel().workers(1).ringCapacity(64).backpressure(
            io.quicksilver.runtime.ring.Backpressure.FAIL).idleStrategy(YieldingIdleStrategy::new).errorHandler(QUIET)
            .build())
        {
            final RelayNode node = qs.createNode("node");
            node.addResponder(message ->
            {
                if (message.method() == GOOD && good.getAndIncrement() == 0)
                {
                    try
                    {
                        release.await();
                    }
                    catch (final InterruptedException e)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            qs.applyChanges();
            int accepted = 0;
            while (node.sendInt(GOOD, accepted))
            {
                accepted++;
            }
            assertTrue(accepted > 0, "the ring took some messages before it filled");
            assertThrows(IndexOutOfBoundsException.class, () -> node.sendBytes(HOSTILE, new byte[4], 2, 8));
            final IllegalArgumentException shortTransform =
                assertThrows(IllegalArgumentException.class, () -> node.sendTransform(HOSTILE, new float[3]));
            assertTrue(shortTransform.getMessage().startsWith("transform must have 10 floats"),
                shortTransform.getMessage());
            release.countDown();
            qs.flush();
            assertEquals(accepted, good.get());
        }
    }

    // ------------------------------------------------------------------------------------------------ codecs

    /** Declares a small payload and writes far past the room it was given. */
    private static final class OverrunningCodec implements PayloadCodec<Integer>
    {
        @Override
        public int encode(final Integer value, final MemorySegment segment, final long offset, final int maxLength)
        {
            segment.asSlice(offset, maxLength + value).fill((byte)0x5A);
            return 4;
        }

        @Override
        public Integer decode(final MemorySegment segment, final long offset, final int length)
        {
            return 0;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCodecThatWritesPastItsRoomFailsAlone(final boolean parallel) throws Exception
    {
        againstAGoodProducer(parallel, node ->
        {
            final OverrunningCodec codec = new OverrunningCodec();
            for (int i = 0; i < 2_000; i++)
            {
                assertThrows(IndexOutOfBoundsException.class, () -> node.sendCustom(HOSTILE, codec, 64, Metadata.DEFAULT));
            }
            return 0;
        });
    }

    // ------------------------------------------------------------------------------------------------ methods

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aNegativeMethodIsRefused(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel))
        {
            final RelayNode node = qs.createNode("node");
            final Receiver receiver = new Receiver();
            node.addResponder(receiver);
            for (final int method : new int[] {-1, Integer.MIN_VALUE})
            {
                final IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> node.sendInt(method, 7));
                assertTrue(e.getMessage().contains("method must not be negative"), e.getMessage());
            }
            assertTrue(node.sendInt(GOOD, 7));
            qs.flush();
            assertEquals(1, receiver.count(GOOD));
            assertEquals(1, receiver.counts.size());
        }
    }

    // ------------------------------------------------------------------------------------------------ close

    @Test
    void producersCaughtByCloseGetTheRuntimesMessage() throws Exception
    {
        for (int round = 0; round < 5; round++)
        {
            final Quicksilver qs = parallel();
            final RelayNode node = qs.createNode("node");
            node.addResponder(message -> { });
            qs.applyChanges();
            final List<Thread> producers = new ArrayList<>();
            final List<Throwable> endings = new java.util.concurrent.CopyOnWriteArrayList<>();
            final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
            for (int p = 0; p < 4; p++)
            {
                final Thread t = new Thread(() ->
                {
                    started.countDown();
                    try
                    {
                        while (true)
                        {
                            node.sendString(GOOD, "a message of some length, written in place");
                        }
                    }
                    catch (final Throwable e)
                    {
                        endings.add(e);
                    }
                }, "producer-" + p);
                producers.add(t);
                t.start();
            }
            started.await();
            qs.close();
            for (final Thread t : producers)
            {
                t.join();
            }
            assertEquals(4, endings.size());
            for (final Throwable e : endings)
            {
                assertTrue(e instanceof IllegalStateException && e.getMessage() != null &&
                    (e.getMessage().startsWith("runtime is closed") || e.getMessage().startsWith("dispatcher is closed")),
                    "a producer caught by close got: " + e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ two threads

    @Test
    void aSingleThreadedRuntimeRefusesASecondThreadWhileOneIsInsideASend() throws Exception
    {
        final java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final Quicksilver qs = Quicksilver.singleThreaded().errorHandler(QUIET).build();
        final RelayNode node = qs.createNode("node");
        final Receiver receiver = new Receiver();
        node.addResponder(receiver);
        node.addResponder(message ->
        {
            if (message.method() == HOSTILE)
            {
                inside.countDown();
                try
                {
                    release.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
        });
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread first = new Thread(() ->
        {
            try
            {
                node.sendInt(HOSTILE, 1);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "first-sender");
        first.start();
        inside.await();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.sendInt(GOOD, 7));
        assertTrue(e.getMessage().startsWith("a single-threaded runtime was sent on by two threads at once"),
            e.getMessage());
        assertTrue(e.getMessage().contains("first-sender"), e.getMessage());
        release.countDown();
        first.join();
        assertEquals(null, failure.get());

        // One after the other is fine, and close still works.
        assertTrue(node.sendInt(GOOD, 7));
        assertEquals(1, receiver.count(GOOD));
        assertEquals(1, receiver.count(HOSTILE));
        qs.close();
        assertTrue(qs.isClosed());
    }
}
