package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Responder;
import io.quicksilver.Tag;
import io.quicksilver.simd.ResponderTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Depth-first numbering, intervals, tree links, exactness and incremental recompilation of the flat tables.
 */
class FlatRoutingTableTest
{
    private static final Responder NOOP = message -> { };

    private final Hierarchy h = new Hierarchy((n, s, m, e) -> { throw new AssertionError(s, e); });

    private ResponderModel responder(final NodeModel node, final String name)
    {
        return h.addResponder(node, name, NOOP, Tag.EVERYTHING, true, false, true);
    }

    @Test
    void shouldNumberRespondersInRoutingTableOrderSoASubtreeIsAnInterval()
    {
        // root: [r0, a, r1, b]; a: [parent, a0, aa]; aa: [parent, aa0]; b: [parent, b0]
        final NodeModel root = h.createNode("root", false);
        final NodeModel a = h.createNode("a", false);
        final NodeModel aa = h.createNode("aa", false);
        final NodeModel b = h.createNode("b", false);
        responder(root, "r0");
        h.link(root, a);
        responder(root, "r1");
        h.link(root, b);
        responder(a, "a0");
        h.link(a, aa);
        responder(aa, "aa0");
        responder(b, "b0");

        final FlatRoutingTable t = FlatRoutingTable.compile(h.compile(), null);

        // Delivery order of a SELF_AND_CHILDREN send from root: r0, a0, aa0, r1, b0.
        final RoutingSnapshot s = h.compile();
        final StringBuilder order = new StringBuilder();
        for (int r = 0; r < t.responderCount(); r++)
        {
            order.append(s.responders()[t.snapshotIndex(r)].name()).append(' ');
        }
        assertEquals("r0 a0 aa0 r1 b0 ", order.toString());
        assertEquals(0, t.responderFrom(root.id()));
        assertEquals(5, t.responderTo(root.id()));
        assertEquals(1, t.responderFrom(a.id()));
        assertEquals(3, t.responderTo(a.id()));
        assertEquals(4, t.responderFrom(b.id()));
        assertEquals(5, t.responderTo(b.id()));
        assertEquals(root.id(), t.owner(3));

        assertEquals(FlatRoutingTable.NONE, t.treeParent(root.id()));
        assertEquals(root.id(), t.treeParent(a.id()));
        assertEquals(a.id(), t.firstChild(root.id()));
        assertEquals(b.id(), t.nextSibling(a.id()));
        assertEquals(FlatRoutingTable.NONE, t.nextSibling(b.id()));
        assertEquals(0, t.nodeNumber(root.id()));
        assertEquals(4, t.nodeEnd(root.id()));
        assertEquals(aa.id(), t.nodeAt(2));
    }

    @Test
    void shouldMarkTheAncestorsOfANodeWithTwoParentsInexact()
    {
        final NodeModel top = h.createNode("top", false);
        final NodeModel left = h.createNode("left", false);
        final NodeModel right = h.createNode("right", false);
        final NodeModel bottom = h.createNode("bottom", false);
        h.link(top, left);
        h.link(top, right);
        h.link(left, bottom);
        h.link(right, bottom);
        responder(bottom, "x");

        final FlatRoutingTable t = FlatRoutingTable.compile(h.compile(), null);

        assertFalse(t.isExact(top.id()));
        assertFalse(t.isExact(left.id()));
        assertFalse(t.isExact(right.id()));
        assertTrue(t.isExact(bottom.id()));
        assertEquals(left.id(), t.treeParent(bottom.id()), "numbered under the first parent that reaches it");
        assertFalse(t.canRoute(top.id(), io.quicksilver.Level.CHILD, false));
        assertTrue(t.canRoute(bottom.id(), io.quicksilver.Level.SELF_AND_CHILDREN, false));
        assertFalse(t.canRoute(bottom.id(), io.quicksilver.Level.PARENT, false));
    }

    @Test
    void shouldComputeSelectedAndActiveBitsFromTheRoots()
    {
        final NodeModel sw = h.createNode("sw", true);
        final NodeModel on = h.createNode("on", false);
        final NodeModel off = h.createNode("off", false);
        h.link(sw, on);
        h.link(sw, off);
        responder(sw, "own");
        responder(on, "on0");
        final ResponderModel offResponder = responder(off, "off0");
        h.jumpTo(sw, on);
        h.setActive(offResponder, false);

        final FlatRoutingTable t = FlatRoutingTable.compile(h.compile(), null);
        final ResponderTable table = new ResponderTable(t.responderCount());
        t.fill(table);

        // sw's table: [on, off, own] -> numbering on0, off0, own.
        assertEquals(ResponderTable.CHECKS_TAGS | ResponderTable.ACTIVE | ResponderTable.SELECTED, table.flags(0));
        assertEquals(ResponderTable.CHECKS_TAGS, table.flags(1), "inactive, not the current state");
        assertEquals(ResponderTable.CHECKS_TAGS | ResponderTable.ACTIVE, table.flags(2), "a switch's own");
        assertTrue(t.isSelected(on.id()));
        assertFalse(t.isSelected(off.id()));
        assertFalse(t.canRoute(off.id(), io.quicksilver.Level.SELF, true));
        assertTrue(t.canRoute(off.id(), io.quicksilver.Level.SELF, false));
    }

    @Test
    void shouldReuseTheNumberingWhenOnlyFlagsChange()
    {
        final NodeModel root = h.createNode("root", false);
        final NodeModel a = h.createNode("a", false);
        h.link(root, a);
        final ResponderModel r = responder(a, "a0");
        final FlatRoutingTable first = FlatRoutingTable.compile(h.compile(), null);

        h.setTags(r, Tag.TAG_3);
        h.setActive(a, false);
        final FlatRoutingTable second = FlatRoutingTable.compile(h.compile(), first);

        assertTrue(second.sharesStructureWith(first));
        assertEquals(Tag.TAG_3, second.tags(0));
        assertEquals(ResponderTable.CHECKS_TAGS | ResponderTable.SELECTED, second.flags(0));

        h.addResponder(root, null, NOOP, Tag.EVERYTHING, true, false, true);
        final FlatRoutingTable third = FlatRoutingTable.compile(h.compile(), second);
        assertFalse(third.sharesStructureWith(second));
        assertEquals(2, third.responderCount());
    }

    /**
     * Compiling visits every node once, without recursion: a 100,000-deep chain and a 50,000-level ladder (two nodes
     * a level, both parents of both below) compile, with the activity and the intervals of the whole depth.
     */
    @Test
    @Timeout(60)
    void shouldCompileAHundredThousandDeepChainAndLadder()
    {
        final int depth = 100_000;
        final NodeModel[] chain = new NodeModel[depth];
        for (int i = 0; i < depth; i++)
        {
            chain[i] = h.createNode("n" + i, false);
            responder(chain[i], "r" + i);
            if (i > 0)
            {
                h.link(chain[i - 1], chain[i]);
            }
        }
        final int levels = 50_000;
        final NodeModel[][] ladder = new NodeModel[levels][];
        for (int i = 0; i < levels; i++)
        {
            ladder[i] = new NodeModel[] {h.createNode("a" + i, false), h.createNode("b" + i, false)};
            responder(ladder[i][0], "ra" + i);
            responder(ladder[i][1], "rb" + i);
            if (i > 0)
            {
                for (final NodeModel parent : ladder[i - 1])
                {
                    h.link(parent, ladder[i][0]);
                    h.link(parent, ladder[i][1]);
                }
            }
        }
        h.setActive(chain[1], false);
        h.setActive(ladder[1][1], false);

        final RoutingSnapshot s = h.compile();
        final FlatRoutingTable t = FlatRoutingTable.compile(s, null);

        assertTrue(s.nodeActive()[chain[0].id()]);
        assertFalse(s.nodeActive()[chain[depth - 1].id()], "below an inactive node");
        assertFalse(s.nodeActive()[ladder[levels - 1][0].id()], "below an inactive parent");
        assertTrue(s.nodeActive()[ladder[1][0].id()]);
        assertEquals(0, t.responderFrom(chain[0].id()));
        assertEquals(depth, t.responderTo(chain[0].id()));
        assertEquals(depth - 1, t.responderFrom(chain[depth - 1].id()));
        assertTrue(t.isExact(chain[0].id()));
        assertEquals(depth, t.responderFrom(ladder[0][0].id()));
        assertEquals(depth + 2 * levels - 1, t.responderTo(ladder[0][0].id()), "every level below a0 but b0");
        assertFalse(t.isExact(ladder[0][0].id()));
        assertTrue(t.isExact(ladder[levels - 1][1].id()));
    }
}
