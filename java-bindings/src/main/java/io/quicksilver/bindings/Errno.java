package io.quicksilver.bindings;

import io.quicksilver.bindings.libc.libc_h;

import java.lang.foreign.MemorySegment;

/**
 * errno values as text, for error messages such as
 * {@code sched_setaffinity failed for cpus=[5]: EINVAL (Invalid argument)}.
 * <p>
 * Uses glibc's {@code strerrorname_np}/{@code strerrordesc_np} (2.32+): unlike {@code strerror} they
 * return static strings, so they are safe from any thread. Where the C library lacks them the text
 * degrades to {@code errno 22}.
 */
public final class Errno
{
    private Errno()
    {
    }

    /**
     * Symbolic name of an errno value.
     *
     * @param errno the errno value.
     * @return for example {@code EINVAL}, or {@code errno 22} when the C library cannot name it.
     */
    public static String name(final int errno)
    {
        if (LibC.instance().hasErrnoText())
        {
            final String name = cString(libc_h.strerrorname_np(errno));
            if (null != name)
            {
                return name;
            }
        }
        return "errno " + errno;
    }

    /**
     * Description of an errno value.
     *
     * @param errno the errno value.
     * @return for example {@code Invalid argument}, or {@code unknown error} when the C library has none.
     */
    public static String description(final int errno)
    {
        if (LibC.instance().hasErrnoText())
        {
            final String description = cString(libc_h.strerrordesc_np(errno));
            if (null != description)
            {
                return description;
            }
        }
        return "unknown error";
    }

    /**
     * Name and description together.
     *
     * @param errno the errno value.
     * @return for example {@code EINVAL (Invalid argument)}.
     */
    public static String describe(final int errno)
    {
        return name(errno) + " (" + description(errno) + ")";
    }

    private static String cString(final MemorySegment pointer)
    {
        // The generated C_POINTER layout already sizes the returned segment for reading a C string.
        return MemorySegment.NULL.equals(pointer) ? null : pointer.getString(0);
    }
}
