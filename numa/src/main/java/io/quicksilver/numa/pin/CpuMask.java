package io.quicksilver.numa.pin;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The kernel's CPU mask ({@code cpu_set_t} and its dynamically sized form): CPU {@code n} is bit
 * {@code n % 64} of the {@code n / 64}th native-order {@code unsigned long}.
 * <p>
 * {@link BitSet#toLongArray()} uses exactly that word layout, so a mask is a copy of those longs
 * written with the native byte order; no per-bit loop and no endianness assumption.
 */
final class CpuMask
{
    /**
     * glibc's {@code CPU_SETSIZE}: the fixed {@code cpu_set_t} size, and the least a mask is sized to.
     */
    static final int MIN_BITS = 1024;

    private CpuMask()
    {
    }

    /**
     * Bits needed to hold CPU ids up to {@code highestCpu}: a whole number of 64-bit words, at least
     * {@link #MIN_BITS}.
     */
    static int bitsFor(final int highestCpu)
    {
        final int words = highestCpu / 64 + 1;
        return Math.max(MIN_BITS, words * 64);
    }

    static MemorySegment write(final SegmentAllocator allocator, final BitSet cpus, final int bits)
    {
        final MemorySegment mask = allocator.allocate(JAVA_LONG, bits / 64);
        final long[] words = cpus.toLongArray();
        MemorySegment.copy(words, 0, mask, JAVA_LONG, 0, words.length);
        return mask;
    }

    static BitSet read(final MemorySegment mask)
    {
        return BitSet.valueOf(mask.toArray(JAVA_LONG));
    }

    static long byteSize(final int bits)
    {
        return bits / 8L;
    }
}
