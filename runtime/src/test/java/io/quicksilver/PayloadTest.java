package io.quicksilver;

import io.quicksilver.runtime.message.CheckedMode;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.PayloadCodec;
import io.quicksilver.runtime.message.PayloadType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every typed send reaches its responders as the matching payload, read in place.
 */
class PayloadTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final Quicksilver qs = Quicksilver.singleThreaded().maxPayload(64).build();
    private final RelayNode node = qs.createNode("n");
    private final List<String> seen = new ArrayList<>();

    PayloadTest()
    {
        node.addResponder(message -> seen.add(describe(message)));
    }

    @AfterEach
    void close()
    {
        qs.close();
    }

    private static String describe(final MessageView m)
    {
        final String head = Method.toString(m.method()) + " " + m.payloadType() + " ";
        return head + switch (m.payloadType())
        {
            case NONE -> "-";
            case BOOL -> Boolean.toString(m.getBool());
            case INT -> Integer.toString(m.getInt());
            case FLOAT -> Float.toString(m.getFloat());
            case STRING -> m.getString();
            case BYTE_ARRAY ->
            {
                final byte[] bytes = new byte[m.payloadLength()];
                m.getBytes(bytes, 0);
                yield java.util.Arrays.toString(bytes);
            }
            case VECTOR3, VECTOR4, QUATERNION, TRANSFORM ->
            {
                final float[] floats = new float[10];
                final int n = m.getFloats(floats);
                yield java.util.Arrays.toString(java.util.Arrays.copyOf(floats, n));
            }
            case CUSTOM -> "schema " + m.payloadSchema() + " " + m.getCustom(LongCodec.INSTANCE);
        };
    }

    private enum LongCodec implements PayloadCodec<Long>
    {
        INSTANCE;

        @Override
        public short schemaId()
        {
            return 7;
        }

        @Override
        public int encode(final Long value, final MemorySegment segment, final long offset, final int maxLength)
        {
            segment.set(JAVA_LONG_UNALIGNED, offset, value);
            return Long.BYTES;
        }

        @Override
        public Long decode(final MemorySegment segment, final long offset, final int length)
        {
            return segment.get(JAVA_LONG_UNALIGNED, offset);
        }
    }

    @Test
    void shouldCarryEveryPayloadTypeInPlace()
    {
        node.send(Method.INITIALIZE);
        node.sendBool(Method.SET_ACTIVE, true);
        node.sendInt(Method.MESSAGE_INT, -42);
        node.sendFloat(Method.MESSAGE_FLOAT, 1.5f);
        node.sendString(Method.SWITCH, "Options ü");
        node.sendBytes(Method.MESSAGE_BYTE_ARRAY, new byte[] { 1, 2, 3 });
        node.sendVector3(Method.MESSAGE_VECTOR3, 1, 2, 3);
        node.sendVector4(Method.MESSAGE_VECTOR4, 1, 2, 3, 4);
        node.sendQuaternion(APP, 0, 0, 0, 1);
        node.sendTransform(Method.MESSAGE_TRANSFORM, new float[] { 1, 2, 3, 0, 0, 0, 1, 2, 2, 2 }, Metadata.DEFAULT);
        node.sendCustom(Method.MESSAGE_SERIALIZABLE, LongCodec.INSTANCE, 1L << 40, Metadata.DEFAULT);

        assertEquals(List.of(
            "INITIALIZE NONE -",
            "SET_ACTIVE BOOL true",
            "MESSAGE_INT INT -42",
            "MESSAGE_FLOAT FLOAT 1.5",
            "SWITCH STRING Options ü",
            "MESSAGE_BYTE_ARRAY BYTE_ARRAY [1, 2, 3]",
            "MESSAGE_VECTOR3 VECTOR3 [1.0, 2.0, 3.0]",
            "MESSAGE_VECTOR4 VECTOR4 [1.0, 2.0, 3.0, 4.0]",
            "APP(1000) QUATERNION [0.0, 0.0, 0.0, 1.0]",
            "MESSAGE_TRANSFORM TRANSFORM [1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0]",
            "MESSAGE_SERIALIZABLE CUSTOM schema 7 1099511627776"), seen);
    }

    @Test
    void shouldCarryTheMetadataAndSenderInTheHeader()
    {
        final List<String> header = new ArrayList<>();
        node.addResponder(ResponderOptions.builder().checksTags(false).build(), m -> header.add(
            m.levelFilter() + " " + m.activeFilter() + " " + m.selectedFilter() + " " + m.networkFilter() + " " +
            m.tagMask() + " " + m.senderNodeId()));

        node.sendInt(APP, 1, new Metadata(Level.SELF, ActiveFilter.ALL, SelectedFilter.SELECTED, NetworkFilter.LOCAL,
            Tag.TAG_3, RoutingOptions.NONE));

        assertEquals(List.of(Level.SELF + " 1 1 1 8 " + node.id()), header);
    }

    @Test
    void shouldRefuseAPayloadLargerThanTheSlotBeforeDeliveringAnything()
    {
        final IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class, () -> node.sendString(APP, "x".repeat(65)));

        assertTrue(e.getMessage().startsWith("payload length must be in [0, maxPayload]: length=65, maxPayload=64"),
            e.getMessage());
        assertEquals(List.of(), seen);
        assertEquals(0, qs.sends());
        node.sendInt(APP, 3);
        assertEquals(List.of("APP(1000) INT 3"), seen, "the runtime is usable after the refused send");
    }

    @Test
    void shouldRefuseAViewKeptPastItsHandler()
    {
        final MessageView[] kept = new MessageView[1];
        node.addResponder(message -> kept[0] = message);
        node.sendInt(APP, 5);

        if (CheckedMode.ENABLED)
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept[0].getInt());
            assertTrue(e.getMessage().contains("used after release"), e.getMessage());
        }
        else
        {
            assertEquals(PayloadType.INT, kept[0].payloadType(), "unchecked: the slot still holds the last message");
        }
    }

    @Test
    void shouldUseMercurysMethodNumbers()
    {
        assertArrayEquals(
            new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 },
            new int[] {
                Method.NO_OP, Method.INITIALIZE, Method.SET_ACTIVE, Method.REFRESH, Method.SWITCH, Method.COMPLETE,
                Method.TASK_INFO, Method.MESSAGE, Method.MESSAGE_BOOL, Method.MESSAGE_BYTE_ARRAY,
                Method.MESSAGE_FLOAT, Method.MESSAGE_INT, Method.MESSAGE_SERIALIZABLE, Method.MESSAGE_STRING,
                Method.MESSAGE_TRANSFORM, Method.MESSAGE_TRANSFORM_LIST, Method.MESSAGE_VECTOR3,
                Method.MESSAGE_VECTOR4, Method.TRANSFORM });
        for (final io.quicksilver.runtime.message.StandardMethod m :
            io.quicksilver.runtime.message.StandardMethod.values())
        {
            assertEquals(m.name(), Method.toString(m.id()));
        }
        assertEquals(1000, Method.FIRST_APPLICATION_METHOD);
        assertTrue(Method.isApplicationMethod(1000));
    }
}
