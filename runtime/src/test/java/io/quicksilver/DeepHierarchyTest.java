package io.quicksilver;

import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hierarchies far deeper or more shared than a scene usually is: a chain of 100,000 nodes, a ladder whose every
 * node has two parents. Routing, {@code isActiveInHierarchy} and applying the changes must neither overflow the
 * stack nor cost more than linear time (each test's timeout is far above what linear costs, far below what the
 * exponential or quadratic versions took).
 */
class DeepHierarchyTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int DEPTH = 100_000;

    // ------------------------------------------------------------------------------------------------ active

    /**
     * Two nodes per level, both parents of both nodes of the next: {@code 2^depth} paths from the top to the bottom,
     * but {@code 2 * depth} nodes.
     *
     * @return the levels, top first, each {a, b}.
     */
    private static RelayNode[][] ladder(final Quicksilver qs, final int depth)
    {
        final RelayNode[][] levels = new RelayNode[depth][];
        for (int i = 0; i < depth; i++)
        {
            levels[i] = new RelayNode[] {qs.createNode("a" + i), qs.createNode("b" + i)};
            if (i > 0)
            {
                for (final RelayNode parent : levels[i - 1])
                {
                    parent.addChildren(levels[i]);
                }
            }
        }
        return levels;
    }

    /** The definition: its own flag, and every parent active in the hierarchy. */
    private static boolean bruteForce(final RelayNode node)
    {
        if (!node.isActive())
        {
            return false;
        }
        for (final RelayNode parent : node.parents())
        {
            if (!bruteForce(parent))
            {
                return false;
            }
        }
        return true;
    }

    @Test
    @Timeout(10)
    void shouldAnswerIsActiveInHierarchyOnADeepLadder()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final RelayNode[][] levels = ladder(qs, 40);
            final RelayNode bottom = levels[39][0];
            assertTrue(bottom.isActiveInHierarchy());

            levels[0][1].setActive(false);
            assertFalse(bottom.isActiveInHierarchy(), "one top node inactive");
            assertTrue(levels[0][0].isActiveInHierarchy());
            levels[0][1].setActive(true);

            levels[20][0].setActive(false);
            assertFalse(bottom.isActiveInHierarchy(), "one node of a middle level inactive");
            assertFalse(levels[21][1].isActiveInHierarchy());
            assertTrue(levels[20][1].isActiveInHierarchy());
            levels[20][0].setActive(true);

            bottom.setActive(false);
            assertFalse(bottom.isActiveInHierarchy());
            assertTrue(levels[39][1].isActiveInHierarchy());
        }
    }

    @Test
    @Timeout(30)
    void shouldAgreeWithTheRecursiveDefinitionOfIsActiveInHierarchy()
    {
        int inactive = 0;
        for (long seed = 1; seed <= 60; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            try (Quicksilver qs = Quicksilver.singleThreaded().build())
            {
                final List<RelayNode> nodes = new ArrayList<>();
                if (seed % 2 == 0)
                {
                    for (final RelayNode[] level : ladder(qs, 1 + random.nextInt(12)))
                    {
                        nodes.addAll(List.of(level));
                    }
                }
                else
                {
                    // A random DAG: each node under up to three earlier ones.
                    for (int i = 0, n = 2 + random.nextInt(40); i < n; i++)
                    {
                        final RelayNode node = qs.createNode("n" + i);
                        for (int p = i == 0 ? 0 : random.nextInt(4); p > 0; p--)
                        {
                            final RelayNode parent = nodes.get(random.nextInt(i));
                            if (!parent.children().contains(node))
                            {
                                parent.addChild(node);
                            }
                        }
                        nodes.add(node);
                    }
                }
                for (final RelayNode node : nodes)
                {
                    if (random.nextInt(10) == 0)
                    {
                        node.setActive(false);
                    }
                }
                for (final RelayNode node : nodes)
                {
                    final boolean expected = bruteForce(node);
                    inactive += expected ? 0 : 1;
                    assertEquals(expected, node.isActiveInHierarchy(), "seed " + seed + ", " + node);
                }
            }
        }
        assertTrue(inactive > 50, "too few inactive answers to compare: inactive=" + inactive);
    }

    // ------------------------------------------------------------------------------------------------ deep chain

    /**
     * {@code n0 -> n1 -> ... -> n(depth-1)}, every node with one responder.
     */
    private static RelayNode[] chain(final Quicksilver qs, final int depth, final Responder responder)
    {
        final RelayNode[] chain = new RelayNode[depth];
        for (int i = 0; i < depth; i++)
        {
            chain[i] = qs.createNode("n" + i);
            chain[i].addResponder(responder);
            if (i > 0)
            {
                chain[i - 1].addChild(chain[i]);
            }
        }
        return chain;
    }

    /**
     * Built bottom-up, each new node the parent of the previous one: the cycle check once walked the whole chain below
     * the child for every link (quadratic: minutes for this chain); it now stops at the smaller side.
     */
    @ParameterizedTest(name = "parallel={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(30)
    void shouldBuildAHundredThousandDeepChainBottomUpInLinearTime(final boolean parallel)
    {
        try (Quicksilver qs = parallel ? BothModes.parallelBuilder().hopLimit(0).build() :
            Quicksilver.singleThreaded().hopLimit(0).build())
        {
            final RelayNode[] chain = new RelayNode[DEPTH];
            final int[] count = {0};
            for (int i = DEPTH - 1; i >= 0; i--)
            {
                chain[i] = qs.createNode("n" + i);
                if (i < DEPTH - 1)
                {
                    chain[i].addChild(chain[i + 1]);
                }
            }
            chain[DEPTH - 1].addResponder(message -> count[0]++);
            final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> chain[3].addChild(chain[0]));
            assertTrue(e.getMessage().startsWith("linking 'n0' under 'n3' would make a cycle: 'n0' -> 'n1' -> 'n2' -> " +
                "'n3' -> 'n0'"), e.getMessage());
            assertTrue(chain[0].sendInt(APP, 1));
            qs.flush();
            assertEquals(1, count[0]);
        }
    }

    /**
     * Every node's table is [responder, child, responder]: the message reaches the first responders top-down, then,
     * coming back up the chain, the second ones bottom-up.
     */
    @Test
    @Timeout(60)
    void shouldSendDownAHundredThousandDeepChainInDepthFirstOrder()
    {
        final int[] log = new int[2 * DEPTH];
        final int[] count = {0};
        try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(0).build())
        {
            final RelayNode[] chain = new RelayNode[DEPTH];
            for (int i = 0; i < DEPTH; i++)
            {
                final int id = i;
                chain[i] = qs.createNode("n" + i);
                chain[i].addResponder(message -> log[count[0]++] = id);
                if (i > 0)
                {
                    chain[i - 1].addChild(chain[i]);
                }
            }
            for (int i = 0; i < DEPTH; i++)
            {
                final int id = i;
                chain[i].addResponder(message -> log[count[0]++] = ~id);
            }

            assertTrue(chain[0].sendInt(APP, 7));
            assertEquals(2 * DEPTH, count[0]);
            for (int i = 0; i < DEPTH; i++)
            {
                assertEquals(i, log[i], "delivery " + i);
                assertEquals(~(DEPTH - 1 - i), log[DEPTH + i], "delivery " + (DEPTH + i));
            }

            count[0] = 0;
            assertTrue(chain[0].sendInt(APP, 8, Metadata.of(Level.DESCENDANTS)));
            assertEquals(2 * (DEPTH - 1), count[0]);
            for (int i = 1; i < DEPTH; i++)
            {
                assertEquals(i, log[2 * (i - 1)], "descendant delivery " + (2 * (i - 1)));
                assertEquals(~i, log[2 * (i - 1) + 1], "descendant delivery " + (2 * (i - 1) + 1));
            }

            count[0] = 0;
            assertTrue(chain[DEPTH - 1].sendInt(APP, 9, Metadata.of(Level.ANCESTORS)));
            assertEquals(2 * (DEPTH - 1), count[0]);
            for (int i = 1; i < DEPTH; i++)
            {
                assertEquals(DEPTH - 1 - i, log[2 * (i - 1)], "ancestor delivery " + (2 * (i - 1)));
            }

            assertTrue(chain[DEPTH - 1].isActiveInHierarchy());
            chain[0].setActive(false);
            assertFalse(chain[DEPTH - 1].isActiveInHierarchy());
        }
    }

    @Test
    @Timeout(60)
    void shouldApplyAndRouteAHundredThousandDeepChainInParallel()
    {
        final AtomicLong deliveries = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (Quicksilver qs = Quicksilver.parallel().workers(2).hopLimit(0).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5)).errorHandler((n, s, m, e) -> failures.add(e)).build())
        {
            final RelayNode[] chain = chain(qs, DEPTH, message -> deliveries.incrementAndGet());
            // Every apply compiles the whole hierarchy again: five of them, where one took ten seconds and more.
            for (int apply = 0; apply < 5; apply++)
            {
                chain[DEPTH - 1].setActive(apply % 2 == 0);
                qs.applyChanges();
            }
            chain[DEPTH - 1].setActive(true);

            assertTrue(chain[0].sendInt(APP, 1));
            assertTrue(chain[0].sendInt(APP, 2, Metadata.of(Level.SELF_AND_DESCENDANTS)));
            assertTrue(qs.flush(Duration.ofSeconds(30)), "flush timed out");
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals(2L * DEPTH, deliveries.get());
        }
    }
}
