package io.quicksilver.numa.memory;

import io.quicksilver.bindings.LibC;
import io.quicksilver.bindings.LibNuma;
import io.quicksilver.numa.NumaCapabilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NumaMemoryTest
{
    static final String MISSING_LIBRARY = "libquicksilver-does-not-exist.so.1";

    private static NumaCapabilities capabilities;
    private static NumaMemory memory;

    @BeforeAll
    static void detect()
    {
        capabilities = NumaCapabilities.detect();
        memory = NumaMemory.create(capabilities);
    }

    @Test
    void shouldPlaceEveryPageOnNodeZero()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        assumeTrue(capabilities.memoryNodes().get(0), "node 0 has no memory on this machine");
        assertEquals(MemoryPlacement.NUMA_BIND, memory.placement());
        try (Arena arena = Arena.ofConfined())
        {
            final long byteSize = 64 * memory.pageSize() + 100;
            final MemorySegment segment = memory.allocateOnNode(arena, byteSize, 64, 0);
            assertEquals(byteSize, segment.byteSize());
            final int[] nodes = memory.nodesOfPages(segment);
            assertEquals(65, nodes.length);
            assertArrayEquals(new int[65], nodes, "node of every page");
        }
    }

    @Test
    void shouldPlaceEveryPageOnEachNodeWithMemory()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        final BitSet nodes = capabilities.memoryNodes();
        try (Arena arena = Arena.ofConfined())
        {
            for (int node = nodes.nextSetBit(0); node >= 0; node = nodes.nextSetBit(node + 1))
            {
                final MemorySegment segment = memory.allocateOnNode(arena, 16 * memory.pageSize(), memory.pageSize(), node);
                for (final int pageNode : memory.nodesOfPages(segment))
                {
                    assertEquals(node, pageNode);
                }
            }
        }
    }

    @Test
    void shouldAlignBeyondAPageAndKeepThePlacement()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        final long twoMegabytes = 2L << 20;
        final int node = capabilities.memoryNodes().nextSetBit(0);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = memory.allocateOnNode(arena, 3 * memory.pageSize(), twoMegabytes, node);
            assertEquals(0, segment.address() % twoMegabytes, "address=" + segment.address());
            assertArrayEquals(new int[]{ node, node, node }, memory.nodesOfPages(segment));
        }
    }

    @Test
    void shouldHandOutZeroedWritableMemory()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = memory.allocateOnNode(arena, 10_000, 8, capabilities.memoryNodes().nextSetBit(0));
            for (long offset = 0; offset < segment.byteSize(); offset++)
            {
                assertEquals(0, segment.get(JAVA_BYTE, offset));
            }
            segment.fill((byte)0x5A);
            assertEquals(0x5A5A5A5A5A5A5A5AL, segment.get(JAVA_LONG, 8));
        }
    }

    @Test
    void shouldFreeWhenTheArenaClosesAndThrowOnLaterAccess()
    {
        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = memory.allocateOnNode(arena, 3 * memory.pageSize(), 64, capabilities.memoryNodes().nextSetBit(0));
        segment.set(JAVA_LONG, 0, 42L);
        arena.close();
        assertThrows(IllegalStateException.class, () -> segment.get(JAVA_LONG, 0));
        assertThrows(IllegalStateException.class, () -> segment.set(JAVA_BYTE, memory.pageSize(), (byte)1));
    }

    @Test
    void shouldFreeWhenASharedArenaClosesFromAnotherAllocation()
    {
        final Arena arena = Arena.ofShared();
        final MemorySegment first = memory.allocateOnNode(arena, memory.pageSize(), 64, capabilities.memoryNodes().nextSetBit(0));
        final MemorySegment second = memory.allocateOnNode(arena, memory.pageSize(), 64, capabilities.memoryNodes().nextSetBit(0));
        arena.close();
        assertThrows(IllegalStateException.class, () -> first.get(JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> second.get(JAVA_BYTE, 0));
    }

    @Test
    void shouldRefuseAnArenaThatIsAlreadyClosed()
    {
        final Arena arena = Arena.ofConfined();
        arena.close();
        assertThrows(IllegalStateException.class,
            () -> memory.allocateOnNode(arena, memory.pageSize(), 64, capabilities.memoryNodes().nextSetBit(0)));
    }

    @Test
    void shouldRejectBadArgumentsWithTheValue()
    {
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals("byteSize must be positive: byteSize=0",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 0, 64, 0)).getMessage());
            assertEquals("byteSize must be positive: byteSize=-4096",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, -4096, 64, 0)).getMessage());
            assertEquals("byteAlignment must be a power of 2: byteAlignment=3",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 64, 3, 0)).getMessage());
            assertEquals("byteAlignment must be a power of 2: byteAlignment=0",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 64, 0, 0)).getMessage());
            assertEquals("byteAlignment must be a power of 2: byteAlignment=-8",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 64, -8, 0)).getMessage());

            final String nodes = NumaCapabilities.formatList(capabilities.memoryNodes());
            final int absent = capabilities.memoryNodes().length() + 7;
            assertEquals("node must be a NUMA node with memory (" + nodes + "): node=" + absent,
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 64, 64, absent)).getMessage());
            assertEquals("node must be a NUMA node with memory (" + nodes + "): node=-1",
                assertThrows(IllegalArgumentException.class, () -> memory.allocateOnNode(arena, 64, 64, -1)).getMessage());
            assertThrows(NullPointerException.class, () -> memory.allocateOnNode(null, 64, 64, 0));
        }
    }

    @Test
    void shouldRejectAByteSizeTooLargeToMap()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals("byteSize is too large to map: byteSize=" + Long.MAX_VALUE,
                assertThrows(IllegalArgumentException.class,
                    () -> memory.allocateOnNode(arena, Long.MAX_VALUE, 64, capabilities.memoryNodes().nextSetBit(0))).getMessage());
        }
    }

    @Test
    void shouldCountEveryPageASliceTouches()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        final long page = memory.pageSize();
        final int node = capabilities.memoryNodes().nextSetBit(0);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = memory.allocateOnNode(arena, 4 * page, page, node);
            assertEquals(2, memory.nodesOfPages(segment.asSlice(page - 1, 2)).length, "straddles one boundary");
            assertEquals(1, memory.nodesOfPages(segment.asSlice(page, page)).length, "exactly one page");
            assertEquals(0, memory.nodesOfPages(segment.asSlice(0, 0)).length);
        }
    }

    @Test
    void shouldRefuseToQueryHeapOrClosedSegments()
    {
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        final MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> memory.nodesOfPages(heap))
            .getMessage().startsWith("segment must be native: segment="));
        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = memory.allocateOnNode(arena, memory.pageSize(), 64, capabilities.memoryNodes().nextSetBit(0));
        arena.close();
        assertTrue(assertThrows(IllegalStateException.class, () -> memory.nodesOfPages(segment))
            .getMessage().startsWith("segment's arena is closed: segment="));
    }

    @Test
    void shouldFallBackToFirstTouchWhenLibnumaIsMissing()
    {
        final NumaCapabilities fallback = NumaCapabilities.detect(MISSING_LIBRARY);
        final NumaMemory firstTouch = NumaMemory.create(fallback);
        assertEquals(MemoryPlacement.FIRST_TOUCH, firstTouch.placement());

        final Arena arena = Arena.ofConfined();
        final MemorySegment segment = firstTouch.allocateOnNode(arena, 5000, 256, fallback.memoryNodes().nextSetBit(0));
        assertEquals(5000, segment.byteSize());
        assertEquals(0, segment.address() % 256);
        segment.set(JAVA_LONG, 4992, 7L);
        assertEquals(7L, segment.get(JAVA_LONG, 4992));

        final UnsupportedOperationException unsupported =
            assertThrows(UnsupportedOperationException.class, () -> firstTouch.nodesOfPages(segment));
        assertTrue(unsupported.getMessage().startsWith("nodesOfPages needs libnuma's move_pages: cannot load " + MISSING_LIBRARY),
            unsupported.getMessage());

        arena.close();
        assertThrows(IllegalStateException.class, () -> segment.get(JAVA_LONG, 0));
    }

    @Test
    void shouldStillValidateTheNodeWhenFallingBack(@TempDir final Path sysfs) throws IOException
    {
        // A recorded two-node machine: node 1 is accepted (first touch does not enforce it), node 2 is not.
        Files.createDirectories(sysfs.resolve("node/node0"));
        Files.createDirectories(sysfs.resolve("node/node1"));
        Files.writeString(sysfs.resolve("node/has_memory"), "0-1\n");
        Files.createDirectories(sysfs.resolve("cpu/cpu0"));
        final NumaMemory twoNodes = NumaMemory.create(
            NumaCapabilities.detect(LibNuma.load(MISSING_LIBRARY), LibC.instance(), sysfs));
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals(64, twoNodes.allocateOnNode(arena, 64, 8, 1).byteSize());
            assertEquals("node must be a NUMA node with memory (0-1): node=2",
                assertThrows(IllegalArgumentException.class, () -> twoNodes.allocateOnNode(arena, 64, 8, 2)).getMessage());
        }
    }
}
