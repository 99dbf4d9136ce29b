package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;
import io.quicksilver.Responder;

import java.util.ArrayList;
import java.util.List;

/**
 * The hierarchy compiled for the single-threaded walk: every routing table, child list and parent list flattened
 * into int arrays (compressed-row form, indexed by node id), and every responder's properties in parallel arrays.
 * <p>
 * Built at the safe point by {@link Hierarchy#compile()} and never changed afterwards, so a dispatch, however deeply
 * nested, routes with one consistent shape while handlers change the model. A walk over these arrays allocates
 * nothing.
 */
public final class RoutingSnapshot
{
    /** Responder flag: the tag check applies. */
    public static final byte CHECKS_TAGS = 1;
    /** Responder flag: active, and its node active in the hierarchy. */
    public static final byte ACTIVE = 1 << 1;
    /** Responder flag: still delivered once the message is handled. */
    public static final byte RECEIVES_HANDLED = 1 << 2;
    /** Responder flag: registered on a switch node (the selected filter excludes it). */
    public static final byte ON_SWITCH = 1 << 3;

    /** Value of {@link #currentState()} for a node that is not a switch node or has no current state. */
    public static final int NO_STATE = -1;

    private final long version;
    private final long structureVersion;
    private final int nodeCount;
    private final int responderCount;
    private final NodeModel[] nodes;
    private final long[] nodeTags;
    private final boolean[] nodeChecksTags;
    private final boolean[] nodeActive;
    private final boolean[] nodeIsSwitch;
    private final int[] currentState;
    private final int[] tableStart;
    private final byte[] itemLevel;
    private final int[] itemTarget;
    private final int[] childStart;
    private final int[] childIds;
    private final int[] parentStart;
    private final int[] parentIds;
    private final Responder[] handlers;
    private final ResponderModel[] responders;
    private final long[] responderTags;
    private final byte[] responderFlags;
    private final int[] responderNode;
    // Built on first use: single-threaded mode asks for it only to name a recorded event's position. Racing builders
    // build equal orders; DepthFirstOrder's fields are final, so any thread that reads this field sees a whole one.
    private DepthFirstOrder depthFirstOrder;

    private RoutingSnapshot(
        final long version, final long structureVersion, final List<NodeModel> model, final int responderCapacity)
    {
        this.version = version;
        this.structureVersion = structureVersion;
        nodeCount = model.size();
        nodes = model.toArray(new NodeModel[0]);
        nodeTags = new long[nodeCount];
        nodeChecksTags = new boolean[nodeCount];
        nodeActive = new boolean[nodeCount];
        nodeIsSwitch = new boolean[nodeCount];
        currentState = new int[nodeCount];
        tableStart = new int[nodeCount + 1];
        childStart = new int[nodeCount + 1];
        parentStart = new int[nodeCount + 1];

        int items = 0;
        int links = 0;
        for (final NodeModel n : nodes)
        {
            items += n.table.size();
            links += n.children.size();
        }
        itemLevel = new byte[items];
        itemTarget = new int[items];
        childIds = new int[links];
        parentIds = new int[links];

        final ArrayList<ResponderModel> registered = new ArrayList<>(responderCapacity);
        int item = 0;
        int child = 0;
        int parent = 0;
        for (int id = 0; id < nodeCount; id++)
        {
            final NodeModel n = nodes[id];
            nodeTags[id] = n.tags;
            nodeChecksTags[id] = n.checksTags;
            nodeIsSwitch[id] = n.isSwitch;
            currentState[id] = n.isSwitch && n.current != null ? n.current.id : NO_STATE;

            tableStart[id] = item;
            for (final TableItem t : n.table)
            {
                itemLevel[item] = (byte)t.level;
                if (t.level == Level.SELF)
                {
                    itemTarget[item] = registered.size();
                    registered.add(t.responder);
                }
                else
                {
                    itemTarget[item] = t.node.id;
                }
                item++;
            }

            childStart[id] = child;
            for (final TableItem t : n.table)
            {
                if (t.level == Level.CHILD)
                {
                    childIds[child++] = t.node.id;
                }
            }

            parentStart[id] = parent;
            for (final NodeModel p : n.parents)
            {
                parentIds[parent++] = p.id;
            }
        }
        tableStart[nodeCount] = item;
        childStart[nodeCount] = child;
        parentStart[nodeCount] = parent;

        computeActiveInHierarchy();

        responderCount = registered.size();
        responders = registered.toArray(new ResponderModel[0]);
        handlers = new Responder[responderCount];
        responderTags = new long[responderCount];
        responderFlags = new byte[responderCount];
        responderNode = new int[responderCount];
        for (int r = 0; r < responderCount; r++)
        {
            final ResponderModel m = responders[r];
            handlers[r] = m.handler;
            responderTags[r] = m.tags;
            responderNode[r] = m.node.id;
            byte flags = 0;
            if (m.checksTags)
            {
                flags |= CHECKS_TAGS;
            }
            if (m.active && nodeActive[m.node.id])
            {
                flags |= ACTIVE;
            }
            if (m.receiveHandled)
            {
                flags |= RECEIVES_HANDLED;
            }
            if (m.node.isSwitch)
            {
                flags |= ON_SWITCH;
            }
            responderFlags[r] = flags;
        }
    }

    /**
     * Unity's {@code activeInHierarchy} over a DAG: a node is active when its own flag is set and every parent is
     * active. Evaluated in topological order (Kahn), without recursion, so a deep chain cannot overflow the stack.
     */
    private void computeActiveInHierarchy()
    {
        final int[] pendingParents = new int[nodeCount];
        final int[] queue = new int[nodeCount];
        int head = 0;
        int tail = 0;
        for (int id = 0; id < nodeCount; id++)
        {
            nodeActive[id] = nodes[id].active;
            pendingParents[id] = parentStart[id + 1] - parentStart[id];
            if (pendingParents[id] == 0)
            {
                queue[tail++] = id;
            }
        }
        while (head < tail)
        {
            final int id = queue[head++];
            for (int c = childStart[id], end = childStart[id + 1]; c < end; c++)
            {
                final int childId = childIds[c];
                if (!nodeActive[id])
                {
                    nodeActive[childId] = false;
                }
                if (--pendingParents[childId] == 0)
                {
                    queue[tail++] = childId;
                }
            }
        }
    }

    static RoutingSnapshot compile(
        final List<NodeModel> nodes, final int responderCount, final long version, final long structureVersion)
    {
        return new RoutingSnapshot(version, structureVersion, nodes, responderCount);
    }

    /**
     * @return the hierarchy's compilation number this snapshot came from.
     */
    public long version()
    {
        return version;
    }

    /**
     * @return the hierarchy's structure version this snapshot was compiled at (see
     * {@link Hierarchy#structureVersion()}): two snapshots with the same one differ only in flags, tags and states.
     */
    public long structureVersion()
    {
        return structureVersion;
    }

    /**
     * @return the snapshot's depth-first numbering of nodes and responders, built once.
     */
    public DepthFirstOrder depthFirstOrder()
    {
        DepthFirstOrder order = depthFirstOrder;
        if (order == null)
        {
            order = new DepthFirstOrder(this);
            depthFirstOrder = order;
        }
        return order;
    }

    /**
     * @return number of nodes (ids are {@code 0..nodeCount-1}).
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @return number of registered responders (indices are {@code 0..responderCount-1}).
     */
    public int responderCount()
    {
        return responderCount;
    }

    /**
     * @return the model node of each id.
     */
    public NodeModel[] nodes()
    {
        return nodes;
    }

    /**
     * @return tag mask of each node.
     */
    public long[] nodeTags()
    {
        return nodeTags;
    }

    /**
     * @return whether each node's tag gates its subtree.
     */
    public boolean[] nodeChecksTags()
    {
        return nodeChecksTags;
    }

    /**
     * @return whether each node is active in the hierarchy (its flag and every ancestor's).
     */
    public boolean[] nodeActive()
    {
        return nodeActive;
    }

    /**
     * @return whether each node is a switch node.
     */
    public boolean[] nodeIsSwitch()
    {
        return nodeIsSwitch;
    }

    /**
     * @return each switch node's current state id, {@link #NO_STATE} otherwise.
     */
    public int[] currentState()
    {
        return currentState;
    }

    /**
     * @return start of each node's routing table in {@link #itemLevel()} and {@link #itemTarget()}; entry
     * {@code nodeCount} is the end of the last.
     */
    public int[] tableStart()
    {
        return tableStart;
    }

    /**
     * @return level of each routing table item: {@link Level#SELF}, {@link Level#CHILD} or {@link Level#PARENT}.
     */
    public byte[] itemLevel()
    {
        return itemLevel;
    }

    /**
     * @return target of each item: a responder index for {@code SELF}, a node id otherwise.
     */
    public int[] itemTarget()
    {
        return itemTarget;
    }

    /**
     * @return start of each node's children in {@link #childIds()}, in routing-table order.
     */
    public int[] childStart()
    {
        return childStart;
    }

    /**
     * @return child ids, grouped by parent.
     */
    public int[] childIds()
    {
        return childIds;
    }

    /**
     * @return start of each node's parents in {@link #parentIds()}, in the order they were linked.
     */
    public int[] parentStart()
    {
        return parentStart;
    }

    /**
     * @return parent ids, grouped by child.
     */
    public int[] parentIds()
    {
        return parentIds;
    }

    /**
     * @return handler of each responder.
     */
    public Responder[] handlers()
    {
        return handlers;
    }

    /**
     * @return model of each responder.
     */
    public ResponderModel[] responders()
    {
        return responders;
    }

    /**
     * @return tag mask of each responder.
     */
    public long[] responderTags()
    {
        return responderTags;
    }

    /**
     * @return flags of each responder: {@link #CHECKS_TAGS}, {@link #ACTIVE}, {@link #RECEIVES_HANDLED},
     * {@link #ON_SWITCH}.
     */
    public byte[] responderFlags()
    {
        return responderFlags;
    }

    /**
     * @return node id of each responder.
     */
    public int[] responderNode()
    {
        return responderNode;
    }

    @Override
    public String toString()
    {
        return "RoutingSnapshot{version=" + version + ", nodes=" + nodeCount + ", responders=" + responderCount + '}';
    }
}
