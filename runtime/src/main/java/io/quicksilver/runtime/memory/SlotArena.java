package io.quicksilver.runtime.memory;

import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageSlots;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.quicksilver.runtime.message.MessageLayout.CACHE_LINE_LENGTH;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A power-of-two number of message slots in one cache-line-aligned off-heap segment, laid out by
 * {@link MessageLayout}, optionally placed on a NUMA node.
 * <p>
 * The memory belongs to the {@link Arena} given at allocation: closing the arena frees it, and any later access
 * through this arena, a ring over it or a view of it throws {@link IllegalStateException} (the FFM API guarantees
 * it; the JVM never reads freed memory). Use a shared arena when producer and consumers are different threads.
 * <p>
 * Every slot's sequence field starts at {@link MessageLayout#NO_SEQUENCE}, which no consumer ever waits for.
 */
public final class SlotArena implements MessageSlots
{
    private final MemorySegment segment;
    // Slot-bounded payload segments, made on first use: see payloadSegment. Racy by design (segments are immutable).
    private MemorySegment[] payloadSegments;
    private final int capacity;
    private final int slotLength;
    private final int maxPayload;
    private final long mask;
    private final int node;

    private SlotArena(
        final MemorySegment segment, final int capacity, final int slotLength, final int maxPayload, final int node)
    {
        this.segment = segment;
        this.capacity = capacity;
        this.slotLength = slotLength;
        this.maxPayload = maxPayload;
        this.mask = capacity - 1L;
        this.node = node;
    }

    /**
     * Allocate slots wherever the operating system places them.
     *
     * @param arena      owning the memory.
     * @param capacity   number of slots, a power of two.
     * @param maxPayload largest payload a slot holds, in bytes; writers reject larger ones even where the
     *                   cache-line rounding leaves room.
     * @return the slots.
     * @throws IllegalArgumentException naming the bad value, see {@link MessageLayout#checkCapacity(int)} and
     *                                  {@link MessageLayout#checkMaxPayload(int)}.
     */
    public static SlotArena allocate(final Arena arena, final int capacity, final int maxPayload)
    {
        return allocate(arena, capacity, maxPayload, NodeSegmentAllocator.anyNode(), NodeSegmentAllocator.ANY_NODE);
    }

    /**
     * Allocate slots through an allocator, on a NUMA node.
     *
     * @param arena      owning the memory.
     * @param capacity   number of slots, a power of two.
     * @param maxPayload largest payload a slot holds, in bytes.
     * @param allocator  that places the memory.
     * @param node       NUMA node, or {@link NodeSegmentAllocator#ANY_NODE}.
     * @return the slots.
     * @throws IllegalArgumentException naming the bad value.
     */
    public static SlotArena allocate(
        final Arena arena, final int capacity, final int maxPayload, final NodeSegmentAllocator allocator, final int node)
    {
        MessageLayout.checkCapacity(capacity);
        return allocateSlots(arena, capacity, MessageLayout.slotLengthFor(maxPayload), maxPayload, allocator, node);
    }

    /**
     * Allocate slots of an explicit length (a multiple of the cache line), for callers that size slots themselves.
     *
     * @param arena      owning the memory.
     * @param capacity   number of slots, a power of two.
     * @param slotLength bytes per slot, a multiple of {@link MessageLayout#CACHE_LINE_LENGTH}.
     * @param allocator  that places the memory.
     * @param node       NUMA node, or {@link NodeSegmentAllocator#ANY_NODE}.
     * @return the slots.
     * @throws IllegalArgumentException naming the bad value, see {@link MessageLayout#checkSlotLength(int)}.
     */
    public static SlotArena allocateWithSlotLength(
        final Arena arena, final int capacity, final int slotLength, final NodeSegmentAllocator allocator, final int node)
    {
        MessageLayout.checkCapacity(capacity);
        return allocateSlots(arena, capacity, slotLength, MessageLayout.maxPayloadOf(slotLength), allocator, node);
    }

    private static SlotArena allocateSlots(
        final Arena arena,
        final int capacity,
        final int slotLength,
        final int maxPayload,
        final NodeSegmentAllocator allocator,
        final int node)
    {
        if (node < NodeSegmentAllocator.ANY_NODE)
        {
            throw new IllegalArgumentException("node must be >= 0 or ANY_NODE (-1): node=" + node);
        }
        final long byteSize = (long)capacity * slotLength;
        final MemorySegment segment = allocator.allocate(arena, byteSize, CACHE_LINE_LENGTH, node);
        if (segment.byteSize() < byteSize)
        {
            throw new IllegalStateException(
                "allocator returned a short segment: byteSize=" + segment.byteSize() + ", expected=" + byteSize);
        }
        if ((segment.address() & (CACHE_LINE_LENGTH - 1)) != 0)
        {
            throw new IllegalStateException(
                "allocator returned a segment not aligned to a cache line: address=0x" +
                Long.toHexString(segment.address()));
        }

        final MemorySegment slots = segment.byteSize() == byteSize ? segment : segment.asSlice(0, byteSize);
        // Writing every slot once also places the pages (first touch) on the allocating thread's node when the
        // allocator did not bind them.
        for (long offset = 0; offset < byteSize; offset += slotLength)
        {
            slots.set(JAVA_LONG, offset + SEQUENCE_OFFSET, MessageLayout.NO_SEQUENCE);
        }
        return new SlotArena(slots, capacity, slotLength, maxPayload, node);
    }

    @Override
    public MemorySegment segment()
    {
        return segment;
    }

    @Override
    public int capacity()
    {
        return capacity;
    }

    @Override
    public int slotLength()
    {
        return slotLength;
    }

    @Override
    public int maxPayload()
    {
        return maxPayload;
    }

    @Override
    public long slotOffset(final long sequence)
    {
        return (sequence & mask) * slotLength;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Made once per slot, on first use, and kept: a custom payload allocates nothing after the ring's first lap.
     * Producers racing for the first use of a slot may each make one; every copy is the same bounded view.
     */
    @Override
    public MemorySegment payloadSegment(final long slotOffset)
    {
        final int index = (int)(slotOffset / slotLength);
        MemorySegment[] cache = payloadSegments;
        if (cache == null)
        {
            cache = new MemorySegment[capacity];
            payloadSegments = cache;
        }
        MemorySegment payload = cache[index];
        if (payload == null)
        {
            payload = segment.asSlice(slotOffset + MessageLayout.PAYLOAD_OFFSET, maxPayload);
            cache[index] = payload;
        }
        return payload;
    }

    /**
     * NUMA node the memory was requested on.
     *
     * @return node, or {@link NodeSegmentAllocator#ANY_NODE}.
     */
    public int node()
    {
        return node;
    }

    /**
     * Whether the owning arena is still open.
     *
     * @return false once the arena was closed; every access then throws.
     */
    public boolean isAlive()
    {
        return segment.scope().isAlive();
    }

    @Override
    public String toString()
    {
        return "SlotArena{capacity=" + capacity + ", slotLength=" + slotLength + ", maxPayload=" + maxPayload +
            ", node=" + node + ", alive=" + isAlive() + '}';
    }
}
