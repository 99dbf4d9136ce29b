package io.quicksilver.numa.config;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TOML file read by the parser the affinity file uses (tomlj, inside the numa jar), with the line of every
 * top-level key: what Quicksilver's own file formats (the benchmarks' scene files) read, so that the whole product
 * has one TOML dialect, TOML 1.0, and its tools need not see the parser. Values come as plain Java: {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, a {@link TemporalAccessor} for dates and times, an unmodifiable
 * {@link List} for an array and an unmodifiable {@link Map} (keys in file order) for a table.
 */
public final class TomlFile
{
    /** Deepest nesting of arrays and tables read unless the caller says otherwise; a real file uses 2 or 3. */
    public static final int DEFAULT_MAX_NESTING = 64;

    private final TomlTable root;
    private final int maxNesting;
    private final String source;

    private TomlFile(final TomlTable root, final String source, final int maxNesting)
    {
        this.root = root;
        this.source = source;
        this.maxNesting = maxNesting;
    }

    /**
     * @param text   the file's contents.
     * @param source the file's name, for messages.
     * @return the parsed file.
     * @throws TomlFileException {@code source:line: invalid TOML: ...} for the first syntax error.
     */
    public static TomlFile parse(final String text, final String source)
    {
        return parse(text, source, DEFAULT_MAX_NESTING);
    }

    /**
     * @param text       the file's contents.
     * @param source     the file's name, for messages.
     * @param maxNesting deepest nesting of arrays and inline tables allowed, checked before the text reaches the
     *                   parser, whose recursive descent would run out of stack on values nested thousands deep.
     * @return the parsed file.
     * @throws TomlFileException {@code source:line: invalid TOML: ...} for the first syntax error, or for nesting
     *                           deeper than {@code maxNesting}.
     */
    public static TomlFile parse(final String text, final String source, final int maxNesting)
    {
        final int deepLine = lineNestedDeeperThan(text, maxNesting);
        if (deepLine > 0)
        {
            throw new TomlFileException(source, deepLine, "invalid TOML: nested more than " + maxNesting + " deep", null);
        }
        final TomlParseResult result;
        try
        {
            result = Toml.parse(text);
        }
        catch (final StackOverflowError ex)
        {
            throw new TomlFileException(source, 0, "invalid TOML: nested too deeply for the TOML parser", ex);
        }
        if (result.hasErrors())
        {
            final TomlParseError error = result.errors().get(0);
            throw new TomlFileException(source, error.position().line(), "invalid TOML: " + error.getMessage(), error);
        }
        return new TomlFile(result, source, maxNesting);
    }

    /**
     * @return the file's name as given to {@link #parse(String, String)}.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the top-level keys, in the order of their lines (a table header's key at the header).
     */
    public List<String> keys()
    {
        final List<String> keys = new ArrayList<>(root.keySet());
        keys.sort(Comparator.comparingInt(this::line));
        return Collections.unmodifiableList(keys);
    }

    /**
     * @param key a top-level key.
     * @return the 1-based line it is defined on, or 0 when it is not in the file.
     */
    public int line(final String key)
    {
        final TomlPosition position = root.inputPositionOf(List.of(key));
        return position == null ? 0 : position.line();
    }

    /**
     * @param key a top-level key.
     * @return whether its value is a table (a {@code [key]} header, a dotted key or an inline table).
     */
    public boolean isTable(final String key)
    {
        return root.get(List.of(key)) instanceof TomlTable;
    }

    /**
     * @param key a top-level key.
     * @return its value as plain Java (see the class comment), or null when the file does not have it.
     * @throws TomlFileException when the value nests deeper than the file may (dotted keys nest tables without
     *                           brackets).
     */
    public Object get(final String key)
    {
        final Object value = root.get(List.of(key));
        return value == null ? null : plain(value, 1, key);
    }

    /**
     * @param value a value from {@link #get(String)}.
     * @return its TOML type for messages: "a string", "an integer", "a float", "a boolean", "an array", "a table",
     *         "a date/time".
     */
    public static String typeName(final Object value)
    {
        return switch (value)
        {
            case String s -> "a string";
            case Long l -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            case List<?> l -> "an array";
            case Map<?, ?> m -> "a table";
            case TemporalAccessor t -> "a date/time";
            default -> value.getClass().getSimpleName();
        };
    }

    /**
     * @param value a value from {@link #get(String)}.
     * @return it as it would be written in TOML, for messages: {@code "wide"}, {@code [3, 2]}, {@code 0.5}.
     */
    public static String render(final Object value)
    {
        return switch (value)
        {
            case String s -> Toml.tomlEscape(s).insert(0, '"').append('"').toString();
            case List<?> list -> list.stream().map(TomlFile::render).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> map -> map.entrySet().stream().map(e -> e.getKey() + " = " + render(e.getValue()))
                .collect(Collectors.joining(", ", "{ ", " }"));
            default -> String.valueOf(value);
        };
    }

    private Object plain(final Object value, final int depth, final String key)
    {
        if (!(value instanceof TomlArray) && !(value instanceof TomlTable))
        {
            return value;
        }
        if (depth > maxNesting)
        {
            throw new TomlFileException(source, line(key), "invalid TOML: " + key + " nests more than " + maxNesting +
                " deep", null);
        }
        if (value instanceof TomlArray array)
        {
            final List<Object> list = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++)
            {
                list.add(plain(array.get(i), depth + 1, key));
            }
            return Collections.unmodifiableList(list);
        }
        final TomlTable table = (TomlTable)value;
        final Map<String, Object> map = new LinkedHashMap<>();
        for (final String k : table.keySet())
        {
            map.put(k, plain(table.get(List.of(k)), depth + 1, key));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * A cheap pre-scan that keeps text tomlj would overflow its stack on away from it: counts the nesting of
     * <code>[</code> and <code>&#123;</code> outside strings and comments, table headers included
     * ({@code [[worker]]} is 2 deep).
     * A closing bracket that does not match the innermost open one is not counted, so that the count never falls
     * below the depth a parser recovering from the error could reach.
     *
     * @param content  TOML text.
     * @param maxDepth deepest nesting allowed.
     * @return the 1-based line on which nesting first goes deeper than {@code maxDepth}, or 0 when it never does.
     */
    public static int lineNestedDeeperThan(final String content, final int maxDepth)
    {
        final int length = content.length();
        final StringBuilder open = new StringBuilder();
        int line = 1;
        int i = 0;
        while (i < length)
        {
            final char c = content.charAt(i);
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (c == '#')
            {
                while (i < length && content.charAt(i) != '\n')
                {
                    i++;
                }
            }
            else if (c == '"' || c == '\'')
            {
                final boolean escapes = c == '"';
                final String multiLineQuote = escapes ? "\"\"\"" : "'''";
                if (content.startsWith(multiLineQuote, i))
                {
                    i += 3;
                    while (i < length && !content.startsWith(multiLineQuote, i))
                    {
                        final char d = content.charAt(i);
                        if (d == '\n')
                        {
                            line++;
                        }
                        i += escapes && d == '\\' && i + 1 < length && content.charAt(i + 1) != '\n' ? 2 : 1;
                    }
                    i += 3;
                    // Up to two more quotes belong to the string: """a""""" is "a" followed by two quotes.
                    for (int extra = 0; extra < 2 && i < length && content.charAt(i) == c; extra++)
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                    while (i < length && content.charAt(i) != '\n')
                    {
                        final char d = content.charAt(i);
                        if (d == c)
                        {
                            i++;
                            break;
                        }
                        i += escapes && d == '\\' && i + 1 < length && content.charAt(i + 1) != '\n' ? 2 : 1;
                    }
                }
            }
            else if (c == '[' || c == '{')
            {
                open.append(c);
                if (open.length() > maxDepth)
                {
                    return line;
                }
                i++;
            }
            else if (c == ']' || c == '}')
            {
                final int last = open.length() - 1;
                if (last >= 0 && open.charAt(last) == (c == ']' ? '[' : '{'))
                {
                    open.setLength(last);
                }
                i++;
            }
            else
            {
                i++;
            }
        }
        return 0;
    }
}
