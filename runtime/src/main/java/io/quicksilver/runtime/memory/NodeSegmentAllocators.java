package io.quicksilver.runtime.memory;

import io.quicksilver.numa.memory.NumaMemory;

import java.util.Objects;

/**
 * Ready-made {@link NodeSegmentAllocator}s backed by the numa module.
 */
public final class NodeSegmentAllocators
{
    private NodeSegmentAllocators()
    {
    }

    /**
     * Allocator that places memory on the requested node through {@link NumaMemory#allocateOnNode}: bound with
     * {@code mbind} and pre-faulted where libnuma is present, first touch otherwise (see
     * {@link NumaMemory#placement()}). {@link NodeSegmentAllocator#ANY_NODE} falls back to plain
     * {@code Arena.allocate}.
     *
     * @param numaMemory to allocate with.
     * @return the allocator.
     */
    public static NodeSegmentAllocator numa(final NumaMemory numaMemory)
    {
        Objects.requireNonNull(numaMemory, "numaMemory");
        return (arena, byteSize, byteAlignment, node) -> node == NodeSegmentAllocator.ANY_NODE ?
            arena.allocate(byteSize, byteAlignment) :
            numaMemory.allocateOnNode(arena, byteSize, byteAlignment, node);
    }

    /**
     * {@link #numa(NumaMemory)} over {@link NumaMemory#create()}: whatever placement this machine and JVM allow.
     *
     * @return the allocator.
     */
    public static NodeSegmentAllocator numa()
    {
        return numa(NumaMemory.create());
    }
}
