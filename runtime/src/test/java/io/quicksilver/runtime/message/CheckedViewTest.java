package io.quicksilver.runtime.message;

import io.quicksilver.runtime.memory.SlotArena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_VH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-copy contract in checked mode (surefire runs with {@code -Dquicksilver.checked=true}).
 */
class CheckedViewTest
{
    private Arena arena;
    private SlotArena slots;
    private final MessageWriter writer = new MessageWriter();

    @BeforeEach
    void before()
    {
        assertTrue(CheckedMode.ENABLED, "tests must run with -D" + CheckedMode.CHECKED_PROP_NAME + "=true");
        arena = Arena.ofConfined();
        slots = SlotArena.allocate(arena, 2, 64);
    }

    @AfterEach
    void after()
    {
        arena.close();
    }

    private void publish(final long sequence, final int value)
    {
        writer.wrap(slots, sequence).putInt(value);
        SEQUENCE_VH.setRelease(slots.segment(), slots.slotOffset(sequence) + SEQUENCE_OFFSET, sequence);
    }

    @Test
    void shouldThrowWhenViewUsedAfterRelease()
    {
        publish(0, 11);
        final MessageView view = new MessageView(slots, 0).bind(0);
        assertEquals(11, view.getInt());
        view.release();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, view::getInt);
        assertEquals("MessageView used after release: lastSequence=0, slotOffset=0 " +
            "(a view is valid only during the handler call; copy what must outlive it)", ex.getMessage());
        assertThrows(IllegalStateException.class, view::payload);
        assertThrows(IllegalStateException.class, view::method);
    }

    @Test
    void shouldThrowInsteadOfReadingNextMessageWhenSlotReused()
    {
        publish(0, 11);
        final MessageView stale = new MessageView(slots, 0).bind(0);
        publish(2, 22);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, stale::getInt);
        assertEquals("MessageView used after its slot was reused: viewSequence=0, slotSequence=2, slotOffset=0 " +
            "(a view is valid only during the handler call)", ex.getMessage());
    }

    @Test
    void shouldThrowWhileProducerRewritesSlot()
    {
        publish(0, 11);
        final MessageView stale = new MessageView(slots, 0).bind(0);
        SEQUENCE_VH.setRelease(slots.segment(), SEQUENCE_OFFSET + 0L, MessageLayout.claimedMarker(2));

        final IllegalStateException ex = assertThrows(IllegalStateException.class, stale::getInt);
        assertTrue(ex.getMessage().contains("slotSequence=being written for 2"), ex.getMessage());
    }

    @Test
    void shouldRejectBindToSequenceTheSlotDoesNotHold()
    {
        publish(0, 11);
        assertThrows(IllegalStateException.class, () -> new MessageView(slots, 0).bind(2));
    }

    @Test
    void shouldRejectReadingPayloadAsWrongType()
    {
        publish(0, 11);
        final MessageView view = new MessageView(slots, 0).bind(0);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, view::getFloat);
        assertEquals("payload is not FLOAT: payloadType=INT, sequence=0", ex.getMessage());
    }

    @Test
    void payloadSegmentsFailOnceTheirViewIsReleasedWhateverIsBoundLater()
    {
        publish(0, 11);
        final MessageView view = new MessageView(slots, 0).bind(0);
        final java.lang.foreign.MemorySegment payload = view.payload();
        assertEquals(11, payload.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
        view.release();
        assertThrows(IllegalStateException.class, () -> payload.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));

        // A lap later the same slot holds another message, bound to the same view object: the old segment still fails.
        publish(2, 22);
        view.bind(2);
        assertEquals(22, view.getInt());
        assertThrows(IllegalStateException.class, () -> payload.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
    }

    @Test
    void aConsumersNextMessageComesInAViewOfItsOwn()
    {
        publish(0, 11);
        final MessageView first = new MessageView(slots, 0);
        first.bind(0);
        first.release();
        final MessageView next = first.forNextMessage();
        assertTrue(next != first);
        publish(2, 22);
        assertEquals(22, next.bind(2).getInt());
        assertThrows(IllegalStateException.class, first::getInt, "a view kept from the previous message stays released");
    }
}
