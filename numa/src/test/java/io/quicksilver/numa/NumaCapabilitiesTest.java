package io.quicksilver.numa;

import io.quicksilver.bindings.LibC;
import io.quicksilver.bindings.LibNuma;
import io.quicksilver.numa.memory.MemoryPlacement;
import io.quicksilver.numa.pin.ThreadPinning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NumaCapabilitiesTest
{
    private static final String MISSING_LIBRARY = "libquicksilver-does-not-exist.so.1";

    @Test
    void shouldReportLibnumaPinningAndBoundPlacementWhereLibnumaLoads()
    {
        final NumaCapabilities capabilities = NumaCapabilities.detect();
        assumeTrue(capabilities.libnumaAvailable(), capabilities::libnumaUnavailableReason);
        assertTrue(capabilities.pinningAvailable());
        assertEquals(MemoryPlacement.NUMA_BIND, capabilities.memoryPlacement());
        assertEquals(capabilities.libnuma().configuredNodes(), capabilities.nodeCount());
        assertEquals(capabilities.libnuma().configuredCpus(), capabilities.configuredCpus());
        assertEquals(ThreadPinning.create().currentAffinity(), capabilities.allowedCpus());

        final String text = capabilities.describe();
        assertTrue(text.startsWith("Quicksilver NUMA capabilities\n"), text);
        assertTrue(text.contains("  libnuma:          available (libnuma.so.1 -> " + capabilities.libnuma().file().orElseThrow() + ")\n"), text);
        assertTrue(text.contains("  thread pinning:   available (sched_setaffinity, sched_getaffinity, sched_getcpu in libc)\n"), text);
        assertTrue(text.contains("  memory placement: NUMA_BIND: " + MemoryPlacement.NUMA_BIND.description() + "\n"), text);
        assertTrue(text.contains("  NUMA nodes:       " + capabilities.nodeCount() + " with memory (" +
            NumaCapabilities.formatList(capabilities.memoryNodes()) + ")\n"), text);
        assertTrue(text.contains("  CPUs:             " + capabilities.configuredCpus() + " configured; the detecting thread may run on " +
            NumaCapabilities.formatList(capabilities.allowedCpus()) + "\n"), text);
    }

    @Test
    void shouldFallBackToFirstTouchAndKeepPinningWhenLibnumaIsMissing()
    {
        final NumaCapabilities capabilities = NumaCapabilities.detect(MISSING_LIBRARY);
        assertFalse(capabilities.libnumaAvailable());
        assertTrue(capabilities.libnumaUnavailableReason().contains(MISSING_LIBRARY), capabilities.libnumaUnavailableReason());
        assertTrue(capabilities.pinningAvailable());
        assertEquals("", capabilities.pinningUnavailableReason());
        assertEquals(MemoryPlacement.FIRST_TOUCH, capabilities.memoryPlacement());
        assertTrue(capabilities.nodeCount() >= 1);

        final String text = capabilities.describe();
        assertTrue(text.contains("  libnuma:          unavailable: cannot load " + MISSING_LIBRARY + " ("), text);
        assertTrue(text.contains("  thread pinning:   available"), text);
        assertTrue(text.contains("  memory placement: FIRST_TOUCH: " + MemoryPlacement.FIRST_TOUCH.description() + "\n"), text);
    }

    @Test
    void shouldReportPinningUnavailableWithoutTheAffinityFunctions(@TempDir final Path sysfs) throws IOException
    {
        recordMachine(sysfs, "0,2", 4);
        final NumaCapabilities capabilities = NumaCapabilities.detect(
            LibNuma.load(MISSING_LIBRARY), LibC.probe(name -> Optional.empty()), sysfs);
        assertFalse(capabilities.pinningAvailable());
        assertTrue(capabilities.allowedCpus().isEmpty());
        final String text = capabilities.describe();
        assertTrue(text.contains("  thread pinning:   unavailable: the C library has no sched_setaffinity"), text);
        assertTrue(text.contains("  NUMA nodes:       2 with memory (0,2)\n"), text);
        assertTrue(text.endsWith("  CPUs:             4 configured; affinity unknown\n"), text);
    }

    @Test
    void shouldReadNodesAndCpusFromARecordedSysfsTree(@TempDir final Path sysfs) throws IOException
    {
        recordMachine(sysfs, "0-3,8", 16);
        final NumaCapabilities capabilities = NumaCapabilities.detect(LibNuma.load(MISSING_LIBRARY), LibC.instance(), sysfs);
        final BitSet expected = new BitSet();
        expected.set(0, 4);
        expected.set(8);
        assertEquals(expected, capabilities.memoryNodes());
        assertEquals(5, capabilities.nodeCount());
        assertEquals(16, capabilities.configuredCpus());
    }

    @Test
    void shouldAssumeOneNodeWhereTheKernelHasNoNumaDirectory(@TempDir final Path sysfs)
    {
        final NumaCapabilities capabilities = NumaCapabilities.detect(LibNuma.load(MISSING_LIBRARY), LibC.instance(), sysfs);
        assertEquals(1, capabilities.nodeCount());
        assertTrue(capabilities.memoryNodes().get(0));
        assertEquals(Runtime.getRuntime().availableProcessors(), capabilities.configuredCpus());
    }

    @Test
    void shouldFormatIdsInTheKernelListFormat()
    {
        final BitSet ids = new BitSet();
        assertEquals("", NumaCapabilities.formatList(ids));
        ids.set(0, 4);
        ids.set(8);
        ids.set(10, 12);
        assertEquals("0-3,8,10-11", NumaCapabilities.formatList(ids));
    }

    private static void recordMachine(final Path sysfs, final String nodesWithMemory, final int cpus) throws IOException
    {
        Files.createDirectories(sysfs.resolve("node"));
        Files.writeString(sysfs.resolve("node/has_memory"), nodesWithMemory + "\n");
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            Files.createDirectories(sysfs.resolve("cpu/cpu" + cpu));
        }
        Files.createDirectories(sysfs.resolve("cpu/cpufreq"));
    }
}
