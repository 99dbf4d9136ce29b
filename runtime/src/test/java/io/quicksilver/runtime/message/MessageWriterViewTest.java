package io.quicksilver.runtime.message;

import io.quicksilver.runtime.memory.SlotArena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_VH;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageWriterViewTest
{
    private static final int CAPACITY = 4;
    private static final int MAX_PAYLOAD = 100;

    private Arena arena;
    private SlotArena slots;
    private final MessageWriter writer = new MessageWriter();

    @BeforeEach
    void before()
    {
        arena = Arena.ofConfined();
        slots = SlotArena.allocate(arena, CAPACITY, MAX_PAYLOAD);
    }

    @AfterEach
    void after()
    {
        arena.close();
    }

    /** What a ring's publish does: the sequence field is the publish marker. */
    private MessageView publishAndView(final long sequence)
    {
        SEQUENCE_VH.setRelease(slots.segment(), slots.slotOffset(sequence) + SEQUENCE_OFFSET, sequence);
        return new MessageView(slots, (int)(sequence & (CAPACITY - 1))).bind(sequence);
    }

    @Test
    void shouldWriteMercuryDefaultsOnWrap()
    {
        writer.wrap(slots, 0);
        final MessageView view = publishAndView(0);

        assertEquals(0, view.sequence());
        assertMercuryDefaults(view);
        assertEquals(MAX_PAYLOAD, view.maxPayload());
    }

    private static void assertMercuryDefaults(final MessageView view)
    {
        assertEquals(StandardMethod.NO_OP.id(), view.method());
        assertEquals(MessageFilters.LEVEL_SELF_AND_CHILDREN, view.levelFilter());
        assertEquals(MessageFilters.ACTIVE_ONLY, view.activeFilter());
        assertEquals(MessageFilters.SELECTED_ALL, view.selectedFilter());
        assertEquals(MessageFilters.NETWORK_ALL, view.networkFilter());
        assertEquals(MessageFilters.TAG_ALL, view.tagMask());
        assertEquals(MessageLayout.NO_SENDER, view.senderNodeId());
        assertEquals(MessageLayout.NO_CAUSAL_SENDER, view.causalSender());
        assertEquals(MessageLayout.NO_SEQUENCE, view.causalSequence());
        assertEquals(0L, view.timestampNanos());
        assertEquals(0, view.hopCount());
        assertEquals(0, view.flags());
        assertEquals(PayloadType.NONE, view.payloadType());
        assertEquals(0, view.payloadLength());
        assertEquals(0, view.payloadSchema());
    }

    @Test
    void shouldResetEveryHeaderByteButTheSequenceOnWrapOverADirtySlot()
    {
        final long slotOffset = slots.slotOffset(0);
        final MemorySegment segment = slots.segment();
        segment.asSlice(slotOffset, MessageLayout.HEADER_LENGTH).fill((byte)0x5A);
        final long marker = segment.get(ValueLayout.JAVA_LONG, slotOffset + SEQUENCE_OFFSET);

        writer.wrap(slots, 0);

        assertEquals(marker, segment.get(ValueLayout.JAVA_LONG, slotOffset + SEQUENCE_OFFSET),
            "wrap must leave the ring's publish marker alone");
        assertMercuryDefaults(publishAndView(0));
    }

    @Test
    void shouldRoundTripEveryHeaderField()
    {
        writer.wrap(slots, 1)
            .method(MessageLayout.FIRST_APPLICATION_METHOD + 7)
            .levelFilter(MessageFilters.LEVEL_PARENT | MessageFilters.LEVEL_CUSTOM)
            .activeFilter(MessageFilters.ACTIVE_ALL)
            .selectedFilter(MessageFilters.SELECTED_ONLY)
            .networkFilter(MessageFilters.NETWORK_REMOTE)
            .tagMask(0x8000_0000_0000_0001L)
            .senderNodeId(77)
            .hopCount(Short.MAX_VALUE)
            .causalStamp(12, 345L)
            .timestampNanos(987_654_321L)
            .putNone();
        final MessageView view = publishAndView(1);

        assertEquals(1, view.sequence());
        assertEquals(1007, view.method());
        assertEquals(MessageFilters.LEVEL_PARENT | MessageFilters.LEVEL_CUSTOM, view.levelFilter());
        assertEquals(MessageFilters.ACTIVE_ALL, view.activeFilter());
        assertEquals(MessageFilters.SELECTED_ONLY, view.selectedFilter());
        assertEquals(MessageFilters.NETWORK_REMOTE, view.networkFilter());
        assertEquals(0x8000_0000_0000_0001L, view.tagMask());
        assertEquals(77, view.senderNodeId());
        assertEquals(Short.MAX_VALUE, view.hopCount());
        assertEquals(12, view.causalSender());
        assertEquals(345L, view.causalSequence());
        assertEquals(987_654_321L, view.timestampNanos());
    }

    @Test
    void shouldRejectHopCountOutsideShort()
    {
        writer.wrap(slots, 0);
        assertEquals("hopCount must be in [0, 32767]: hopCount=32768",
            assertThrows(IllegalArgumentException.class, () -> writer.hopCount(32768)).getMessage());
    }

    @Test
    void shouldRoundTripScalarPayloads()
    {
        writer.wrap(slots, 0).putBool(true);
        assertTrue(publishAndView(0).getBool());

        writer.wrap(slots, 1).putInt(-123_456);
        final MessageView intView = publishAndView(1);
        assertEquals(PayloadType.INT, intView.payloadType());
        assertEquals(Integer.BYTES, intView.payloadLength());
        assertEquals(-123_456, intView.getInt());

        writer.wrap(slots, 2).putFloat(3.5f);
        assertEquals(3.5f, publishAndView(2).getFloat());
    }

    @Test
    void shouldRoundTripStringAsUtf8InPlace()
    {
        final String text = "héllo wörld \u20ac \uD83D\uDE00";
        writer.wrap(slots, 0).putString(text);
        final MessageView view = publishAndView(0);

        final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, view.payloadLength());
        assertEquals(text, view.getString());
        assertTrue(view.stringEquals(text));
        assertFalse(view.stringEquals("héllo wörld \u20ac"));
        assertFalse(view.stringEquals(text + "!"));
        assertFalse(view.stringEquals("hallo wörld \u20ac \uD83D\uDE00"));
        assertArrayEquals(expected, view.payloadUtf8().asSlice(0, view.payloadLength()).toArray(JAVA_BYTE));
    }

    @Test
    void shouldEncodeUnpairedSurrogateAsJdkDoes()
    {
        final String text = "a\uD800b\uDC00";
        writer.wrap(slots, 0).putString(text);
        final MessageView view = publishAndView(0);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8),
            view.payload().asSlice(0, view.payloadLength()).toArray(JAVA_BYTE));
        assertTrue(view.stringEquals(text));
    }

    @Test
    void shouldRoundTripByteArrays()
    {
        final byte[] bytes = new byte[MAX_PAYLOAD];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }
        writer.wrap(slots, 0).putBytes(bytes, 0, bytes.length);
        final MessageView view = publishAndView(0);
        final byte[] copy = new byte[MAX_PAYLOAD];
        assertEquals(MAX_PAYLOAD, view.getBytes(copy, 0));
        assertArrayEquals(bytes, copy);

        writer.wrap(slots, 1).putBytes(MemorySegment.ofArray(new byte[]{ 1, 2, 3 }));
        final MessageView segmentView = publishAndView(1);
        assertEquals(PayloadType.BYTE_ARRAY, segmentView.payloadType());
        assertEquals(3, segmentView.payloadLength());
        assertEquals(3, segmentView.payload().get(JAVA_BYTE, 2));
    }

    @Test
    void shouldRoundTripVectorsQuaternionsAndTransforms()
    {
        final float[] floats = new float[PayloadType.TRANSFORM_FLOATS];

        writer.wrap(slots, 0).putVector3(1, 2, 3);
        final MessageView vector3 = publishAndView(0);
        assertEquals(3, vector3.getFloats(floats));
        assertArrayEquals(new float[]{ 1, 2, 3 }, java.util.Arrays.copyOf(floats, 3));
        assertEquals(3f, vector3.getFloat(2));
        assertThrows(IndexOutOfBoundsException.class, () -> vector3.getFloat(3));

        writer.wrap(slots, 1).putVector4(1, 2, 3, 4);
        final MessageView vector4 = publishAndView(1);
        assertEquals(PayloadType.VECTOR4, vector4.payloadType());
        assertEquals(4f, vector4.getFloat(3));

        writer.wrap(slots, 2).putQuaternion(0, 0, 0, 1);
        final MessageView quaternion = publishAndView(2);
        assertEquals(PayloadType.QUATERNION, quaternion.payloadType());
        assertEquals(1f, quaternion.getFloat(3));

        writer.wrap(slots, 3).putTransform(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        final MessageView transform = publishAndView(3);
        assertEquals(PayloadType.TRANSFORM, transform.payloadType());
        assertEquals(10, transform.getFloats(floats));
        assertArrayEquals(new float[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, floats);

        writer.wrap(slots, 4).putTransform(new float[]{ 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 });
        assertEquals(1f, publishAndView(4).getFloat(9));
    }

    @Test
    void shouldRoundTripCustomPayloadThroughCodec()
    {
        final PayloadCodec<int[]> codec = new PayloadCodec<>()
        {
            @Override
            public short schemaId()
            {
                return 42;
            }

            @Override
            public int encode(final int[] value, final MemorySegment segment, final long offset, final int maxLength)
            {
                if (value.length * Integer.BYTES > maxLength)
                {
                    return -1;
                }
                MemorySegment.copy(value, 0, segment, JAVA_INT, offset, value.length);
                return value.length * Integer.BYTES;
            }

            @Override
            public int[] decode(final MemorySegment segment, final long offset, final int length)
            {
                final int[] value = new int[length / Integer.BYTES];
                MemorySegment.copy(segment, JAVA_INT, offset, value, 0, value.length);
                return value;
            }
        };

        writer.wrap(slots, 0).putCustom(codec, new int[]{ 5, 6, 7 });
        final MessageView view = publishAndView(0);
        assertEquals(PayloadType.CUSTOM, view.payloadType());
        assertEquals(42, view.payloadSchema());
        assertArrayEquals(new int[]{ 5, 6, 7 }, view.getCustom(codec));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> writer.wrap(slots, 1).putCustom(codec, new int[MAX_PAYLOAD]));
        assertEquals("custom payload does not fit: length=-1, maxPayload=100, schemaId=42", ex.getMessage());
    }

    @Test
    void shouldRejectPayloadOverMaximum()
    {
        writer.wrap(slots, 0);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> writer.putBytes(new byte[MAX_PAYLOAD + 1], 0, MAX_PAYLOAD + 1));
        assertEquals("payload length must be in [0, maxPayload]: length=101, maxPayload=100, sequence=0", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.putString("x".repeat(MAX_PAYLOAD + 1)));
        assertThrows(IllegalArgumentException.class, () -> writer.putString("\u20ac".repeat(34)));
    }

    @Test
    void shouldMarkHandledInTheSlot()
    {
        writer.wrap(slots, 0).putInt(1);
        final MessageView view = publishAndView(0);
        assertFalse(view.isHandled());
        view.markHandled();
        assertTrue(view.isHandled());
        assertTrue(new MessageView(slots, 0).bind(0).isHandled());
    }

    @Test
    void shouldGiveReadOnlyPayloadSegmentCreatedOncePerView()
    {
        writer.wrap(slots, 0).putInt(1);
        final MessageView view = publishAndView(0);
        final MemorySegment payload = view.payload();
        assertTrue(payload.isReadOnly());
        assertEquals(MAX_PAYLOAD, payload.byteSize());
        assertThrows(IllegalArgumentException.class, () -> payload.set(JAVA_INT, 0, 5));

        assertTrue(payload == view.payload(), "one segment for the whole call");
        view.release();
        writer.wrap(slots, 4).putInt(2);
        SEQUENCE_VH.setRelease(slots.segment(), slots.slotOffset(4) + SEQUENCE_OFFSET, 4L);
        // Unchecked: the same object for every message of the slot. Checked: one scoped to each bind (CheckedViewTest).
        assertEquals(!CheckedMode.ENABLED, payload == view.bind(4).payload());
    }

    @Test
    void shouldCopyWholeMessageFromView()
    {
        writer.wrap(slots, 0).method(1001).tagMask(6).senderNodeId(3).hopCount(2).putString("forward me");
        final MessageView source = publishAndView(0);
        writer.wrap(slots, 1).copyFrom(source);
        final MessageView copy = publishAndView(1);
        assertEquals(1001, copy.method());
        assertEquals(6, copy.tagMask());
        assertEquals(3, copy.senderNodeId());
        assertEquals(2, copy.hopCount());
        assertEquals("forward me", copy.getString());
    }

    @Test
    void shouldRejectSlotIndexOutsideCapacity()
    {
        assertEquals("slotIndex must be in [0, capacity): slotIndex=4, capacity=4",
            assertThrows(IllegalArgumentException.class, () -> new MessageView(slots, CAPACITY)).getMessage());
    }
}
