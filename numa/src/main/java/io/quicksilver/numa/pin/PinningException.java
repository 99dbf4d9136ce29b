package io.quicksilver.numa.pin;

import java.util.Arrays;

/**
 * The kernel refused an affinity call; the message names the call, the CPUs and errno, e.g.
 * {@code sched_setaffinity failed for cpus=[5]: EINVAL (Invalid argument)}.
 */
public final class PinningException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final int[] cpus;

    PinningException(final String message, final int errno, final int[] cpus)
    {
        super(message);
        this.errno = errno;
        this.cpus = cpus.clone();
    }

    /**
     * The errno the call failed with.
     *
     * @return errno, e.g. 22 for EINVAL.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * The CPUs the call was about (empty for calls that take none).
     *
     * @return a copy of the CPU ids.
     */
    public int[] cpus()
    {
        return Arrays.copyOf(cpus, cpus.length);
    }
}
