package io.quicksilver.benchmarks.harness;

/**
 * A file named on the command line that cannot be used (missing, unreadable, invalid), or a request this build
 * cannot serve. Exit status 1; the message names the flag, the file and what is wrong with it.
 */
public final class BenchFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the flag, the file and the problem.
     */
    public BenchFileException(final String message)
    {
        super(message);
    }

    /**
     * @param message names the flag, the file and the problem.
     * @param cause   the underlying failure.
     */
    public BenchFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
