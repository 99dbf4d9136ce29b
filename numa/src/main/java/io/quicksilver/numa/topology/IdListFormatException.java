package io.quicksilver.numa.topology;

/**
 * Thrown when text in the kernel's list format ({@code 0-3,8,10-11}) cannot be parsed.
 * <p>
 * {@link #text()} and {@link #reason()} are kept apart so that callers can frame the failure in their own terms
 * (a sysfs file, a key in a config file) without repeating the value.
 */
public final class IdListFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String text;
    private final String reason;

    IdListFormatException(final String text, final String reason)
    {
        super("invalid id list \"" + text + "\": " + reason);
        this.text = text;
        this.reason = reason;
    }

    /**
     * @return the text that failed to parse, as given.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return what is wrong with it, naming the offending part, e.g. {@code "x" is not a number or a range a-b}.
     */
    public String reason()
    {
        return reason;
    }
}
