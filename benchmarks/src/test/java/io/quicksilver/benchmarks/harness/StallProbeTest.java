package io.quicksilver.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StallProbeTest
{
    @Test
    @Timeout(30)
    void shouldSpinTheThreadsForTheTimeAndKeepTheLongestStop()
    {
        final long nanos = TimeUnit.MILLISECONDS.toNanos(50);
        final StallProbe probe = StallProbe.measure(2, nanos);

        assertEquals(2, probe.threads());
        assertEquals(nanos, probe.nanos());
        // A stop is a gap between two clock reads inside the spin, so it is shorter than the spin itself.
        assertTrue(probe.maxGapNs() > 0 && probe.maxGapNs() < nanos, "maxGapNs=" + probe.maxGapNs());
        assertTrue(probe.gapsOver1ms() >= 0 && probe.gapsOver1ms() <= nanos / TimeUnit.MILLISECONDS.toNanos(1) * 2,
            "gapsOver1ms=" + probe.gapsOver1ms());
        assertTrue(probe.stealMs() >= -1, "stealMs=" + probe.stealMs());
        assertTrue(probe.describe().startsWith("2 threads spinning 0.1 s: longest stop "), probe.describe());
    }

    @Test
    void shouldReadTheStealFieldOfProcStatWhereThereIsOne()
    {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "no /proc/stat here");
        final long steal = StallProbe.stealJiffies();
        assertTrue(steal >= 0, "a Linux /proc/stat has a steal field: steal=" + steal);
    }

    @Test
    void shouldRejectNoThreadsOrNoTime()
    {
        assertEquals("threads and nanos must be positive: threads=0, nanos=5",
            assertThrows(IllegalArgumentException.class, () -> StallProbe.measure(0, 5)).getMessage());
        assertEquals("threads and nanos must be positive: threads=1, nanos=0",
            assertThrows(IllegalArgumentException.class, () -> StallProbe.measure(1, 0)).getMessage());
    }
}
