package io.quicksilver.runtime.journal;

import java.io.Serial;

/**
 * A journal that cannot be opened, written or read as asked: the message names the path and what was wrong.
 */
public final class JournalException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, with the path and the value.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was wrong, with the path and the value.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
