package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import org.agrona.concurrent.IdleStrategy;

import java.lang.foreign.MemorySegment;

import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Ring for exactly one producer thread: claims are plain arithmetic on producer-local state, and one release
 * store of the published cursor publishes a whole batch.
 * <p>
 * Consumers acquire the cursor; the cursor, the producer's claim index and its cached gating minimum each sit alone
 * on padded lines, so the producer never shares a line it writes with a consumer. In checked mode the ring
 * remembers the first claiming thread and rejects claims from any other.
 */
public final class SingleProducerRing extends MessageRing
{
    /** Last published sequence; release by the producer, acquire by consumers. */
    private final Sequence cursor = new Sequence(-1);
    /** Last claimed sequence; producer-local, plain. */
    private final Sequence claimIndex = new Sequence(-1);
    /** Minimum consumer sequence as last read; producer-local, plain. */
    private final Sequence gatingCache = new Sequence(-1);
    private Thread producerThread;

    /**
     * Ring over a slot arena.
     *
     * @param slots         where messages live; its capacity is the ring's.
     * @param consumerCount number of gating consumers, each of which sees every message.
     */
    public SingleProducerRing(final SlotArena slots, final int consumerCount)
    {
        super(slots, consumerCount);
    }

    @Override
    public long tryClaim(final int count)
    {
        checkCount(count);
        final long current = claimIndex.getPlain();
        final long next = current + count;
        final long wrapPoint = next - capacity;
        if (wrapPoint > gatingCache.getPlain())
        {
            final long minimum = lvMinimumConsumerSequence();
            gatingCache.setPlain(minimum);
            if (wrapPoint > minimum)
            {
                return CLAIM_FAILED;
            }
        }
        return claimed(current, next, count);
    }

    @Override
    public long claim(final int count, final IdleStrategy idle, final StallListener stalls)
    {
        checkCount(count);
        final long current = claimIndex.getPlain();
        final long next = current + count;
        final long wrapPoint = next - capacity;
        if (wrapPoint > gatingCache.getPlain())
        {
            long minimum = lvMinimumConsumerSequence();
            if (wrapPoint > minimum)
            {
                minimum = awaitRoom(wrapPoint, current + 1, count, idle, stalls);
            }
            gatingCache.setPlain(minimum);
        }
        return claimed(current, next, count);
    }

    private long claimed(final long current, final long next, final int count)
    {
        if (checked())
        {
            checkProducerThread();
            markClaimed(current + 1, count);
        }
        claimIndex.setPlain(next);
        return current + 1;
    }

    @Override
    public void publish(final long first, final int count)
    {
        final long last = first + count - 1;
        if (checked())
        {
            checkPublish(first, last);
        }
        // The slot's own sequence field is not what consumers wait on here (the cursor is), but views check it, and
        // a journal or a debugger reading the arena can tell which message a slot holds.
        final MemorySegment segment = this.segment;
        for (long sequence = first; sequence <= last; sequence++)
        {
            segment.set(JAVA_LONG, slotOffset(sequence) + SEQUENCE_OFFSET, sequence);
        }
        cursor.setRelease(last);
    }

    @Override
    public long lvProducerIndex()
    {
        return claimIndex.getVolatile();
    }

    @Override
    long lvHighestPublished(final long next, final long limit)
    {
        // Everything up to the cursor is published; returning all of it lets the consumer cache it and skip the
        // contended cursor line until it has caught up.
        return cursor.getAcquire();
    }

    private void checkProducerThread()
    {
        final Thread current = Thread.currentThread();
        if (producerThread == null)
        {
            producerThread = current;
        }
        else if (producerThread != current)
        {
            throw new IllegalStateException("SingleProducerRing claimed from a second thread: thread=" +
                current.getName() + ", producerThread=" + producerThread.getName() + " (use a MultiProducerRing)");
        }
    }

    private void checkPublish(final long first, final long last)
    {
        final long published = cursor.getPlain();
        final long claimed = claimIndex.getPlain();
        if (first != published + 1 || last < first || last > claimed)
        {
            throw new IllegalStateException("publish out of order: first=" + first + ", last=" + last +
                ", lastPublished=" + published + ", lastClaimed=" + claimed);
        }
    }
}
