package io.quicksilver.simd;

/**
 * Reading and trimming the delivery bitmasks a {@link RoutingKernel} writes. Bit {@code k} of a message's run of
 * words is responder {@code rangeFrom + k}.
 */
public final class DeliveryBits
{
    private DeliveryBits()
    {
    }

    /**
     * Number of deliveries in a run of words.
     *
     * @param words  delivery words.
     * @param offset first word.
     * @param length number of words.
     * @return bits set.
     */
    public static int count(final long[] words, final int offset, final int length)
    {
        checkRun(words, offset, length);
        int count = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            count += Long.bitCount(words[i]);
        }
        return count;
    }

    /**
     * Whether bit {@code bit} of a run is set.
     *
     * @param words  delivery words.
     * @param offset first word of the run.
     * @param bit    bit index within the run.
     * @return whether it is set.
     */
    public static boolean isSet(final long[] words, final int offset, final int bit)
    {
        if (bit < 0)
        {
            throw new IndexOutOfBoundsException("bit must be >= 0: bit=" + bit);
        }
        return (words[offset + (bit >>> Bits.WORD_SHIFT)] & (1L << bit)) != 0;
    }

    /**
     * The first set bit at or after {@code fromBit}, for iterating deliveries in depth-first order without
     * allocation: {@code for (int b = next(w, o, n, 0); b >= 0; b = next(w, o, n, b + 1))}.
     *
     * @param words   delivery words.
     * @param offset  first word of the run.
     * @param length  number of words in the run.
     * @param fromBit first bit to look at, 0 or more.
     * @return the bit index within the run, or -1 when there is none.
     */
    public static int next(final long[] words, final int offset, final int length, final int fromBit)
    {
        checkRun(words, offset, length);
        if (fromBit < 0)
        {
            throw new IndexOutOfBoundsException("fromBit must be >= 0: fromBit=" + fromBit);
        }
        int w = fromBit >>> Bits.WORD_SHIFT;
        if (w >= length)
        {
            return -1;
        }
        long word = words[offset + w] & (-1L << fromBit);
        while (word == 0)
        {
            if (++w == length)
            {
                return -1;
            }
            word = words[offset + w];
        }
        return (w << Bits.WORD_SHIFT) + Long.numberOfTrailingZeros(word);
    }

    /**
     * Clears bits {@code [fromBit, toBit)} of a run: for example the subtree of a relay node whose own tag check the
     * message failed, since a tagged relay node gates its whole subtree.
     *
     * @param words  delivery words.
     * @param offset first word of the run.
     * @param length number of words in the run.
     * @param fromBit first bit, inclusive.
     * @param toBit   last bit, exclusive; {@code 0 <= fromBit <= toBit <= length * 64}.
     */
    public static void clear(final long[] words, final int offset, final int length, final int fromBit, final int toBit)
    {
        checkRun(words, offset, length);
        if (fromBit < 0 || fromBit > toBit || toBit > (long)length << Bits.WORD_SHIFT)
        {
            throw new IndexOutOfBoundsException(
                "bits must satisfy 0 <= fromBit <= toBit <= length * 64: fromBit=" + fromBit + ", toBit=" + toBit +
                ", length=" + length);
        }
        if (fromBit < toBit)
        {
            final int first = fromBit >>> Bits.WORD_SHIFT;
            final int last = (toBit - 1) >>> Bits.WORD_SHIFT;
            for (int w = first; w <= last; w++)
            {
                final int lo = w == first ? fromBit & Bits.WORD_MASK : 0;
                final int hi = w == last ? ((toBit - 1) & Bits.WORD_MASK) + 1 : Bits.WORD_BITS;
                words[offset + w] &= ~Bits.rangeMask(lo, hi);
            }
        }
    }

    private static void checkRun(final long[] words, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > words.length - length)
        {
            throw new IndexOutOfBoundsException(
                "run out of bounds: offset=" + offset + ", length=" + length + ", words.length=" + words.length);
        }
    }
}
