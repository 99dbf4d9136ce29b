package io.quicksilver.benchmarks.ring;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The benchmark message, the same for every ring and every dispatch topology
 * ({@code io.quicksilver.benchmarks.topology} uses it too, so the payload and its checksum are defined once): a
 * 64-byte payload of eight longs, written by the producer and summed by the consumer.
 * <p>
 * A message is identified by a key, {@code counter * producers + producerId} ({@link #key}); word {@code i} holds
 * {@code key * 8 + i}, so the sum of the words is {@code 64 * key + 28} and word 0 gives the key back. The consumer
 * checks both: the checksum (no torn or stale payload) and, per producer, that keys arrive in order with none
 * missing or repeated. A failed check throws, failing the benchmark: a fast ring that loses messages has no score.
 * <p>
 * Segments are read and written with the aligned {@code JAVA_LONG}: every payload here starts 8-byte aligned (a
 * ring slot's payload follows its 64-byte header), and a misaligned one fails loudly instead of being measured.
 */
public final class Payloads
{
    /** Payload bytes. */
    public static final int LENGTH = 64;

    /** Payload words. */
    public static final int WORDS = LENGTH / Long.BYTES;

    private Payloads()
    {
    }

    /**
     * @param counter  the producer's message count before this one.
     * @param producers producers sending to the same consumer.
     * @param producer this producer, 0 to {@code producers - 1}.
     * @return the message's key: the consumer recovers producer and counter from it.
     */
    public static long key(final long counter, final int producers, final int producer)
    {
        return counter * producers + producer;
    }

    /**
     * @param key   the message's key.
     * @param index word index, 0 to {@link #WORDS} - 1.
     * @return the word at that index.
     */
    public static long word(final long key, final int index)
    {
        return (key << 3) + index;
    }

    /**
     * @param key the message's key.
     * @return the sum of its eight words.
     */
    public static long checksum(final long key)
    {
        return (key << 6) + 28;
    }

    /** Write the eight words of a key at an offset of a segment. */
    public static void write(final MemorySegment segment, final long offset, final long key)
    {
        for (int i = 0; i < WORDS; i++)
        {
            segment.set(JAVA_LONG, offset + (long)i * Long.BYTES, word(key, i));
        }
    }

    /** Write the eight words of a key at an index of a buffer. */
    public static void write(final MutableDirectBuffer buffer, final int index, final long key)
    {
        for (int i = 0; i < WORDS; i++)
        {
            buffer.putLong(index + i * Long.BYTES, word(key, i));
        }
    }

    /** Sum of the eight words at an offset of a segment. */
    public static long sum(final MemorySegment segment, final long offset)
    {
        long sum = 0;
        for (int i = 0; i < WORDS; i++)
        {
            sum += segment.get(JAVA_LONG, offset + (long)i * Long.BYTES);
        }
        return sum;
    }

    /** Sum of the eight words at an index of a buffer. */
    public static long sum(final DirectBuffer buffer, final int index)
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
     * A 64-byte payload as a heap object: the Disruptor's pre-allocated event, and the pre-filled (ring) or pooled
     * (topology) object the JCTools queues carry by reference.
     */
    public static final class PayloadObject
    {
        long w0;
        long w1;
        long w2;
        long w3;
        long w4;
        long w5;
        long w6;
        long w7;

        /**
         * @param key the message's key.
         * @return this, holding the key's eight words.
         */
        public PayloadObject fill(final long key)
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

        /**
         * @return word 0, which carries the key.
         */
        public long firstWord()
        {
            return w0;
        }

        /**
         * @return the sum of the eight words.
         */
        public long sum()
        {
            return w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
        }
    }
}
