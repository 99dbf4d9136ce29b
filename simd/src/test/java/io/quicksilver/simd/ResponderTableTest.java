package io.quicksilver.simd;

import org.junit.jupiter.api.Test;

import static io.quicksilver.simd.ResponderTable.ACTIVE;
import static io.quicksilver.simd.ResponderTable.CHECKS_TAGS;
import static io.quicksilver.simd.ResponderTable.RECEIVES_HANDLED;
import static io.quicksilver.simd.ResponderTable.SELECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponderTableTest
{
    @Test
    void shouldAddRespondersInOrderAndReadThemBack()
    {
        final ResponderTable table = new ResponderTable(3);
        assertEquals(0, table.add(5L, CHECKS_TAGS | ACTIVE));
        assertEquals(1, table.add(-1L, SELECTED | RECEIVES_HANDLED));
        assertEquals(2, table.size());
        assertEquals(5L, table.tags(0));
        assertEquals(CHECKS_TAGS | ACTIVE, table.flags(0));
        assertEquals(-1L, table.tags(1));
        assertEquals(SELECTED | RECEIVES_HANDLED, table.flags(1));
        assertTrue(table.hasFlag(1, RECEIVES_HANDLED));
        assertFalse(table.hasFlag(1, ACTIVE));
    }

    @Test
    void shouldOverwriteStaleFlagsWhenReusedAfterClear()
    {
        final ResponderTable table = new ResponderTable(2);
        table.add(1L, ResponderTable.ALL_FLAGS);
        table.clear();
        assertEquals(0, table.size());
        table.add(2L, 0);
        assertEquals(0, table.flags(0));
        assertEquals(2L, table.tags(0));
    }

    @Test
    void shouldSetAndClearFlagsOnOneResponderAndOnARange()
    {
        final ResponderTable table = new ResponderTable(200);
        for (int i = 0; i < 200; i++)
        {
            table.add(0L, ACTIVE);
        }
        table.flagRange(3, 190, ACTIVE | SELECTED, false);
        table.flagRange(60, 70, SELECTED, true);
        table.flag(100, CHECKS_TAGS, true);
        for (int i = 0; i < 200; i++)
        {
            assertEquals(i < 3 || i >= 190, table.hasFlag(i, ACTIVE), "active " + i);
            assertEquals(i >= 60 && i < 70, table.hasFlag(i, SELECTED), "selected " + i);
            assertEquals(i == 100, table.hasFlag(i, CHECKS_TAGS), "checks " + i);
        }
        table.flagRange(5, 5, ACTIVE, true);
        assertFalse(table.hasFlag(5, ACTIVE));
    }

    @Test
    void shouldReadFlagBitsFromUnalignedStartsAndCutThemAtSize()
    {
        final ResponderTable table = new ResponderTable(150);
        for (int i = 0; i < 150; i++)
        {
            table.add(0L, i % 3 == 0 ? ACTIVE : 0);
        }
        for (final int start : new int[]{0, 1, 63, 64, 65, 100, 149, 150})
        {
            long expected = 0;
            for (int k = 0; k < 64 && start + k < 150; k++)
            {
                if ((start + k) % 3 == 0)
                {
                    expected |= 1L << k;
                }
            }
            assertEquals(expected, table.flagBits(ACTIVE, start), "start=" + start);
        }
    }

    @Test
    void shouldCopyAPrefixIntoAnotherTable()
    {
        final ResponderTable source = new ResponderTable(100);
        for (int i = 0; i < 70; i++)
        {
            source.add(i, i % 2 == 0 ? CHECKS_TAGS : SELECTED);
        }
        final ResponderTable target = new ResponderTable(70);
        target.add(99L, ResponderTable.ALL_FLAGS);
        source.copyTo(target);
        assertEquals(70, target.size());
        for (int i = 0; i < 70; i++)
        {
            assertEquals(i, target.tags(i));
            assertEquals(source.flags(i), target.flags(i));
        }
        final ResponderTable small = new ResponderTable(69);
        assertEquals("target capacity too small: capacity=69, size=70",
            assertThrows(IllegalArgumentException.class, () -> source.copyTo(small)).getMessage());
    }

    @Test
    void shouldRejectInvalidCapacityFlagsAndIndicesWithTheValue()
    {
        assertEquals("capacity must be in [0, 1073741824]: capacity=-1",
            assertThrows(IllegalArgumentException.class, () -> new ResponderTable(-1)).getMessage());
        assertEquals("capacity must be in [0, 1073741824]: capacity=1073741825",
            assertThrows(IllegalArgumentException.class, () -> new ResponderTable((1 << 30) + 1)).getMessage());

        final ResponderTable table = new ResponderTable(1);
        assertEquals("flags has unknown bits: flags=0x10",
            assertThrows(IllegalArgumentException.class, () -> table.add(0L, 0x10)).getMessage());
        table.add(0L, 0);
        assertEquals("table is full: capacity=1",
            assertThrows(IllegalStateException.class, () -> table.add(0L, 0)).getMessage());
        assertEquals("responder must be in [0, size): responder=1, size=1",
            assertThrows(IndexOutOfBoundsException.class, () -> table.tags(1)).getMessage());
        assertEquals("not a single flag: flag=0x3",
            assertThrows(IllegalArgumentException.class, () -> table.hasFlag(0, CHECKS_TAGS | ACTIVE)).getMessage());
        assertEquals("interval must satisfy 0 <= from <= to <= size: from=0, to=2, size=1",
            assertThrows(IndexOutOfBoundsException.class, () -> table.flagRange(0, 2, ACTIVE, true)).getMessage());
        assertEquals("start must be in [0, size]: start=2, size=1",
            assertThrows(IndexOutOfBoundsException.class, () -> table.flagBits(ACTIVE, 2)).getMessage());
    }

    @Test
    void shouldNarrowTagsToTheTagsInUseAndLeaveEverythingOut()
    {
        final ResponderTable table = new ResponderTable(100);
        table.add(TagMask.EVERYTHING, CHECKS_TAGS);
        assertEquals(0L, table.tagUniverse());
        assertEquals(1, table.tagPlaneCount());
        for (int tag = 0; tag < 8; tag++)
        {
            table.add(TagMask.of(tag * 8), CHECKS_TAGS);
        }
        assertEquals(1, table.tagPlaneCount());
        assertEquals(0b1001L, table.narrowTags(TagMask.of(0) | TagMask.of(24) | TagMask.of(1)));
        table.add(TagMask.of(1), CHECKS_TAGS);
        assertEquals(2, table.tagPlaneCount());
        assertEquals(0b1_0000_0011L, table.narrowTags(TagMask.of(0) | TagMask.of(1) | TagMask.of(56)));
        table.tags(0, 0xFFFF_0000L);
        assertEquals(23, Long.bitCount(table.tagUniverse()));
        assertEquals(3, table.tagPlaneCount());
        table.tags(1, -2L);
        assertEquals(8, table.tagPlaneCount());
        assertEquals(-1L, table.tagUniverse());
        assertEquals(5L, table.narrowTags(5L));
        assertEquals(-2L, table.tags(1));
        table.clear();
        assertEquals(0L, table.tagUniverse());
        assertEquals(1, table.tagPlaneCount());
    }

    @Test
    void shouldAcceptAnEmptyTable()
    {
        final ResponderTable table = new ResponderTable(0);
        assertEquals(0, table.capacity());
        assertEquals(0L, table.flagBits(ACTIVE, 0));
    }
}
