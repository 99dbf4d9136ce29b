package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Level filters: which relatives receive a message, in which order, how many times.
 */
class LevelRoutingTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final DeliveryLog log = new DeliveryLog();
    private final Quicksilver qs = DeliveryLog.runtime(log);

    @AfterEach
    void close()
    {
        qs.close();
    }

    /**
     * root(root) -> a(a) -> aa(aa), root -> b(b).
     */
    private RelayNode smallTree()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode a = qs.createNode("a");
        final RelayNode aa = qs.createNode("aa");
        final RelayNode b = qs.createNode("b");
        // Responders first, links after: each node's own responders come before its children in its table.
        log.on(root);
        log.on(a);
        log.on(aa);
        log.on(b);
        root.addChild(a).addChild(b);
        a.addChild(aa);
        return root;
    }

    @Test
    void shouldDeliverSelfOnlyToTheSendersOwnResponders()
    {
        smallTree().send(APP, Metadata.SELF);
        assertEquals(List.of("root"), log.take());
    }

    @Test
    void shouldDeliverChildToTheWholeSubtreeButNotTheSendersOwnResponders()
    {
        smallTree().send(APP, Metadata.of(Level.CHILD));
        assertEquals(List.of("a", "aa", "b"), log.take());
    }

    @Test
    void shouldDeliverSelfAndChildrenByDefault()
    {
        smallTree().send(APP);
        assertEquals(List.of("root", "a", "aa", "b"), log.take());
    }

    @Test
    void shouldFollowRoutingTableOrderWhereResponderAndChildItemsInterleave()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode aa = qs.createNode("aa");
        root.addResponder("r1", log.responder("r1"));
        root.addChild(a);
        root.addResponder("r2", log.responder("r2"));
        root.addChild(b);
        a.addChild(aa);
        log.on(a);
        log.on(aa);
        log.on(b);

        root.send(APP);

        // a's table is [parent root, child aa, responder a]: aa comes before a's own responder.
        assertEquals(List.of("r1", "aa", "a", "r2", "b"), log.take());
        assertEquals(List.of("r1", "a", "r2", "b"), names(root.routingTable()));
        assertEquals(List.of(Level.SELF, Level.CHILD, Level.SELF, Level.CHILD), levels(root.routingTable()));
        assertEquals(List.of(Level.PARENT, Level.CHILD, Level.SELF), levels(a.routingTable()));
    }

    @Test
    void shouldDeliverParentToTheImmediateParentsOnly()
    {
        final RelayNode g = qs.createNode("g");
        final RelayNode p = qs.createNode("p");
        final RelayNode c = qs.createNode("c");
        g.addChild(p);
        p.addChild(c);
        log.on(g);
        log.on(p);
        log.on(c);

        c.send(APP, Metadata.of(Level.PARENT));
        assertEquals(List.of("p"), log.take());

        c.send(APP, Metadata.of(Level.SELF_AND_PARENTS));
        assertEquals(List.of("c", "p"), log.take());
    }

    @Test
    void shouldDeliverParentToEveryParentOfANodeWithTwoParents()
    {
        final RelayNode p1 = qs.createNode("p1");
        final RelayNode p2 = qs.createNode("p2");
        final RelayNode c = qs.createNode("c");
        p1.addChild(c);
        p2.addChild(c);
        log.on(p1);
        log.on(p2);

        c.send(APP, Metadata.of(Level.PARENT));

        assertEquals(List.of("p1", "p2"), log.take());
        assertEquals(List.of(p1, p2), c.parents());
    }

    @Test
    void shouldDeliverAncestorsEachOnceInPreOrder()
    {
        // g -> p1 -> c, g -> p2 -> c, top -> g
        final RelayNode top = qs.createNode("top");
        final RelayNode g = qs.createNode("g");
        final RelayNode p1 = qs.createNode("p1");
        final RelayNode p2 = qs.createNode("p2");
        final RelayNode c = qs.createNode("c");
        top.addChild(g);
        g.addChild(p1).addChild(p2);
        p1.addChild(c);
        p2.addChild(c);
        for (final RelayNode n : List.of(top, g, p1, p2, c))
        {
            log.on(n);
        }

        c.send(APP, Metadata.of(Level.ANCESTORS));

        assertEquals(List.of("p1", "g", "top", "p2"), log.take());
    }

    @Test
    void shouldDeliverDescendantsEachOnceInPreOrderToOwnResponders()
    {
        // r -> a -> x, r -> b -> x (diamond), a -> y
        final RelayNode r = qs.createNode("r");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode x = qs.createNode("x");
        final RelayNode y = qs.createNode("y");
        r.addChild(a).addChild(b);
        a.addChild(x).addChild(y);
        b.addChild(x);
        for (final RelayNode n : List.of(r, a, b, x, y))
        {
            log.on(n);
        }

        r.send(APP, Metadata.of(Level.DESCENDANTS));
        assertEquals(List.of("a", "x", "y", "b"), log.take());

        r.send(APP, Metadata.of(Level.SELF_AND_DESCENDANTS));
        assertEquals(List.of("r", "a", "x", "y", "b"), log.take());
    }

    @Test
    void shouldNotGateDescendantsWithNodeTagsAsMercuryDoesNot()
    {
        final RelayNode r = qs.createNode("r");
        final RelayNode a = qs.createNode("a").setTags(Tag.TAG_1);
        final RelayNode x = qs.createNode("x");
        r.addChild(a);
        a.addChild(x);
        log.on(a);
        log.on(x);

        r.send(APP, Metadata.of(Level.CHILD, Tag.TAG_2));
        assertEquals(List.of(), log.take());

        r.send(APP, Metadata.of(Level.DESCENDANTS, Tag.TAG_2));
        assertEquals(List.of("a", "x"), log.take());
    }

    @Test
    void shouldDropLateralRoutesUnlessAllowed()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        p.addChild(a).addChild(b);
        log.on(a);
        log.on(b);

        a.send(APP, Metadata.of(Level.SELF_AND_SIBLINGS));

        assertEquals(List.of("a"), log.take());
        assertEquals(1, qs.lateralDrops());
    }

    @Test
    void shouldRejectLateralRoutesInStrictModeBeforeDeliveringAnything()
    {
        try (Quicksilver strict = Quicksilver.singleThreaded().strict(true).build())
        {
            final RelayNode p = strict.createNode("p");
            final RelayNode a = strict.createNode("a");
            p.addChild(a);
            a.addResponder(log.responder("a"));

            final RoutingException e = assertThrows(
                RoutingException.class, () -> a.send(APP, Metadata.of(Level.SELF_AND_SIBLINGS)));

            assertTrue(e.getMessage().contains("allowLateral"), e.getMessage());
            assertTrue(e.getMessage().contains("'a'"), e.getMessage());
            assertEquals(List.of(), log.take());
        }
    }

    @Test
    void shouldDeliverSiblingsTheirWholeSubtreesButNotTheSender()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode c = qs.createNode("c");
        final RelayNode cc = qs.createNode("cc");
        for (final RelayNode n : List.of(p, a, b, c, cc))
        {
            log.on(n);
        }
        p.addChild(a).addChild(b).addChild(c);
        c.addChild(cc);
        final Metadata siblings = Metadata.builder().level(Level.SIBLINGS).allowLateral().build();

        b.send(APP, siblings);

        assertEquals(List.of("a", "c", "cc"), log.take());
    }

    @Test
    void shouldDeliverCousins()
    {
        // g -> p -> a, g -> q -> x, q -> y
        final RelayNode g = qs.createNode("g");
        final RelayNode p = qs.createNode("p");
        final RelayNode q = qs.createNode("q");
        final RelayNode a = qs.createNode("a");
        final RelayNode x = qs.createNode("x");
        final RelayNode y = qs.createNode("y");
        g.addChild(p).addChild(q);
        p.addChild(a);
        q.addChild(x).addChild(y);
        for (final RelayNode n : List.of(g, p, q, a, x, y))
        {
            log.on(n);
        }

        a.send(APP, Metadata.builder().level(Level.COUSINS).allowLateral().build());

        assertEquals(List.of("x", "y"), log.take());
    }

    @Test
    void shouldDeliverCustomToTheAcceptedNeighboursOwnResponders()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode s = qs.createNode("s");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode bb = qs.createNode("bb");
        p.addChild(s);
        log.on(s);
        s.addChild(a).addChild(b);
        b.addChild(bb);
        for (final RelayNode n : List.of(p, a, b, bb))
        {
            log.on(n);
        }
        final Metadata custom = Metadata.builder()
            .level(Level.CUSTOM)
            .customFilter(node -> node.name().startsWith("b") || node.name().equals("p"))
            .build();

        s.send(APP, custom);

        // Table of s: [parent p, responder s, child a, child b]; b's child bb is not a neighbour.
        assertEquals(List.of("p", "b"), log.take());
    }

    @Test
    void shouldAskTheCustomFilterAboutTheSenderToo()
    {
        final RelayNode s = qs.createNode("s");
        log.on(s);

        s.send(APP, Metadata.builder().level(Level.CUSTOM).customFilter(node -> node == s).build());

        assertEquals(List.of("s"), log.take());
    }

    @Test
    void shouldCountACustomLevelWithoutAPredicateAsADrop()
    {
        final RelayNode s = qs.createNode("s");
        log.on(s);

        s.send(APP, Metadata.of(Level.SELF | Level.CUSTOM));

        assertEquals(List.of("s"), log.take());
        assertEquals(1, qs.customDrops());
    }

    @Test
    void shouldRouteChildAndParentTogetherUnlikeMercury()
    {
        // Mercury skips the children when Parent is combined with Child (its advanced-routing path); Quicksilver
        // delivers the union.
        final RelayNode p = qs.createNode("p");
        final RelayNode s = qs.createNode("s");
        final RelayNode c = qs.createNode("c");
        p.addChild(s);
        s.addChild(c);
        log.on(p);
        log.on(s);
        log.on(c);

        s.send(APP, Metadata.of(Level.CHILD | Level.PARENT));

        assertEquals(List.of("c", "p"), log.take());
    }

    @Test
    void shouldDeliverEachResponderOnceWhenLevelsOverlap()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode s = qs.createNode("s");
        final RelayNode c = qs.createNode("c");
        log.on(p);
        log.on(s);
        log.on(c);
        p.addChild(s);
        s.addChild(c);

        s.send(APP, Metadata.of(Level.ALL & ~Level.CUSTOM & ~Level.SIBLINGS & ~Level.COUSINS));

        assertEquals(List.of("s", "c", "p"), log.take());
    }

    private static List<String> names(final List<RoutingTableItem> items)
    {
        return items.stream().map(RoutingTableItem::name).toList();
    }

    private static List<Integer> levels(final List<RoutingTableItem> items)
    {
        return items.stream().map(RoutingTableItem::level).toList();
    }
}
