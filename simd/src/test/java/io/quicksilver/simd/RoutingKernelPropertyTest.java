package io.quicksilver.simd;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The vector kernel against the scalar kernel and against an independent oracle on random tables and batches.
 * <p>
 * Every case draws its own seed from the base seed, so a failure names the one case to replay:
 * {@code -Dquicksilver.simd.seed=<base seed> -Dquicksilver.simd.cases=<case + 1>}.
 */
class RoutingKernelPropertyTest
{
    private static final long DEFAULT_SEED = 0x5EED_C0FFEE_2025L;
    private static final int DEFAULT_CASES = 100_000;
    private static final int MAX_SIZE = 1_300;
    private static final int MAX_MESSAGES = 8;
    private static final int TAG_STYLES = 6;
    private static final long[] SCATTERED_TAGS = {1L << 3, 1L << 9, 1L << 17, 1L << 22, 1L << 40, 1L << 41, 1L << 55, 1L << 63};

    private final ResponderTable table = new ResponderTable(MAX_SIZE);
    private final MessageBatch batch = new MessageBatch(MAX_MESSAGES);
    private final long[] responderTags = new long[MAX_SIZE];
    private final int[] responderFlags = new int[MAX_SIZE];
    private final int maxWords = RoutingKernel.wordsPerMessage(0, MAX_SIZE) * MAX_MESSAGES + 2;
    private final long[] expected = new long[maxWords];
    private final long[] scalarOut = new long[maxWords];
    private final long[] vectorOut = new long[maxWords];
    private final int[] casesByPlaneCount = new int[ResponderTable.MAX_TAG_PLANES + 1];

    @Test
    @Timeout(120)
    void shouldMatchScalarKernelAndOracleOnRandomTablesAndBatches()
    {
        final long seed = Long.getLong("quicksilver.simd.seed", DEFAULT_SEED);
        final int cases = Integer.getInteger("quicksilver.simd.cases", DEFAULT_CASES);
        final RoutingKernel vector = RoutingKernels.vector()
            .orElseGet(() -> fail("vector kernel not available in the test JVM"));
        final RoutingKernel scalar = RoutingKernels.scalar();
        final SplittableRandom seeds = new SplittableRandom(seed);

        long deliveries = 0;
        for (int c = 0; c < cases; c++)
        {
            final long caseSeed = seeds.nextLong();
            final String where = "case " + c + " of seed=0x" + Long.toHexString(seed) +
                " (replay with -Dquicksilver.simd.seed=" + seed + " -Dquicksilver.simd.cases=" + (c + 1) + ")";
            deliveries += runCase(new SplittableRandom(caseSeed), scalar, vector, where);
        }
        // Guards against a generator that only produces empty outputs, or never reaches a plane count, which would
        // make agreement meaningless.
        if (deliveries < cases)
        {
            fail("random cases delivered too little to prove anything: deliveries=" + deliveries);
        }
        if (cases >= DEFAULT_CASES)
        {
            for (int planes = 1; planes <= ResponderTable.MAX_TAG_PLANES; planes++)
            {
                if (casesByPlaneCount[planes] < cases / 1000)
                {
                    fail("too few cases with " + planes + " tag planes: cases=" + casesByPlaneCount[planes]);
                }
            }
        }
    }

    private long runCase(
        final SplittableRandom random, final RoutingKernel scalar, final RoutingKernel vector, final String where)
    {
        final int size = randomSize(random);
        buildTable(random, size);
        casesByPlaneCount[table.tagPlaneCount()]++;

        final int rangeFrom;
        final int rangeTo;
        if (size == 0 || random.nextInt(3) == 0)
        {
            rangeFrom = 0;
            rangeTo = size;
        }
        else
        {
            final int a = random.nextInt(size + 1);
            final int b = random.nextInt(size + 1);
            rangeFrom = Math.min(a, b);
            rangeTo = Math.max(a, b);
        }

        batch.clear();
        final int messages = 1 + random.nextInt(MAX_MESSAGES);
        for (int m = 0; m < messages; m++)
        {
            addMessage(random, size);
        }

        final int offset = random.nextInt(2);
        final int words = RoutingKernel.wordsPerMessage(rangeFrom, rangeTo);
        final int end = offset + words * messages;
        // Stale output from the previous case must be overwritten, so garbage goes in first.
        Arrays.fill(scalarOut, 0, end + 1, 0x5A5A5A5A5A5A5A5AL);
        Arrays.fill(vectorOut, 0, end + 1, 0xA5A5A5A5A5A5A5A5L);
        final long expectedCount = oracle(rangeFrom, rangeTo, words, offset);

        final long scalarCount = scalar.evaluate(table, rangeFrom, rangeTo, batch, scalarOut, offset);
        final long vectorCount = vector.evaluate(table, rangeFrom, rangeTo, batch, vectorOut, offset);

        for (int i = offset; i < end; i++)
        {
            if (scalarOut[i] != expected[i] || vectorOut[i] != expected[i])
            {
                final int m = (i - offset) / words;
                fail(where + ": word " + (i - offset) % words + " of message " + m +
                    " differs: expected=0x" + Long.toHexString(expected[i]) +
                    ", scalar=0x" + Long.toHexString(scalarOut[i]) +
                    ", vector=0x" + Long.toHexString(vectorOut[i]) +
                    "; size=" + size + ", rangeFrom=" + rangeFrom + ", rangeTo=" + rangeTo +
                    ", message tags=0x" + Long.toHexString(batch.tags(m)) + ", filters=" + batch.filters(m) +
                    ", from=" + batch.from(m) + ", to=" + batch.to(m));
            }
        }
        assertEquals(expectedCount, scalarCount, () -> where + ": scalar count");
        assertEquals(expectedCount, vectorCount, () -> where + ": vector count");
        assertEquals(0x5A5A5A5A5A5A5A5AL, scalarOut[end], () -> where + ": scalar wrote past the batch");
        assertEquals(0xA5A5A5A5A5A5A5A5L, vectorOut[end], () -> where + ": vector wrote past the batch");
        return expectedCount;
    }

    private static int randomSize(final SplittableRandom random)
    {
        return switch (random.nextInt(10))
        {
            // Around word and lane boundaries, where packing and padding bugs live.
            case 0 -> Math.max(0, 64 * random.nextInt(1, 6) + random.nextInt(-2, 3));
            case 1 -> random.nextInt(0, 9);
            case 2 -> random.nextInt(0, MAX_SIZE + 1);
            default -> random.nextInt(0, 260);
        };
    }

    private void buildTable(final SplittableRandom random, final int size)
    {
        final int checksPercent = percent(random);
        final int activePercent = percent(random);
        final int selectedPercent = percent(random);
        final int handledPercent = percent(random);
        final int tagStyle = random.nextInt(TAG_STYLES);
        table.clear();
        for (int i = 0; i < size; i++)
        {
            int flags = 0;
            flags |= random.nextInt(100) < checksPercent ? ResponderTable.CHECKS_TAGS : 0;
            flags |= random.nextInt(100) < activePercent ? ResponderTable.ACTIVE : 0;
            flags |= random.nextInt(100) < selectedPercent ? ResponderTable.SELECTED : 0;
            flags |= random.nextInt(100) < handledPercent ? ResponderTable.RECEIVES_HANDLED : 0;
            final long tags = randomTags(random, tagStyle);
            responderTags[i] = tags;
            responderFlags[i] = flags;
            table.add(tags, flags);
        }
        // Retagging after the build may widen the table's tag lanes and re-narrow every responder.
        if (size > 0 && random.nextInt(4) == 0)
        {
            for (int n = random.nextInt(1, 4); n > 0; n--)
            {
                final int i = random.nextInt(size);
                final long tags = randomTags(random, random.nextInt(TAG_STYLES));
                responderTags[i] = tags;
                table.tags(i, tags);
            }
        }
    }

    private void addMessage(final SplittableRandom random, final int size)
    {
        final long tags = randomTags(random, random.nextInt(TAG_STYLES));
        final int filters = random.nextInt(MessageBatch.ALL_FILTERS + 1);
        final int from;
        final int to;
        switch (random.nextInt(6))
        {
            case 0 ->
            {
                from = 0;
                to = size;
            }
            case 1 ->
            {
                from = random.nextInt(size + 1);
                to = from;
            }
            case 2 ->
            {
                // Reaching past the table: kernels must clip.
                from = random.nextInt(size + 1);
                to = size + random.nextInt(1, 200);
            }
            default ->
            {
                final int a = random.nextInt(size + 1);
                final int b = random.nextInt(size + 1);
                from = Math.min(a, b);
                to = Math.max(a, b);
            }
        }
        batch.add(tags, filters, from, to);
    }

    /**
     * Tags from universes that narrow to each lane width (so overlaps are common and every kernel path runs), any 64
     * bits, or the two special masks.
     */
    private static long randomTags(final SplittableRandom random, final int style)
    {
        final int pick = random.nextInt(10);
        if (pick == 0)
        {
            return TagMask.NOTHING;
        }
        if (pick == 1)
        {
            return TagMask.EVERYTHING;
        }
        return switch (style)
        {
            case 0 -> random.nextLong() & 0xFL;
            case 1 -> TagMask.of(random.nextInt(64));
            case 2 -> random.nextLong() & 0xFFFL;
            case 3 -> random.nextLong() & 0xFFFFFF00L;
            case 4 -> SCATTERED_TAGS[random.nextInt(SCATTERED_TAGS.length)] |
                SCATTERED_TAGS[random.nextInt(SCATTERED_TAGS.length)];
            default -> random.nextLong();
        };
    }

    private static int percent(final SplittableRandom random)
    {
        final int[] choices = {0, 10, 50, 90, 100};
        return choices[random.nextInt(choices.length)];
    }

    private long oracle(final int rangeFrom, final int rangeTo, final int words, final int offset)
    {
        long count = 0;
        for (int m = 0; m < batch.size(); m++)
        {
            final int out = offset + m * words;
            Arrays.fill(expected, out, out + words, 0L);
            final long tags = batch.tags(m);
            final int filters = batch.filters(m);
            final boolean activeOnly = (filters & MessageBatch.ACTIVE_ONLY) != 0;
            final boolean selectedOnly = (filters & MessageBatch.SELECTED_ONLY) != 0;
            for (int i = Math.max(rangeFrom, batch.from(m)); i < Math.min(rangeTo, batch.to(m)); i++)
            {
                final int flags = responderFlags[i];
                if (TagMask.passes((flags & ResponderTable.CHECKS_TAGS) != 0, responderTags[i], tags) &&
                    (!activeOnly || (flags & ResponderTable.ACTIVE) != 0) &&
                    (!selectedOnly || (flags & ResponderTable.SELECTED) != 0))
                {
                    final int bit = i - rangeFrom;
                    expected[out + (bit >>> 6)] |= 1L << bit;
                    count++;
                }
            }
        }
        return count;
    }
}
