package io.quicksilver.simd;

import org.junit.jupiter.api.Test;

import static io.quicksilver.simd.MessageBatch.ACTIVE_ONLY;
import static io.quicksilver.simd.MessageBatch.SELECTED_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageBatchTest
{
    @Test
    void shouldAddMessagesAndReadThemBack()
    {
        final MessageBatch batch = new MessageBatch(2);
        assertEquals(0, batch.add(TagMask.EVERYTHING, ACTIVE_ONLY | SELECTED_ONLY, 0, 10));
        assertEquals(1, batch.add(3L, 0, 4, 4));
        assertEquals(2, batch.size());
        assertEquals(TagMask.EVERYTHING, batch.tags(0));
        assertEquals(ACTIVE_ONLY | SELECTED_ONLY, batch.filters(0));
        assertEquals(0, batch.from(0));
        assertEquals(10, batch.to(0));
        batch.set(1, 7L, SELECTED_ONLY, 1, 2);
        assertEquals(7L, batch.tags(1));
        assertEquals(SELECTED_ONLY, batch.filters(1));
        assertEquals(1, batch.from(1));
        assertEquals(2, batch.to(1));
    }

    @Test
    void shouldReturnMinusOneWhenFullAndAcceptMoreAfterClear()
    {
        final MessageBatch batch = new MessageBatch(1);
        assertEquals(0, batch.add(1L, 0, 0, 1));
        assertEquals(-1, batch.add(1L, 0, 0, 1));
        assertEquals(1, batch.size());
        batch.clear();
        assertEquals(0, batch.add(1L, 0, 0, 1));
    }

    @Test
    void shouldRejectInvalidArgumentsWithTheValue()
    {
        assertEquals("capacity must be in [1, 1048576]: capacity=0",
            assertThrows(IllegalArgumentException.class, () -> new MessageBatch(0)).getMessage());
        final MessageBatch batch = new MessageBatch(4);
        assertEquals("filters has unknown bits: filters=0x4",
            assertThrows(IllegalArgumentException.class, () -> batch.add(0L, 4, 0, 1)).getMessage());
        assertEquals("interval must satisfy 0 <= from <= to: from=5, to=3",
            assertThrows(IllegalArgumentException.class, () -> batch.add(0L, 0, 5, 3)).getMessage());
        assertEquals("interval must satisfy 0 <= from <= to: from=-1, to=3",
            assertThrows(IllegalArgumentException.class, () -> batch.add(0L, 0, -1, 3)).getMessage());
        assertEquals("index must be in [0, size): index=0, size=0",
            assertThrows(IndexOutOfBoundsException.class, () -> batch.tags(0)).getMessage());
    }
}
