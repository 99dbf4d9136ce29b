package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.ring.Backpressure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reacting responder handed over twice, A -> B -> C, while A's first reaction is stuck in A's staging behind a full
 * ring: C must not publish the responder's next reaction before A publishes the first. Driven step by step on one
 * thread (invoker mode), so the interleaving that the randomized stress run hit once (seed 4, 8 workers) happens
 * every time.
 */
class ChainedHandOverTest
{
    private static final int CAPACITY = 16;
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int REACTION = APP + 1;

    @Test
    @Timeout(30)
    void shouldKeepAResponderReactionsInOrderAcrossTwoHandOvers()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel source = h.createNode("source", false);
        final NodeModel sink = h.createNode("sink", false);
        final NodeModel noise = h.createNode("noise", false);
        final ParallelDispatcher[] holder = new ParallelDispatcher[1];
        final int[] reactions = {0};
        final List<Integer> atSink = new ArrayList<>();
        h.addResponder(source, "reactor", view ->
        {
            if (view.method() == APP)
            {
                final long ticket = holder[0].reactionProducer()
                    .sendInt(sink.id(), REACTION, ++reactions[0], Metadata.DEFAULT, Backpressure.FAIL);
                assertTrue(ticket >= 0, "reaction refused: " + ticket);
            }
        }, Tag.EVERYTHING, true, false, true);
        h.addResponder(sink, "sink", view -> atSink.add(view.getInt()), Tag.EVERYTHING, true, false, true);

        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> { })
            .workers(3)
            .partitions(2)
            .ringCapacity(CAPACITY)
            .maxPayload(64)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .log(line -> { })
            .build())
        {
            holder[0] = d;
            final int reactorPartition = 0;
            assertEquals(0, d.partitionOwner(reactorPartition), "the reactor starts on worker 0");
            final Producer producer = d.newProducer();

            // Cause 1, then fill the ring (the first layout is sequence 0): worker 0 delivers cause 1 and stages
            // reaction 1, but cannot publish it while workers 1 and 2 have read nothing.
            assertTrue(producer.sendInt(source.id(), APP, 0, Metadata.DEFAULT, Backpressure.FAIL) >= 0);
            while (producer.sendInt(noise.id(), APP, 0, Metadata.DEFAULT, Backpressure.FAIL) >= 0)
            {
                // until the ring refuses
            }
            d.invoke(0);
            assertEquals(1, reactions[0]);
            drain(d, 1, 2);

            // A -> B, then B -> C, each at its own barrier; worker 0 is not run meanwhile, so reaction 1 stays staged.
            d.movePartition(reactorPartition, 1);
            drain(d, 1, 2);
            d.movePartition(reactorPartition, 2);
            drain(d, 1, 2);
            assertEquals(2, d.partitionOwner(reactorPartition));

            // Cause 2 reaches the reactor on worker 2, which stages reaction 2; it must wait for worker 0's reaction 1.
            assertTrue(producer.sendInt(source.id(), APP, 0, Metadata.DEFAULT, Backpressure.FAIL) >= 0);
            drain(d, 1, 2);
            assertEquals(2, reactions[0]);

            // Now everyone runs until nothing is left.
            for (int i = 0; i < 1_000 && !d.flush(Duration.ZERO); i++)
            {
                drain(d, 0, 1, 2);
            }
            drain(d, 0, 1, 2);
            assertEquals(List.of(1, 2), atSink, "the reactor's reactions, in the order of their causes");
        }
    }

    private static void drain(final ParallelDispatcher d, final int... workers)
    {
        for (int round = 0; round < 20; round++)
        {
            int work = 0;
            for (final int w : workers)
            {
                work += d.invoke(w);
            }
            if (work == 0)
            {
                return;
            }
        }
    }
}
