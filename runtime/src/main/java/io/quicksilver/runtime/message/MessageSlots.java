package io.quicksilver.runtime.message;

import java.lang.foreign.MemorySegment;

/**
 * A run of message slots in one segment, as {@link MessageLayout} lays them out: what a writer or a view needs to
 * find slot {@code n}. Implemented by slot arenas and by the rings built over them.
 */
public interface MessageSlots
{
    /**
     * The memory holding every slot, cache-line aligned; its lifetime is that of the arena it came from.
     *
     * @return the slots' segment.
     */
    MemorySegment segment();

    /**
     * Number of slots, a power of two.
     *
     * @return slot count.
     */
    int capacity();

    /**
     * Length of one slot in bytes, a multiple of the cache line.
     *
     * @return slot length.
     */
    int slotLength();

    /**
     * Largest payload a message may carry, as configured: at most {@code slotLength() - HEADER_LENGTH}, the rest
     * of the last cache line being padding.
     *
     * @return maximum payload in bytes.
     */
    int maxPayload();

    /**
     * Offset in {@link #segment()} of the slot that carries a sequence: {@code (sequence & (capacity - 1)) *
     * slotLength}.
     *
     * @param sequence of a message.
     * @return offset of its slot's first byte.
     */
    long slotOffset(long sequence);

    /**
     * The payload region of the slot at {@code slotOffset}, as a segment of exactly {@link #maxPayload()} bytes:
     * what a writer hands to code it does not control (a {@link PayloadCodec}), so a write past the payload fails
     * instead of overwriting the next slot.
     *
     * @param slotOffset of the slot, as {@link #slotOffset(long)} gives it.
     * @return the slot's payload bytes; an implementation may return the same segment for the same slot each time.
     */
    default MemorySegment payloadSegment(final long slotOffset)
    {
        return segment().asSlice(slotOffset + MessageLayout.PAYLOAD_OFFSET, maxPayload());
    }
}
