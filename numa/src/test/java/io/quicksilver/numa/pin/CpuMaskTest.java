package io.quicksilver.numa.pin;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuMaskTest
{
    @Test
    void shouldPutCpuNInBitNModulo64OfWordNDiv64()
    {
        final BitSet cpus = new BitSet();
        cpus.set(0);
        cpus.set(63);
        cpus.set(64);
        cpus.set(1000);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = CpuMask.write(arena, cpus, 1024);
            assertEquals(128, mask.byteSize());
            assertEquals(1L | Long.MIN_VALUE, mask.getAtIndex(JAVA_LONG, 0));
            assertEquals(1L, mask.getAtIndex(JAVA_LONG, 1));
            assertEquals(1L << (1000 % 64), mask.getAtIndex(JAVA_LONG, 1000 / 64));
            assertEquals(cpus, CpuMask.read(mask));
        }
    }

    @Test
    void shouldSizeMasksInWholeWordsAndNeverBelowCpuSetSize()
    {
        assertEquals(1024, CpuMask.bitsFor(0));
        assertEquals(1024, CpuMask.bitsFor(1023));
        assertEquals(1088, CpuMask.bitsFor(1024));
        assertEquals(8192, CpuMask.bitsFor(8191));
        assertEquals(128, CpuMask.byteSize(1024));
    }
}
