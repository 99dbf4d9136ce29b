package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every ring variant must do, run once per variant by a small subclass (the JCTools habit).
 */
abstract class MessageRingContractTest
{
    static final int CAPACITY = 8;
    static final int MAX_PAYLOAD = 64;

    Arena arena;
    final MessageWriter writer = new MessageWriter();

    abstract MessageRing newRing(SlotArena slots, int consumerCount);

    MessageRing newRing(final int consumerCount)
    {
        return newRing(SlotArena.allocate(arena, CAPACITY, MAX_PAYLOAD), consumerCount);
    }

    @BeforeEach
    void before()
    {
        arena = Arena.ofShared();
    }

    @AfterEach
    void after()
    {
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }

    void offerInt(final MessageRing ring, final int value)
    {
        final long sequence = ring.tryClaim();
        assertTrue(sequence >= 0, "ring unexpectedly full: " + ring);
        writer.wrap(ring, sequence).method(1000 + value).putInt(value);
        ring.publish(sequence);
    }

    static List<Integer> drainInts(final RingConsumer consumer)
    {
        final List<Integer> values = new ArrayList<>();
        while (consumer.poll(view -> values.add(view.getInt()), Integer.MAX_VALUE) > 0)
        {
            // drain
        }
        return values;
    }

    @Test
    void shouldClaimConsecutiveSequencesFromZero()
    {
        final MessageRing ring = newRing(1);
        assertEquals(-1, ring.lvProducerIndex());
        assertEquals(0, ring.tryClaim());
        assertEquals(1, ring.tryClaim(3));
        assertEquals(4, ring.tryClaim());
        assertEquals(4, ring.lvProducerIndex());
    }

    @Test
    void shouldNotDeliverClaimedButUnpublishedMessage()
    {
        final MessageRing ring = newRing(1);
        final long sequence = ring.tryClaim();
        writer.wrap(ring, sequence).putInt(7);
        assertEquals(0, ring.consumer(0).poll(view -> { }, 10));
        assertEquals(-1, ring.consumer(0).peekAvailable(10));

        ring.publish(sequence);
        assertEquals(List.of(7), drainInts(ring.consumer(0)));
    }

    @Test
    void shouldDeliverEveryMessageToEveryConsumerInOrder()
    {
        final MessageRing ring = newRing(3);
        for (int i = 0; i < 5; i++)
        {
            offerInt(ring, i);
        }
        for (int c = 0; c < 3; c++)
        {
            assertEquals(List.of(0, 1, 2, 3, 4), drainInts(ring.consumer(c)), "consumer " + c);
            assertEquals(4, ring.consumer(c).lvSequence());
        }
    }

    @Test
    void shouldDeliverHeaderAndPayloadInPlace()
    {
        final MessageRing ring = newRing(1);
        final long sequence = ring.tryClaim();
        writer.wrap(ring, sequence).method(1042).tagMask(0b1010).senderNodeId(9).hopCount(3).putString("in place");
        ring.publish(sequence);

        final AtomicReference<String> seen = new AtomicReference<>();
        assertEquals(1, ring.consumer(0).poll(view ->
        {
            assertEquals(sequence, view.sequence());
            assertEquals(1042, view.method());
            assertEquals(0b1010, view.tagMask());
            assertEquals(9, view.senderNodeId());
            assertEquals(3, view.hopCount());
            assertEquals(PayloadType.STRING, view.payloadType());
            assertTrue(view.stringEquals("in place"));
            seen.set(view.getString());
        }, 1));
        assertEquals("in place", seen.get());
    }

    @Test
    void shouldFailClaimWhenSlowestConsumerIsALapBehind()
    {
        final MessageRing ring = newRing(2);
        for (int i = 0; i < CAPACITY; i++)
        {
            offerInt(ring, i);
        }
        assertEquals(CAPACITY, drainInts(ring.consumer(0)).size());

        assertEquals(MessageRing.CLAIM_FAILED, ring.tryClaim());
        assertEquals(MessageRing.CLAIM_FAILED, ring.claim(1, Backpressure.FAIL, null));

        assertEquals(1, ring.consumer(1).poll(view -> { }, 1));
        assertEquals(CAPACITY, ring.tryClaim());
        assertEquals(MessageRing.CLAIM_FAILED, ring.tryClaim());
    }

    @Test
    void shouldNeverReuseSlotBeforeEveryConsumerMovedPast()
    {
        final MessageRing ring = newRing(2);
        for (int i = 0; i < CAPACITY; i++)
        {
            offerInt(ring, i);
        }
        ring.consumer(0).poll(view -> { }, CAPACITY);
        ring.consumer(1).poll(view -> { }, 3);

        assertEquals(CAPACITY, ring.tryClaim(3));
        assertEquals(MessageRing.CLAIM_FAILED, ring.tryClaim());
        assertEquals(2, ring.lvMinimumConsumerSequence());
    }

    @Test
    void shouldCountDropsWhenFull()
    {
        final MessageRing ring = newRing(1);
        assertEquals(0, ring.claimOrDrop(CAPACITY));
        assertEquals(MessageRing.CLAIM_DROPPED, ring.claimOrDrop(1));
        assertEquals(MessageRing.CLAIM_DROPPED, ring.claim(1, Backpressure.DROP, null));
        assertEquals(2, ring.droppedCount());
        assertTrue(MessageRing.CLAIM_FAILED < 0 && MessageRing.CLAIM_DROPPED < 0);
    }

    @Test
    void shouldNotCountFailedClaimsAsDrops()
    {
        final MessageRing ring = newRing(1);
        ring.tryClaim(CAPACITY);
        assertEquals(MessageRing.CLAIM_FAILED, ring.tryClaim());
        assertEquals(0, ring.droppedCount());
    }

    @Test
    void shouldClaimAndPublishBatch()
    {
        final MessageRing ring = newRing(1);
        final long first = ring.tryClaim(4);
        for (int i = 0; i < 4; i++)
        {
            writer.wrap(ring, first + i).putInt(10 + i);
        }
        assertEquals(0, ring.consumer(0).poll(view -> { }, 10));
        ring.publish(first, 4);
        assertEquals(List.of(10, 11, 12, 13), drainInts(ring.consumer(0)));
    }

    @Test
    void shouldRespectPollLimit()
    {
        final MessageRing ring = newRing(1);
        for (int i = 0; i < 5; i++)
        {
            offerInt(ring, i);
        }
        final List<Integer> values = new ArrayList<>();
        assertEquals(2, ring.consumer(0).poll(view -> values.add(view.getInt()), 2));
        assertEquals(List.of(0, 1), values);
        assertEquals(3, ring.consumer(0).poll(view -> values.add(view.getInt()), 100));
        assertEquals(List.of(0, 1, 2, 3, 4), values);
    }

    @Test
    void shouldConsumeByPeekViewAndRelease()
    {
        final MessageRing ring = newRing(1);
        for (int i = 0; i < 3; i++)
        {
            offerInt(ring, i);
        }
        final RingConsumer consumer = ring.consumer(0);
        assertEquals(0, consumer.nextSequence());
        final long available = consumer.peekAvailable(16);
        assertEquals(2, available);
        int sum = 0;
        for (long s = consumer.nextSequence(); s <= available; s++)
        {
            sum += consumer.view(s).getInt();
        }
        assertEquals(3, sum);
        consumer.release(available);
        assertEquals(3, consumer.nextSequence());
        assertEquals(2, consumer.lvSequence());
    }

    @Test
    void shouldWrapAroundManyLapsWithoutMixingMessages()
    {
        final MessageRing ring = newRing(2);
        final List<Integer> seen0 = new ArrayList<>();
        final List<Integer> seen1 = new ArrayList<>();
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < CAPACITY * 10 + 3; i++)
        {
            offerInt(ring, i);
            expected.add(i);
            if (i % 3 == 0)
            {
                seen0.addAll(drainInts(ring.consumer(0)));
                seen1.addAll(drainInts(ring.consumer(1)));
            }
        }
        seen0.addAll(drainInts(ring.consumer(0)));
        seen1.addAll(drainInts(ring.consumer(1)));
        assertEquals(expected, seen0);
        assertEquals(expected, seen1);
    }

    @Test
    void shouldReleaseUpToTheMessageWhoseHandlerThrew()
    {
        final MessageRing ring = newRing(1);
        for (int i = 0; i < 4; i++)
        {
            offerInt(ring, i);
        }
        final RingConsumer consumer = ring.consumer(0);
        final RuntimeException ex = assertThrows(RuntimeException.class, () -> consumer.poll(view ->
        {
            if (view.getInt() == 1)
            {
                throw new RuntimeException("poison");
            }
        }, 10));
        assertEquals("poison", ex.getMessage());
        assertEquals(1, consumer.lvSequence());
        assertEquals(List.of(2, 3), drainInts(consumer));
    }

    @Test
    void shouldShareHandledFlagBetweenConsumers()
    {
        final MessageRing ring = newRing(2);
        offerInt(ring, 1);
        ring.consumer(0).poll(MessageView::markHandled, 1);
        final AtomicReference<Boolean> handled = new AtomicReference<>();
        ring.consumer(1).poll(view -> handled.set(view.isHandled()), 1);
        assertEquals(Boolean.TRUE, handled.get());
    }

    @Test
    void shouldThrowWhenViewKeptPastHandlerCall()
    {
        final MessageRing ring = newRing(1);
        offerInt(ring, 5);
        final AtomicReference<MessageView> kept = new AtomicReference<>();
        ring.consumer(0).poll(kept::set, 1);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> kept.get().getInt());
        assertTrue(ex.getMessage().startsWith("MessageView used after release: lastSequence=0"), ex.getMessage());
    }

    @Test
    void shouldThrowWhenPeekedViewUsedAfterRelease()
    {
        final MessageRing ring = newRing(1);
        offerInt(ring, 5);
        final RingConsumer consumer = ring.consumer(0);
        final MessageView view = consumer.view(consumer.peekAvailable(1));
        consumer.release(0);
        assertThrows(IllegalStateException.class, view::getInt);
    }

    @Test
    void shouldRejectViewOfUnpublishedSequence()
    {
        final MessageRing ring = newRing(1);
        offerInt(ring, 5);
        final RingConsumer consumer = ring.consumer(0);
        consumer.peekAvailable(1);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> consumer.view(1));
        assertEquals("view of a sequence not readable now: sequence=1, nextSequence=0, available=0, consumer=0",
            ex.getMessage());
        assertThrows(IllegalStateException.class, () -> consumer.release(1));
    }

    @Test
    void shouldRejectDoublePublish()
    {
        final MessageRing ring = newRing(1);
        final long sequence = ring.tryClaim();
        writer.wrap(ring, sequence).putNone();
        ring.publish(sequence);
        assertThrows(IllegalStateException.class, () -> ring.publish(sequence));
    }

    @Test
    void shouldRejectClaimCountOutsideCapacity()
    {
        final MessageRing ring = newRing(1);
        assertEquals("count must be in [1, capacity]: count=0, capacity=8",
            assertThrows(IllegalArgumentException.class, () -> ring.tryClaim(0)).getMessage());
        assertEquals("count must be in [1, capacity]: count=9, capacity=8",
            assertThrows(IllegalArgumentException.class, () -> ring.claimOrDrop(9)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ring.claim(-1, new YieldingIdleStrategy()));
    }

    @Test
    void shouldRejectBadConsumerCountAndIndex()
    {
        final SlotArena slots = SlotArena.allocate(arena, CAPACITY, MAX_PAYLOAD);
        assertEquals("consumerCount must be in [1, 64]: consumerCount=0",
            assertThrows(IllegalArgumentException.class, () -> newRing(slots, 0)).getMessage());
        assertEquals("consumerCount must be in [1, 64]: consumerCount=65",
            assertThrows(IllegalArgumentException.class, () -> newRing(slots, 65)).getMessage());
        assertEquals("consumer index must be in [0, 2): index=2",
            assertThrows(IllegalArgumentException.class, () -> newRing(slots, 2).consumer(2)).getMessage());
        assertEquals("limit must be positive: limit=0",
            assertThrows(IllegalArgumentException.class, () -> newRing(slots, 1).consumer(0).poll(v -> { }, 0))
                .getMessage());
    }

    @Test
    void shouldThrowNotCrashWhenArenaClosed()
    {
        final MessageRing ring = newRing(1);
        offerInt(ring, 1);
        final long sequence = ring.tryClaim();
        arena.close();

        assertFalse(ring.isAlive());
        assertThrows(IllegalStateException.class, () -> writer.wrap(ring, sequence));
        assertThrows(IllegalStateException.class, () -> ring.publish(sequence));
        assertThrows(IllegalStateException.class, () -> ring.consumer(0).poll(MessageView::getInt, 10));
    }

    @Test
    void shouldRejectRingOverClosedArena()
    {
        final SlotArena slots = SlotArena.allocate(arena, CAPACITY, MAX_PAYLOAD);
        arena.close();
        assertThrows(IllegalStateException.class, () -> newRing(slots, 1));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldBlockClaimUntilEveryConsumerReleases() throws Exception
    {
        final MessageRing ring = newRing(2);
        // One producer thread throughout: a single-producer ring belongs to the thread that claims first.
        final ExecutorService producer = Executors.newSingleThreadExecutor();
        try
        {
            producer.submit(() ->
            {
                for (int i = 0; i < CAPACITY; i++)
                {
                    offerInt(ring, i);
                }
            }).get(10, TimeUnit.SECONDS);
            ring.consumer(0).poll(view -> { }, CAPACITY);

            final Future<long[]> claimed = producer.submit(() ->
            {
                final long sequence = ring.claim(2, new YieldingIdleStrategy());
                // What the gate looked like when the claim returned: it must already allow the claimed slots.
                return new long[]{ sequence, ring.lvMinimumConsumerSequence() };
            });

            ring.consumer(1).poll(view -> { }, 1);
            ring.consumer(1).poll(view -> { }, 1);

            final long[] result = claimed.get(10, TimeUnit.SECONDS);
            assertEquals(CAPACITY, result[0]);
            assertTrue(result[1] >= 1, "claim returned before the slowest consumer passed slot 1: min=" + result[1]);
        }
        finally
        {
            producer.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldThrowFromBlockedClaimWhenArenaClosed() throws Exception
    {
        final MessageRing ring = newRing(1);
        assertEquals(0, ring.tryClaim(CAPACITY));
        final CompletableFuture<Long> claimed =
            CompletableFuture.supplyAsync(() -> ring.claim(1, new YieldingIdleStrategy()));
        arena.close();

        final Exception ex = assertThrows(Exception.class, () -> claimed.get(10, TimeUnit.SECONDS));
        assertSame(IllegalStateException.class, ex.getCause().getClass());
        assertEquals("ring's arena was closed while a producer waited for a free slot: sequence=8",
            ex.getCause().getMessage());
    }
}
