package io.quicksilver.runtime.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where slot memory comes from: allocates a segment in an arena, preferably on a NUMA node.
 * <p>
 * The seam between the rings and the numa module: {@link #anyNode()} is plain {@link Arena#allocate(long, long)};
 * a NUMA-aware implementation binds the pages to the node (see {@link NodeSegmentAllocators}). Either way the
 * segment's lifetime is the arena's: closing the arena makes every later access throw
 * {@link IllegalStateException}.
 */
@FunctionalInterface
public interface NodeSegmentAllocator
{
    /** Node argument meaning "no preference": the operating system's default placement. */
    int ANY_NODE = -1;

    /**
     * Allocate zeroed memory in an arena.
     *
     * @param arena         whose lifetime the memory follows.
     * @param byteSize      of the segment.
     * @param byteAlignment of its address, a power of two.
     * @param node          NUMA node to place it on, or {@link #ANY_NODE}.
     * @return a segment of {@code byteSize} bytes aligned to {@code byteAlignment}.
     */
    MemorySegment allocate(Arena arena, long byteSize, long byteAlignment, int node);

    /**
     * Allocator that ignores the node and lets the operating system place pages (first touch).
     *
     * @return the default allocator.
     */
    static NodeSegmentAllocator anyNode()
    {
        return (arena, byteSize, byteAlignment, node) -> arena.allocate(byteSize, byteAlignment);
    }
}
