package io.quicksilver.bindings;

import io.quicksilver.bindings.libc.libc_h;
import io.quicksilver.bindings.libnuma.numa_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The libnuma bindings behave as libnuma does, checked against what sysfs says about this machine
 * (so the assertions hold on any Linux machine, one node or many).
 */
class LibNumaTest
{
    static final String MISSING_LIBRARY = "libquicksilver-does-not-exist.so.1";

    private static LibNuma libnuma;
    private static long pageSize;
    private static int memoryNode;

    @BeforeAll
    static void loadLibnuma()
    {
        libnuma = LibNuma.system();
        assumeTrue(libnuma.isAvailable(), libnuma::unavailableReason);
        pageSize = LibC.instance().pageSize();
        memoryNode = Sysfs.nodesWithMemory().nextSetBit(0);
    }

    @Test
    void shouldBeAvailableWhereTheLibraryLoadsAndTheKernelHasNodes()
    {
        try (Arena arena = Arena.ofConfined())
        {
            SymbolLookup.libraryLookup(LibNuma.LIBRARY_NAME_DEFAULT, arena);
        }
        assertTrue(Files.isDirectory(Sysfs.NODES.resolve("node0")) || !Sysfs.nodes().isEmpty());
        assertTrue(libnuma.isAvailable(), libnuma.unavailableReason());
        assertEquals("", libnuma.unavailableReason());
        assertEquals(LibNuma.libraryName(), libnuma.name());
        assertTrue(libnuma.file().orElseThrow().contains("libnuma"), libnuma.file().orElseThrow());
    }

    @Test
    void shouldReportNumaAvailableThroughTheGeneratedInvoker()
    {
        assertTrue(numa_h.numa_available() >= 0);
    }

    @Test
    void shouldReportTheHighestNodeSysfsKnows()
    {
        assertEquals(Sysfs.nodes().length() - 1, libnuma.maxNode());
    }

    @Test
    void shouldCountNodesWithMemory()
    {
        assertEquals(Sysfs.nodesWithMemory().cardinality(), libnuma.configuredNodes());
    }

    @Test
    void shouldCountEveryConfiguredCpu()
    {
        final int configured = libnuma.configuredCpus();
        assertEquals(Sysfs.configuredCpus().cardinality(), configured);
        assertTrue(configured >= Runtime.getRuntime().availableProcessors(), "configured=" + configured);
    }

    @Test
    void shouldPlaceCpuZeroOnTheNodeSysfsLists()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        assertEquals(Sysfs.nodeOfCpu(0).orElseThrow(), libnuma.nodeOfCpu(capture, 0));
    }

    @Test
    void shouldCaptureEinvalForACpuThatDoesNotExist()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        assertEquals(-1, libnuma.nodeOfCpu(capture, 100_000));
        assertEquals(libc_h.EINVAL(), capture.errno());
        assertEquals("EINVAL (Invalid argument)", capture.describe());
    }

    @Test
    void shouldAllocateBoundToTheNodeAndFree()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final long size = 4 * pageSize;
        final MemorySegment memory = libnuma.allocOnNode(capture, size, memoryNode).reinterpret(size);
        assertNotEquals(MemorySegment.NULL, memory, capture::describe);
        assertEquals(0, memory.address() % pageSize, "page aligned");
        try (Arena arena = Arena.ofConfined())
        {
            for (long offset = 0; offset < size; offset += pageSize)
            {
                memory.set(JAVA_BYTE, offset, (byte)1);
            }
            final int[] nodes = nodesOf(arena, memory, size);
            for (final int node : nodes)
            {
                assertEquals(memoryNode, node);
            }

            final MemorySegment mode = arena.allocate(JAVA_INT);
            assertEquals(0L, libnuma.getMempolicy(capture, mode, MemorySegment.NULL, 0, memory, numa_h.MPOL_F_ADDR()), capture::describe);
            assertEquals(numa_h.MPOL_BIND(), mode.get(JAVA_INT, 0), "numa_alloc_onnode binds");
            assertEquals(0L, libnuma.getMempolicy(
                capture, mode, MemorySegment.NULL, 0, memory, numa_h.MPOL_F_NODE() | numa_h.MPOL_F_ADDR()), capture::describe);
            assertEquals(memoryNode, mode.get(JAVA_INT, 0), "node of the first page");
        }
        finally
        {
            libnuma.free(memory, size);
        }
    }

    @Test
    void shouldRebindWithMbindAndReadThePolicyBack()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final long size = 2 * pageSize;
        final MemorySegment memory = libnuma.allocOnNode(capture, size, memoryNode).reinterpret(size);
        try (Arena arena = Arena.ofConfined())
        {
            final long maskBits = 64L * (libnuma.maxNode() / 64 + 1);
            final MemorySegment mask = arena.allocate(JAVA_LONG, maskBits / 64);
            mask.setAtIndex(JAVA_LONG, memoryNode / 64, 1L << (memoryNode % 64));
            assertEquals(0L, libnuma.mbind(capture, memory, size, numa_h.MPOL_PREFERRED(), mask, maskBits + 1, 0), capture::describe);

            final MemorySegment mode = arena.allocate(JAVA_INT);
            final MemorySegment readBack = arena.allocate(JAVA_LONG, maskBits / 64);
            assertEquals(0L, libnuma.getMempolicy(capture, mode, readBack, maskBits + 1, memory, numa_h.MPOL_F_ADDR()), capture::describe);
            assertEquals(numa_h.MPOL_PREFERRED(), mode.get(JAVA_INT, 0));
            assertEquals(BitSet.valueOf(mask.toArray(JAVA_LONG)), BitSet.valueOf(readBack.toArray(JAVA_LONG)));
        }
        finally
        {
            libnuma.free(memory, size);
        }
    }

    @Test
    void shouldCaptureEinvalFromMbindOnAnUnalignedStart()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final long size = 2 * pageSize;
        final MemorySegment memory = libnuma.allocOnNode(capture, size, memoryNode).reinterpret(size);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(JAVA_LONG, 1);
            mask.set(JAVA_LONG, 0, 1L << memoryNode);
            assertEquals(-1L, libnuma.mbind(capture, memory.asSlice(1), pageSize, numa_h.MPOL_BIND(), mask, 65, 0));
            assertEquals(libc_h.EINVAL(), capture.errno());
        }
        finally
        {
            libnuma.free(memory, size);
        }
    }

    @Test
    void shouldReportEnoentForAPageNeverTouched()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final MemorySegment memory = libnuma.allocOnNode(capture, pageSize, memoryNode).reinterpret(pageSize);
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals(-libc_h.ENOENT(), nodesOf(arena, memory, pageSize)[0]);
        }
        finally
        {
            libnuma.free(memory, pageSize);
        }
    }

    @Test
    void shouldBindARangeWithTonodeMemory()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final long size = 2 * pageSize;
        final MemorySegment memory = libnuma.allocOnNode(capture, size, memoryNode).reinterpret(size);
        try (Arena arena = Arena.ofConfined())
        {
            libnuma.toNodeMemory(memory, size, memoryNode);
            memory.fill((byte)7);
            for (final int node : nodesOf(arena, memory, size))
            {
                assertEquals(memoryNode, node);
            }
        }
        finally
        {
            libnuma.free(memory, size);
        }
    }

    @Test
    void shouldBeUnavailableWithAReasonNamingAMissingLibrary()
    {
        final LibNuma missing = LibNuma.load(MISSING_LIBRARY);
        assertFalse(missing.isAvailable());
        assertTrue(missing.unavailableReason().contains(MISSING_LIBRARY), missing.unavailableReason());
        assertTrue(missing.unavailableReason().contains(LibNuma.LIBRARY_NAME_PROP_NAME), missing.unavailableReason());
        assertTrue(missing.file().isEmpty());
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, missing::maxNode);
        assertEquals("libnuma is unavailable: " + missing.unavailableReason(), thrown.getMessage());
    }

    @Test
    void shouldBeUnavailableWhenTheLibraryIsNotLibnuma()
    {
        final LibNuma notNuma = LibNuma.load("libc.so.6");
        assertFalse(notNuma.isAvailable());
        assertTrue(notNuma.unavailableReason().startsWith("libc.so.6 lacks numa_available, numa_max_node"), notNuma.unavailableReason());
    }

    @Test
    void shouldLoadTheSameLibraryAgainWithoutConflict()
    {
        final LibNuma again = LibNuma.load(LibNuma.LIBRARY_NAME_DEFAULT);
        assertTrue(again.isAvailable(), again.unavailableReason());
        assertEquals(libnuma.file(), again.file());
    }

    @Test
    void shouldRejectABlankName()
    {
        final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> LibNuma.load(" "));
        assertEquals("libnuma library name must not be blank: name=' '", thrown.getMessage());
    }

    @Test
    void shouldTakeTheLibraryNameFromTheSystemProperty()
    {
        final String previous = System.getProperty(LibNuma.LIBRARY_NAME_PROP_NAME);
        try
        {
            System.setProperty(LibNuma.LIBRARY_NAME_PROP_NAME, MISSING_LIBRARY);
            assertEquals(MISSING_LIBRARY, LibNuma.libraryName());
            System.setProperty(LibNuma.LIBRARY_NAME_PROP_NAME, "  ");
            assertEquals(LibNuma.LIBRARY_NAME_DEFAULT, LibNuma.libraryName());
        }
        finally
        {
            if (null == previous)
            {
                System.clearProperty(LibNuma.LIBRARY_NAME_PROP_NAME);
            }
            else
            {
                System.setProperty(LibNuma.LIBRARY_NAME_PROP_NAME, previous);
            }
        }
    }

    private static int[] nodesOf(final Arena arena, final MemorySegment memory, final long size)
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final int count = (int)(size / pageSize);
        final MemorySegment pages = arena.allocate(ADDRESS, count);
        for (int i = 0; i < count; i++)
        {
            pages.setAtIndex(ADDRESS, i, memory.asSlice(i * pageSize));
        }
        final MemorySegment status = arena.allocate(JAVA_INT, count);
        assertEquals(0L, libnuma.movePages(capture, 0, count, pages, MemorySegment.NULL, status, 0), capture::describe);
        return status.toArray(JAVA_INT);
    }
}
