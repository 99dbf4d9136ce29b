package io.quicksilver.runtime.counters;

import java.io.Serial;

/**
 * A counters file that cannot be read, with a one-line reason that names the file.
 */
public final class CountersFileException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message the one-line reason, naming the file. */
    public CountersFileException(final String message)
    {
        super(message);
    }

    /** @param message the one-line reason, naming the file. @param cause what failed underneath. */
    public CountersFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
