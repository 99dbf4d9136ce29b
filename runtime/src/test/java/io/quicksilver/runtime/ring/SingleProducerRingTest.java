package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleProducerRingTest extends MessageRingContractTest
{
    @Override
    MessageRing newRing(final SlotArena slots, final int consumerCount)
    {
        return new SingleProducerRing(slots, consumerCount);
    }

    @Test
    void shouldRejectPublishOutOfOrder()
    {
        final MessageRing ring = newRing(1);
        final long first = ring.tryClaim(2);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ring.publish(first + 1));
        assertEquals("publish out of order: first=1, last=1, lastPublished=-1, lastClaimed=1", ex.getMessage());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldRejectClaimFromSecondThreadInCheckedMode()
    {
        final MessageRing ring = newRing(1);
        ring.tryClaim();
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> CompletableFuture.supplyAsync(ring::tryClaim).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, ex.getCause());
        assertTrue(ex.getCause().getMessage().startsWith("SingleProducerRing claimed from a second thread"));
    }
}
