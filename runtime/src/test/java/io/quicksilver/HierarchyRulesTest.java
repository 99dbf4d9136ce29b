package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links, DAGs and cycles.
 */
class HierarchyRulesTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final DeliveryLog log = new DeliveryLog();
    private final Quicksilver qs = DeliveryLog.runtime(log);

    @AfterEach
    void close()
    {
        qs.close();
    }

    @Test
    void shouldDeliverOnceToANodeWithTwoParentsInADiamond()
    {
        final RelayNode top = qs.createNode("top");
        final RelayNode left = qs.createNode("left");
        final RelayNode right = qs.createNode("right");
        final RelayNode bottom = qs.createNode("bottom");
        final RelayNode below = qs.createNode("below");
        for (final RelayNode n : List.of(top, left, right, bottom, below))
        {
            log.on(n);
        }
        top.addChild(left).addChild(right);
        left.addChild(bottom);
        right.addChild(bottom);
        bottom.addChild(below);

        top.send(APP);

        assertEquals(List.of("top", "left", "bottom", "below", "right"), log.take());
        assertEquals(5, qs.deliveries());
    }

    @Test
    void shouldReachADiamondBottomThroughTheOtherParentWhenOneGatesIt()
    {
        final RelayNode top = qs.createNode("top");
        final RelayNode left = qs.createNode("left").setTags(Tag.TAG_1);
        final RelayNode right = qs.createNode("right");
        final RelayNode bottom = qs.createNode("bottom");
        log.on(bottom);
        top.addChild(left).addChild(right);
        left.addChild(bottom);
        right.addChild(bottom);

        top.send(APP, Metadata.of(Level.CHILD, Tag.TAG_2));

        assertEquals(List.of("bottom"), log.take());
    }

    @Test
    void shouldRejectACycleNamingTheNodes()
    {
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode c = qs.createNode("c");
        a.addChild(b);
        b.addChild(c);

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.addChild(a));

        assertEquals("linking 'a' under 'c' would make a cycle: 'a' -> 'b' -> 'c' -> 'a' " +
            "('a' is already an ancestor of 'c')", e.getMessage());
        assertEquals(List.of(), c.children());
        assertEquals(List.of(), a.parents());
    }

    @Test
    void shouldRejectANodeAsItsOwnChild()
    {
        final RelayNode a = qs.createNode("a");

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.addChild(a));

        assertEquals("a node cannot be its own child: cycle 'a' -> 'a'", e.getMessage());
    }

    @Test
    void shouldRejectADuplicateLink()
    {
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        a.addChild(b);

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.addChild(b));

        assertEquals("node 'b' is already a child of 'a'", e.getMessage());
    }

    @Test
    void shouldRejectANodeOfAnotherRuntime()
    {
        try (Quicksilver other = Quicksilver.singleThreaded().build())
        {
            final RelayNode mine = qs.createNode("mine");
            final RelayNode theirs = other.createNode("theirs");

            final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> mine.addChild(theirs));

            assertEquals("node 'theirs' belongs to another runtime", e.getMessage());
        }
    }

    @Test
    void shouldRegisterBothSidesOfALinkAndRemoveBoth()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode c = qs.createNode("c");
        p.addChild(c);

        assertEquals(List.of(c), p.children());
        assertEquals(List.of(p), c.parents());
        assertEquals(Level.CHILD, p.routingTable().getFirst().level());
        assertEquals(Level.PARENT, c.routingTable().getFirst().level());
        c.setTags(Tag.TAG_4);
        assertEquals(Tag.TAG_4, p.routingTable().getFirst().tags());
        assertEquals(Tag.EVERYTHING, c.routingTable().getFirst().tags());

        assertTrue(p.removeChild(c));
        assertFalse(p.removeChild(c));
        assertEquals(List.of(), p.routingTable());
        assertEquals(List.of(), c.routingTable());
    }

    @Test
    void shouldRemoveAResponder()
    {
        final RelayNode n = qs.createNode("n");
        final ResponderHandle h = log.on(n);

        assertTrue(h.remove());
        assertFalse(h.remove());
        n.send(APP);

        assertEquals(List.of(), log.take());
        assertFalse(h.isRegistered());
        assertEquals(List.of(), n.responders());
    }

    @Test
    void shouldNameGeneratedRespondersInTheirTable()
    {
        final RelayNode n = qs.createNode("n");
        final ResponderHandle first = n.addResponder(message -> { });
        final ResponderHandle second = n.addResponder(message -> { });

        assertEquals("responder-0", first.name());
        assertEquals("responder-1", second.name());
        assertEquals(List.of(first, second), n.responders());
        assertEquals(n, first.node());
    }

    @Test
    void shouldRejectAnEmptyNodeName()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> qs.createNode(""));
        assertEquals("node name must not be empty: name=''", e.getMessage());
    }
}
