package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.function.BiFunction;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claim, write, publish, poll and read allocate nothing per message, on either side (surefire execution
 * {@code unchecked}: checked mode gives each message its own view scope).
 * <p>
 * Measured with the thread's allocated-bytes counter over many messages after a warm-up: any object per message
 * would be at least 16 bytes each, so the bound of less than one byte per message leaves room only for a few
 * one-off allocations by the JVM itself.
 */
class RingAllocationTest
{
    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 100_000;

    @Test
    void shouldNotAllocatePerMessageOnSingleProducerRing()
    {
        assertNoAllocationPerMessage(SingleProducerRing::new);
    }

    @Test
    void shouldNotAllocatePerMessageOnMultiProducerRing()
    {
        assertNoAllocationPerMessage(MultiProducerRing::new);
    }

    private static void assertNoAllocationPerMessage(final BiFunction<SlotArena, Integer, MessageRing> factory)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        try (Arena arena = Arena.ofConfined())
        {
            final MessageRing ring = factory.apply(SlotArena.allocate(arena, 64, 64), 2);
            final MessageWriter writer = new MessageWriter();
            final IdleStrategy idle = new BusySpinIdleStrategy();
            final Sum sum = new Sum();

            run(ring, writer, idle, sum, WARM_UP);
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(ring, writer, idle, sum, MEASURED);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals((long)(WARM_UP + MEASURED) * 2, sum.messages);
            assertTrue(allocated < MEASURED, "allocated " + allocated + " bytes for " + MEASURED + " messages");
        }
    }

    private static void run(
        final MessageRing ring, final MessageWriter writer, final IdleStrategy idle, final Sum sum, final int count)
    {
        for (int i = 0; i < count; i += 4)
        {
            final long first = ring.claim(4, Backpressure.BLOCK, idle);
            for (int j = 0; j < 4; j++)
            {
                writer.wrap(ring, first + j).senderNodeId(j);
                final MemorySegment segment = writer.segment();
                for (int k = 0; k < 8; k++)
                {
                    segment.set(JAVA_LONG, writer.payloadOffset() + k * 8L, i + j + k);
                }
                writer.payloadWritten(io.quicksilver.runtime.message.PayloadType.BYTE_ARRAY, 64);
            }
            ring.publish(first, 4);
            ring.consumer(0).poll(sum, 16);
            ring.consumer(1).poll(sum, 16);
        }
    }

    private static final class Sum implements MessageHandler
    {
        long messages;
        long total;

        @Override
        public void onMessage(final MessageView message)
        {
            messages++;
            final MemorySegment payload = message.payload();
            for (int k = 0; k < 8; k++)
            {
                total += payload.get(JAVA_LONG, k * 8L);
            }
            total += message.senderNodeId() + message.payloadLength();
        }
    }
}
