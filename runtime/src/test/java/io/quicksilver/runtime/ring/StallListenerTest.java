package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A blocking claim tells its {@link StallListener} about a wait, and only about a wait, on both rings. The waits are
 * made by handshakes: the producer's idle strategy is called only inside a claim that found the ring full, and it
 * opens a latch the test waits on, so the test acts while the claim is known to be waiting. All claims of a ring run
 * on one producer thread (a single-producer ring in checked mode rejects a second one).
 */
class StallListenerTest
{
    private static final int CAPACITY = 4;

    private Arena arena;
    private ExecutorService producer;
    private final CountDownLatch waiting = new CountDownLatch(1);
    private final CountingListener listener = new CountingListener();
    private final IdleStrategy idle = new SignallingIdleStrategy(waiting);

    @BeforeEach
    void before()
    {
        arena = Arena.ofShared();
        producer = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void after()
    {
        producer.shutdownNow();
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldTellOnlyAClaimThatWaitsAndWhenItsWaitEnds(final String kind) throws Exception
    {
        final MessageRing ring = newRing(kind);
        producer.submit(() ->
        {
            for (int i = 0; i < CAPACITY; i++)
            {
                final long sequence = i % 2 == 0 ?
                    ring.claim(1, idle, listener) : ring.claim(1, Backpressure.BLOCK, idle, listener);
                ring.publish(sequence);
            }
            // Full now: the claims that cannot wait must not tell the listener either.
            assertEquals(MessageRing.CLAIM_FAILED, ring.claim(1, Backpressure.FAIL, idle, listener));
            assertEquals(MessageRing.CLAIM_DROPPED, ring.claim(1, Backpressure.DROP, idle, listener));
        }).get(5, TimeUnit.SECONDS);
        assertEquals(0, listener.starts.get(), "claims that found room, or could not wait, told the listener");
        assertEquals(1, waiting.getCount(), "the idle strategy ran without a wait");

        final Future<Long> blocked = producer.submit(() ->
        {
            final long sequence = ring.claim(2, Backpressure.BLOCK, idle, listener);
            ring.publish(sequence, 2);
            return sequence;
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS), "the claim never waited");
        assertEquals(1, listener.starts.get());
        assertEquals(0, listener.ends.get(), "the wait ended while the ring was still full");
        assertEquals(2, listener.lastCount.get());

        ring.consumer(0).poll(view -> { }, 2);

        assertEquals(CAPACITY, blocked.get(5, TimeUnit.SECONDS));
        assertEquals(1, listener.starts.get());
        assertEquals(1, listener.ends.get());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldEndTheStallWhenTheWaitFails(final String kind) throws Exception
    {
        final MessageRing ring = newRing(kind);
        final Future<Long> blocked = producer.submit(() ->
        {
            ring.publish(ring.tryClaim(CAPACITY), CAPACITY);
            return ring.claim(1, idle, listener);
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS), "the claim never waited");

        arena.close();

        final ExecutionException ex = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
        assertSame(IllegalStateException.class, ex.getCause().getClass());
        assertEquals(1, listener.starts.get());
        assertEquals(1, listener.ends.get(), "a failed wait still ends its stall");
    }

    private MessageRing newRing(final String kind)
    {
        final SlotArena slots = SlotArena.allocate(arena, CAPACITY, 64);
        return "single".equals(kind) ? new SingleProducerRing(slots, 1) : new MultiProducerRing(slots, 1);
    }

    private static final class CountingListener implements StallListener
    {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();
        final AtomicInteger lastCount = new AtomicInteger();

        @Override
        public void onStallStart(final int count)
        {
            starts.incrementAndGet();
            lastCount.set(count);
        }

        @Override
        public void onStallEnd(final int count)
        {
            ends.incrementAndGet();
            lastCount.set(count);
        }
    }
}
