package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import org.agrona.concurrent.IdleStrategy;

import java.lang.foreign.MemorySegment;

import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_VH;

/**
 * Ring for any number of producer threads: a shared claim index (compare-and-set for a failing claim, one atomic
 * add for a blocking one) and a per-slot published flag that is the slot's own sequence field.
 * <p>
 * Producers publish out of order; consumers read a slot once its sequence field equals the sequence they expect,
 * with acquire semantics, so the flag and the header they then read share one cache line: no separate availability
 * buffer to miss on. A producer descheduled between claim and publish holds back consumers at its sequence (never
 * past it): the ring is lock-free for producers, not wait-free for consumers.
 */
public final class MultiProducerRing extends MessageRing
{
    /** Last claimed sequence; shared by producers. */
    private final Sequence claimIndex = new Sequence(-1);
    /** Minimum consumer sequence as some producer last read it; release/acquire so the gating edge carries over. */
    private final Sequence gatingCache = new Sequence(-1);

    /**
     * Ring over a slot arena.
     *
     * @param slots         where messages live; its capacity is the ring's.
     * @param consumerCount number of gating consumers, each of which sees every message.
     */
    public MultiProducerRing(final SlotArena slots, final int consumerCount)
    {
        super(slots, consumerCount);
    }

    @Override
    public long tryClaim(final int count)
    {
        checkCount(count);
        final Sequence claimIndex = this.claimIndex;
        final int capacity = this.capacity;
        long current;
        long next;
        do
        {
            current = claimIndex.getVolatile();
            next = current + count;
            final long wrapPoint = next - capacity;
            final long cached = gatingCache.getAcquire();
            if (wrapPoint > cached)
            {
                final long minimum = lvMinimumConsumerSequence();
                if (minimum > cached)
                {
                    // Only an advance is worth a store to the line every producer reads: a full ring polled by
                    // several producers would otherwise have them all rewriting the same value.
                    gatingCache.setRelease(minimum);
                }
                if (wrapPoint > minimum)
                {
                    return CLAIM_FAILED;
                }
            }
        }
        while (!claimIndex.compareAndSet(current, next));

        if (checked())
        {
            markClaimed(current + 1, count);
        }
        return current + 1;
    }

    @Override
    public long claim(final int count, final IdleStrategy idle, final StallListener stalls)
    {
        final long first = reserve(count);
        awaitReserved(first, count, idle, stalls);
        return first;
    }

    /**
     * First half of a blocking claim, for a producer that must account for its sequences even when the wait for
     * room fails (a {@link StackOverflowError} in the idle strategy, say): take {@code count} sequences with one
     * atomic add and return the first, without waiting. The sequences are the caller's from here on: each must be
     * published, after {@link #awaitReserved} returned, or the consumers stop at the first one left unpublished.
     *
     * @param count sequences to take, 1 to capacity.
     * @return the first sequence taken.
     */
    public long reserve(final int count)
    {
        checkCount(count);
        return claimIndex.getAndAdd(count) + 1;
    }

    /**
     * Second half of a blocking claim: wait until every consumer is far enough for the sequences {@link #reserve}
     * returned to fit, then (checked mode) stamp their slots. May be called again after it threw: it has no effect
     * of its own until it returns.
     *
     * @param first  as {@link #reserve} returned it.
     * @param count  as passed to {@link #reserve}.
     * @param idle   called while waiting.
     * @param stalls told when the wait starts and ends, or null.
     */
    public void awaitReserved(final long first, final int count, final IdleStrategy idle, final StallListener stalls)
    {
        final long wrapPoint = first - 1 + count - capacity;
        if (wrapPoint > gatingCache.getAcquire())
        {
            long minimum = lvMinimumConsumerSequence();
            if (wrapPoint > minimum)
            {
                minimum = awaitRoom(wrapPoint, first, count, idle, stalls);
            }
            gatingCache.setRelease(minimum);
        }

        if (checked())
        {
            markClaimed(first, count);
        }
    }

    @Override
    public void publish(final long first, final int count)
    {
        final MemorySegment segment = this.segment;
        for (long sequence = first, last = first + count; sequence < last; sequence++)
        {
            final long offset = slotOffset(sequence) + SEQUENCE_OFFSET;
            if (checked())
            {
                checkPublish(segment, offset, sequence);
            }
            SEQUENCE_VH.setRelease(segment, offset, sequence);
        }
    }

    @Override
    public long lvProducerIndex()
    {
        return claimIndex.getVolatile();
    }

    @Override
    long lvHighestPublished(final long next, final long limit)
    {
        long sequence = next;
        while (sequence <= limit && lvSlotSequence(sequence) == sequence)
        {
            sequence++;
        }
        return sequence - 1;
    }

    private static void checkPublish(final MemorySegment segment, final long offset, final long sequence)
    {
        final long current = (long)SEQUENCE_VH.getOpaque(segment, offset);
        if (current != MessageLayout.claimedMarker(sequence))
        {
            throw new IllegalStateException("publish of a sequence not claimed or already published: sequence=" +
                sequence + ", slotSequence=" + (MessageLayout.isClaimedMarker(current) ?
                "claimed for " + MessageLayout.sequenceOfClaimedMarker(current) : Long.toString(current)));
        }
    }
}
