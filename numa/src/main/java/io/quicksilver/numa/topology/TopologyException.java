package io.quicksilver.numa.topology;

/**
 * Thrown when the topology cannot be read: a sysfs file that is missing or holds something unexpected. The message
 * names the file and the value found in it.
 */
public final class TopologyException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file and the value.
     */
    public TopologyException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file and the value.
     * @param cause   the underlying failure.
     */
    public TopologyException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
