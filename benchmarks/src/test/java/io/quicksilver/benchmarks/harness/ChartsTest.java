package io.quicksilver.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChartsTest
{
    @Test
    void latencyTicksReadAsTimeUnits()
    {
        final Charts.MicrosFormat format = new Charts.MicrosFormat();
        assertEquals("100 ns", format.format(0.1));
        assertEquals("1 us", format.format(1.0));
        assertEquals("10 us", format.format(10.0));
        assertEquals("100 us", format.format(100.0));
        assertEquals("1 ms", format.format(1_000.0));
        assertEquals("10 ms", format.format(10_000.0));
        assertEquals("1 s", format.format(1_000_000.0));
        assertEquals("2.5 ms", format.format(2_500.0));
    }

    @Test
    void percentileTicksReadAsPercentiles()
    {
        final Charts.PercentileFormat format = new Charts.PercentileFormat();
        assertEquals("0%", format.format(1.0));
        assertEquals("90%", format.format(10.0));
        assertEquals("99.9%", format.format(1_000.0));
    }
}
