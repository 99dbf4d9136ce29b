package io.quicksilver.numa.affinity;

/**
 * The one exception an affinity config file can fail with, whether it is malformed or does not fit the machine.
 * <p>
 * The message reads {@code FILE:LINE: KEY = VALUE: REASON}, e.g.
 * {@code affinity.toml:12: worker[3].cpu = 17: cpu 17 not in this machine's cpus 0-15}; the parts that do not apply
 * (no line for a missing key, no key for malformed TOML) are left out. Each part is also available on its own.
 */
public final class AffinityConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final int line;
    private final String key;
    private final String value;
    private final String reason;

    AffinityConfigException(final String fileName, final int line, final String key, final String value, final String reason)
    {
        this(fileName, line, key, value, reason, null);
    }

    AffinityConfigException(
        final String fileName, final int line, final String key, final String value, final String reason, final Throwable cause)
    {
        super(format(fileName, line, key, value, reason), cause);
        this.fileName = fileName;
        this.line = line;
        this.key = key;
        this.value = value;
        this.reason = reason;
    }

    private static String format(final String fileName, final int line, final String key, final String value, final String reason)
    {
        final StringBuilder sb = new StringBuilder(fileName);
        if (line > 0)
        {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null)
        {
            sb.append(key);
            if (value != null)
            {
                sb.append(" = ").append(value);
            }
            sb.append(": ");
        }
        return sb.append(reason).toString();
    }

    /**
     * @return the config file's name as given to the parser.
     */
    public String fileName()
    {
        return fileName;
    }

    /**
     * @return the 1-based line the error is on, or 0 when it concerns no line (a required key that is missing).
     */
    public int line()
    {
        return line;
    }

    /**
     * @return the key in dotted form ({@code workers}, {@code idle.max_park}, {@code worker[3].cpu}, {@code cpus[2]}),
     * or null for errors that concern no key (malformed TOML, an unreadable file).
     */
    public String key()
    {
        return key;
    }

    /**
     * @return the value as written in TOML ({@code 17}, {@code "one-per-cxx"}), or null when there is none.
     */
    public String value()
    {
        return value;
    }

    /**
     * @return what is wrong, without the location.
     */
    public String reason()
    {
        return reason;
    }
}
