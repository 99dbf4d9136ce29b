package io.quicksilver.benchmarks.topology;

import io.quicksilver.benchmarks.ring.Payloads;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One receiver's correctness check and delivery count: checksum of every payload and, per producer, counters in
 * order with none lost or repeated.
 * <p>
 * Called by one thread at a time (a worker, an event processor, an actor). It never throws: an exception in a
 * Disruptor handler halts the processor and leaves the producer spinning on a full ring, so the first failure is
 * recorded instead and {@link #checkHealthy()} throws it on the benchmark thread, failing the benchmark (a fast
 * dispatcher that loses messages has no score). Counts are stored opaque so the benchmark thread can read them.
 */
final class Receiver
{
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final String name;
    private final int producers;
    // Padded at both ends: receivers of one topology are allocated together and may run on different threads.
    private final long[] next;
    private volatile String failure;

    Receiver(final String name, final int producers)
    {
        this.name = name;
        this.producers = producers;
        this.next = new long[producers + 16];
    }

    void onPayload(final MemorySegment payload, final long offset)
    {
        check(payload.get(JAVA_LONG, offset), Payloads.sum(payload, offset));
    }

    void onEvent(final PayloadObject event)
    {
        check(event.firstWord(), event.sum());
    }

    void onMessage(final DispatchPayload.ImmutableMessage message)
    {
        check(message.w0(), message.sum());
    }

    /**
     * @param firstWord payload word 0, which carries the key.
     * @param sum       sum of the eight payload words.
     */
    void check(final long firstWord, final long sum)
    {
        final long key = firstWord >>> 3;
        if (sum != Payloads.checksum(key))
        {
            fail("payload checksum mismatch at " + name + ": key=" + key + ", sum=" + sum +
                ", expected=" + Payloads.checksum(key));
            return;
        }
        final int producer = (int)(key % producers);
        final long counter = key / producers;
        final int index = producer + 8;
        final long expected = next[index];
        if (counter != expected)
        {
            fail("message out of order, lost or repeated at " + name + ": producer=" + producer + ", counter=" +
                counter + ", expected=" + expected);
        }
        COUNTS.setOpaque(next, index, counter + 1);
    }

    private void fail(final String message)
    {
        if (failure == null)
        {
            failure = message;
        }
    }

    /**
     * @param producer a producer id.
     * @return messages of that producer delivered here (the next counter expected).
     */
    long delivered(final int producer)
    {
        return (long)COUNTS.getOpaque(next, producer + 8);
    }

    /**
     * @return messages delivered here, all producers.
     */
    long delivered()
    {
        long total = 0;
        for (int p = 0; p < producers; p++)
        {
            total += delivered(p);
        }
        return total;
    }

    /**
     * @throws IllegalStateException with the first failure seen, if any.
     */
    void checkHealthy()
    {
        final String f = failure;
        if (f != null)
        {
            throw new IllegalStateException(f);
        }
    }

    /**
     * Wait for a producer's messages to arrive, then check they all did and in order.
     *
     * @param producer the producer.
     * @param sent     messages it sent.
     * @param timeout  how long to wait.
     * @throws IllegalStateException if a check failed or messages are missing after the timeout.
     */
    void awaitAndCheck(final int producer, final long sent, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered(producer) < sent && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        checkHealthy();
        final long delivered = delivered(producer);
        if (delivered != sent)
        {
            throw new IllegalStateException("messages lost or duplicated at " + name + ": producer=" + producer +
                ", sent=" + sent + ", delivered=" + delivered);
        }
    }
}
