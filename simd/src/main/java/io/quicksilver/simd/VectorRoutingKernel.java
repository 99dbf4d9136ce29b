package io.quicksilver.simd;

import java.util.Arrays;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel. Interval, active, selected and tag-check filtering are bit operations on 64 responders at a
 * time (the table stores those flags as bitsets). The tag overlap of the 64 responders of a word is tested a whole
 * vector at a time on the table's byte planes of narrowed tag masks ({@link ResponderTable}): load 32 bytes of a
 * plane (on AVX2), AND with the broadcast byte of the narrowed message mask, compare with zero into a
 * {@code VectorMask}, and pack it with {@code toLong()} (one {@code vpmovmskb}) into the word. A plane in which the
 * message has no tag is skipped, so a table with up to 8 distinct tags costs two vector iterations per 64 responders
 * on AVX2, where 64-bit lanes would cost sixteen.
 * <p>
 * The species is the platform's preferred shape for bytes, chosen once at class initialisation. Loading this class
 * needs the {@code jdk.incubator.vector} module; {@link RoutingKernels} loads it only when the module is in the boot
 * layer.
 */
public final class VectorRoutingKernel implements RoutingKernel
{
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private static final int LANES = SPECIES.length();

    static final VectorRoutingKernel INSTANCE = new VectorRoutingKernel();

    private VectorRoutingKernel()
    {
    }

    /**
     * @return whether the preferred species packs a word of 64 responders in whole vectors of more than one lane
     * (with one lane the Vector API is only slower scalar code; beyond 512 bits a vector holds more than a word).
     */
    static boolean isUsable()
    {
        return LANES > 1 && LANES <= Bits.WORD_BITS && Bits.WORD_BITS % LANES == 0;
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
        final byte[][] tagPlanes = table.tagPlanes();
        final byte[] firstPlane = tagPlanes[0];
        final long[] everyTag = table.everyTagWords();
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
            final long narrowMask = table.narrowTags(tagMask);
            // Most messages only have tags in the first plane (all of them where the table uses 8 tags or fewer):
            // the plane loop is skipped for them.
            final boolean firstPlaneOnly = (narrowMask >>> Byte.SIZE) == 0;
            final byte firstPlaneMask = (byte)narrowMask;
            final int planeBits = firstPlaneOnly ? 1 : planeBits(narrowMask);
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
            if (!firstPlaneOnly && tagMask != TagMask.EVERYTHING)
            {
                // Tags in several planes: accumulate the overlaps plane by plane in the message's own output words
                // (overwritten below), so each plane's bounds checks are hoisted out of a tight loop
                // instead of repeated for every word and plane.
                boolean accumulate = false;
                for (int planes = planeBits; planes != 0; planes &= planes - 1)
                {
                    final int plane = Integer.numberOfTrailingZeros(planes);
                    final byte[] tagPlane = tagPlanes[plane];
                    final byte planeMask = (byte)(narrowMask >>> (plane << 3));
                    for (int w = firstWord; w < endWord; w++)
                    {
                        final long overlap = overlap(tagPlane, rangeFrom + (w << Bits.WORD_SHIFT), planeMask);
                        deliveries[out + w] = accumulate ? deliveries[out + w] | overlap : overlap;
                    }
                    accumulate = true;
                }
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
                        // Responders tagged with every tag share one with any non-empty message; their narrow
                        // lanes are empty, so they are taken from their bitset.
                        long pass = Bits.window(everyTag, flagWord, flagShift);
                        if (firstPlaneOnly)
                        {
                            if (narrowMask != 0)
                            {
                                pass |= overlap(firstPlane, base, firstPlaneMask);
                            }
                        }
                        else
                        {
                            pass |= deliveries[out + w];
                        }
                        bits |= checked & pass;
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
     * Bit {@code j} is set when byte {@code j} of the mask is not zero: the planes a narrowed message mask needs.
     */
    static int planeBits(final long narrowMask)
    {
        long nonZero = narrowMask | (narrowMask >>> 4);
        nonZero |= nonZero >>> 2;
        nonZero |= nonZero >>> 1;
        return (int)Long.compress(nonZero, 0x0101_0101_0101_0101L);
    }

    /**
     * Bit {@code k} is set when byte {@code base + k} of the plane shares a bit with the message's byte.
     */
    private static long overlap(final byte[] plane, final int base, final byte planeByte)
    {
        // The mask vector is made here, not passed in: a vector that crosses a call C2 did not inline is boxed, and
        // the box is a heap allocation per call (seen at two workers, 54-92 B per message). Inlined, the broadcast
        // is loop-invariant and C2 hoists it.
        final ByteVector planeMask = ByteVector.broadcast(SPECIES, planeByte);
        // Accumulate the lanes with nothing shared and invert once: an EQ compare is one instruction on AVX2, NE is a
        // compare plus a negation in every iteration. The trip count is a constant, so C2 unrolls the loop.
        long disjoint = 0;
        for (int k = 0; k < Bits.WORD_BITS; k += LANES)
        {
            disjoint |= ByteVector.fromArray(SPECIES, plane, base + k)
                .and(planeMask)
                .compare(VectorOperators.EQ, (byte)0)
                .toLong() << k;
        }
        return ~disjoint;
    }

    /**
     * @return the species in use, for logs.
     */
    static String speciesDescription()
    {
        return SPECIES.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String description()
    {
        return "vector(ByteVector " + SPECIES.vectorBitSize() + " bits, " + LANES + " lanes)";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int vectorBitSize()
    {
        return SPECIES.vectorBitSize();
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
