package io.quicksilver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tag, active, selected and network filters.
 */
class FilterTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    private final DeliveryLog log = new DeliveryLog();
    private final Quicksilver qs = DeliveryLog.runtime(log);

    @AfterEach
    void close()
    {
        qs.close();
    }

    // ------------------------------------------------------------------------------------------------ tags

    @Test
    void shouldDeliverAMessageTaggedNothingToNoTagCheckingResponder()
    {
        final RelayNode n = qs.createNode("n");
        log.on(n, ResponderOptions.named("checks"));
        log.on(n, ResponderOptions.builder().name("everything").tags(Tag.EVERYTHING).build());
        log.on(n, ResponderOptions.builder().name("blind").checksTags(false).build());

        n.send(APP, Metadata.of(Level.SELF, Tag.NOTHING));

        assertEquals(List.of("blind"), log.take());
    }

    @Test
    void shouldPassTheTagCheckWhenMasksShareABitOrTheMessageCarriesEverything()
    {
        final RelayNode n = qs.createNode("n");
        log.on(n, ResponderOptions.builder().name("t1").tags(Tag.TAG_1).build());
        log.on(n, ResponderOptions.builder().name("t3").tags(Tag.TAG_3).build());
        log.on(n, ResponderOptions.named("default"));

        n.send(APP, Metadata.of(Level.SELF, Tag.TAG_1 | Tag.TAG_2));
        assertEquals(List.of("t1", "default"), log.take());

        n.send(APP, Metadata.of(Level.SELF, Tag.EVERYTHING));
        assertEquals(List.of("t1", "t3", "default"), log.take());

        n.send(APP, Metadata.of(Level.SELF, Tag.bit(40)));
        assertEquals(List.of("default"), log.take());
    }

    @Test
    void shouldGateTheWholeSubtreeOfATaggedRelayNode()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode gate = qs.createNode("gate");
        final RelayNode below = qs.createNode("below");
        final RelayNode open = qs.createNode("open");
        log.on(gate);
        log.on(below);
        log.on(open);
        root.addChild(gate).addChild(open);
        gate.addChild(below);
        gate.setTags(Tag.TAG_1);

        root.send(APP, Metadata.of(Level.CHILD, Tag.TAG_2));
        assertEquals(List.of("open"), log.take());

        root.send(APP, Metadata.of(Level.CHILD, Tag.TAG_1));
        assertEquals(List.of("gate", "below", "open"), log.take());

        gate.setChecksTags(false);
        root.send(APP, Metadata.of(Level.CHILD, Tag.TAG_2));
        assertEquals(List.of("gate", "below", "open"), log.take());
    }

    @Test
    void shouldChangeAResponderTagsThroughItsHandle()
    {
        final RelayNode n = qs.createNode("n");
        final ResponderHandle h = log.on(n);

        h.setTags(Tag.TAG_5);
        n.send(APP, Metadata.of(Level.SELF, Tag.TAG_4));
        assertEquals(List.of(), log.take());

        h.setChecksTags(false);
        n.send(APP, Metadata.of(Level.SELF, Tag.TAG_4));
        assertEquals(List.of("n"), log.take());
        assertEquals(Tag.TAG_5, h.tags());
        assertFalse(h.checksTags());
    }

    // ------------------------------------------------------------------------------------------------ active

    @Test
    void shouldSkipAnInactiveNodeAndEverythingBelowItUnderTheActiveFilter()
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode off = qs.createNode("off");
        final RelayNode below = qs.createNode("below");
        final RelayNode on = qs.createNode("on");
        log.on(root);
        log.on(off);
        log.on(below);
        log.on(on);
        root.addChild(off).addChild(on);
        off.addChild(below);
        off.setActive(false);

        root.send(APP);
        assertEquals(List.of("root", "on"), log.take());
        assertFalse(below.isActiveInHierarchy());
        assertTrue(below.isActive());

        root.send(APP, Metadata.DEFAULT.withActive(ActiveFilter.ALL));
        assertEquals(List.of("root", "off", "below", "on"), log.take());

        // Descendants has no edges to check, yet below is inactive in the hierarchy.
        root.send(APP, Metadata.of(Level.DESCENDANTS));
        assertEquals(List.of("on"), log.take());
    }

    @Test
    void shouldSkipAnInactiveResponder()
    {
        final RelayNode n = qs.createNode("n");
        final ResponderHandle a = log.on(n, ResponderOptions.named("a"));
        log.on(n, ResponderOptions.builder().name("b").active(false).build());

        a.setActive(false);
        n.send(APP, Metadata.SELF);
        assertEquals(List.of(), log.take());

        n.send(APP, Metadata.SELF.withActive(ActiveFilter.ALL));
        assertEquals(List.of("a", "b"), log.take());
    }

    @Test
    void shouldTreatANodeAsInactiveWhenAnyOfItsParentsIs()
    {
        final RelayNode p1 = qs.createNode("p1");
        final RelayNode p2 = qs.createNode("p2");
        final RelayNode c = qs.createNode("c");
        log.on(c);
        p1.addChild(c);
        p2.addChild(c);
        p2.setActive(false);

        p1.send(APP, Metadata.CHILD);

        assertEquals(List.of(), log.take());
        assertFalse(c.isActiveInHierarchy());
    }

    @Test
    void shouldNotDeliverToTheInactiveSendersOwnResponders()
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode s = qs.createNode("s");
        log.on(p);
        log.on(s);
        p.addChild(s);
        s.setActive(false);

        s.send(APP, Metadata.of(Level.SELF_AND_PARENTS));

        assertEquals(List.of("p"), log.take());
    }

    // ------------------------------------------------------------------------------------------------ selected

    @Test
    void shouldReachOnlyTheCurrentStateOfASwitchNodeUnderSelected()
    {
        final RelayNode root = qs.createNode("root");
        final SwitchNode menu = qs.createSwitchNode("menu");
        final RelayNode main = qs.createNode("main");
        final RelayNode options = qs.createNode("options");
        final RelayNode deep = qs.createNode("deep");
        log.on(menu);
        log.on(main);
        log.on(options);
        log.on(deep);
        root.addChild(menu);
        menu.addChild(main).addChild(options);
        options.addChild(deep);
        final Metadata selected = Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED);

        root.send(APP, selected);
        assertEquals(List.of(), log.take(), "no current state: nothing below, and never the switch's own");

        menu.jumpTo(options);
        root.send(APP, selected);
        assertEquals(List.of("options", "deep"), log.take());

        menu.jumpTo("main");
        root.send(APP, selected);
        assertEquals(List.of("main"), log.take());

        root.send(APP);
        assertEquals(List.of("menu", "main", "options", "deep"), log.take());

        root.send(APP, Metadata.of(Level.DESCENDANTS).withSelected(SelectedFilter.SELECTED));
        assertEquals(List.of("main"), log.take());
    }

    @Test
    void shouldApplySelectedOnlyAtSwitchNodesTheMessagePassesThrough()
    {
        // Mercury's SelectedCheck is per edge: a message sent from inside a non-current state still reaches the
        // state's own subtree.
        final SwitchNode sw = qs.createSwitchNode("sw");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode bb = qs.createNode("bb");
        log.on(bb);
        sw.addChild(a).addChild(b);
        b.addChild(bb);
        sw.jumpTo(a);

        b.send(APP, Metadata.CHILD.withSelected(SelectedFilter.SELECTED));

        assertEquals(List.of("bb"), log.take());
    }

    // ------------------------------------------------------------------------------------------------ network

    @Test
    void shouldNotDeliverNetworkOnlyMessagesLocally()
    {
        final RelayNode n = qs.createNode("n");
        log.on(n);

        n.sendInt(APP, 7, Metadata.DEFAULT.withNetwork(NetworkFilter.NETWORK));
        assertEquals(List.of(), log.take());
        assertEquals(1, qs.networkOnlySends());
        assertEquals(0, qs.sends());

        n.sendInt(APP, 7, Metadata.DEFAULT.withNetwork(NetworkFilter.LOCAL));
        n.sendInt(APP, 7, Metadata.DEFAULT.withNetwork(NetworkFilter.ALL));
        assertEquals(List.of("n", "n"), log.take());
        assertEquals(2, qs.sends());
    }
}
