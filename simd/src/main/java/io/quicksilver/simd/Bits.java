package io.quicksilver.simd;

/**
 * Bit-level helpers shared by the table and both kernels, so that the scalar and vector twins differ only in how
 * they test tag overlap.
 */
final class Bits
{
    static final int WORD_SHIFT = 6;
    static final int WORD_BITS = 64;
    static final int WORD_MASK = WORD_BITS - 1;

    private Bits()
    {
    }

    /**
     * Words needed for {@code bits} bits, plus one spare so that {@link #bitsAt(long[], int)} may read the word after
     * the last one without a branch.
     */
    static int wordsWithSpare(final int bits)
    {
        return (bits >>> WORD_SHIFT) + 2;
    }

    /**
     * The 64 bits starting at bit {@code start}: bit 0 of the result is bit {@code start} of {@code words}.
     */
    static long bitsAt(final long[] words, final int start)
    {
        final int index = start >>> WORD_SHIFT;
        final int shift = start & WORD_MASK;
        // (w1 << 1) << (63 - shift) rather than w1 << (64 - shift): Java masks shift counts to 6 bits, so a shift of
        // 64 would be a shift of 0. This form is 0 when shift == 0 and needs no branch.
        return (words[index] >>> shift) | ((words[index + 1] << 1) << (WORD_MASK - shift));
    }

    /**
     * The same window as {@link #bitsAt(long[], int)} for {@code start = (index << 6) + shift}, for loops that step
     * a word at a time from an unaligned start and hoist the shift.
     */
    static long window(final long[] words, final int index, final int shift)
    {
        // The shift is invariant in a kernel's loops, so C2 unswitches on this test: a range that starts on a
        // multiple of 64 (a whole table, or an aligned partition) reads one word per window.
        return shift == 0 ? words[index] :
            (words[index] >>> shift) | ((words[index + 1] << 1) << (WORD_MASK - shift));
    }

    /**
     * Bits {@code lo} (inclusive) to {@code hi} (exclusive) of a word, for {@code 0 <= lo < hi <= 64}.
     */
    static long rangeMask(final int lo, final int hi)
    {
        return (-1L >>> (WORD_BITS - hi)) & (-1L << lo);
    }

    static boolean get(final long[] words, final int bit)
    {
        return (words[bit >>> WORD_SHIFT] & (1L << bit)) != 0;
    }

    static void put(final long[] words, final int bit, final boolean value)
    {
        final int index = bit >>> WORD_SHIFT;
        if (value)
        {
            words[index] |= 1L << bit;
        }
        else
        {
            words[index] &= ~(1L << bit);
        }
    }

    /**
     * Sets or clears bits {@code from} (inclusive) to {@code to} (exclusive), for {@code from < to}.
     */
    static void putRange(final long[] words, final int from, final int to, final boolean value)
    {
        final int first = from >>> WORD_SHIFT;
        final int last = (to - 1) >>> WORD_SHIFT;
        for (int w = first; w <= last; w++)
        {
            final int lo = w == first ? from & WORD_MASK : 0;
            final int hi = w == last ? ((to - 1) & WORD_MASK) + 1 : WORD_BITS;
            final long mask = rangeMask(lo, hi);
            if (value)
            {
                words[w] |= mask;
            }
            else
            {
                words[w] &= ~mask;
            }
        }
    }
}
