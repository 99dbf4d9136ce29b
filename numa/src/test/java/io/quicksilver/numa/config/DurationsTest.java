package io.quicksilver.numa.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest
{
    @Test
    void shouldParseEveryUnit()
    {
        assertEquals(500, Durations.parseNanos("500ns"));
        assertEquals(50_000, Durations.parseNanos("50us"));
        assertEquals(50_000, Durations.parseNanos("50\u00b5s"));
        assertEquals(1_000_000, Durations.parseNanos("1ms"));
        assertEquals(2_000_000_000L, Durations.parseNanos("2s"));
        assertEquals(60_000_000_000L, Durations.parseNanos("1m"));
        assertEquals(3_600_000_000_000L, Durations.parseNanos("1h"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
    }

    @Test
    void shouldParseFractionsAndTheSpacedFormOfJfr()
    {
        assertEquals(1_500_000_000L, Durations.parseNanos("1.5s"));
        assertEquals(250_000, Durations.parseNanos("0.25ms"));
        assertEquals(100_000, Durations.parseNanos("100 us"));
        assertEquals(0, Durations.parseNanos("0 ns"));
        assertEquals(1_000_000, Durations.parseNanos(" 1 ms "));
        assertEquals(1, Durations.parseNanos("0.000000001s"));
    }

    @Test
    void shouldSayNegativeDurationsMustBePositive()
    {
        assertEquals("must be positive", assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("-1s")).getMessage());
        assertEquals("must be positive", assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("-0.5 ms")).getMessage());
    }

    @Test
    void shouldRejectWhatIsNotADuration()
    {
        final String expected = "must be a number and a unit (ns, us, ms, s, m, h), e.g. 50us, 1.5s or 100 us";
        for (final String text : new String[]{ "1000", "", "ms", "1 hour", "1.s", ".5s", "1e3ns", "1,000ms", "2 S", "5d" })
        {
            assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text)).getMessage(), text);
        }
        assertEquals("must be a whole number of nanoseconds",
            assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("1.5ns")).getMessage());
        assertEquals("must be at most 9223372036854775807ns",
            assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("999999999999999999h")).getMessage());
    }

    @Test
    void shouldFormatInTheLargestExactUnitAndParseBack()
    {
        assertEquals("0ns", Durations.format(0));
        assertEquals("1500us", Durations.format(1_500_000));
        assertEquals("1ms", Durations.format(1_000_000));
        assertEquals("90s", Durations.format(90_000_000_000L));
        assertEquals("2m", Durations.format(120_000_000_000L));
        assertEquals("1h", Durations.format(3_600_000_000_000L));
        for (final long ns : new long[]{ 1, 999, 1_000, 1_500_000, 61_000_000_000L, 7_200_000_000_000L })
        {
            assertEquals(ns, Durations.parseNanos(Durations.format(ns)));
        }
    }
}
