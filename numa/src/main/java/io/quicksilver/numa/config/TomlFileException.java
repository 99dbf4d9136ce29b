package io.quicksilver.numa.config;

import java.io.Serial;

/**
 * A TOML file that is not valid TOML, or nests deeper than its reader allows. The message is
 * {@code file:line: reason}, or {@code file: reason} when no line is known.
 */
public final class TomlFileException extends IllegalArgumentException
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    TomlFileException(final String source, final int line, final String reason, final Throwable cause)
    {
        super(source + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /**
     * @return the file's name as given to the parser.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the 1-based line, or 0 when none is known.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return what is wrong, without the file and line.
     */
    public String reason()
    {
        return reason;
    }
}
