package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.DepthFirstOrder;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.simd.ResponderTable;

/**
 * What a worker needs to route a {@code SELF_AND_CHILDREN} message with the simd kernels instead of walking the
 * hierarchy: the responders as a {@link ResponderTable} in depth-first order, and for each node the interval of
 * depth-first positions its walk reaches, whether that interval is exact, and the gate nodes inside it.
 * <p>
 * <b>Exact.</b> A node's interval is exact when the routing walk from it reaches every responder of the interval once
 * and nothing else: no routing-table item inside leads to a node or responder already placed elsewhere (a DAG or a
 * responder listed twice), and the walk is shallower than the hop limit ({@link #height}). Messages from other nodes
 * take the scalar walk ({@link Router}).
 * <p>
 * <b>Gates</b> are the relay nodes whose own state decides for their whole subtree: a node that checks tags, an
 * inactive node, a switch node. The kernel decides per responder (tags, active, selected flags); the worker then
 * clears the interval of each gate the message does not pass, which is exactly what the walk would not enter. Gates
 * are kept in walk (pre-)order, so a node's gates are one run {@code [gateFrom, gateTo)}.
 * <p>
 * Immutable once built; built with the layout, shared read-only by every worker.
 */
final class KernelRoutes
{
    final ResponderTable table;
    final int[] from;
    final int[] to;
    // Per node, the depth-first positions [ownFrom, ownTo) that span its own responders (other nodes' may lie between
    // them): a SELF message reaches nothing outside it, so a worker owning none of it can skip the message.
    final int[] ownFrom;
    final int[] ownTo;
    final int[] height;
    final boolean[] exact;
    final int[] gates;
    final int[] gateFrom;
    final int[] gateTo;
    // Per node, whether any gate of its run can close an interval for some message: one that checks tags (other
    // than the node itself), one inactive (other than itself), a switch (itself included). A message none of them can
    // affect skips the gate scan: with every node checking tags by default, that scan was a tenth of a fan-out
    // worker's time for messages carrying every tag.
    private final boolean[] gatesCheckTags;
    private final boolean[] gatesInactive;
    private final boolean[] gatesSwitch;

    private final long[] nodeTags;
    private final boolean[] nodeChecksTags;
    private final boolean[] nodeActive;
    private final boolean[] nodeIsSwitch;
    private final int[] currentState;
    private final int[] tableStart;
    private final byte[] itemLevel;
    private final int[] itemTarget;

    private KernelRoutes(final RoutingSnapshot snapshot)
    {
        final DepthFirstOrder order = snapshot.depthFirstOrder();
        final int nodes = snapshot.nodeCount();
        final int responders = order.responderCount();
        nodeTags = snapshot.nodeTags();
        nodeChecksTags = snapshot.nodeChecksTags();
        nodeActive = snapshot.nodeActive();
        nodeIsSwitch = snapshot.nodeIsSwitch();
        currentState = snapshot.currentState();
        tableStart = snapshot.tableStart();
        itemLevel = snapshot.itemLevel();
        itemTarget = snapshot.itemTarget();

        table = new ResponderTable(responders);
        final long[] responderTags = snapshot.responderTags();
        final byte[] flags = snapshot.responderFlags();
        for (int pos = 0; pos < responders; pos++)
        {
            final int r = order.responderAt(pos);
            final int f = flags[r];
            table.add(responderTags[r],
                ((f & RoutingSnapshot.CHECKS_TAGS) != 0 ? ResponderTable.CHECKS_TAGS : 0) |
                ((f & RoutingSnapshot.ACTIVE) != 0 ? ResponderTable.ACTIVE : 0) |
                ((f & RoutingSnapshot.ON_SWITCH) == 0 ? ResponderTable.SELECTED : 0) |
                ((f & RoutingSnapshot.RECEIVES_HANDLED) != 0 ? ResponderTable.RECEIVES_HANDLED : 0));
        }

        from = new int[nodes];
        ownFrom = new int[nodes];
        ownTo = new int[nodes];
        final int[] responderNode = snapshot.responderNode();
        for (int pos = responders - 1; pos >= 0; pos--)
        {
            final int node = responderNode[order.responderAt(pos)];
            if (ownTo[node] == 0)
            {
                ownTo[node] = pos + 1;
            }
            ownFrom[node] = pos;
        }
        to = new int[nodes];
        height = new int[nodes];
        exact = new boolean[nodes];
        gateFrom = new int[nodes];
        gateTo = new int[nodes];
        gatesCheckTags = new boolean[nodes];
        gatesInactive = new boolean[nodes];
        gatesSwitch = new boolean[nodes];

        // Gates in walk pre-order; gatesBefore[k] counts those among the first k nodes numbered, so a node's run is
        // [gatesBefore[its number], gatesBefore[the end of its subtree's numbers]).
        final int[] gatesBefore = new int[nodes + 1];
        final int[] gateList = new int[nodes];
        int gateCount = 0;
        for (int number = 0; number < nodes; number++)
        {
            final int node = order.nodeAt(number);
            gatesBefore[number] = gateCount;
            if (nodeChecksTags[node] || !nodeActive[node] || nodeIsSwitch[node])
            {
                gateList[gateCount++] = node;
            }
        }
        gatesBefore[nodes] = gateCount;
        gates = java.util.Arrays.copyOf(gateList, gateCount);

        for (int node = 0; node < nodes; node++)
        {
            from[node] = order.responderFrom(node);
            to[node] = order.responderTo(node);
            gateFrom[node] = gatesBefore[order.nodeNumber(node)];
            gateTo[node] = gatesBefore[order.nodeEnd(node)];
            // A child numbered under another parent puts responders this walk reaches outside the interval.
            exact[node] = !order.isCrossLinked(node);
            gatesSwitch[node] = nodeIsSwitch[node];
        }
        // Children are numbered after their tree parent, so in reverse order each node's summary is complete when it
        // is folded into its parent's: linear, where scanning every node's run of gates cost the sum of the runs
        // (quadratic for a chain of gates).
        for (int number = nodes - 1; number >= 0; number--)
        {
            final int node = order.nodeAt(number);
            final int parent = order.treeParent(node);
            if (parent != DepthFirstOrder.NONE)
            {
                exact[parent] &= exact[node];
                height[parent] = Math.max(height[parent], height[node] + 1);
                gatesCheckTags[parent] |= nodeChecksTags[node] || gatesCheckTags[node];
                gatesInactive[parent] |= !nodeActive[node] || gatesInactive[node];
                gatesSwitch[parent] |= gatesSwitch[node];
            }
        }
    }

    static KernelRoutes build(final RoutingSnapshot snapshot)
    {
        return new KernelRoutes(snapshot);
    }

    /**
     * @param sender   sending node.
     * @param hopLimit the dispatcher's hop limit, 0 for none.
     * @return true when a {@code SELF_AND_CHILDREN} message from {@code sender} may be routed by interval.
     */
    boolean routesByInterval(final int sender, final int hopLimit)
    {
        return exact[sender] && (hopLimit == 0 || height[sender] < hopLimit);
    }

    /**
     * Tell {@code sink} each interval of depth-first positions, inside the sender's, that the walk would not enter
     * for a message with these filters: gates it fails (not the sender's own tags or activity, which the walk does
     * not check) and the unselected branches of switch nodes. Intervals come in pre-order; one nested in an
     * interval already told is skipped.
     */
    void forEachClosed(
        final int sender, final long tags, final boolean activeOnly, final boolean selectedOnly, final IntervalSink sink)
    {
        if ((tags == Tag.EVERYTHING || !gatesCheckTags[sender]) && (!activeOnly || !gatesInactive[sender]) &&
            (!selectedOnly || !gatesSwitch[sender]))
        {
            return;
        }
        int closedFrom = 0;
        int closedTo = 0;
        for (int g = gateFrom[sender], end = gateTo[sender]; g < end; g++)
        {
            final int gate = gates[g];
            if (from[gate] >= closedFrom && to[gate] <= closedTo && gate != sender)
            {
                continue;
            }
            if (gate != sender &&
                (!Tag.passes(nodeChecksTags[gate], nodeTags[gate], tags) || (activeOnly && !nodeActive[gate])))
            {
                closedFrom = from[gate];
                closedTo = to[gate];
                if (closedFrom < closedTo)
                {
                    sink.closed(closedFrom, closedTo);
                }
                continue;
            }
            if (selectedOnly && nodeIsSwitch[gate])
            {
                final int selected = currentState[gate];
                for (int i = tableStart[gate], iEnd = tableStart[gate + 1]; i < iEnd; i++)
                {
                    final int child = itemTarget[i];
                    if (itemLevel[i] == Level.CHILD && child != selected && from[child] < to[child])
                    {
                        sink.closed(from[child], to[child]);
                    }
                }
            }
        }
    }

    /**
     * Told an interval of depth-first positions to leave out.
     */
    @FunctionalInterface
    interface IntervalSink
    {
        void closed(int from, int to);
    }
}
