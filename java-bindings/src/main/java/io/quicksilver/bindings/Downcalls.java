package io.quicksilver.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Builds errno-capturing downcall handles from what the generated header classes expose.
 */
final class Downcalls
{
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Downcalls()
    {
    }

    /**
     * A handle for the function at {@code address} whose first parameter is the
     * {@link ErrnoCapture#segment()} to write errno into, followed by {@code descriptor}'s parameters.
     */
    static MethodHandle capturingErrno(final MemorySegment address, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    /**
     * invokeExact declares Throwable; a native function cannot throw, so anything else is a bug here.
     */
    static AssertionError unexpected(final Throwable t)
    {
        return new AssertionError("should not reach here", t);
    }
}
