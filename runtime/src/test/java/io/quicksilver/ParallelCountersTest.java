package io.quicksilver;

import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's counters in parallel mode read the dispatcher's: each drop and each refusal counted once.
 */
class ParallelCountersTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int REACTION = APP + 1;

    private static Quicksilver.ParallelBuilder parallel(final int workers)
    {
        return Quicksilver.parallel().workers(workers).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(30)
    void shouldCountHopLimitDropsAsSingleThreadedModeDoes()
    {
        final long[] drops = new long[2];
        for (int mode = 0; mode < 2; mode++)
        {
            try (Quicksilver qs = mode == 0 ? Quicksilver.singleThreaded().hopLimit(3).build() :
                parallel(4).hopLimit(3).build())
            {
                final List<RelayNode> nodes = new ArrayList<>();
                for (int i = 0; i < 8; i++)
                {
                    final RelayNode n = qs.createNode("n" + i);
                    n.addResponder(message -> { });
                    if (i > 0)
                    {
                        nodes.get(i - 1).addChild(n);
                    }
                    nodes.add(n);
                }
                for (int i = 0; i < 100; i++)
                {
                    assertTrue(nodes.getFirst().send(APP));
                }
                qs.flush();
                drops[mode] = qs.hopLimitDrops();
            }
        }
        assertEquals(100, drops[0]);
        assertEquals(drops[0], drops[1], "parallel counts each drop once, not once per worker");
    }

    @Test
    @Timeout(30)
    void shouldCountEachRefusedReactionOnce()
    {
        try (Quicksilver qs = parallel(2).stagingCapacity(4).reactionBackpressure(Backpressure.FAIL).build())
        {
            final RelayNode source = qs.createNode("source");
            final RelayNode target = qs.createNode("target");
            target.addResponder(message -> { });
            final AtomicInteger refusedInHandler = new AtomicInteger();
            source.addResponder(message ->
            {
                if (message.method() != APP)
                {
                    return;
                }
                // More reactions than the staging buffer holds while one message is handled: the rest are refused.
                for (int i = 0; i < 10; i++)
                {
                    final Metadata metadata = i % 2 == 0 ? Metadata.DEFAULT :
                        Metadata.DEFAULT.withBackpressure(Backpressure.DROP);
                    if (!target.sendInt(REACTION, i, metadata))
                    {
                        refusedInHandler.incrementAndGet();
                    }
                }
            });

            assertTrue(source.send(APP));
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(20)));

            assertEquals(6, refusedInHandler.get(), "a staging buffer of 4 takes 4 of 10 reactions");
            assertEquals(6, qs.refusedSends());
            assertEquals(5, qs.sends(), "the external send and the 4 staged reactions");
        }
    }
}
