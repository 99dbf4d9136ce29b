package io.quicksilver.runtime.network;

/**
 * The network cannot be what it was asked to be: a missing JVM flag, Aeron not on the class path, a media driver that
 * cannot start or be reached, a channel Aeron refuses. Thrown at start, naming what was wrong.
 */
public final class NetworkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, with the value.
     */
    public NetworkException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was wrong, with the value.
     * @param cause   what Aeron threw.
     */
    public NetworkException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
