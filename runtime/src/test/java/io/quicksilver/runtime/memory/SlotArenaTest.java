package io.quicksilver.runtime.memory;

import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotArenaTest
{
    @Test
    void shouldAllocateCacheLineAlignedSlotsOfWholeLines()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final SlotArena slots = SlotArena.allocate(arena, 16, 100);
            assertEquals(0, slots.segment().address() % MessageLayout.CACHE_LINE_LENGTH);
            assertEquals(192, slots.slotLength());
            assertEquals(100, slots.maxPayload());
            assertEquals(16L * 192, slots.segment().byteSize());
            assertEquals(NodeSegmentAllocator.ANY_NODE, slots.node());
            assertEquals(0, slots.slotOffset(0));
            assertEquals(192 * 15, slots.slotOffset(15));
            assertEquals(0, slots.slotOffset(16));
            assertEquals(192, slots.slotOffset(17));
        }
    }

    @Test
    void shouldStartEverySlotWithNoSequence()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final SlotArena slots = SlotArena.allocate(arena, 8, 0);
            for (int i = 0; i < 8; i++)
            {
                assertEquals(MessageLayout.NO_SEQUENCE,
                    slots.segment().get(JAVA_LONG, slots.slotOffset(i) + MessageLayout.SEQUENCE_OFFSET));
            }
        }
    }

    @Test
    void shouldTakeSlotLengthAsGivenWhenAMultipleOfCacheLine()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final SlotArena slots =
                SlotArena.allocateWithSlotLength(arena, 4, 256, NodeSegmentAllocator.anyNode(), NodeSegmentAllocator.ANY_NODE);
            assertEquals(256, slots.slotLength());
            assertEquals(192, slots.maxPayload());
        }
    }

    @Test
    void shouldRejectBadSizesWithNameAndValue()
    {
        try (Arena arena = Arena.ofConfined())
        {
            assertEquals("capacity must be a power of 2: capacity=1000",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocate(arena, 1000, 64)).getMessage());
            assertEquals("capacity must be positive: capacity=0",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocate(arena, 0, 64)).getMessage());
            assertEquals("maxPayload must not be negative: maxPayload=-1",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocate(arena, 8, -1)).getMessage());
            assertEquals("slotLength must be a multiple of 64: slotLength=96",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocateWithSlotLength(
                    arena, 8, 96, NodeSegmentAllocator.anyNode(), NodeSegmentAllocator.ANY_NODE)).getMessage());
            assertEquals("slotLength must be positive: slotLength=0",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocateWithSlotLength(
                    arena, 8, 0, NodeSegmentAllocator.anyNode(), NodeSegmentAllocator.ANY_NODE)).getMessage());
            assertEquals("node must be >= 0 or ANY_NODE (-1): node=-2",
                assertThrows(IllegalArgumentException.class, () -> SlotArena.allocate(
                    arena, 8, 64, NodeSegmentAllocator.anyNode(), -2)).getMessage());
        }
    }

    @Test
    void shouldAllocateThroughTheGivenAllocatorOnTheGivenNode()
    {
        final AtomicInteger requestedNode = new AtomicInteger(-99);
        final NodeSegmentAllocator recording = (arena, byteSize, byteAlignment, node) ->
        {
            requestedNode.set(node);
            assertEquals(MessageLayout.CACHE_LINE_LENGTH, byteAlignment);
            return arena.allocate(byteSize, byteAlignment);
        };
        try (Arena arena = Arena.ofConfined())
        {
            final SlotArena slots = SlotArena.allocate(arena, 4, 64, recording, 0);
            assertEquals(0, requestedNode.get());
            assertEquals(0, slots.node());
        }
    }

    @Test
    void shouldRejectMisalignedOrShortSegmentFromAllocator()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final NodeSegmentAllocator misaligned =
                (a, byteSize, byteAlignment, node) -> a.allocate(byteSize + 64, 64).asSlice(8, byteSize);
            assertTrue(assertThrows(IllegalStateException.class, () -> SlotArena.allocate(arena, 4, 64, misaligned, 0))
                .getMessage().startsWith("allocator returned a segment not aligned to a cache line: address=0x"));

            final NodeSegmentAllocator shortSegment = (a, byteSize, byteAlignment, node) -> a.allocate(64, 64);
            assertEquals("allocator returned a short segment: byteSize=64, expected=512",
                assertThrows(IllegalStateException.class, () -> SlotArena.allocate(arena, 4, 64, shortSegment, 0))
                    .getMessage());
        }
    }

    @Test
    void shouldThrowNotCrashOnAccessAfterArenaClosed()
    {
        final Arena arena = Arena.ofShared();
        final SlotArena slots = SlotArena.allocate(arena, 4, 64);
        final MessageWriter writer = new MessageWriter();
        writer.wrap(slots, 0).putInt(1);
        final MessageView view = new MessageView(slots, 0);
        final MemorySegment segment = slots.segment();
        assertTrue(slots.isAlive());

        arena.close();

        assertFalse(slots.isAlive());
        assertThrows(IllegalStateException.class, () -> segment.get(JAVA_LONG, 0));
        assertThrows(IllegalStateException.class, () -> writer.wrap(slots, 1));
        assertThrows(IllegalStateException.class, () -> writer.putInt(2));
        assertThrows(IllegalStateException.class, () -> view.bind(0).method());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldMakeConcurrentReaderThrowWhenArenaClosedUnderIt() throws Exception
    {
        final Arena arena = Arena.ofShared();
        final SlotArena slots = SlotArena.allocate(arena, 4, 64);
        new MessageWriter().wrap(slots, 0).putInt(42);
        final MemorySegment segment = slots.segment();
        final CountDownLatch reading = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                long sum = 0;
                while (true)
                {
                    sum += segment.get(JAVA_INT, MessageLayout.PAYLOAD_OFFSET);
                    reading.countDown();
                    if (sum == Long.MIN_VALUE)
                    {
                        break;
                    }
                }
            }
            catch (final Throwable t)
            {
                thrown.set(t);
            }
        }, "reader");
        reader.setDaemon(true);
        reader.start();

        reading.await();
        arena.close();
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertInstanceOf(IllegalStateException.class, thrown.get());
    }
}
