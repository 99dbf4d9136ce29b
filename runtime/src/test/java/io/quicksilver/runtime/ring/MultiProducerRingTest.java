package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultiProducerRingTest extends MessageRingContractTest
{
    @Override
    MessageRing newRing(final SlotArena slots, final int consumerCount)
    {
        return new MultiProducerRing(slots, consumerCount);
    }

    @Test
    void shouldDeliverOnlyTheContiguousPublishedPrefix()
    {
        final MessageRing ring = newRing(1);
        final long first = ring.tryClaim();
        final long second = ring.tryClaim();
        writer.wrap(ring, second).putInt(2);
        ring.publish(second);
        assertEquals(-1, ring.consumer(0).peekAvailable(10));

        writer.wrap(ring, first).putInt(1);
        ring.publish(first);
        assertEquals(java.util.List.of(1, 2), drainInts(ring.consumer(0)));
    }

    @Test
    void shouldRejectPublishOfUnclaimedSequence()
    {
        final MessageRing ring = newRing(1);
        ring.tryClaim();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ring.publish(1));
        assertEquals("publish of a sequence not claimed or already published: sequence=1, slotSequence=-1",
            ex.getMessage());
    }
}
