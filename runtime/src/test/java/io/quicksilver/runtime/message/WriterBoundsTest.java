package io.quicksilver.runtime.message;

import io.quicksilver.runtime.memory.SlotArena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A writer touches its own slot only, whatever the payload's source does: the neighbouring slot's bytes are the
 * same after every hostile write as before it.
 */
class WriterBoundsTest
{
    private static final int MAX_PAYLOAD = 100;
    private static final byte MARK = (byte)0xC3;

    private Arena arena;
    private SlotArena slots;
    private final MessageWriter writer = new MessageWriter();

    @BeforeEach
    void before()
    {
        arena = Arena.ofConfined();
        slots = SlotArena.allocate(arena, 2, MAX_PAYLOAD);
        slot(1).fill(MARK);
    }

    @AfterEach
    void after()
    {
        arena.close();
    }

    private MemorySegment slot(final int index)
    {
        return slots.segment().asSlice(slots.slotOffset(index), slots.slotLength());
    }

    private void assertNeighbourUntouched()
    {
        final MemorySegment neighbour = slot(1);
        for (long i = 0; i < neighbour.byteSize(); i++)
        {
            assertEquals(MARK, neighbour.get(JAVA_BYTE, i), "byte " + i + " of the next slot was overwritten");
        }
    }

    /** Reads as ASCII while its length is measured, then as three-byte chars. */
    private static final class ShiftyText implements CharSequence
    {
        private int reads;

        @Override
        public int length()
        {
            return MAX_PAYLOAD;
        }

        @Override
        public char charAt(final int index)
        {
            return reads++ < MAX_PAYLOAD ? 'a' : '\u0800';
        }

        @Override
        public CharSequence subSequence(final int start, final int end)
        {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aStringIsEncodedWithTheSlotsEndAsItsBound()
    {
        final StringBuilder threeByteChars = new StringBuilder();
        for (int i = 0; i < MAX_PAYLOAD / 3 + 1; i++)
        {
            threeByteChars.append('\u0800');
        }
        writer.wrap(slots, 0);
        assertThrows(IllegalArgumentException.class, () -> writer.putString(threeByteChars));
        assertNeighbourUntouched();

        // Whatever the sequence answers, the bytes written are the ones recorded, and they stay in the slot.
        writer.wrap(slots, 0).putString(new ShiftyText());
        assertNeighbourUntouched();
        final MessageView view = new MessageView(slots, 0);
        MessageLayout.SEQUENCE_VH.setRelease(slots.segment(), slots.slotOffset(0) + MessageLayout.SEQUENCE_OFFSET, 0L);
        view.bind(0);
        assertEquals(MAX_PAYLOAD, view.payloadLength());
        assertEquals("a".repeat(MAX_PAYLOAD), view.getString());
    }

    @Test
    void aCodecIsGivenTheSlotsPayloadAlone()
    {
        final PayloadCodec<Integer> overrunning = new PayloadCodec<>()
        {
            @Override
            public int encode(final Integer value, final MemorySegment segment, final long offset, final int maxLength)
            {
                segment.asSlice(offset).fill((byte)0x5A);   // everything it was given
                segment.set(JAVA_BYTE, offset + maxLength, (byte)1);   // and one byte more
                return 1;
            }

            @Override
            public Integer decode(final MemorySegment segment, final long offset, final int length)
            {
                return 0;
            }
        };
        writer.wrap(slots, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> writer.putCustom(overrunning, 1));
        assertNeighbourUntouched();
        assertEquals(MAX_PAYLOAD, writer.payloadSegment().byteSize());
        assertSame(writer.payloadSegment(), writer.wrap(slots, 2).payloadSegment(), "one payload segment per slot");
    }

    @Test
    void encodedLengthCountsPastTheIntRange()
    {
        // 715,827,883 three-byte chars: 2,147,483,649 bytes, which an int counts as -2,147,483,647.
        final CharSequence huge = new RepeatedChar(715_827_883, '\u0800');
        assertEquals(2_147_483_649L, Utf8.encodedLength(huge));
        writer.wrap(slots, 0);
        assertThrows(IllegalArgumentException.class, () -> writer.putString(huge));
        assertNeighbourUntouched();
    }
}
