package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;
import io.quicksilver.Responder;
import io.quicksilver.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing walk, which keeps its depth-first path in an explicit stack, against a recursive reference (the walk
 * as it was written before, one call per level): on random DAGs, for every route, filter and hop limit, the same
 * recipients at the same hops and the same hop-limit drops, in the same order; and a walk deeper than any thread
 * stack could hold.
 */
class RoutingWalkTest
{
    private static final Responder NOOP = message -> { };
    private static final int[] HOP_LIMITS = {0, 1, 2, 3, 5, 50, RoutingWalk.RECURSION_DEPTH + 7};
    private static final int[] SINGLE_ROUTES = {Level.SELF_AND_CHILDREN, Level.DESCENDANTS, Level.ANCESTORS};
    private static final int ROUTED_LEVELS = Level.SELF | Level.CHILD | Level.PARENT | Level.SIBLINGS |
        Level.COUSINS | Level.DESCENDANTS | Level.ANCESTORS;

    /**
     * Random DAGs, some deeper than {@link RoutingWalk#RECURSION_DEPTH} so that the walks past it (on the explicit
     * stack) are compared too: each single route must have reached a hop beyond it.
     */
    @Test
    @Timeout(60)
    void shouldFindWhatTheRecursiveWalkFindsInItsOrder()
    {
        long events = 0;
        final int[] deepest = new int[SINGLE_ROUTES.length];
        for (long seed = 1; seed <= 40; seed++)
        {
            final Random random = new Random(seed);
            final boolean deep = seed % 4 == 0;
            final RoutingSnapshot snapshot =
                randomDag(random, deep ? 300 + random.nextInt(300) : 2 + random.nextInt(60), deep).compile();
            for (final int hopLimit : HOP_LIMITS)
            {
                final List<Long> actual = new ArrayList<>();
                final RoutingWalk walk = new RoutingWalk(hopLimit, recorder(actual));
                walk.install(snapshot);
                final Reference reference = new Reference(snapshot, hopLimit);
                for (int message = 0; message < 200; message++)
                {
                    final int sender = random.nextInt(snapshot.nodeCount());
                    final int single = random.nextInt(2) == 0 ? random.nextInt(SINGLE_ROUTES.length) : -1;
                    final int level = single >= 0 ? SINGLE_ROUTES[single] :
                        random.nextInt(ROUTED_LEVELS + 1) & ROUTED_LEVELS;
                    final long tags = random.nextInt(3) == 0 ? Tag.EVERYTHING : random.nextInt(8);
                    final boolean activeOnly = random.nextBoolean();
                    final boolean selectedOnly = random.nextInt(3) == 0;
                    actual.clear();
                    walk.route(sender, level, tags, activeOnly, selectedOnly);
                    final List<Long> expected = reference.route(sender, level, tags, activeOnly, selectedOnly);
                    assertEquals(expected, actual, "seed " + seed + ", hopLimit " + hopLimit + ", message " +
                        message + ", sender " + sender + ", level " + level);
                    events += expected.size();
                    for (final long event : expected)
                    {
                        if (single >= 0 && event >= 0)
                        {
                            deepest[single] = Math.max(deepest[single], (int)event);
                        }
                    }
                }
            }
        }
        assertTrue(events > 100_000, "too few recipients to compare: events=" + events);
        for (int r = 0; r < SINGLE_ROUTES.length; r++)
        {
            assertTrue(deepest[r] > RoutingWalk.RECURSION_DEPTH + 5, "level " + SINGLE_ROUTES[r] +
                " never went past the recursion: deepest hop=" + deepest[r]);
        }
    }

    /**
     * A chain {@code n0 -> n1 -> ...} whose every table is [responder a, child, responder b]: walking the whole chain
     * and coming back up must deliver every a top-down, then every b bottom-up, each at its depth.
     */
    @Test
    @Timeout(60)
    void shouldWalkAChainDeeperThanTheThreadStackInDepthFirstOrder()
    {
        final int depth = 100_000;
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { throw new AssertionError(s, e); });
        NodeModel last = null;
        final NodeModel[] chain = new NodeModel[depth];
        for (int i = 0; i < depth; i++)
        {
            final NodeModel node = h.createNode("n" + i, false);
            h.addResponder(node, "a" + i, NOOP, Tag.EVERYTHING, true, false, true);
            if (last != null)
            {
                h.link(last, node);
                h.addResponder(last, "b" + (i - 1), NOOP, Tag.EVERYTHING, true, false, true);
            }
            chain[i] = node;
            last = node;
        }
        h.addResponder(last, "b" + (depth - 1), NOOP, Tag.EVERYTHING, true, false, true);
        final RoutingSnapshot snapshot = h.compile();
        final ResponderModel[] responders = snapshot.responders();

        final int[] order = new int[2 * depth];
        final int[] hops = new int[2 * depth];
        final int[] count = {0};
        final RoutingWalk walk = new RoutingWalk(0, new RoutingWalk.Sink()
        {
            public void onRecipient(final int responder, final int hop)
            {
                order[count[0]] = responder;
                hops[count[0]++] = hop;
            }

            public void onHopLimit(final int node, final int hop)
            {
                throw new AssertionError("no hop limit: node=" + node);
            }
        });
        walk.install(snapshot);

        for (int round = 0; round < 2; round++)
        {
            count[0] = 0;
            walk.route(chain[0].id(), Level.SELF_AND_CHILDREN, Tag.EVERYTHING, true, false);
            assertEquals(2 * depth, count[0]);
            for (int i = 0; i < depth; i++)
            {
                assertEquals("a" + i, responders[order[i]].name());
                assertEquals(i, hops[i]);
                assertEquals("b" + (depth - 1 - i), responders[order[depth + i]].name());
                assertEquals(depth - 1 - i, hops[depth + i]);
            }
        }

        count[0] = 0;
        walk.route(chain[0].id(), Level.DESCENDANTS, Tag.EVERYTHING, true, false);
        assertEquals(2 * (depth - 1), count[0]);
        for (int i = 1; i < depth; i++)
        {
            assertEquals("a" + i, responders[order[2 * (i - 1)]].name());
            assertEquals("b" + i, responders[order[2 * (i - 1) + 1]].name());
            assertEquals(i, hops[2 * (i - 1)]);
        }

        count[0] = 0;
        walk.route(chain[depth - 1].id(), Level.ANCESTORS, Tag.EVERYTHING, true, false);
        assertEquals(2 * (depth - 1), count[0]);
        for (int i = 1; i < depth; i++)
        {
            assertEquals("a" + (depth - 1 - i), responders[order[2 * (i - 1)]].name());
            assertEquals(i, hops[2 * (i - 1)]);
        }
    }

    /**
     * Nodes in id order, each linked under one to three of the six nodes before it (a DAG, some nodes left as
     * roots), responders added between the links so routing tables interleave SELF and CHILD items; tagged, inactive
     * and switch nodes. A deep one links every node under one or more of the two before it, and has few gates, so
     * its walks go hundreds of hops down.
     */
    private static Hierarchy randomDag(final Random random, final int nodeCount, final boolean deep)
    {
        final int gateOdds = deep ? 60 : 6;
        final int spread = deep ? 2 : 6;
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { throw new AssertionError(s, e); });
        final List<NodeModel> nodes = new ArrayList<>();
        int responders = 0;
        for (int i = 0; i < nodeCount; i++)
        {
            final NodeModel node = h.createNode("n" + i, random.nextInt(gateOdds) == 0);
            nodes.add(node);
            if (random.nextInt(gateOdds) == 0)
            {
                h.setTags(node, 1L << random.nextInt(3));
            }
            h.setChecksTags(node, random.nextInt(4) != 0);
            if (random.nextInt(gateOdds) == 0)
            {
                h.setActive(node, false);
            }
            if (i > 0 && (deep || random.nextInt(6) != 0))
            {
                final int parents = 1 + random.nextInt(random.nextInt(3) == 0 ? 3 : 1);
                for (int p = 0; p < parents; p++)
                {
                    final NodeModel parent = nodes.get(i - 1 - random.nextInt(Math.min(i, spread)));
                    if (!parent.children.contains(node))
                    {
                        h.link(parent, node);
                    }
                    addResponders(h, random, parent, responders++);
                }
            }
            addResponders(h, random, node, responders++);
        }
        for (final NodeModel node : nodes)
        {
            if (node.isSwitch() && !node.children().isEmpty() && random.nextInt(4) != 0)
            {
                h.jumpTo(node, node.children().get(random.nextInt(node.children().size())));
            }
        }
        return h;
    }

    private static void addResponders(final Hierarchy h, final Random random, final NodeModel node, final int name)
    {
        for (int r = random.nextInt(3); r > 0; r--)
        {
            h.addResponder(node, "r" + name + "." + r, NOOP, random.nextInt(3) == 0 ? 1L << random.nextInt(3) :
                Tag.EVERYTHING, random.nextInt(4) != 0, false, random.nextInt(8) != 0);
        }
    }

    /** Recipients as {@code responder << 32 | hop}, hop-limit drops as {@code ~(node << 32 | hop)}. */
    private static RoutingWalk.Sink recorder(final List<Long> events)
    {
        return new RoutingWalk.Sink()
        {
            public void onRecipient(final int responder, final int hop)
            {
                events.add((long)responder << 32 | hop);
            }

            public void onHopLimit(final int node, final int hop)
            {
                events.add(~((long)node << 32 | hop));
            }
        };
    }

    /**
     * The walk as it was before it kept an explicit stack: one recursive call per level, over the same snapshot
     * arrays, with the same marks and the same order of routes.
     */
    private static final class Reference
    {
        private final RoutingSnapshot s;
        private final int hopLimit;
        private final boolean[] selfMark;
        private final boolean[] childMark;
        private final boolean[] descendantMark;
        private final boolean[] ancestorMark;
        private List<Long> events;
        private long tags;
        private boolean activeOnly;
        private boolean selectedOnly;

        Reference(final RoutingSnapshot s, final int hopLimit)
        {
            this.s = s;
            this.hopLimit = hopLimit;
            selfMark = new boolean[s.nodeCount()];
            childMark = new boolean[s.nodeCount()];
            descendantMark = new boolean[s.nodeCount()];
            ancestorMark = new boolean[s.nodeCount()];
        }

        List<Long> route(
            final int sender, final int level, final long tags, final boolean activeOnly, final boolean selectedOnly)
        {
            events = new ArrayList<>();
            this.tags = tags;
            this.activeOnly = activeOnly;
            this.selectedOnly = selectedOnly;
            java.util.Arrays.fill(selfMark, false);
            java.util.Arrays.fill(childMark, false);
            java.util.Arrays.fill(descendantMark, false);
            java.util.Arrays.fill(ancestorMark, false);
            final int[] parentStart = s.parentStart();
            final int[] parentIds = s.parentIds();
            final int[] childStart = s.childStart();
            final int[] childIds = s.childIds();

            if ((level & Level.SELF_AND_CHILDREN) != 0)
            {
                walkTable(sender, level & Level.SELF_AND_CHILDREN, 0);
            }
            selfMark[sender] = true;
            childMark[sender] = true;
            if ((level & Level.SIBLINGS) != 0)
            {
                for (int p = parentStart[sender]; p < parentStart[sender + 1]; p++)
                {
                    final int parent = parentIds[p];
                    for (int c = childStart[parent]; c < childStart[parent + 1]; c++)
                    {
                        if (childIds[c] != sender)
                        {
                            enter(childIds[c], Level.SELF_AND_CHILDREN, 2);
                        }
                    }
                }
            }
            if ((level & Level.COUSINS) != 0)
            {
                for (int p = parentStart[sender]; p < parentStart[sender + 1]; p++)
                {
                    final int parent = parentIds[p];
                    for (int g = parentStart[parent]; g < parentStart[parent + 1]; g++)
                    {
                        final int grandparent = parentIds[g];
                        for (int u = childStart[grandparent]; u < childStart[grandparent + 1]; u++)
                        {
                            final int uncle = childIds[u];
                            if (uncle == parent)
                            {
                                continue;
                            }
                            for (int c = childStart[uncle]; c < childStart[uncle + 1]; c++)
                            {
                                if (childIds[c] != sender)
                                {
                                    enter(childIds[c], Level.SELF_AND_CHILDREN, 4);
                                }
                            }
                        }
                    }
                }
            }
            if ((level & Level.DESCENDANTS) != 0)
            {
                descendantMark[sender] = true;
                routeDescendants(sender, 0);
            }
            if ((level & Level.ANCESTORS) != 0)
            {
                ancestorMark[sender] = true;
                routeAncestors(sender, 0);
            }
            if ((level & Level.PARENT) != 0)
            {
                for (int p = parentStart[sender]; p < parentStart[sender + 1]; p++)
                {
                    if (hopLimit != 0 && 1 >= hopLimit)
                    {
                        events.add(~((long)parentIds[p] << 32 | 1));
                        continue;
                    }
                    deliverSelf(parentIds[p], 1);
                }
            }
            return events;
        }

        private void walkTable(final int node, final int mode, final int hop)
        {
            final boolean self = (mode & Level.SELF) != 0 && !selfMark[node];
            final boolean child = (mode & Level.CHILD) != 0 && !childMark[node];
            if (!self && !child)
            {
                return;
            }
            selfMark[node] |= self;
            childMark[node] |= child;
            for (int i = s.tableStart()[node]; i < s.tableStart()[node + 1]; i++)
            {
                final int level = s.itemLevel()[i];
                if (level == Level.SELF)
                {
                    if (self)
                    {
                        deliver(s.itemTarget()[i], hop);
                    }
                }
                else if (level == Level.CHILD && child)
                {
                    final int target = s.itemTarget()[i];
                    if (passesEdge(node, target))
                    {
                        enter(target, Level.SELF_AND_CHILDREN, hop + 1);
                    }
                }
            }
        }

        private void enter(final int node, final int mode, final int hop)
        {
            if (((mode & Level.SELF) == 0 || selfMark[node]) && ((mode & Level.CHILD) == 0 || childMark[node]))
            {
                return;
            }
            if (hopLimit != 0 && hop >= hopLimit)
            {
                events.add(~((long)node << 32 | hop));
                return;
            }
            walkTable(node, mode, hop);
        }

        private boolean passesEdge(final int parent, final int child)
        {
            if (!Tag.passes(s.nodeChecksTags()[child], s.nodeTags()[child], tags))
            {
                return false;
            }
            if (activeOnly && !s.nodeActive()[child])
            {
                return false;
            }
            return !selectedOnly || !s.nodeIsSwitch()[parent] || s.currentState()[parent] == child;
        }

        private void deliver(final int responder, final int hop)
        {
            final int flags = s.responderFlags()[responder];
            if (!Tag.passes((flags & RoutingSnapshot.CHECKS_TAGS) != 0, s.responderTags()[responder], tags))
            {
                return;
            }
            if (activeOnly && (flags & RoutingSnapshot.ACTIVE) == 0)
            {
                return;
            }
            if (selectedOnly && (flags & RoutingSnapshot.ON_SWITCH) != 0)
            {
                return;
            }
            events.add((long)responder << 32 | hop);
        }

        private void deliverSelf(final int node, final int hop)
        {
            if (selfMark[node])
            {
                return;
            }
            selfMark[node] = true;
            for (int i = s.tableStart()[node]; i < s.tableStart()[node + 1]; i++)
            {
                if (s.itemLevel()[i] == Level.SELF)
                {
                    deliver(s.itemTarget()[i], hop);
                }
            }
        }

        private void routeDescendants(final int node, final int hop)
        {
            final int[] childStart = s.childStart();
            for (int c = childStart[node]; c < childStart[node + 1]; c++)
            {
                final int child = s.childIds()[c];
                if (descendantMark[child])
                {
                    continue;
                }
                if (selectedOnly && s.nodeIsSwitch()[node] && s.currentState()[node] != child)
                {
                    continue;
                }
                if (hopLimit != 0 && hop + 1 >= hopLimit)
                {
                    events.add(~((long)child << 32 | (hop + 1)));
                    continue;
                }
                descendantMark[child] = true;
                deliverSelf(child, hop + 1);
                routeDescendants(child, hop + 1);
            }
        }

        private void routeAncestors(final int node, final int hop)
        {
            final int[] parentStart = s.parentStart();
            for (int p = parentStart[node]; p < parentStart[node + 1]; p++)
            {
                final int parent = s.parentIds()[p];
                if (ancestorMark[parent])
                {
                    continue;
                }
                if (hopLimit != 0 && hop + 1 >= hopLimit)
                {
                    events.add(~((long)parent << 32 | (hop + 1)));
                    continue;
                }
                ancestorMark[parent] = true;
                deliverSelf(parent, hop + 1);
                routeAncestors(parent, hop + 1);
            }
        }
    }
}
