package io.quicksilver.benchmarks.topology;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The message every topology carries: a 64-byte payload of eight longs, written by the producer and read whole by
 * every receiver.
 * <p>
 * A message is identified by a key, {@code counter * producers + producer}; word {@code i} holds {@code key * 8 + i},
 * so the eight words sum to {@code 64 * key + 28} and word 0 gives the key back. A {@link Receiver} checks both: the
 * sum (no torn or stale payload) and, per producer, that counters arrive in order with none lost or repeated.
 */
final class DispatchPayload
{
    /** Payload bytes. */
    static final int LENGTH = 64;

    /** Payload words. */
    static final int WORDS = LENGTH / Long.BYTES;

    private DispatchPayload()
    {
    }

    static long key(final long counter, final int producers, final int producer)
    {
        return counter * producers + producer;
    }

    static long word(final long key, final int index)
    {
        return (key << 3) + index;
    }

    static long checksum(final long key)
    {
        return (key << 6) + 28;
    }

    static void write(final MemorySegment segment, final long offset, final long key)
    {
        for (int i = 0; i < WORDS; i++)
        {
            segment.set(JAVA_LONG_UNALIGNED, offset + (long)i * Long.BYTES, word(key, i));
        }
    }

    static long sum(final MemorySegment segment, final long offset)
    {
        long sum = 0;
        for (int i = 0; i < WORDS; i++)
        {
            sum += segment.get(JAVA_LONG_UNALIGNED, offset + (long)i * Long.BYTES);
        }
        return sum;
    }

    static void write(final MutableDirectBuffer buffer, final int index, final long key)
    {
        for (int i = 0; i < WORDS; i++)
        {
            buffer.putLong(index + i * Long.BYTES, word(key, i));
        }
    }

    static long sum(final DirectBuffer buffer, final int index)
    {
        long sum = 0;
        for (int i = 0; i < WORDS; i++)
        {
            sum += buffer.getLong(index + i * Long.BYTES);
        }
        return sum;
    }

    /**
     * The payload as a mutable heap object: the Disruptor's pre-allocated event, and the pooled objects a JCTools
     * queue carries by reference (a queue of references moves no bytes, so the producer fills a pooled object).
     */
    static final class Event
    {
        long w0;
        long w1;
        long w2;
        long w3;
        long w4;
        long w5;
        long w6;
        long w7;

        Event fill(final long key)
        {
            w0 = word(key, 0);
            w1 = word(key, 1);
            w2 = word(key, 2);
            w3 = word(key, 3);
            w4 = word(key, 4);
            w5 = word(key, 5);
            w6 = word(key, 6);
            w7 = word(key, 7);
            return this;
        }

        long sum()
        {
            return w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
        }
    }

    /**
     * The payload as an immutable message, the way an actor system is used: a new object per send.
     */
    static final class ImmutableMessage
    {
        final long w0;
        final long w1;
        final long w2;
        final long w3;
        final long w4;
        final long w5;
        final long w6;
        final long w7;

        ImmutableMessage(final long key)
        {
            w0 = word(key, 0);
            w1 = word(key, 1);
            w2 = word(key, 2);
            w3 = word(key, 3);
            w4 = word(key, 4);
            w5 = word(key, 5);
            w6 = word(key, 6);
            w7 = word(key, 7);
        }

        long sum()
        {
            return w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
        }
    }
}
