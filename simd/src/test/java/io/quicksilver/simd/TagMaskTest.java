package io.quicksilver.simd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagMaskTest
{
    private static final long TAG_1 = TagMask.of(1);
    private static final long TAG_2 = TagMask.of(2);

    @Test
    void shouldPassResponderThatDoesNotCheckTagsWhateverTheMessageCarries()
    {
        assertTrue(TagMask.passes(false, TAG_1, TAG_2));
        assertTrue(TagMask.passes(false, TAG_1, TagMask.NOTHING));
        assertTrue(TagMask.passes(false, 0L, TagMask.NOTHING));
    }

    @Test
    void shouldPassEveryTagCheckWhenMessageCarriesEverything()
    {
        assertTrue(TagMask.passes(true, TAG_1, TagMask.EVERYTHING));
        assertTrue(TagMask.passes(true, 0L, TagMask.EVERYTHING));
    }

    @Test
    void shouldPassWhenMasksShareABit()
    {
        assertTrue(TagMask.passes(true, TAG_1 | TAG_2, TAG_2));
        assertTrue(TagMask.passes(true, TagMask.of(63), TagMask.of(63) | TAG_1));
        assertFalse(TagMask.passes(true, TAG_1, TAG_2));
    }

    @Test
    void shouldFailEveryTagCheckWhenMessageCarriesNothing()
    {
        assertFalse(TagMask.passes(true, TAG_1, TagMask.NOTHING));
        assertFalse(TagMask.passes(true, -1L, TagMask.NOTHING));
    }

    @Test
    void shouldBuildSingleTagMasksAndRejectOutOfRangeTags()
    {
        assertEquals(1L, TagMask.of(0));
        assertEquals(Long.MIN_VALUE, TagMask.of(63));
        assertEquals("tag must be in [0, 64): tag=64",
            assertThrows(IllegalArgumentException.class, () -> TagMask.of(64)).getMessage());
        assertEquals("tag must be in [0, 64): tag=-1",
            assertThrows(IllegalArgumentException.class, () -> TagMask.of(-1)).getMessage());
    }
}
