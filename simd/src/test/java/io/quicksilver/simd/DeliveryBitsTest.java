package io.quicksilver.simd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryBitsTest
{
    @Test
    void shouldCountBitsOfARunOnly()
    {
        final long[] words = {-1L, 0b1011L, 1L << 63, -1L};
        assertEquals(4, DeliveryBits.count(words, 1, 2));
        assertEquals(0, DeliveryBits.count(words, 1, 0));
        assertEquals(64 + 3 + 1 + 64, DeliveryBits.count(words, 0, 4));
    }

    @Test
    void shouldIterateSetBitsInOrderAcrossWords()
    {
        final long[] words = {0xFFL, 1L | 1L << 5, 0L, 1L << 63};
        final int[] expected = {0, 5, 191};
        final int[] actual = new int[3];
        int n = 0;
        for (int bit = DeliveryBits.next(words, 1, 3, 0); bit >= 0; bit = DeliveryBits.next(words, 1, 3, bit + 1))
        {
            actual[n++] = bit;
        }
        assertEquals(3, n);
        assertArrayEquals(expected, actual);
        assertEquals(-1, DeliveryBits.next(words, 1, 3, 192));
        assertEquals(-1, DeliveryBits.next(words, 2, 1, 0));
    }

    @Test
    void shouldTestSingleBits()
    {
        final long[] words = {0L, 1L << 3};
        assertTrue(DeliveryBits.isSet(words, 0, 67));
        assertFalse(DeliveryBits.isSet(words, 0, 66));
        assertTrue(DeliveryBits.isSet(words, 1, 3));
    }

    @Test
    void shouldClearARangeSpanningWords()
    {
        final long[] words = {-1L, -1L, -1L, -1L};
        DeliveryBits.clear(words, 1, 3, 60, 130);
        assertEquals(-1L, words[0]);
        assertEquals((1L << 60) - 1, words[1]);
        assertEquals(0L, words[2]);
        assertEquals(-1L << 2, words[3]);
        DeliveryBits.clear(words, 1, 3, 5, 5);
        assertEquals((1L << 60) - 1, words[1]);
    }

    @Test
    void shouldRejectRunsAndBitsOutOfBoundsWithTheValues()
    {
        final long[] words = new long[2];
        assertEquals("run out of bounds: offset=1, length=2, words.length=2",
            assertThrows(IndexOutOfBoundsException.class, () -> DeliveryBits.count(words, 1, 2)).getMessage());
        assertEquals("fromBit must be >= 0: fromBit=-1",
            assertThrows(IndexOutOfBoundsException.class, () -> DeliveryBits.next(words, 0, 2, -1)).getMessage());
        assertEquals("bits must satisfy 0 <= fromBit <= toBit <= length * 64: fromBit=0, toBit=129, length=2",
            assertThrows(IndexOutOfBoundsException.class, () -> DeliveryBits.clear(words, 0, 2, 0, 129)).getMessage());
        assertEquals("bit must be >= 0: bit=-2",
            assertThrows(IndexOutOfBoundsException.class, () -> DeliveryBits.isSet(words, 0, -2)).getMessage());
    }
}
