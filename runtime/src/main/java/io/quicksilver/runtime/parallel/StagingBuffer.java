package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.Sequence;

import java.lang.foreign.MemorySegment;

import static io.quicksilver.runtime.message.MessageLayout.PAYLOAD_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.PAYLOAD_LENGTH_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A worker's reactions waiting for room in the sequencer ring: a bounded FIFO of whole messages in an off-heap
 * {@link SlotArena}, written in place by the reacting responder and copied into the ring once the worker has moved
 * past the batch that caused them.
 * <p>
 * Why not write straight into the ring: the worker is one of the ring's gating consumers, so waiting for ring space
 * from inside a handler could wait on itself. Staging turns that wait into a copy later, and the worker keeps
 * consuming (freeing space) meanwhile.
 * <p>
 * Each entry keeps the sequence of the message that caused it, so the hand-over barrier can hold back reactions
 * caused at or after a barrier. Written and drained by the owning worker thread only; {@link #lvSize()} is readable
 * from any thread.
 */
final class StagingBuffer
{
    private final SlotArena slots;
    private final MemorySegment segment;
    private final int capacity;
    private final int mask;
    private final long[] causeSequence;
    private final Sequence size = new Sequence(0);
    private long head;
    private long tail;
    /** Entries a replacement took over ({@link #takeOver}), or -1; guarded by this buffer's monitor. */
    private long handedOver = -1;

    StagingBuffer(final SlotArena slots)
    {
        this.slots = slots;
        this.segment = slots.segment();
        this.capacity = slots.capacity();
        this.mask = capacity - 1;
        this.causeSequence = new long[capacity];
    }

    SlotArena slots()
    {
        return slots;
    }

    int capacity()
    {
        return capacity;
    }

    boolean isFull()
    {
        return tail - head == capacity;
    }

    boolean isEmpty()
    {
        return tail == head;
    }

    /**
     * @return entries staged, read with acquire from any thread.
     */
    long lvSize()
    {
        return size.getAcquire();
    }

    /**
     * Next free entry, to write in place; {@link #commit(long)} makes it count.
     *
     * @return index of the entry (its staging ticket).
     */
    long nextTicket()
    {
        return tail;
    }

    long slotOffset(final long ticket)
    {
        return slots.slotOffset(ticket);
    }

    void commit(final long cause)
    {
        causeSequence[(int)(tail & mask)] = cause;
        tail++;
        size.setRelease(tail - head);
    }

    /**
     * @return cause of the oldest entry; only when not empty.
     */
    long oldestCause()
    {
        return causeSequence[(int)(head & mask)];
    }

    /**
     * Entries from the oldest on, at most {@code limit}, whose cause is below {@code causeLimit}.
     */
    int countDrainable(final int limit, final long causeLimit)
    {
        int n = 0;
        final long end = Math.min(tail, head + limit);
        for (long t = head; t < end && causeSequence[(int)(t & mask)] < causeLimit; t++)
        {
            n++;
        }
        return n;
    }

    /**
     * Copy the {@code count} oldest entries into claimed ring sequences {@code first..first+count-1}, and drop them
     * here. The slot's sequence field is the ring's publish marker, so it is not copied.
     */
    void drainInto(final MessageRing ring, final long first, final int count)
    {
        final MemorySegment to = ring.segment();
        for (int i = 0; i < count; i++)
        {
            final long from = slots.slotOffset(head + i);
            final long toOffset = ring.slotOffset(first + i);
            final int length = PAYLOAD_OFFSET + segment.get(JAVA_INT, from + PAYLOAD_LENGTH_OFFSET);
            if (SEQUENCE_OFFSET > 0)
            {
                MemorySegment.copy(segment, from, to, toOffset, SEQUENCE_OFFSET);
            }
            final long afterSequence = SEQUENCE_OFFSET + Long.BYTES;
            MemorySegment.copy(segment, from + afterSequence, to, toOffset + afterSequence, length - afterSequence);
        }
    }

    /**
     * Forget the {@code count} oldest entries once they are in the ring.
     */
    void advance(final int count)
    {
        head += count;
        size.setRelease(tail - head);
    }

    /**
     * A new buffer over {@code fresh} slots holding this buffer's committed entries, for the worker that replaces this
     * one's owner (whose thread may still be inside a responder, and inside a {@code PayloadCodec} writing the next
     * entry here: that write now lands in this buffer, which nobody else uses any more).
     * <p>
     * The entries taken are those published by the owner's last release of the size, which is how a thread stuck in a
     * call leaves them; the owner never drains while it is inside a call, so the head does not move meanwhile. An entry
     * the owner commits after this copy is counted by {@link #lostAfterHandOver()}, not silently dropped.
     *
     * @param fresh slots of the same geometry.
     * @return the replacement's buffer.
     */
    StagingBuffer takeOver(final SlotArena fresh)
    {
        if (fresh.capacity() != capacity || fresh.slotLength() != slots.slotLength())
        {
            throw new IllegalArgumentException("a staging buffer is taken over by slots of the same geometry: capacity=" +
                fresh.capacity() + "/" + capacity + ", slotLength=" + fresh.slotLength() + "/" + slots.slotLength());
        }
        final StagingBuffer next = new StagingBuffer(fresh);
        synchronized (this)
        {
            final long count = size.getAcquire();
            final MemorySegment to = fresh.segment();
            for (long i = 0; i < count; i++)
            {
                final long from = slots.slotOffset(head + i);
                final int length = PAYLOAD_OFFSET + segment.get(JAVA_INT, from + PAYLOAD_LENGTH_OFFSET);
                MemorySegment.copy(segment, from, to, fresh.slotOffset(i), length);
                next.causeSequence[(int)(i & mask)] = causeSequence[(int)((head + i) & mask)];
            }
            next.tail = count;
            next.size.setRelease(count);
            handedOver = count;
        }
        return next;
    }

    /**
     * Called by the replaced owner's thread as it ends: entries it committed after {@link #takeOver} copied the
     * buffer (a reaction its stuck call sent in the instant the worker was replaced), which no worker will publish.
     *
     * @return those entries; 0 when the buffer was never taken over, or taken over after the thread stopped writing.
     */
    long lostAfterHandOver()
    {
        synchronized (this)
        {
            return handedOver < 0 ? 0 : Math.max(0, tail - head - handedOver);
        }
    }

    static int checkCapacity(final int capacity)
    {
        MessageLayout.checkCapacity(capacity);
        return capacity;
    }
}
