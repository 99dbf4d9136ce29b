package io.quicksilver.runtime.message;

import org.junit.jupiter.api.Test;

import static io.quicksilver.runtime.message.MessageLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageLayoutTest
{
    @Test
    void shouldFitHeaderInOneCacheLine()
    {
        assertEquals(CACHE_LINE_LENGTH, HEADER_LENGTH);
        assertEquals(HEADER_LENGTH, PAYLOAD_OFFSET);
        assertEquals(HEADER_LENGTH, HEADER_LAYOUT.byteSize());
    }

    @Test
    void shouldPlaceEveryFieldAtItsDocumentedOffset()
    {
        assertEquals(0, SEQUENCE_OFFSET);
        assertEquals(8, TAG_MASK_OFFSET);
        assertEquals(16, CAUSAL_SEQUENCE_OFFSET);
        assertEquals(24, TIMESTAMP_OFFSET);
        assertEquals(32, METHOD_OFFSET);
        assertEquals(36, LEVEL_FILTER_OFFSET);
        assertEquals(40, SENDER_NODE_ID_OFFSET);
        assertEquals(44, CAUSAL_SENDER_OFFSET);
        assertEquals(48, PAYLOAD_LENGTH_OFFSET);
        assertEquals(52, FLAGS_OFFSET);
        assertEquals(56, HOP_COUNT_OFFSET);
        assertEquals(58, PAYLOAD_TYPE_OFFSET);
        assertEquals(59, ACTIVE_FILTER_OFFSET);
        assertEquals(60, SELECTED_FILTER_OFFSET);
        assertEquals(61, NETWORK_FILTER_OFFSET);
        assertEquals(62, PAYLOAD_SCHEMA_OFFSET);
    }

    @Test
    void shouldRoundSlotLengthUpToWholeCacheLines()
    {
        assertEquals(64, slotLengthFor(0));
        assertEquals(128, slotLengthFor(1));
        assertEquals(128, slotLengthFor(64));
        assertEquals(192, slotLengthFor(65));
        assertEquals(64, maxPayloadOf(128));
    }

    @Test
    void shouldRejectCapacityNotPowerOfTwo()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> checkCapacity(1000));
        assertEquals("capacity must be a power of 2: capacity=1000", ex.getMessage());
    }

    @Test
    void shouldRejectZeroAndNegativeCapacity()
    {
        assertEquals("capacity must be positive: capacity=0",
            assertThrows(IllegalArgumentException.class, () -> checkCapacity(0)).getMessage());
        assertEquals("capacity must be positive: capacity=-8",
            assertThrows(IllegalArgumentException.class, () -> checkCapacity(-8)).getMessage());
    }

    @Test
    void shouldRejectNegativeAndOversizedMaxPayload()
    {
        assertEquals("maxPayload must not be negative: maxPayload=-1",
            assertThrows(IllegalArgumentException.class, () -> slotLengthFor(-1)).getMessage());
        assertEquals("maxPayload must be <= 1048576: maxPayload=1048577",
            assertThrows(IllegalArgumentException.class, () -> checkMaxPayload(MAX_PAYLOAD_LIMIT + 1)).getMessage());
    }

    @Test
    void shouldRejectSlotLengthNotMultipleOfCacheLine()
    {
        assertEquals("slotLength must be a multiple of 64: slotLength=100",
            assertThrows(IllegalArgumentException.class, () -> checkSlotLength(100)).getMessage());
    }

    @Test
    void shouldRejectZeroAndNegativeSlotLength()
    {
        assertEquals("slotLength must be positive: slotLength=0",
            assertThrows(IllegalArgumentException.class, () -> checkSlotLength(0)).getMessage());
        assertEquals("slotLength must be positive: slotLength=-64",
            assertThrows(IllegalArgumentException.class, () -> maxPayloadOf(-64)).getMessage());
    }

    @Test
    void shouldRejectPayloadOverMaximum()
    {
        assertEquals("payload length must be in [0, maxPayload]: length=65, maxPayload=64",
            assertThrows(IllegalArgumentException.class, () -> checkPayloadLength(65, 64)).getMessage());
    }

    @Test
    void shouldRejectBatchCountOutsideCapacity()
    {
        assertEquals("count must be in [1, capacity]: count=0, capacity=8",
            assertThrows(IllegalArgumentException.class, () -> checkBatchCount(0, 8)).getMessage());
        assertEquals("count must be in [1, capacity]: count=9, capacity=8",
            assertThrows(IllegalArgumentException.class, () -> checkBatchCount(9, 8)).getMessage());
    }

    @Test
    void shouldEncodeClaimedMarkerOutsideEverySequence()
    {
        for (final long sequence : new long[]{ 0, 1, 42, Long.MAX_VALUE - 2 })
        {
            final long marker = claimedMarker(sequence);
            assertTrue(isClaimedMarker(marker));
            assertTrue(marker != NO_SEQUENCE);
            assertEquals(sequence, sequenceOfClaimedMarker(marker));
        }
    }

    @Test
    void shouldMapPayloadTypeCodesBothWays()
    {
        for (final PayloadType type : PayloadType.values())
        {
            assertEquals(type, PayloadType.fromCode(type.code()));
        }
        assertEquals("unknown payload type: code=11",
            assertThrows(IllegalArgumentException.class, () -> PayloadType.fromCode(11)).getMessage());
    }

    @Test
    void shouldNumberStandardMethodsAsMercuryDoes()
    {
        assertEquals(0, StandardMethod.NO_OP.id());
        assertEquals(18, StandardMethod.TRANSFORM.id());
        assertEquals(StandardMethod.MESSAGE_STRING, StandardMethod.fromId(StandardMethod.MESSAGE_STRING.id()));
        assertEquals(null, StandardMethod.fromId(FIRST_APPLICATION_METHOD));
        assertTrue(StandardMethod.isApplicationMethod(FIRST_APPLICATION_METHOD));
    }
}
