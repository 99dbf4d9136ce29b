package io.quicksilver.numa.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of Quicksilver: the affinity file's {@code [idle]} periods, {@code ./quicksilver bench
 * --duration} and the thresholds of the shipped {@code .jfc} are all written in it. A duration is a non-negative
 * number, optionally with a fraction, then optionally spaces, then a unit: {@code ns}, {@code us} (or {@code µs}),
 * {@code ms}, {@code s}, {@code m} or {@code h}; {@code "500ns"}, {@code "50us"}, {@code "1.5s"}, {@code "100 us"}
 * (JFR's own form). It must come to a whole number of nanoseconds. A number without a unit is refused, since nothing
 * tells nanoseconds from milliseconds; each user of a duration checks its own range.
 */
public final class Durations
{
    /** What the grammar accepts, for error messages: completes "must be ...". */
    public static final String EXPECTED = "a number and a unit (ns, us, ms, s, m, h), e.g. 50us, 1.5s or 100 us";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(?:\\.(\\d{1,9}))?\\s*(ns|us|\u00b5s|ms|s|m|h)");
    private static final Pattern NEGATIVE = Pattern.compile("-\\s*\\d.*");

    private Durations()
    {
    }

    /**
     * @param text a duration such as {@code "50us"}.
     * @return nanoseconds, 0 or more.
     * @throws IllegalArgumentException whose message completes "must be ...": {@code must be positive} for a negative
     *                                  value, otherwise what the grammar accepts.
     */
    public static long parseNanos(final String text)
    {
        final String stripped = text.strip();
        if (NEGATIVE.matcher(stripped).matches())
        {
            throw new IllegalArgumentException("must be positive");
        }
        final Matcher m = DURATION.matcher(stripped);
        if (!m.matches())
        {
            throw new IllegalArgumentException("must be " + EXPECTED);
        }
        final long unit = switch (m.group(3))
        {
            case "ns" -> 1L;
            case "us", "\u00b5s" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        try
        {
            long ns = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            final String fraction = m.group(2);
            if (fraction != null)
            {
                // fraction x unit / 10^digits, exactly: unit <= 3.6e12 and fraction < 10^9 fit a long product.
                final long scale = pow10(fraction.length());
                final long part = Math.multiplyExact(Long.parseLong(fraction), unit);
                if (part % scale != 0)
                {
                    throw new IllegalArgumentException("must be a whole number of nanoseconds");
                }
                ns = Math.addExact(ns, part / scale);
            }
            return ns;
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("must be at most " + Long.MAX_VALUE + "ns", ex);
        }
    }

    /**
     * @param text a duration such as {@code "2s"}.
     * @return it as a {@link Duration}.
     * @throws IllegalArgumentException as {@link #parseNanos(String)}.
     */
    public static Duration parse(final String text)
    {
        return Duration.ofNanos(parseNanos(text));
    }

    /**
     * @param ns nanoseconds.
     * @return the largest exact unit, in the grammar: {@code 1ms} for 1000000, {@code 1500us} for 1500000.
     */
    public static String format(final long ns)
    {
        if (ns != 0 && ns % 3_600_000_000_000L == 0)
        {
            return ns / 3_600_000_000_000L + "h";
        }
        if (ns != 0 && ns % 60_000_000_000L == 0)
        {
            return ns / 60_000_000_000L + "m";
        }
        if (ns != 0 && ns % 1_000_000_000L == 0)
        {
            return ns / 1_000_000_000L + "s";
        }
        if (ns != 0 && ns % 1_000_000L == 0)
        {
            return ns / 1_000_000L + "ms";
        }
        if (ns != 0 && ns % 1_000L == 0)
        {
            return ns / 1_000L + "us";
        }
        return ns + "ns";
    }

    private static long pow10(final int digits)
    {
        long p = 1;
        for (int i = 0; i < digits; i++)
        {
            p *= 10;
        }
        return p;
    }
}
