package io.quicksilver.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The block of native memory a {@link Linker.Option#captureCallState(String...) captureCallState("errno")}
 * downcall writes errno into, right after the native function returns and before the JVM can run
 * anything that might overwrite it.
 * <p>
 * Reading errno after a plain downcall is unreliable: the JVM itself makes libc calls (allocation, GC,
 * safepoints) between the native return and a later read. Every errno-setting call in
 * {@link LibNuma} and {@link LibC} therefore takes an {@code ErrnoCapture} as its first argument; the
 * value is meaningful only when the call's return value says it failed.
 * <p>
 * An instance is not thread-safe: give each thread its own, for example {@link #perThread()}.
 */
public final class ErrnoCapture
{
    /**
     * Layout of the call state the native linker writes (platform defined; contains {@code errno}).
     */
    public static final StructLayout LAYOUT = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final ThreadLocal<ErrnoCapture> PER_THREAD =
        ThreadLocal.withInitial(() -> allocate(Arena.ofAuto()));

    private final MemorySegment state;

    private ErrnoCapture(final MemorySegment state)
    {
        this.state = state;
    }

    /**
     * Allocates a capture block from {@code allocator}; it lives as long as the allocator's memory.
     *
     * @param allocator where the {@link #LAYOUT}-sized block comes from.
     * @return a new capture block.
     */
    public static ErrnoCapture allocate(final SegmentAllocator allocator)
    {
        Objects.requireNonNull(allocator, "allocator");
        return new ErrnoCapture(allocator.allocate(LAYOUT));
    }

    /**
     * The calling thread's capture block, allocated on first use and reused after that, so a call site
     * that is not allocation-sensitive need not manage one.
     *
     * @return the calling thread's capture block.
     */
    public static ErrnoCapture perThread()
    {
        return PER_THREAD.get();
    }

    /**
     * The segment to pass as the leading argument of an errno-capturing downcall handle.
     *
     * @return the capture-state segment.
     */
    public MemorySegment segment()
    {
        return state;
    }

    /**
     * errno as written by the last capturing downcall that used this block.
     *
     * @return the captured errno value.
     */
    public int errno()
    {
        return (int)ERRNO.get(state, 0L);
    }

    /**
     * The captured errno as {@code EINVAL (Invalid argument)}.
     *
     * @return symbolic name and description of {@link #errno()}.
     */
    public String describe()
    {
        return Errno.describe(errno());
    }

    @Override
    public String toString()
    {
        return "ErrnoCapture{errno=" + describe() + "}";
    }
}
