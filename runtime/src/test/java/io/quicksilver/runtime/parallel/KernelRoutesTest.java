package io.quicksilver.runtime.parallel;

import io.quicksilver.ActiveFilter;
import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.SelectedFilter;
import io.quicksilver.Tag;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.simd.DeliveryBits;
import io.quicksilver.simd.MessageBatch;
import io.quicksilver.simd.RoutingKernel;
import io.quicksilver.simd.RoutingKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing by interval (kernel, then closed gates) against the scalar walk ({@link Router}), single-threaded: for
 * every node of random hierarchies and every {@code SELF_AND_CHILDREN} metadata, the same responders in the same
 * order, with both kernels.
 */
class KernelRoutesTest
{
    private static final Metadata[] METADATA =
    {
        Metadata.DEFAULT,
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_0),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_1 | Tag.TAG_2),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.NOTHING),
        Metadata.DEFAULT.withActive(ActiveFilter.ALL),
        Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED),
        Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED).withActive(ActiveFilter.ALL),
    };

    @Test
    void shouldReachWhatTheWalkReachesInItsOrder()
    {
        long compared = 0;
        long byInterval = 0;
        for (long seed = 1; seed <= 30; seed++)
        {
            final Random random = new Random(seed);
            final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
            final RandomHierarchy shape = new RandomHierarchy(h, random, 10 + random.nextInt(600), 12, r -> v -> { });
            final RoutingSnapshot snapshot = h.compile();
            final int[] dfs = snapshot.depthFirstOrder().responderOrder();
            final KernelRoutes routes = KernelRoutes.build(snapshot);
            for (final RoutingKernel kernel : List.of(RoutingKernels.scalar(), RoutingKernels.best()))
            {
                for (final NodeModel node : shape.nodes)
                {
                    for (final Metadata metadata : METADATA)
                    {
                        compared++;
                        if (!routes.routesByInterval(node.id(), SingleThreadedDispatcher.HOP_LIMIT_DEFAULT))
                        {
                            continue;
                        }
                        byInterval++;
                        assertEquals(walk(snapshot, node.id(), metadata), byInterval(routes, dfs, kernel, node.id(),
                            metadata, random), "seed " + seed + ", node " + node.id() + ", " + metadata);
                    }
                }
            }
        }
        // A random tree is all exact: every comparison went through the kernel.
        assertEquals(compared, byInterval);
    }

    /**
     * Random DAGs: the random trees with extra links from a node to one created after it (so no cycle), which gives
     * nodes numbered under one parent and cross-linked from others. Every node whose interval is exact reaches by
     * interval what the walk reaches, in its order; both exact and inexact senders occur.
     */
    @Test
    void shouldReachWhatTheWalkReachesFromEveryExactNodeOfADag()
    {
        long exactSenders = 0;
        long inexactSenders = 0;
        for (long seed = 1; seed <= 30; seed++)
        {
            final Random random = new Random(seed);
            final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
            final RandomHierarchy shape = new RandomHierarchy(h, random, 10 + random.nextInt(300), 12, r -> v -> { });
            final int extraLinks = 1 + random.nextInt(1 + shape.nodes.size() / 10);
            for (int i = 0; i < extraLinks; i++)
            {
                final int parent = random.nextInt(shape.nodes.size() - 1);
                final int child = parent + 1 + random.nextInt(shape.nodes.size() - parent - 1);
                try
                {
                    h.link(shape.nodes.get(parent), shape.nodes.get(child));
                }
                catch (final IllegalArgumentException alreadyLinked)
                {
                    // Edges run from lower to higher index, so only a repeated link is refused.
                }
            }
            final RoutingSnapshot snapshot = h.compile();
            final int[] dfs = snapshot.depthFirstOrder().responderOrder();
            final KernelRoutes routes = KernelRoutes.build(snapshot);
            for (final NodeModel node : shape.nodes)
            {
                if (!routes.routesByInterval(node.id(), SingleThreadedDispatcher.HOP_LIMIT_DEFAULT))
                {
                    inexactSenders++;
                    continue;
                }
                exactSenders++;
                for (final RoutingKernel kernel : List.of(RoutingKernels.scalar(), RoutingKernels.best()))
                {
                    for (final Metadata metadata : METADATA)
                    {
                        assertEquals(walk(snapshot, node.id(), metadata), byInterval(routes, dfs, kernel, node.id(),
                            metadata, random), "seed " + seed + ", node " + node.id() + ", " + metadata);
                    }
                }
            }
        }
        assertTrue(exactSenders > 0 && inexactSenders > 0,
            "exact=" + exactSenders + ", inexact=" + inexactSenders);
    }

    @Test
    void shouldLeaveDagsAndDeepChainsToTheWalk()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel a = h.createNode("a", false);
        final NodeModel b = h.createNode("b", false);
        final NodeModel shared = h.createNode("shared", false);
        h.link(a, shared);
        h.link(b, shared);
        h.addResponder(shared, "r", v -> { }, Tag.EVERYTHING, true, false, true);
        final NodeModel deep = h.createNode("deep", false);
        NodeModel last = deep;
        for (int i = 0; i < 5; i++)
        {
            final NodeModel next = h.createNode("d" + i, false);
            h.link(last, next);
            last = next;
        }
        h.addResponder(last, "bottom", v -> { }, Tag.EVERYTHING, true, false, true);
        final RoutingSnapshot snapshot = h.compile();
        final KernelRoutes routes = KernelRoutes.build(snapshot);

        assertTrue(routes.routesByInterval(a.id(), 0), "first to reach the shared node");
        assertFalse(routes.routesByInterval(b.id(), 0), "reaches a node placed under a");
        assertTrue(routes.routesByInterval(deep.id(), 0));
        assertTrue(routes.routesByInterval(deep.id(), 6));
        assertFalse(routes.routesByInterval(deep.id(), 5), "hop limit cuts the chain");
    }

    /**
     * A chain of 100,000 gates (every node checks tags by default), built twenty times: linear in the chain, where
     * summing every node's run of gates cost the square of it (seconds per build).
     */
    @Test
    @Timeout(30)
    void shouldBuildTheRoutesOfAHundredThousandDeepChainInLinearTime()
    {
        final int depth = 100_000;
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel[] chain = new NodeModel[depth];
        for (int i = 0; i < depth; i++)
        {
            chain[i] = h.createNode("n" + i, false);
            h.addResponder(chain[i], "r" + i, v -> { }, Tag.EVERYTHING, true, false, true);
            if (i > 0)
            {
                h.link(chain[i - 1], chain[i]);
            }
        }
        final NodeModel gate = chain[depth / 2];
        h.setTags(gate, Tag.TAG_1);
        final RoutingSnapshot snapshot = h.compile();
        KernelRoutes routes = null;
        for (int build = 0; build < 20; build++)
        {
            routes = KernelRoutes.build(snapshot);
        }

        final KernelRoutes built = routes;
        assertTrue(built.routesByInterval(chain[0].id(), 0));
        assertEquals(0, built.from[chain[0].id()]);
        assertEquals(depth, built.to[chain[0].id()]);
        final List<int[]> closed = new ArrayList<>();
        built.forEachClosed(chain[0].id(), Tag.TAG_0, true, false, (from, to) -> closed.add(new int[] {from, to}));
        assertEquals(1, closed.size(), "only the tagged node closes its subtree");
        assertEquals(depth / 2, closed.getFirst()[0]);
        assertEquals(depth, closed.getFirst()[1]);
        closed.clear();
        built.forEachClosed(chain[0].id(), Tag.TAG_1, true, false, (from, to) -> closed.add(new int[] {from, to}));
        assertEquals(0, closed.size());
        built.forEachClosed(gate.id(), Tag.TAG_0, true, false, (from, to) -> closed.add(new int[] {from, to}));
        assertEquals(0, closed.size(), "the sender's own tag does not gate its send");
    }

    private static List<Integer> walk(final RoutingSnapshot snapshot, final int sender, final Metadata metadata)
    {
        final Router router = new Router(SingleThreadedDispatcher.HOP_LIMIT_DEFAULT);
        router.install(snapshot);
        final List<Integer> out = new ArrayList<>();
        ParallelStressTest.route(router, sender, metadata, out::add);
        return out;
    }

    private static List<Integer> byInterval(
        final KernelRoutes routes, final int[] dfs, final RoutingKernel kernel, final int sender,
        final Metadata metadata, final Random random)
    {
        final boolean activeOnly = metadata.active() == ActiveFilter.ACTIVE;
        final boolean selectedOnly = metadata.selected() == SelectedFilter.SELECTED;
        final MessageBatch batch = new MessageBatch(1);
        batch.add(metadata.tags(), (activeOnly ? MessageBatch.ACTIVE_ONLY : 0) |
            (selectedOnly ? MessageBatch.SELECTED_ONLY : 0), routes.from[sender], routes.to[sender]);
        // Evaluate over a random split of the table, as workers owning runs of partitions do.
        final int size = routes.table.size();
        final int cut = size == 0 ? 0 : random.nextInt(size + 1);
        final List<Integer> out = new ArrayList<>();
        for (final int[] range : new int[][] {{0, cut}, {cut, size}})
        {
            final int words = RoutingKernel.wordsPerMessage(range[0], range[1]);
            final long[] bits = new long[Math.max(1, words)];
            kernel.evaluate(routes.table, range[0], range[1], batch, bits, 0);
            routes.forEachClosed(sender, metadata.tags(), activeOnly, selectedOnly, (from, to) ->
            {
                final int lo = Math.max(from, range[0]);
                final int hi = Math.min(to, range[1]);
                if (lo < hi)
                {
                    DeliveryBits.clear(bits, 0, words, lo - range[0], hi - range[0]);
                }
            });
            for (int b = DeliveryBits.next(bits, 0, words, 0); b >= 0; b = DeliveryBits.next(bits, 0, words, b + 1))
            {
                out.add(dfs[range[0] + b]);
            }
        }
        return out;
    }
}
