package io.quicksilver.runtime.memory;

import io.quicksilver.numa.memory.MemoryPlacement;
import io.quicksilver.numa.memory.NumaMemory;
import io.quicksilver.runtime.message.MessageLayout;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeSegmentAllocatorsTest
{
    @Test
    void shouldPlaceSlotsOnRequestedNodeThroughNumaMemory()
    {
        final NumaMemory numaMemory = NumaMemory.create();
        try (Arena arena = Arena.ofShared())
        {
            final SlotArena slots = SlotArena.allocate(arena, 1024, 64, NodeSegmentAllocators.numa(numaMemory), 0);
            assertEquals(0, slots.node());
            assertEquals(0, slots.segment().address() % MessageLayout.CACHE_LINE_LENGTH);
            assertEquals(1024L * 128, slots.segment().byteSize());
            if (numaMemory.placement() == MemoryPlacement.NUMA_BIND)
            {
                for (final int node : numaMemory.nodesOfPages(slots.segment()))
                {
                    assertEquals(0, node, "every page of the slots on node 0");
                }
            }
        }
    }

    @Test
    void shouldFallBackToPlainAllocationForAnyNode()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final SlotArena slots = SlotArena.allocate(
                arena, 8, 64, NodeSegmentAllocators.numa(NumaMemory.create()), NodeSegmentAllocator.ANY_NODE);
            assertEquals(NodeSegmentAllocator.ANY_NODE, slots.node());
            assertEquals(0, slots.segment().address() % MessageLayout.CACHE_LINE_LENGTH);
        }
    }
}
