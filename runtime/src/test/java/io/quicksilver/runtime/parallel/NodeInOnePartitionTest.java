package io.quicksilver.runtime.parallel;

import io.quicksilver.Method;
import io.quicksilver.Metadata;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every responder of a node is in one partition, so one worker calls them in order and "the first responder handles,
 * the rest skip" holds in parallel mode as in single-threaded mode.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeInOnePartitionTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    @Test
    void noCutSplitsTheRespondersOfANode()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++)
        {
            final Hierarchy hierarchy = new Hierarchy((node, source, method, error) -> { });
            final int nodeCount = 1 + random.nextInt(40);
            final NodeModel[] nodes = new NodeModel[nodeCount];
            for (int n = 0; n < nodeCount; n++)
            {
                nodes[n] = hierarchy.createNode("n" + n, false);
                if (n > 0)
                {
                    hierarchy.link(nodes[random.nextInt(n)], nodes[n]);
                }
                // Responders before and after the children this node may get later: interleaved tables.
                for (int r = random.nextInt(5); r > 0; r--)
                {
                    hierarchy.addResponder(nodes[n], null, message -> { }, -1L, true, false, true);
                }
            }
            for (int n = 0; n < nodeCount; n++)
            {
                for (int r = random.nextInt(3); r > 0; r--)
                {
                    hierarchy.addResponder(nodes[n], null, message -> { }, -1L, true, false, true);
                }
            }
            final RoutingSnapshot snapshot = hierarchy.compile();
            final int workers = 1 + random.nextInt(8);
            final Partitioning partitioning = Partitioning.of(snapshot, workers, 1 + random.nextInt(64));
            final int[] partitionOfNode = new int[nodeCount];
            java.util.Arrays.fill(partitionOfNode, -1);
            int covered = 0;
            for (int p = 0; p < partitioning.partitionCount(); p++)
            {
                assertTrue(partitioning.partitionSize(p) > 0, "empty partition " + p + ": " + partitioning);
                final int start = partitioning.partitionStart(p);
                for (int position = start; position < start + partitioning.partitionSize(p); position++)
                {
                    final int node = snapshot.responderNode()[snapshot.depthFirstOrder().responderOrder()[position]];
                    assertTrue(partitionOfNode[node] == -1 || partitionOfNode[node] == p,
                        "node " + node + " in partitions " + partitionOfNode[node] + " and " + p + ": " + partitioning);
                    partitionOfNode[node] = p;
                    covered++;
                }
            }
            assertEquals(snapshot.responderCount(), covered);
        }
    }

    @Test
    void theFirstResponderOfANodeHandlesAndTheRestSkipOnEveryRun()
    {
        for (int run = 0; run < 5; run++)
        {
            final AtomicInteger calls = new AtomicInteger();
            try (Quicksilver qs = Quicksilver.parallel().workers(2).idleStrategy(YieldingIdleStrategy::new)
                .closeTimeout(Duration.ofSeconds(5)).build())
            {
                final RelayNode root = qs.createNode("root");
                for (int n = 0; n < 7; n++)
                {
                    final RelayNode node = qs.createNode("n" + n);
                    root.addChild(node);
                    for (int r = 0; r < 3; r++)
                    {
                        node.addResponder(message ->
                        {
                            calls.incrementAndGet();
                            message.markHandled();
                        });
                    }
                }
                qs.applyChanges();
                for (int n = 0; n < 7; n++)
                {
                    qs.node("root/n" + n).send(APP, Metadata.SELF);
                }
                qs.flush();
            }
            assertEquals(7, calls.get(), "one call per node: the first responder handles, the others skip");
        }
    }
}
