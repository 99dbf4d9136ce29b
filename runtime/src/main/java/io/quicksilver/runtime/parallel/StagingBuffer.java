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

    int sizePlain()
    {
        return (int)(tail - head);
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

    static int checkCapacity(final int capacity)
    {
        MessageLayout.checkCapacity(capacity);
        return capacity;
    }
}
