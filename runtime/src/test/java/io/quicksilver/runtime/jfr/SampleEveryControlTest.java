package io.quicksilver.runtime.jfr;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Resolution of the {@code sampleEvery} setting across recordings.
 */
class SampleEveryControlTest
{
    private final SampleEveryControl control = new SampleEveryControl();

    @Test
    void shouldCombineToTheMostFrequentSampling()
    {
        assertEquals("16", control.combine(Set.of("1024", "16", "64")));
    }

    @Test
    void shouldIgnoreInvalidValuesWhenCombining()
    {
        assertEquals("64", control.combine(Set.of("64", "0", "-3", "often", "")));
        assertEquals(
            Integer.toString(SampleEveryControl.DEFAULT_SAMPLE_EVERY), control.combine(Set.of("never", "0")));
        assertEquals(Integer.toString(SampleEveryControl.DEFAULT_SAMPLE_EVERY), control.combine(Set.of()));
    }

    @Test
    void shouldParseOnlyPositiveIntegers()
    {
        assertEquals(1, SampleEveryControl.parse("1"));
        assertEquals(1024, SampleEveryControl.parse(" 1024 "));
        assertEquals(-1, SampleEveryControl.parse("0"));
        assertEquals(-1, SampleEveryControl.parse("-5"));
        assertEquals(-1, SampleEveryControl.parse("1 ms"));
        assertEquals(-1, SampleEveryControl.parse(null));
    }
}
