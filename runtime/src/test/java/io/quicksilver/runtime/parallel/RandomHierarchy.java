package io.quicksilver.runtime.parallel;

import io.quicksilver.ActiveFilter;
import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.SelectedFilter;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.ResponderModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * A random relay-node tree for the parallel tests: depth up to a limit, tagged and inactive nodes and responders,
 * switch nodes with a current state. Responders are numbered in creation order (their receiver id).
 */
final class RandomHierarchy
{
    /** The metadata the tests send with: every level the parallel dispatcher routes, with and without filters. */
    static final Metadata[] PALETTE =
    {
        Metadata.DEFAULT,
        Metadata.SELF,
        Metadata.CHILD,
        Metadata.of(Level.SELF_AND_DESCENDANTS),
        Metadata.of(Level.SELF_AND_ANCESTORS),
        Metadata.of(Level.SELF_AND_PARENTS),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_0),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_1 | Tag.TAG_2),
        Metadata.DEFAULT.withActive(ActiveFilter.ALL),
        Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED),
        Metadata.of(Level.SELF_AND_DESCENDANTS).withSelected(SelectedFilter.SELECTED).withActive(ActiveFilter.ALL),
    };

    final List<NodeModel> nodes = new ArrayList<>();
    final List<ResponderModel> responders = new ArrayList<>();

    /**
     * @param h          hierarchy to fill.
     * @param random     source of the shape.
     * @param responders how many responders.
     * @param maxDepth   deepest level (root is 0).
     * @param handlers   the handler of the responder with each creation id.
     */
    RandomHierarchy(
        final Hierarchy h, final Random random, final int responders, final int maxDepth,
        final IntFunction<io.quicksilver.Responder> handlers)
    {
        final int nodeCount = Math.max(1, responders / 2);
        final int[] depth = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            final boolean isSwitch = i > 0 && random.nextInt(20) == 0;
            final NodeModel node = h.createNode("n" + i, isSwitch);
            nodes.add(node);
            if (i > 0)
            {
                int parent;
                do
                {
                    parent = random.nextInt(i);
                }
                while (depth[parent] >= maxDepth);
                depth[i] = depth[parent] + 1;
                h.link(nodes.get(parent), node);
                if (random.nextInt(5) == 0)
                {
                    h.setTags(node, 1L << random.nextInt(3));
                }
                if (random.nextInt(20) == 0)
                {
                    h.setActive(node, false);
                }
            }
        }
        for (final NodeModel node : nodes)
        {
            if (node.isSwitch() && !node.children().isEmpty())
            {
                h.jumpTo(node, node.children().get(random.nextInt(node.children().size())));
            }
        }
        for (int r = 0; r < responders; r++)
        {
            final NodeModel node = nodes.get(random.nextInt(nodeCount));
            final long tags = random.nextInt(3) == 0 ? 1L << random.nextInt(3) : Tag.EVERYTHING;
            this.responders.add(h.addResponder(node, "r" + r, handlers.apply(r), tags, true, false,
                random.nextInt(20) != 0));
        }
    }

    /**
     * @return for each responder index of the snapshot, its creation id.
     */
    int[] receiverIds(final RoutingSnapshot snapshot)
    {
        final IdentityHashMap<ResponderModel, Integer> ids = new IdentityHashMap<>();
        for (int r = 0; r < responders.size(); r++)
        {
            ids.put(responders.get(r), r);
        }
        final int[] map = new int[snapshot.responderCount()];
        for (int i = 0; i < map.length; i++)
        {
            map[i] = ids.get(snapshot.responders()[i]);
        }
        return map;
    }
}
