package io.quicksilver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mercury's constants and defaults, and the value types' rules.
 */
class ApiValuesTest
{
    @Test
    void shouldUseMercurysLevelFlagValues()
    {
        assertEquals(1, Level.SELF);
        assertEquals(2, Level.CHILD);
        assertEquals(4, Level.PARENT);
        assertEquals(8, Level.SIBLINGS);
        assertEquals(16, Level.COUSINS);
        assertEquals(32, Level.DESCENDANTS);
        assertEquals(64, Level.ANCESTORS);
        assertEquals(128, Level.CUSTOM);
        assertEquals(3, Level.SELF_AND_CHILDREN);
        assertEquals(5, Level.SELF_AND_PARENTS);
        assertEquals("SELF|CHILD|CUSTOM", Level.toString(Level.SELF_AND_CHILDREN | Level.CUSTOM));
    }

    @Test
    void shouldDefaultMetadataAsMercuryDoes()
    {
        final Metadata m = Metadata.DEFAULT;
        assertEquals(Level.SELF_AND_CHILDREN, m.level());
        assertSame(ActiveFilter.ACTIVE, m.active());
        assertSame(SelectedFilter.ALL, m.selected());
        assertSame(NetworkFilter.ALL, m.network());
        assertEquals(Tag.EVERYTHING, m.tags());
        assertSame(RoutingOptions.NONE, m.options());
        assertFalse(m.options().allowLateral());
        assertEquals(Metadata.DEFAULT, Metadata.builder().build());
    }

    @Test
    void shouldBuildMetadataImmutably()
    {
        final Metadata m = Metadata.builder().level(Level.CHILD).tags(Tag.TAG_2).selected(SelectedFilter.SELECTED)
            .allowLateral().build();
        final Metadata other = m.withTags(Tag.TAG_3);

        assertNotSame(m, other);
        assertEquals(Tag.TAG_2, m.tags());
        assertEquals(Tag.TAG_3, other.tags());
        assertTrue(other.options().allowLateral());
        assertEquals(m, m.toBuilder().build());
        final Metadata plain = m.withOptions(RoutingOptions.NONE);
        assertFalse(plain.options().allowLateral());
        assertTrue(m.options().allowLateral(), "the original keeps its options");
        assertEquals(m.withTags(Tag.TAG_2), m, "every other field is copied");
        assertEquals(Level.CHILD, plain.level());
        assertEquals(SelectedFilter.SELECTED, plain.selected());
    }

    @Test
    void shouldRejectAnInvalidLevel()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Metadata.of(0));
        assertEquals("level must be a non-empty combination of Level flags (1..255): level=0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metadata.of(256));
    }

    @Test
    void shouldDefaultRespondersAsMercuryDoes()
    {
        final ResponderOptions o = ResponderOptions.DEFAULT;
        assertEquals(Tag.EVERYTHING, o.tags());
        assertTrue(o.checksTags());
        assertFalse(o.receiveHandled());
        assertTrue(o.active());
    }

    @Test
    void shouldApplyMercurysTagRule()
    {
        assertTrue(Tag.passes(false, Tag.NOTHING, Tag.TAG_1));
        assertTrue(Tag.passes(true, Tag.TAG_1, Tag.EVERYTHING));
        assertTrue(Tag.passes(true, Tag.TAG_1 | Tag.TAG_2, Tag.TAG_2));
        assertFalse(Tag.passes(true, Tag.TAG_1, Tag.TAG_2));
        assertFalse(Tag.passes(true, Tag.EVERYTHING, Tag.NOTHING));
        assertEquals("TAG_1|TAG_63", Tag.toString(Tag.TAG_1 | Tag.bit(63)));
        assertEquals("tag index must be in [0, 64): index=64",
            assertThrows(IllegalArgumentException.class, () -> Tag.bit(64)).getMessage());
    }

    @Test
    void shouldValidateTheRuntimeConfiguration()
    {
        assertEquals("maxNestingDepth must be in [1, 1024]: maxNestingDepth=0", assertThrows(
            IllegalArgumentException.class, () -> Quicksilver.singleThreaded().maxNestingDepth(0).build())
            .getMessage());
        assertEquals("maxPayload must not be negative: maxPayload=-1", assertThrows(
            IllegalArgumentException.class, () -> Quicksilver.singleThreaded().maxPayload(-1).build())
            .getMessage());
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            assertEquals(50, qs.hopLimit());
            assertFalse(qs.isStrict());
            assertEquals(32, qs.maxNestingDepth());
            assertEquals(4032, qs.maxPayload());
        }
    }
}
