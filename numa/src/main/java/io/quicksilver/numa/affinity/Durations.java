package io.quicksilver.numa.affinity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config file: an integer and a unit, {@code "500ns"}, {@code "50us"}, {@code "1ms"},
 * {@code "1s"}. Integers without a unit are refused because nothing tells nanoseconds from milliseconds.
 */
final class Durations
{
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ns|us|\u00b5s|ms|s)");

    private Durations()
    {
    }

    /**
     * @param text a duration such as {@code "50us"}.
     * @return nanoseconds.
     * @throws IllegalArgumentException saying what is accepted.
     */
    static long parseNanos(final String text)
    {
        final Matcher m = DURATION.matcher(text.strip());
        if (!m.matches())
        {
            throw new IllegalArgumentException("not a duration: expected an integer and a unit (ns, us, ms, s), e.g. \"50us\"");
        }
        final long amount = Long.parseLong(m.group(1));
        final long unit = switch (m.group(2))
        {
            case "ns" -> 1L;
            case "us", "\u00b5s" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        try
        {
            return Math.multiplyExact(amount, unit);
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("duration too large", ex);
        }
    }

    /**
     * @param ns nanoseconds.
     * @return the largest exact unit: {@code 1ms} for 1000000, {@code 1500us} for 1500000.
     */
    static String format(final long ns)
    {
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
}
