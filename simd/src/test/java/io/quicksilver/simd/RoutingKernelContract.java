package io.quicksilver.simd;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static io.quicksilver.simd.MessageBatch.ACTIVE_ONLY;
import static io.quicksilver.simd.MessageBatch.SELECTED_ONLY;
import static io.quicksilver.simd.ResponderTable.ACTIVE;
import static io.quicksilver.simd.ResponderTable.CHECKS_TAGS;
import static io.quicksilver.simd.ResponderTable.SELECTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every {@link RoutingKernel} must do, run over each implementation.
 */
abstract class RoutingKernelContract
{
    private static final long RED = TagMask.of(0);
    private static final long BLUE = TagMask.of(1);
    private static final long GREEN = TagMask.of(63);

    abstract RoutingKernel kernel();

    /**
     * Four responders: red (checks tags), blue (checks tags), red (does not check tags), untagged (checks tags).
     */
    private static ResponderTable tagTable()
    {
        final ResponderTable table = new ResponderTable(4);
        table.add(RED, CHECKS_TAGS);
        table.add(BLUE, CHECKS_TAGS);
        table.add(RED, 0);
        table.add(TagMask.NOTHING, CHECKS_TAGS);
        return table;
    }

    private long single(final ResponderTable table, final long tags, final int filters, final int from, final int to)
    {
        final MessageBatch batch = new MessageBatch(1);
        batch.add(tags, filters, from, to);
        final long[] out = new long[RoutingKernel.wordsPerMessage(0, table.size())];
        final long count = kernel().evaluate(table, 0, table.size(), batch, out, 0);
        assertEquals(Long.bitCount(out[0]), count);
        return out[0];
    }

    @Test
    void shouldDeliverToTagCheckingRespondersThatShareATag()
    {
        assertEquals(0b0101L, single(tagTable(), RED, 0, 0, 4));
        assertEquals(0b0110L, single(tagTable(), BLUE, 0, 0, 4));
        assertEquals(0b0111L, single(tagTable(), RED | BLUE, 0, 0, 4));
    }

    @Test
    void shouldDeliverOnlyToRespondersThatDoNotCheckTagsWhenMessageCarriesNothing()
    {
        assertEquals(0b0100L, single(tagTable(), TagMask.NOTHING, 0, 0, 4));
    }

    @Test
    void shouldDeliverToEveryResponderWhenMessageCarriesEverything()
    {
        assertEquals(0b1111L, single(tagTable(), TagMask.EVERYTHING, 0, 0, 4));
    }

    @Test
    void shouldIgnoreTagsOfRespondersThatDoNotCheckThem()
    {
        assertEquals(0b0100L, single(tagTable(), GREEN, 0, 0, 4));
    }

    @Test
    void shouldApplyActiveAndSelectedFiltersOnlyWhenAsked()
    {
        final ResponderTable table = new ResponderTable(4);
        table.add(0L, 0);
        table.add(0L, ACTIVE);
        table.add(0L, SELECTED);
        table.add(0L, ACTIVE | SELECTED);
        assertEquals(0b1111L, single(table, 0L, 0, 0, 4));
        assertEquals(0b1010L, single(table, 0L, ACTIVE_ONLY, 0, 4));
        assertEquals(0b1100L, single(table, 0L, SELECTED_ONLY, 0, 4));
        assertEquals(0b1000L, single(table, 0L, ACTIVE_ONLY | SELECTED_ONLY, 0, 4));
    }

    @Test
    void shouldCombineTagAndFlagFilters()
    {
        final ResponderTable table = new ResponderTable(3);
        table.add(RED, CHECKS_TAGS | ACTIVE);
        table.add(RED, CHECKS_TAGS);
        table.add(BLUE, CHECKS_TAGS | ACTIVE);
        assertEquals(0b001L, single(table, RED, ACTIVE_ONLY, 0, 3));
    }

    @Test
    void shouldDeliverOnlyInsideTheMessageIntervalAtWordEdges()
    {
        final ResponderTable table = uniform(300, 0);
        final int[][] intervals = {{0, 300}, {0, 0}, {63, 64}, {64, 128}, {1, 299}, {299, 300}, {127, 193}, {150, 150}};
        for (final int[] interval : intervals)
        {
            final MessageBatch batch = new MessageBatch(1);
            batch.add(TagMask.EVERYTHING, 0, interval[0], interval[1]);
            final long[] out = new long[5];
            final long count = kernel().evaluate(table, 0, 300, batch, out, 0);
            assertEquals(interval[1] - interval[0], count, Arrays.toString(interval));
            for (int i = 0; i < 300; i++)
            {
                assertEquals(i >= interval[0] && i < interval[1], DeliveryBits.isSet(out, 0, i),
                    Arrays.toString(interval) + " responder " + i);
            }
        }
    }

    @Test
    void shouldClipTheIntervalToAnUnalignedRangeAndNumberBitsFromRangeFrom()
    {
        final ResponderTable table = uniform(200, 0);
        final MessageBatch batch = new MessageBatch(2);
        batch.add(TagMask.EVERYTHING, 0, 0, 1000);
        batch.add(TagMask.EVERYTHING, 0, 90, 100);
        final int rangeFrom = 37;
        final int rangeTo = 170;
        final int words = RoutingKernel.wordsPerMessage(rangeFrom, rangeTo);
        assertEquals(3, words);
        final long[] out = new long[1 + 2 * words];
        final long count = kernel().evaluate(table, rangeFrom, rangeTo, batch, out, 1);
        assertEquals((rangeTo - rangeFrom) + 10, count);
        assertEquals(rangeTo - rangeFrom, DeliveryBits.count(out, 1, words));
        assertEquals(-1L, out[1]);
        assertEquals(-1L, out[2]);
        assertEquals((1L << (rangeTo - rangeFrom - 128)) - 1, out[3]);
        assertEquals(10, DeliveryBits.count(out, 1 + words, words));
        assertEquals(90 - rangeFrom, DeliveryBits.next(out, 1 + words, words, 0));
    }

    @Test
    void shouldOverwriteEveryOutputWordOfTheBatchAndNothingElse()
    {
        final ResponderTable table = uniform(130, 0);
        final MessageBatch batch = new MessageBatch(3);
        batch.add(TagMask.EVERYTHING, 0, 64, 65);
        batch.add(TagMask.EVERYTHING, 0, 200, 300);
        batch.add(TagMask.NOTHING, 0, 0, 130);
        final long[] out = new long[2 + 3 * 3];
        Arrays.fill(out, 0xDEADL);
        kernel().evaluate(table, 0, 130, batch, out, 1);
        assertArrayEquals(new long[]{0xDEADL, 0, 1, 0, 0, 0, 0, -1L, -1L, 3L, 0xDEADL}, out);
    }

    @Test
    void shouldEvaluateAnEmptyRangeAndAnEmptyBatch()
    {
        final ResponderTable table = uniform(10, 0);
        final MessageBatch batch = new MessageBatch(1);
        assertEquals(0, kernel().evaluate(table, 0, 10, batch, new long[0], 0));
        batch.add(TagMask.EVERYTHING, 0, 0, 10);
        assertEquals(0, kernel().evaluate(table, 5, 5, batch, new long[0], 0));
        assertEquals(0, kernel().evaluate(new ResponderTable(0), 0, 0, batch, new long[0], 0));
    }

    @Test
    void shouldAgreeWithTheReferenceOnEveryLaneOfAFullTable()
    {
        // Every responder position within a word gets every tag relation, so a lane packed at the wrong bit shows.
        final ResponderTable table = new ResponderTable(256);
        for (int i = 0; i < 256; i++)
        {
            table.add(TagMask.of(i % 64), (i / 64) % 2 == 0 ? CHECKS_TAGS : CHECKS_TAGS | ACTIVE);
        }
        final MessageBatch batch = new MessageBatch(64);
        for (int t = 0; t < 64; t++)
        {
            batch.add(TagMask.of(t), t % 2 == 0 ? 0 : ACTIVE_ONLY, 0, 256);
        }
        final long[] actual = new long[4 * 64];
        final long[] expected = new long[4 * 64];
        assertEquals(ReferenceRouting.evaluate(table, 0, 256, batch, expected, 0),
            kernel().evaluate(table, 0, 256, batch, actual, 0));
        assertArrayEquals(expected, actual);
    }

    @Test
    void shouldRejectRangesAndOutputsThatDoNotFit()
    {
        final ResponderTable table = uniform(100, 0);
        final MessageBatch batch = new MessageBatch(2);
        batch.add(TagMask.EVERYTHING, 0, 0, 100);
        batch.add(TagMask.EVERYTHING, 0, 0, 100);
        assertEquals("range must satisfy 0 <= rangeFrom <= rangeTo <= size: rangeFrom=0, rangeTo=101, size=100",
            assertThrows(IndexOutOfBoundsException.class,
                () -> kernel().evaluate(table, 0, 101, batch, new long[4], 0)).getMessage());
        assertEquals("range must satisfy 0 <= rangeFrom <= rangeTo <= size: rangeFrom=5, rangeTo=4, size=100",
            assertThrows(IndexOutOfBoundsException.class,
                () -> kernel().evaluate(table, 5, 4, batch, new long[4], 0)).getMessage());
        assertEquals("deliveries too small: required=4, offset=1, length=4",
            assertThrows(IndexOutOfBoundsException.class,
                () -> kernel().evaluate(table, 0, 100, batch, new long[4], 1)).getMessage());
        assertEquals("deliveries too small: required=4, offset=-1, length=8",
            assertThrows(IndexOutOfBoundsException.class,
                () -> kernel().evaluate(table, 0, 100, batch, new long[8], -1)).getMessage());
    }

    static ResponderTable uniform(final int size, final int flags)
    {
        final ResponderTable table = new ResponderTable(size);
        for (int i = 0; i < size; i++)
        {
            table.add(0L, flags);
        }
        return table;
    }
}
