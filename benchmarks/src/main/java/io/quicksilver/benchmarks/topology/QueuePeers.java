package io.quicksilver.benchmarks.topology;

import io.quicksilver.benchmarks.ring.Payloads;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import org.agrona.BufferUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MessagePassingQueue;

/**
 * How every topology builds and feeds the queue and ring peers (JCTools queues, Agrona ring buffers, and the
 * Disruptor's single-producer publish), so the settings that make the comparison fair are in one place, as
 * {@link QuicksilverRuntimes} is for Quicksilver: capacities matched to Quicksilver's ring, a consumer thread with the
 * same busy spin ({@link SpinningConsumer}) that hands every payload to a {@link Receiver}, and a send that, finding
 * the queue full, spins one {@link Thread#onSpinWait()} and tries again.
 */
final class QueuePeers
{
    /** Agrona ring bytes: the bytes of Quicksilver's 1024 slots of 128 (1820 records of 72 bytes). */
    static final int AGRONA_CAPACITY = 128 * 1024;

    static final int AGRONA_MSG_TYPE_ID = 1;

    /**
     * Pooled payload objects per JCTools producer: more than the queue holds, so an object comes back to its producer
     * only after the consumer has moved past it (a queue of references moves no bytes, so the producer fills one).
     */
    static final int POOL_SIZE = 2 * QuicksilverRuntimes.RING_CAPACITY;

    private QueuePeers()
    {
    }

    /**
     * @return a cache-line aligned buffer for an Agrona ring of {@link #AGRONA_CAPACITY} bytes.
     */
    static UnsafeBuffer agronaBuffer()
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            AGRONA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64));
    }

    /**
     * @param name     thread name.
     * @param ring     an Agrona ring (one-to-one or many-to-one).
     * @param receiver checks every record's payload.
     * @return a started consumer thread reading the ring.
     */
    static SpinningConsumer agronaConsumer(final String name, final RingBuffer ring, final Receiver receiver)
    {
        final MessageHandler handler =
            (msgTypeId, buffer, index, length) -> receiver.check(buffer.getLong(index), Payloads.sum(buffer, index));
        return new SpinningConsumer(name, () -> ring.read(handler, QuicksilverRuntimes.RING_CAPACITY));
    }

    /**
     * @param ring an Agrona ring.
     * @return true once the consumer has read everything written.
     */
    static boolean drained(final RingBuffer ring)
    {
        return ring.producerPosition() == ring.consumerPosition();
    }

    /**
     * Write one payload in a claimed record, busy-spinning while the ring is full.
     *
     * @param ring   an Agrona ring.
     * @param buffer the ring's buffer.
     * @param key    the message's key.
     * @return claims refused before it was sent.
     */
    static long agronaSend(final RingBuffer ring, final UnsafeBuffer buffer, final long key)
    {
        long refused = 0;
        int index;
        while ((index = ring.tryClaim(AGRONA_MSG_TYPE_ID, Payloads.LENGTH)) < 0)
        {
            refused++;
            Thread.onSpinWait();
        }
        Payloads.write(buffer, index, key);
        ring.commit(index);
        return refused;
    }

    /**
     * Fill the next event of a single-producer Disruptor ring and publish it, busy-spinning while the ring is full.
     *
     * @param ring a single-producer ring.
     * @param key  the message's key.
     * @return claims refused before it was sent.
     */
    static long disruptorSend(final com.lmax.disruptor.RingBuffer<PayloadObject> ring, final long key)
    {
        // next() parks for a nanosecond when the ring is full; ask first so a full ring costs a spin, as for all.
        long refused = 0;
        while (!ring.hasAvailableCapacity(1))
        {
            refused++;
            Thread.onSpinWait();
        }
        final long sequence = ring.next();
        ring.get(sequence).fill(key);
        ring.publish(sequence);
        return refused;
    }

    /**
     * @param name     thread name.
     * @param queue    a JCTools queue of payload objects.
     * @param receiver checks every payload.
     * @return a started consumer thread draining the queue.
     */
    static SpinningConsumer jctoolsConsumer(
        final String name, final MessagePassingQueue<PayloadObject> queue, final Receiver receiver)
    {
        return new SpinningConsumer(name, () -> queue.drain(receiver::onEvent, QuicksilverRuntimes.RING_CAPACITY));
    }

    /**
     * @return {@link #POOL_SIZE} payload objects for one JCTools producer.
     */
    static PayloadObject[] pool()
    {
        final PayloadObject[] pool = new PayloadObject[POOL_SIZE];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new PayloadObject();
        }
        return pool;
    }

    /**
     * Fill the producer's next pooled object and offer it, busy-spinning while the queue is full.
     *
     * @param queue a JCTools queue.
     * @param pool  the producer's pool ({@link #pool()}).
     * @param sent  messages the producer sent before this one.
     * @param key   the message's key.
     * @return offers refused before it was sent.
     */
    static long jctoolsSend(
        final MessagePassingQueue<PayloadObject> queue, final PayloadObject[] pool, final long sent, final long key)
    {
        final PayloadObject payload = pool[(int)(sent & (POOL_SIZE - 1))];
        payload.fill(key);
        long refused = 0;
        while (!queue.offer(payload))
        {
            refused++;
            Thread.onSpinWait();
        }
        return refused;
    }
}
