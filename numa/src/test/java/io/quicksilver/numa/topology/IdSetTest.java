package io.quicksilver.numa.topology;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdSetTest
{
    @Test
    void shouldParseRangesAndSingleIds()
    {
        final IdSet set = IdSet.parse("0-3,8,10-11\n");

        assertArrayEquals(new int[]{ 0, 1, 2, 3, 8, 10, 11 }, set.toArray());
        assertEquals(7, set.size());
        assertTrue(set.contains(8));
        assertFalse(set.contains(9));
    }

    @Test
    void shouldPrintInKernelListFormat()
    {
        assertEquals("0-3,8,10-11", IdSet.of(11, 10, 8, 3, 2, 1, 0, 2).toString());
        assertEquals("5", IdSet.of(5).toString());
        assertEquals("", IdSet.empty().toString());
    }

    @Test
    void shouldRoundTripThroughText()
    {
        final IdSet set = IdSet.of(0, 1, 2, 40, 41, 79);

        assertEquals(set, IdSet.parse(set.toString()));
    }

    @Test
    void shouldParseEmptyTextAsEmptySet()
    {
        assertTrue(IdSet.parse("\n").isEmpty());
    }

    @Test
    void shouldRejectGarbageNamingThePart()
    {
        final IdListFormatException ex = assertThrows(IdListFormatException.class, () -> IdSet.parse("0-3,x"));

        assertEquals("0-3,x", ex.text());
        assertEquals("\"x\" is not a number or a range a-b", ex.reason());
        assertEquals("invalid id list \"0-3,x\": \"x\" is not a number or a range a-b", ex.getMessage());
    }

    @Test
    void shouldRejectBackwardsRange()
    {
        assertEquals("range \"7-3\" runs backwards",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("7-3")).reason());
    }

    @Test
    void shouldRejectEmptyEntryNegativeAndHugeIds()
    {
        assertEquals("empty entry between commas",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("1,,2")).reason());
        assertEquals("\"-1\" is not a number or a range a-b",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("-1")).reason());
        assertEquals("\"3-\" is not a number or a range a-b",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("3-")).reason());
        assertEquals("\"a\" in \"a-4\" is not a number",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("a-4")).reason());
        assertEquals("100000 is above the largest id 65535",
            assertThrows(IdListFormatException.class, () -> IdSet.parse("0-100000")).reason());
    }

    @Test
    void shouldComputeUnionIntersectionAndDifference()
    {
        final IdSet a = IdSet.parse("0-5");
        final IdSet b = IdSet.parse("4-9");

        assertEquals("0-9", a.union(b).toString());
        assertEquals("4-5", a.intersect(b).toString());
        assertEquals("0-3", a.minus(b).toString());
        assertTrue(a.containsAll(IdSet.of(1, 5)));
        assertFalse(a.containsAll(b));
    }
}
