package io.quicksilver.benchmarks.topology;

import io.quicksilver.benchmarks.ring.Payloads;

/**
 * The message every topology carries: the rings' 64-byte payload of eight longs ({@link Payloads}: its words, its
 * checksum, how it is written and summed, and {@link Payloads.PayloadObject}, the mutable heap form the Disruptor's
 * events and the JCTools queues' pooled objects use), written by the producer and read whole by every receiver.
 * <p>
 * A message is identified by a key, {@link Payloads#key}{@code (counter, producers, producer)}; word 0 gives the key
 * back and the eight words sum to {@link Payloads#checksum}. A {@link Receiver} checks both: the sum (no torn or
 * stale payload) and, per producer, that counters arrive in order with none lost or repeated. What is here is the
 * one form the rings have no use for.
 */
final class DispatchPayload
{
    private DispatchPayload()
    {
    }

    /**
     * The payload as an immutable message, the way an actor system is used: a new object per send.
     *
     * @param w0 word 0, which carries the key.
     * @param w1 word 1.
     * @param w2 word 2.
     * @param w3 word 3.
     * @param w4 word 4.
     * @param w5 word 5.
     * @param w6 word 6.
     * @param w7 word 7.
     */
    record ImmutableMessage(long w0, long w1, long w2, long w3, long w4, long w5, long w6, long w7)
    {
        static ImmutableMessage of(final long key)
        {
            return new ImmutableMessage(Payloads.word(key, 0), Payloads.word(key, 1), Payloads.word(key, 2),
                Payloads.word(key, 3), Payloads.word(key, 4), Payloads.word(key, 5), Payloads.word(key, 6),
                Payloads.word(key, 7));
        }

        long sum()
        {
            return w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
        }
    }
}
