package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hop limit, counted per path, and strict mode.
 */
class HopLimitTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    /**
     * A chain n0 -> n1 -> ... each with a responder that records the hop count it saw.
     */
    private static List<RelayNode> chain(final Quicksilver qs, final int length, final List<Integer> hops)
    {
        final List<RelayNode> nodes = new ArrayList<>();
        for (int i = 0; i < length; i++)
        {
            final RelayNode n = qs.createNode("n" + i);
            n.addResponder(message -> hops.add(message.hopCount()));
            if (i > 0)
            {
                nodes.get(i - 1).addChild(n);
            }
            nodes.add(n);
        }
        return nodes;
    }

    @Test
    void shouldDropAtTheNodeWhereThePathReachesTheLimitAndCountIt()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final List<Integer> hops = new ArrayList<>();
            final List<RelayNode> nodes = chain(qs, 60, hops);

            nodes.getFirst().send(APP);

            assertEquals(50, qs.hopLimit());
            assertEquals(50, hops.size(), "depths 0 to 49 are delivered");
            assertEquals(0, hops.getFirst());
            assertEquals(49, hops.getLast());
            assertEquals(1, qs.hopLimitDrops(), "the node at depth 50 is dropped, its subtree never reached");
        }
    }

    @Test
    void shouldThrowInStrictModeNamingTheNodeAndTheHop()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(3).strict(true).build())
        {
            final List<Integer> hops = new ArrayList<>();
            final List<RelayNode> nodes = chain(qs, 5, hops);

            final RoutingException e = assertThrows(RoutingException.class, () -> nodes.getFirst().send(APP));

            assertEquals("hop limit reached at node 'n3': hop=3, hopLimit=3, method=APP(1000), sender='n0'",
                e.getMessage());
            assertEquals(List.of(0, 1, 2), hops, "deliveries before the drop stand");
            assertEquals(0, qs.isDispatching() ? 1 : 0);
        }
    }

    @Test
    void shouldCountHopsPerPathNotAcrossSiblings()
    {
        // Mercury shares one hop counter between a node's children, so a wide node drops its later children.
        try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(3).build())
        {
            final RelayNode root = qs.createNode("root");
            final int[] received = new int[1];
            for (int i = 0; i < 100; i++)
            {
                final RelayNode child = qs.createNode("c" + i);
                final RelayNode grandchild = qs.createNode("g" + i);
                child.addResponder(message -> received[0]++);
                grandchild.addResponder(message -> received[0]++);
                root.addChild(child);
                child.addChild(grandchild);
            }

            root.send(APP, Metadata.CHILD);

            assertEquals(200, received[0]);
            assertEquals(0, qs.hopLimitDrops());
        }
    }

    @Test
    void shouldNotLimitHopsWhenTheLimitIsZero()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(0).build())
        {
            final List<Integer> hops = new ArrayList<>();
            final List<RelayNode> nodes = chain(qs, 300, hops);

            nodes.getFirst().send(APP);

            assertEquals(300, hops.size());
            assertEquals(299, hops.getLast());
        }
    }

    @Test
    void shouldLimitDescendantsAndAncestorsByDepth()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(3).build())
        {
            final List<Integer> hops = new ArrayList<>();
            final List<RelayNode> nodes = chain(qs, 6, hops);

            nodes.getFirst().send(APP, Metadata.of(Level.DESCENDANTS));
            assertEquals(List.of(1, 2), hops);
            hops.clear();

            nodes.getLast().send(APP, Metadata.of(Level.ANCESTORS));
            assertEquals(List.of(1, 2), hops);
            assertEquals(2, qs.hopLimitDrops());
        }
    }

    @Test
    void shouldRejectAnInvalidHopLimit()
    {
        final IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class, () -> Quicksilver.singleThreaded().hopLimit(-1).build());
        assertTrue(e.getMessage().endsWith("hopLimit=-1"), e.getMessage());
    }
}
