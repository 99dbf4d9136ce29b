package io.quicksilver.simd;

import java.util.Arrays;

/**
 * The scalar twin of {@link VectorRoutingKernel}: the same word-at-a-time evaluation of interval, active, selected
 * and tag-check bitsets, with the tag overlap of the 64 responders of a word tested one responder at a time on the
 * tag masks as given, without branches. Used where the Vector API is missing or forced with
 * {@code -Dquicksilver.simd=scalar}, and as the twin the vector kernel is tested against.
 */
public final class ScalarRoutingKernel implements RoutingKernel
{
    static final ScalarRoutingKernel INSTANCE = new ScalarRoutingKernel();

    private ScalarRoutingKernel()
    {
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long evaluate(
        final ResponderTable table,
        final int rangeFrom,
        final int rangeTo,
        final MessageBatch batch,
        final long[] deliveries,
        final int offset)
    {
        final int words = KernelSupport.checkArguments(table, rangeFrom, rangeTo, batch, deliveries, offset);
        final long[] tags = table.tagArray();
        final long[] checksTags = table.checksTagsWords();
        final long[] active = table.activeWords();
        final long[] selected = table.selectedWords();
        final long[] messageTags = batch.tagArray();
        final byte[] messageFilters = batch.filterArray();
        final int[] messageFrom = batch.fromArray();
        final int[] messageTo = batch.toArray();
        final int messages = batch.size();
        // Flag bitsets are read in 64-bit windows starting at rangeFrom: the window for output word w starts at
        // bitset word flagWord0 + w, shifted by flagShift.
        final int flagWord0 = rangeFrom >>> Bits.WORD_SHIFT;
        final int flagShift = rangeFrom & Bits.WORD_MASK;

        long delivered = 0;
        for (int m = 0, out = offset; m < messages; m++, out += words)
        {
            final int from = Math.max(messageFrom[m], rangeFrom);
            final int to = Math.min(messageTo[m], rangeTo);
            if (from >= to)
            {
                Arrays.fill(deliveries, out, out + words, 0L);
                continue;
            }

            final long tagMask = messageTags[m];
            final int filters = messageFilters[m];
            final boolean activeOnly = (filters & MessageBatch.ACTIVE_ONLY) != 0;
            final boolean selectedOnly = (filters & MessageBatch.SELECTED_ONLY) != 0;
            final int firstWord = (from - rangeFrom) >>> Bits.WORD_SHIFT;
            final int lastWord = (to - 1 - rangeFrom) >>> Bits.WORD_SHIFT;
            final int endWord = lastWord + 1;
            // Only the first and last words of the interval are partial: no per-word interval arithmetic.
            final long firstMask = -1L << (from - rangeFrom);
            final long lastMask = -1L >>> (Bits.WORD_MASK - ((to - 1 - rangeFrom) & Bits.WORD_MASK));

            for (int w = 0; w < firstWord; w++)
            {
                deliveries[out + w] = 0L;
            }
            // Counted per message in an int: a long accumulated across the whole call gets spilled by C2, and the
            // load-add-store through the stack would chain every word behind a store-to-load forward.
            int count = 0;
            for (int w = firstWord; w < endWord; w++)
            {
                final int base = rangeFrom + (w << Bits.WORD_SHIFT);
                final int flagWord = flagWord0 + w;
                long candidates = (w == firstWord ? firstMask : -1L) & (w == lastWord ? lastMask : -1L);
                if (activeOnly)
                {
                    candidates &= Bits.window(active, flagWord, flagShift);
                }
                if (selectedOnly)
                {
                    candidates &= Bits.window(selected, flagWord, flagShift);
                }
                final long checked = candidates & Bits.window(checksTags, flagWord, flagShift);
                long bits = candidates & ~checked;
                if (checked != 0)
                {
                    if (tagMask == TagMask.EVERYTHING)
                    {
                        bits |= checked;
                    }
                    else if (tagMask != TagMask.NOTHING)
                    {
                        bits |= checked & overlap(tags, base, tagMask);
                    }
                }
                deliveries[out + w] = bits;
                count += Long.bitCount(bits);
            }
            delivered += count;
            for (int w = endWord; w < words; w++)
            {
                deliveries[out + w] = 0L;
            }
        }
        return delivered;
    }

    /**
     * Bit {@code k} is set when responder {@code base + k} shares a tag with the message.
     */
    private static long overlap(final long[] tags, final int base, final long tagMask)
    {
        long bits = 0;
        for (int k = 0; k < Bits.WORD_BITS; k++)
        {
            final long shared = tags[base + k] & tagMask;
            // C2 compiles this to test + cmov + shlx + or: 6 instructions a responder with the load, against 8 for the
            // arithmetic form ((x | -x) >>> 63), and no branch to mispredict.
            bits |= (shared != 0 ? 1L : 0L) << k;
        }
        return bits;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String description()
    {
        return "scalar";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int vectorBitSize()
    {
        return 0;
    }

    /**
     * @return the description.
     */
    @Override
    public String toString()
    {
        return description();
    }
}
