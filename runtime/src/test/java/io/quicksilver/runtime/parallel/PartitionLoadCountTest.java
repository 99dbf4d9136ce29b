package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.ring.Backpressure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-partition delivery counts the balancer reads must be the calls each partition's responders got, on the
 * kernel path (counted once per partition a message reaches) as on the walk: messages that reach some partitions
 * and skip others, partitions of several responders, and a message whose deliveries cross partition boundaries.
 * One partition per node's responders here, so the expected count of partition p is what node p's responders got.
 */
class PartitionLoadCountTest
{
    private static final int NODES = 6;
    private static final int PER_NODE = 3;

    @ParameterizedTest(name = "kernel routing {0}")
    @ValueSource(booleans = {true, false})
    @Timeout(30)
    void shouldCountEachPartitionsDeliveriesAsItsRespondersReceivedThem(final boolean kernel)
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final List<NodeModel> nodes = new ArrayList<>();
        final long[] received = new long[NODES];
        for (int n = 0; n < NODES; n++)
        {
            final NodeModel node = h.createNode("n" + n, false);
            h.link(n == 0 ? root : nodes.get(n - 1), node);
            if (n == 2)
            {
                h.setTags(node, Tag.TAG_1);
            }
            nodes.add(node);
            final int index = n;
            for (int r = 0; r < PER_NODE; r++)
            {
                h.addResponder(node, "n" + n + "-r" + r, view -> received[index]++, Tag.EVERYTHING, true, false, true);
            }
        }

        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> { })
            .workers(2)
            .partitions(NODES)
            .kernelRouting(kernel)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .log(line -> { })
            .build())
        {
            assertEquals(NODES, d.partitionCount());
            for (int p = 0; p < NODES; p++)
            {
                assertEquals(PER_NODE, d.partitionSize(p), "partition " + p + " holds node n" + p + "'s responders");
            }
            final Producer producer = d.newProducer();
            final int app = Method.FIRST_APPLICATION_METHOD;
            final Metadata down = Metadata.of(Level.SELF_AND_CHILDREN, Tag.EVERYTHING);
            // A chain root -> n0 -> n1 -> ... -> n5: a send from n{k} reaches n{k}..n5, so later partitions get more;
            // the TAG_0 send is gated at n2 (tagged TAG_1), so its deliveries stop or skip there.
            for (int i = 0; i < 5; i++)
            {
                assertTrue(producer.sendInt(root.id(), app, i, down, Backpressure.FAIL) >= 0);
                assertTrue(producer.sendInt(nodes.get(3).id(), app, i, down, Backpressure.FAIL) >= 0);
            }
            assertTrue(producer.sendInt(nodes.get(1).id(), app, 0, Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_0),
                Backpressure.FAIL) >= 0);
            drain(d);

            final long[] expected = new long[NODES];
            for (int n = 0; n < NODES; n++)
            {
                expected[n] = received[n];
            }
            assertTrue(received[0] > 0 && received[4] > received[0], "the sends reached the partitions unevenly");
            assertArrayEquals(expected, d.partitionLoads());
            long total = 0;
            for (final long r : received)
            {
                total += r;
            }
            assertEquals(total, d.deliveries());
        }
    }

    @Test
    @Timeout(30)
    void shouldStartWithNoLoad()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        h.addResponder(root, "r", view -> { }, Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> { })
            .workers(1).invoker(true).balancePeriod(Duration.ZERO).log(line -> { }).build())
        {
            drain(d);
            assertArrayEquals(new long[d.partitionCount()], d.partitionLoads());
        }
    }

    private static void drain(final ParallelDispatcher d)
    {
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int w = 0; w < d.workerCount(); w++)
            {
                progress |= d.invoke(w) > 0;
            }
        }
    }
}
