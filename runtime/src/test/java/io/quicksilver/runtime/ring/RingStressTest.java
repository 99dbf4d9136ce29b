package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Several producers, several consumers, every message a checksummed 64-byte payload: each consumer must see every
 * message exactly once, each producer's messages in the order it sent them.
 * <p>
 * The total is {@value #MESSAGES_DEFAULT} messages by default; {@code -Dquicksilver.stress.messages=N} raises it
 * for a long run. Idle strategies yield, so the test makes progress on two cores with more threads than cores.
 */
class RingStressTest
{
    static final String MESSAGES_PROP_NAME = "quicksilver.stress.messages";
    static final long MESSAGES_DEFAULT = 10_000_000L;
    static final int PAYLOAD_LONGS = 8;
    static final int PAYLOAD_LENGTH = PAYLOAD_LONGS * Long.BYTES;
    static final int CAPACITY = 1024;
    static final int POLL_LIMIT = 256;

    static long totalMessages()
    {
        return Long.getLong(MESSAGES_PROP_NAME, MESSAGES_DEFAULT);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryMessageOnceInProducerOrderFromThreeProducersToTwoConsumers() throws Exception
    {
        run(MultiProducerRing::new, 3, 2, totalMessages());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryMessageOnceInOrderFromOneProducerToTwoConsumers() throws Exception
    {
        run(SingleProducerRing::new, 1, 2, totalMessages() / 5);
    }

    private static void run(
        final BiFunction<SlotArena, Integer, MessageRing> factory,
        final int producers,
        final int consumers,
        final long total) throws Exception
    {
        final long perProducer = total / producers;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Arena arena = Arena.ofShared())
        {
            final MessageRing ring = factory.apply(SlotArena.allocate(arena, CAPACITY, PAYLOAD_LENGTH), consumers);
            final List<Thread> threads = new ArrayList<>();
            final Checker[] checkers = new Checker[consumers];
            for (int c = 0; c < consumers; c++)
            {
                checkers[c] = new Checker(producers);
                final RingConsumer consumer = ring.consumer(c);
                final Checker checker = checkers[c];
                threads.add(thread("consumer-" + c, failure, () ->
                {
                    final IdleStrategy idle = new YieldingIdleStrategy();
                    final long expected = perProducer * producers;
                    while (checker.received < expected && failure.get() == null)
                    {
                        idle.idle(consumer.poll(checker, POLL_LIMIT));
                    }
                }));
            }
            for (int p = 0; p < producers; p++)
            {
                final int producerId = p;
                // Producers claim in batches of 1, 2 or 3 so batch claim and publish race with single ones.
                final int batch = 1 + p % 3;
                threads.add(thread("producer-" + p, failure, () ->
                    produce(ring, producerId, perProducer, batch, failure)));
            }

            threads.forEach(Thread::start);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(170));
            }

            assertNull(failure.get(), () -> "a thread failed: " + failure.get());
            final long[] expectedLast = new long[producers];
            java.util.Arrays.fill(expectedLast, perProducer - 1);
            for (int c = 0; c < consumers; c++)
            {
                assertNull(checkers[c].error, "consumer " + c);
                assertEquals(perProducer * producers, checkers[c].received, "consumer " + c + " received");
                assertArrayEquals(expectedLast, checkers[c].lastSequence, "consumer " + c + " last per producer");
            }
            assertEquals(0, ring.droppedCount());
        }
    }

    private static void produce(
        final MessageRing ring,
        final int producerId,
        final long count,
        final int batch,
        final AtomicReference<Throwable> failure)
    {
        final MessageWriter writer = new MessageWriter();
        final IdleStrategy idle = new YieldingIdleStrategy();
        long sent = 0;
        while (sent < count && failure.get() == null)
        {
            final int n = (int)Math.min(batch, count - sent);
            final long first = ring.claim(n, idle);
            for (int i = 0; i < n; i++)
            {
                writer.wrap(ring, first + i).senderNodeId(producerId);
                writePayload(writer.segment(), writer.payloadOffset(), producerId, sent + i);
                writer.payloadWritten(PayloadType.BYTE_ARRAY, PAYLOAD_LENGTH);
            }
            ring.publish(first, n);
            sent += n;
        }
    }

    static void writePayload(final MemorySegment segment, final long offset, final long producerId, final long sequence)
    {
        long checksum = 0;
        for (int i = 0; i < PAYLOAD_LONGS - 1; i++)
        {
            final long word = word(producerId, sequence, i);
            segment.set(JAVA_LONG, offset + (long)i * Long.BYTES, word);
            checksum = checksum * 31 + word;
        }
        segment.set(JAVA_LONG, offset + (PAYLOAD_LONGS - 1) * Long.BYTES, checksum);
    }

    static long word(final long producerId, final long sequence, final int index)
    {
        return switch (index)
        {
            case 0 -> producerId;
            case 1 -> sequence;
            default -> (sequence * 0x9E3779B97F4A7C15L) ^ (producerId << 48) ^ ((long)index << 56);
        };
    }

    private static Thread thread(final String name, final AtomicReference<Throwable> failure, final Runnable body)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Per-consumer check: checksum, sender, and per-producer sequence exactly one past the previous. */
    static final class Checker implements MessageHandler
    {
        final long[] lastSequence;
        long received;
        String error;

        Checker(final int producers)
        {
            lastSequence = new long[producers];
            java.util.Arrays.fill(lastSequence, -1);
        }

        @Override
        public void onMessage(final MessageView message)
        {
            received++;
            final MemorySegment payload = message.payload();
            final long producerId = payload.get(JAVA_LONG, 0);
            final long sequence = payload.get(JAVA_LONG, Long.BYTES);
            long checksum = 0;
            for (int i = 0; i < PAYLOAD_LONGS - 1; i++)
            {
                final long word = payload.get(JAVA_LONG, (long)i * Long.BYTES);
                if (word != word(producerId, sequence, i))
                {
                    fail("corrupt word " + i + " at ring sequence=" + message.sequence());
                    return;
                }
                checksum = checksum * 31 + word;
            }
            if (checksum != payload.get(JAVA_LONG, (PAYLOAD_LONGS - 1) * Long.BYTES) ||
                message.payloadLength() != PAYLOAD_LENGTH || message.senderNodeId() != producerId)
            {
                fail("bad checksum, length or sender at ring sequence=" + message.sequence());
                return;
            }
            if (sequence != lastSequence[(int)producerId] + 1)
            {
                fail("producer " + producerId + " sequence=" + sequence + " after " + lastSequence[(int)producerId] +
                    " (lost, duplicated or reordered)");
                return;
            }
            lastSequence[(int)producerId] = sequence;
        }

        private void fail(final String message)
        {
            if (error == null)
            {
                error = message;
            }
        }
    }
}
