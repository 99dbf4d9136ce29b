package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Responder;
import io.quicksilver.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one depth-first numbering of a snapshot: routing-table order, subtrees as intervals, the tree parent of a node
 * with several parents, cross links, and deep hierarchies numbered without recursion.
 */
class DepthFirstOrderTest
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

        final RoutingSnapshot s = h.compile();
        final DepthFirstOrder d = s.depthFirstOrder();

        // Delivery order of a SELF_AND_CHILDREN send from root: r0, a0, aa0, r1, b0.
        final StringBuilder order = new StringBuilder();
        for (int position = 0; position < d.responderCount(); position++)
        {
            order.append(s.responders()[d.responderAt(position)].name()).append(' ');
            assertEquals(position, d.positionOf(d.responderAt(position)));
        }
        assertEquals("r0 a0 aa0 r1 b0 ", order.toString());
        assertEquals(0, d.responderFrom(root.id()));
        assertEquals(5, d.responderTo(root.id()));
        assertEquals(1, d.responderFrom(a.id()));
        assertEquals(3, d.responderTo(a.id()));
        assertEquals(4, d.responderFrom(b.id()));
        assertEquals(5, d.responderTo(b.id()));

        assertEquals(DepthFirstOrder.NONE, d.treeParent(root.id()));
        assertEquals(root.id(), d.treeParent(a.id()));
        assertEquals(a.id(), d.treeParent(aa.id()));
        assertEquals(0, d.nodeNumber(root.id()));
        assertEquals(4, d.nodeEnd(root.id()));
        assertEquals(aa.id(), d.nodeAt(2));
        assertEquals(b.id(), d.nodeAt(3));
        assertFalse(d.isCrossLinked(root.id()));
        assertSame(d, s.depthFirstOrder(), "built once per snapshot");
    }

    @Test
    void shouldNumberANodeWithTwoParentsUnderTheFirstAndMarkTheOtherCrossLinked()
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

        final DepthFirstOrder d = h.compile().depthFirstOrder();

        assertEquals(left.id(), d.treeParent(bottom.id()), "numbered under the first parent that reaches it");
        assertFalse(d.isCrossLinked(left.id()));
        assertTrue(d.isCrossLinked(right.id()), "its child was numbered under left");
        assertFalse(d.isCrossLinked(top.id()));
        assertEquals(0, d.responderFrom(left.id()));
        assertEquals(1, d.responderTo(left.id()));
        assertEquals(d.responderFrom(right.id()), d.responderTo(right.id()), "right's interval is empty");
    }

    /**
     * A 100,000-deep chain and a 50,000-level ladder (two nodes a level, both parents of both below) are numbered
     * without overflowing the stack.
     */
    @Test
    @Timeout(60)
    void shouldNumberAHundredThousandDeepChainAndLadder()
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

        final DepthFirstOrder d = h.compile().depthFirstOrder();

        assertEquals(0, d.responderFrom(chain[0].id()));
        assertEquals(depth, d.responderTo(chain[0].id()));
        assertEquals(depth - 1, d.responderFrom(chain[depth - 1].id()));
        assertEquals(chain[depth - 2].id(), d.treeParent(chain[depth - 1].id()));
        assertEquals(depth, d.responderFrom(ladder[0][0].id()));
        assertEquals(depth + 2 * levels - 1, d.responderTo(ladder[0][0].id()), "every level below a0 but b0");
        assertTrue(d.isCrossLinked(ladder[0][1].id()), "b0's children were numbered under a0");
        assertFalse(d.isCrossLinked(ladder[levels - 1][1].id()));
    }
}
