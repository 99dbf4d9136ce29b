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
        checkCount(count);
        final long current = claimIndex.getAndAdd(count);
        final long wrapPoint = current + count - capacity;
        if (wrapPoint > gatingCache.getAcquire())
        {
            long minimum = lvMinimumConsumerSequence();
            if (wrapPoint > minimum)
            {
                minimum = awaitRoom(wrapPoint, current + 1, count, idle, stalls);
            }
            gatingCache.setRelease(minimum);
        }

        if (checked())
        {
            markClaimed(current + 1, count);
        }
        return current + 1;
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
