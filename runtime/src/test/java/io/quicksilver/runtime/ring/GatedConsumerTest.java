package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageWriter;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer gated on another never reads past it (the journaller's dependent sequence), keeps its gate when it is
 * replaced, and a producer blocked on a ring whose consumer stopped for good is woken with the refusal.
 */
class GatedConsumerTest
{
    private Arena arena;
    private MultiProducerRing ring;
    private final MessageWriter writer = new MessageWriter();

    @BeforeEach
    void setUp()
    {
        arena = Arena.ofShared();
        ring = new MultiProducerRing(SlotArena.allocate(arena, 16, 8), 2);
    }

    @AfterEach
    void tearDown()
    {
        arena.close();
    }

    private void publish(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long sequence = ring.claim(1, new YieldingIdleStrategy());
            writer.wrap(ring, sequence).senderNodeId(0).method(1000).putInt(i);
            ring.publish(sequence);
        }
    }

    @Test
    void shouldNeverReadPastTheGate()
    {
        final RingConsumer worker = ring.consumer(0);
        final RingConsumer journaller = ring.consumer(1);
        worker.gateOn(journaller);
        publish(10);

        assertEquals(-1, worker.peekAvailable(16), "nothing before the gate has released anything");
        assertEquals(9, journaller.peekAvailable(16));
        journaller.release(3);
        assertEquals(3, worker.peekAvailable(16));
        worker.release(3);
        assertEquals(3, worker.peekAvailable(16), "still at the gate");
        journaller.release(9);
        assertEquals(9, worker.peekAvailable(16));
        assertEquals(5, worker.peekAvailable(2), "the limit still applies");
    }

    @Test
    void shouldKeepTheGateInAReplacement()
    {
        final RingConsumer journaller = ring.consumer(1);
        ring.consumer(0).gateOn(journaller);
        publish(4);
        final RingConsumer replacement = ring.replaceConsumer(0, -1);
        assertSame(journaller, replacement.gate());
        assertEquals(-1, replacement.peekAvailable(16));
        assertEquals(3, journaller.peekAvailable(16));
        journaller.release(1);
        assertEquals(1, replacement.peekAvailable(16));
    }

    @Test
    void shouldRefuseAGateOutsideTheRing()
    {
        final MultiProducerRing other = new MultiProducerRing(SlotArena.allocate(arena, 16, 8), 1);
        assertThrows(IllegalArgumentException.class, () -> ring.consumer(0).gateOn(other.consumer(0)));
        assertThrows(IllegalArgumentException.class, () -> ring.consumer(0).gateOn(ring.consumer(0)));
    }

    @Test
    @Timeout(30)
    void shouldWakeABlockedProducerWithTheRefusal() throws InterruptedException
    {
        publish(16);   // full: neither consumer has released anything
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread producer = new Thread(() ->
        {
            try
            {
                ring.claim(1, new YieldingIdleStrategy());
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        producer.start();
        ring.refuseBlockedClaims("journal /j failed");
        producer.join();
        assertTrue(failure.get() instanceof IllegalStateException &&
            failure.get().getMessage().startsWith("journal /j failed: a producer waiting for a free slot gives up"),
            String.valueOf(failure.get()));
    }
}
