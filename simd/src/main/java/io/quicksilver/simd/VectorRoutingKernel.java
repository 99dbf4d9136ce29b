package io.quicksilver.simd;

import java.util.Arrays;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel. Interval, active, selected and tag-check filtering are bit operations on 64 responders at a
 * time (the table stores those flags as bitsets); the tag overlap of the 64 responders of a word is tested
 * {@code LongVector.length()} responders per instruction: load the tag masks, AND with the broadcast message mask,
 * compare with zero into a {@code VectorMask}, and pack the mask with {@code toLong()} (one {@code vmovmskpd} on
 * AVX2) into the word.
 * <p>
 * Loading this class needs the {@code jdk.incubator.vector} module; {@link RoutingKernels} loads it only when the
 * module is in the boot layer.
 */
public final class VectorRoutingKernel implements RoutingKernel
{
    static final VectorRoutingKernel INSTANCE = new VectorRoutingKernel();

    /**
     * The species chosen at start-up: the platform's preferred shape for {@code long} lanes.
     */
    static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

    private static final int LANES = SPECIES.length();

    private VectorRoutingKernel()
    {
    }

    /**
     * @return whether the preferred species can pack a word of 64 responders in whole vectors, with more than one
     * lane (with one lane the Vector API is only slower scalar code).
     */
    static boolean isUsable()
    {
        return LANES > 1 && Bits.WORD_BITS % LANES == 0;
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
            final LongVector tagVector = LongVector.broadcast(SPECIES, tagMask);
            final int filters = messageFilters[m];
            final boolean activeOnly = (filters & MessageBatch.ACTIVE_ONLY) != 0;
            final boolean selectedOnly = (filters & MessageBatch.SELECTED_ONLY) != 0;
            final int firstWord = (from - rangeFrom) >>> Bits.WORD_SHIFT;
            final int lastWord = (to - 1 - rangeFrom) >>> Bits.WORD_SHIFT;

            Arrays.fill(deliveries, out, out + firstWord, 0L);
            for (int w = firstWord; w <= lastWord; w++)
            {
                final int base = rangeFrom + (w << Bits.WORD_SHIFT);
                long candidates = Bits.rangeMask(Math.max(from - base, 0), Math.min(to - base, Bits.WORD_BITS));
                if (activeOnly)
                {
                    candidates &= Bits.bitsAt(active, base);
                }
                if (selectedOnly)
                {
                    candidates &= Bits.bitsAt(selected, base);
                }
                final long checked = candidates & Bits.bitsAt(checksTags, base);
                long bits = candidates & ~checked;
                if (checked != 0)
                {
                    if (tagMask == TagMask.EVERYTHING)
                    {
                        bits |= checked;
                    }
                    else if (tagMask != TagMask.NOTHING)
                    {
                        bits |= checked & overlap(tags, base, tagVector);
                    }
                }
                deliveries[out + w] = bits;
                delivered += Long.bitCount(bits);
            }
            Arrays.fill(deliveries, out + lastWord + 1, out + words, 0L);
        }
        return delivered;
    }

    /**
     * Bit {@code k} is set when responder {@code base + k} shares a tag with the message.
     */
    private static long overlap(final long[] tags, final int base, final LongVector tagVector)
    {
        // Accumulate the lanes with no shared tag and invert once: an EQ compare is one instruction on AVX2, while
        // NE is a compare plus a negation in every iteration.
        long disjoint = 0;
        for (int k = 0; k < Bits.WORD_BITS; k += LANES)
        {
            disjoint |= LongVector.fromArray(SPECIES, tags, base + k)
                .and(tagVector)
                .compare(VectorOperators.EQ, 0L)
                .toLong() << k;
        }
        return ~disjoint;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String description()
    {
        return "vector(LongVector " + SPECIES.vectorBitSize() + " bits, " + LANES + " lanes)";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int lanes()
    {
        return LANES;
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
