package io.quicksilver.benchmarks.harness;

/**
 * A command line the bench cannot run: an unknown flag, a missing or malformed value. Exit status 2, and the usage
 * follows the message.
 */
public final class BenchUsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message says which flag and which value, e.g. {@code --workers must be a positive integer: --workers=0}.
     */
    public BenchUsageException(final String message)
    {
        super(message);
    }
}
