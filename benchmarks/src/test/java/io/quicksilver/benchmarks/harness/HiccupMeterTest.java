package io.quicksilver.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiccupMeterTest
{
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void recordsWakeUpsWhileItRunsAndNothingOnceStopped()
    {
        final HiccupMeter meter = HiccupMeter.start();
        assertThrows(IllegalStateException.class, meter::hiccups);
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < until)
        {
            Thread.onSpinWait();
        }
        meter.stop();
        final Hiccups hiccups = meter.hiccups();
        assertTrue(hiccups.measured());
        assertTrue(hiccups.nanos() >= TimeUnit.MILLISECONDS.toNanos(100), "ran " + hiccups.nanos());
        // A 1 ms sleeper wakes at most once per millisecond (each wake-up is at least 1 ms after the last).
        assertTrue(hiccups.wakeUps() <= hiccups.nanos() / HiccupMeter.RESOLUTION_NS + 1, hiccups.toString());
        assertTrue(hiccups.maxLateNs() >= hiccups.p99LateNs(), hiccups.toString());
        assertTrue(hiccups.describe().startsWith("platform stops (1 ms sleeper): max "), hiccups.describe());
        meter.stop();
        assertEquals(hiccups, meter.hiccups());
    }

    @Test
    void addsRunsTogether()
    {
        final Hiccups a = new Hiccups(1_000, 10, 50, 2_000_000, 1, 2_000_000, 10);
        final Hiccups b = new Hiccups(3_000, 30, 70, 1_500_000, 2, 3_000_000, -1);
        final Hiccups both = a.plus(b);
        assertEquals(new Hiccups(4_000, 40, 70, 2_000_000, 3, 5_000_000, -1), both);
        assertEquals(a, a.plus(Hiccups.NONE));
        assertEquals(b, Hiccups.NONE.plus(b));
        assertFalse(Hiccups.NONE.measured());
        assertEquals("platform stops not measured", Hiccups.NONE.describe());
    }
}
