package io.quicksilver.numa.memory;

import io.quicksilver.bindings.ErrnoCapture;
import io.quicksilver.bindings.LibC;
import io.quicksilver.bindings.LibNuma;
import io.quicksilver.bindings.libnuma.numa_h;
import io.quicksilver.numa.NumaCapabilities;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Off-heap memory on a chosen NUMA node whose lifetime is an {@link Arena}'s: closing the arena frees
 * it, and any later access throws {@link IllegalStateException} instead of touching unmapped memory.
 * <p>
 * With libnuma ({@link MemoryPlacement#NUMA_BIND}) each allocation is its own anonymous mapping:
 * <ol>
 *     <li>{@code numa_alloc_onnode} maps whole pages and binds them, without touching any;</li>
 *     <li>{@code mbind(MPOL_BIND)} binds them again, because libnuma only prints a failed bind while
 *     {@code mbind} returns it (with errno) and a silent mis-placement is what this class exists to
 *     prevent;</li>
 *     <li>{@code numa_free} is registered as the arena's cleanup ({@link MemorySegment#reinterpret(long, Arena, java.util.function.Consumer)})
 *     before anything else can fail;</li>
 *     <li>every page is written once, so the pages exist, on the node, before the memory is handed out:
 *     faults happen here rather than on a latency-critical path, and an exhausted node shows up at
 *     allocation time.</li>
 * </ol>
 * {@code Arena.allocate} plus {@code mbind} was not chosen: the JDK zeroes the memory it allocates, which
 * touches every page on the allocating thread's node before {@code mbind} can run, and the malloc'd
 * block shares pages, and afterwards its policy, with unrelated allocations.
 * <p>
 * Without libnuma ({@link MemoryPlacement#FIRST_TOUCH}) memory comes from {@code arena.allocate}; its
 * zeroing by the calling thread decides the node. The node argument is still validated.
 * <p>
 * Thread-safe; allocation is a set-up operation (system calls, page faults), not a hot-path one.
 */
public final class NumaMemory
{
    private static final int NODES_PER_QUERY = 1024;

    private final NumaCapabilities capabilities;
    private final LibNuma libnuma;
    private final MemoryPlacement placement;
    private final long pageSize;

    private NumaMemory(final NumaCapabilities capabilities)
    {
        this.capabilities = capabilities;
        this.libnuma = capabilities.libnuma();
        this.placement = capabilities.memoryPlacement();
        final LibC libc = LibC.instance();
        this.pageSize = libc.isAvailable() ? libc.pageSize() : 4096;
    }

    /**
     * Node-local memory as this JVM can provide it ({@link NumaCapabilities#detect()}).
     *
     * @return the allocator.
     */
    public static NumaMemory create()
    {
        return create(NumaCapabilities.detect());
    }

    /**
     * Node-local memory as {@code capabilities} allow: {@link MemoryPlacement#NUMA_BIND} when they report
     * libnuma, else {@link MemoryPlacement#FIRST_TOUCH}.
     *
     * @param capabilities what the machine and JVM can do.
     * @return the allocator.
     */
    public static NumaMemory create(final NumaCapabilities capabilities)
    {
        return new NumaMemory(Objects.requireNonNull(capabilities, "capabilities"));
    }

    /**
     * How this allocator places pages.
     *
     * @return {@link MemoryPlacement#NUMA_BIND} or {@link MemoryPlacement#FIRST_TOUCH}.
     */
    public MemoryPlacement placement()
    {
        return placement;
    }

    /**
     * The base page size placement works in.
     *
     * @return bytes per page.
     */
    public long pageSize()
    {
        return pageSize;
    }

    /**
     * Allocates zeroed memory on {@code node}, freed when {@code arena} closes.
     *
     * @param arena         owns the memory; must be alive and, if confined, owned by the calling thread.
     * @param byteSize      bytes, greater than 0.
     * @param byteAlignment alignment of the returned segment's address, a power of 2 (the memory is
     *                      page-aligned under {@link MemoryPlacement#NUMA_BIND} in any case).
     * @param node          a NUMA node of this machine that has memory.
     * @return a segment of {@code byteSize} bytes whose scope is {@code arena}'s.
     * @throws IllegalArgumentException if an argument is out of range.
     * @throws IllegalStateException    if {@code arena} is closed, or the kernel refuses the binding.
     * @throws OutOfMemoryError         if the mapping cannot be created.
     */
    public MemorySegment allocateOnNode(final Arena arena, final long byteSize, final long byteAlignment, final int node)
    {
        Objects.requireNonNull(arena, "arena");
        if (byteSize <= 0)
        {
            throw new IllegalArgumentException("byteSize must be positive: byteSize=" + byteSize);
        }
        if (byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1)
        {
            throw new IllegalArgumentException("byteAlignment must be a power of 2: byteAlignment=" + byteAlignment);
        }
        final BitSet nodes = capabilities.memoryNodes();
        if (node < 0 || !nodes.get(node))
        {
            throw new IllegalArgumentException(
                "node must be a NUMA node with memory (" + NumaCapabilities.formatList(nodes) + "): node=" + node);
        }

        return placement == MemoryPlacement.NUMA_BIND ?
            allocateBound(arena, byteSize, byteAlignment, node) :
            arena.allocate(byteSize, byteAlignment);
    }

    /**
     * The node each page of {@code segment} is on, asked of the kernel with {@code move_pages} in query
     * mode (nothing moves).
     *
     * @param segment a native segment whose arena is alive.
     * @return one entry per page the segment touches, in address order: the node id, or a negative
     * errno for a page without a node ({@code -ENOENT}: never touched).
     * @throws UnsupportedOperationException without libnuma.
     * @throws IllegalArgumentException      if {@code segment} is not native.
     * @throws IllegalStateException         if {@code segment}'s arena is closed or the kernel refuses.
     */
    public int[] nodesOfPages(final MemorySegment segment)
    {
        Objects.requireNonNull(segment, "segment");
        if (placement != MemoryPlacement.NUMA_BIND)
        {
            throw new UnsupportedOperationException("nodesOfPages needs libnuma's move_pages: " + libnuma.unavailableReason());
        }
        if (!segment.isNative())
        {
            throw new IllegalArgumentException("segment must be native: segment=" + segment);
        }
        if (!segment.scope().isAlive())
        {
            throw new IllegalStateException("segment's arena is closed: segment=" + segment);
        }
        if (segment.byteSize() == 0)
        {
            return new int[0];
        }

        final long firstPage = alignDown(segment.address(), pageSize);
        final long end = segment.address() + segment.byteSize();
        final int pageCount = Math.toIntExact((alignUp(end, pageSize) - firstPage) / pageSize);
        final int[] nodes = new int[pageCount];
        try (Arena arena = Arena.ofConfined())
        {
            final ErrnoCapture capture = ErrnoCapture.allocate(arena);
            final int batch = Math.min(pageCount, NODES_PER_QUERY);
            final MemorySegment pages = arena.allocate(ADDRESS, batch);
            final MemorySegment status = arena.allocate(JAVA_INT, batch);
            for (int done = 0; done < pageCount; done += batch)
            {
                final int count = Math.min(batch, pageCount - done);
                for (int i = 0; i < count; i++)
                {
                    pages.setAtIndex(ADDRESS, i, MemorySegment.ofAddress(firstPage + (long)(done + i) * pageSize));
                }
                if (libnuma.movePages(capture, 0, count, pages, MemorySegment.NULL, status, 0) < 0)
                {
                    throw new IllegalStateException("move_pages failed for segment=" + segment + ": " + capture.describe());
                }
                MemorySegment.copy(status, JAVA_INT, 0, nodes, done, count);
            }
        }
        return nodes;
    }

    @SuppressWarnings("restricted") // reinterpret attaches numa_free to the caller's arena: the mapping's only owner.
    private MemorySegment allocateBound(final Arena arena, final long byteSize, final long byteAlignment, final int node)
    {
        final long padding = byteAlignment > pageSize ? byteAlignment - pageSize : 0;
        final long mappedSize;
        try
        {
            mappedSize = Math.addExact(Math.addExact(byteSize, pageSize - 1) & -pageSize, padding);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("byteSize is too large to map: byteSize=" + byteSize, ex);
        }

        final ErrnoCapture capture = ErrnoCapture.perThread();
        final MemorySegment mapping = libnuma.allocOnNode(capture, mappedSize, node);
        if (MemorySegment.NULL.equals(mapping))
        {
            throw new OutOfMemoryError("numa_alloc_onnode failed for byteSize=" + byteSize + ", node=" + node + ": " +
                capture.describe());
        }

        final MemorySegment owned;
        try
        {
            bind(capture, mapping, mappedSize, node);
            owned = mapping.reinterpret(mappedSize, arena, unmapped -> libnuma.free(unmapped, mappedSize));
        }
        catch (final RuntimeException | Error ex)
        {
            libnuma.free(mapping, mappedSize);
            throw ex;
        }

        final long offset = alignUp(owned.address(), byteAlignment) - owned.address();
        final MemorySegment segment = owned.asSlice(offset, byteSize);
        // Writes, not reads: a read fault maps the shared zero page and places nothing.
        for (long page = 0; page < byteSize; page += pageSize)
        {
            segment.set(JAVA_BYTE, page, (byte)0);
        }
        return segment;
    }

    private void bind(final ErrnoCapture capture, final MemorySegment mapping, final long mappedSize, final int node)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int maskBits = 64 * (node / 64 + 1);
            final MemorySegment mask = arena.allocate(JAVA_LONG, maskBits / 64);
            mask.setAtIndex(JAVA_LONG, node / 64, 1L << (node % 64));
            // maxnode is one more than the mask's bits: the kernel has always dropped the last bit.
            if (0 != libnuma.mbind(capture, mapping, mappedSize, numa_h.MPOL_BIND(), mask, maskBits + 1, 0))
            {
                throw new IllegalStateException("mbind(MPOL_BIND) failed for node=" + node + ", byteSize=" + mappedSize + ": " +
                    capture.describe());
            }
        }
    }

    private static long alignUp(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    private static long alignDown(final long value, final long alignment)
    {
        return value & -alignment;
    }
}
