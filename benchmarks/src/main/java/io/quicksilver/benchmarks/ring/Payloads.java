package io.quicksilver.benchmarks.ring;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The benchmark message, the same for every ring: a 64-byte payload of eight longs, written by the producer and
 * summed by the consumer.
 * <p>
 * A message is identified by a key, {@code counter * producers + producerId}; word {@code i} holds
 * {@code key * 8 + i}, so the sum of the words is {@code 64 * key + 28} and word 0 gives the key back. The consumer
 * checks both: the checksum (no torn or stale payload) and, per producer, that keys arrive in order with none
 * missing or repeated. A failed check throws, failing the benchmark: a fast ring that loses messages has no score.
 */
final class Payloads
{
    static final int LENGTH = 64;
    static final int WORDS = LENGTH / Long.BYTES;

    private Payloads()
    {
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
            segment.set(JAVA_LONG, offset + (long)i * Long.BYTES, word(key, i));
        }
    }

    static void write(final MutableDirectBuffer buffer, final int index, final long key)
    {
        for (int i = 0; i < WORDS; i++)
        {
            buffer.putLong(index + i * Long.BYTES, word(key, i));
        }
    }

    /** Sum of the eight words at an offset of a segment. */
    static long sum(final MemorySegment segment, final long offset)
    {
        long sum = 0;
        for (int i = 0; i < WORDS; i++)
        {
            sum += segment.get(JAVA_LONG, offset + (long)i * Long.BYTES);
        }
        return sum;
    }

    /** Sum of the eight words at an index of a buffer. */
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
     * Checks what a consumer receives: checksum, and per-producer order without gaps or repeats.
     */
    static final class Checker
    {
        private final int producers;
        private final long[] nextCounter;

        Checker(final int producers)
        {
            this.producers = producers;
            this.nextCounter = new long[producers];
        }

        void check(final long firstWord, final long sum)
        {
            final long key = firstWord >>> 3;
            if (sum != checksum(key))
            {
                throw new IllegalStateException("payload checksum mismatch: key=" + key + ", sum=" + sum +
                    ", expected=" + checksum(key));
            }
            final int producer = (int)(key % producers);
            final long counter = key / producers;
            if (counter != nextCounter[producer])
            {
                throw new IllegalStateException("message out of order, lost or repeated: producer=" + producer +
                    ", counter=" + counter + ", expected=" + nextCounter[producer]);
            }
            nextCounter[producer] = counter + 1;
        }

        /** Checksum only, for queues that carry a shared pre-filled object rather than a message per offer. */
        static void checkSum(final long key, final long sum)
        {
            if (sum != checksum(key))
            {
                throw new IllegalStateException("payload checksum mismatch: key=" + key + ", sum=" + sum +
                    ", expected=" + checksum(key));
            }
        }
    }

    /**
     * A 64-byte payload as a heap object: the Disruptor's pre-allocated event, and the pre-filled object the JCTools
     * queues carry by reference.
     */
    static final class PayloadObject
    {
        long w0;
        long w1;
        long w2;
        long w3;
        long w4;
        long w5;
        long w6;
        long w7;

        PayloadObject fill(final long key)
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
}
