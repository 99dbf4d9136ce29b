package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;
import io.quicksilver.Tag;

import java.util.Arrays;

/**
 * Which responders a message reaches, in which order: Mercury's depth-first walk over the routing tables of a
 * {@link RoutingSnapshot}, then the lateral, descendants, ancestors and parent routes, each node's responders once
 * per message. Both dispatchers route through it, so the single-threaded and the parallel mode share one meaning;
 * docs/semantics.md states every rule.
 * <p>
 * The walk decides recipients and leaves delivery to its {@link Sink}: the handled flag, the custom level and the
 * lateral options belong to the dispatcher, which runs the routes one by one ({@link #routeTable},
 * {@link #routeLateral}, {@link #routeVertical}) where it needs to act between them, or all at once with
 * {@link #route}.
 * <p>
 * One walk per thread and per nesting depth: the visit marks are the state of the message being routed, so a send
 * made while delivering must route through another walk. Routing allocates nothing; the marks are epoch stamps, so
 * starting a message costs one increment, not a clear of every array.
 * <p>
 * Depth cannot overflow the thread's stack: the depth-first walks recurse, one call per level, only down to
 * {@link #RECURSION_DEPTH} hops (the common, shallow case, where the recursive loop is the fastest); below that they
 * go on in a loop that keeps its path in an explicit stack of arrays, grown by doubling (the only allocation, and
 * only when a walk goes deeper than any before it).
 */
public final class RoutingWalk
{
    /**
     * Told what the walk finds, in routing order.
     */
    public interface Sink
    {
        /**
         * One recipient that passed every filter of the routing meaning (level, tags, active, selected).
         *
         * @param responder index in the routing snapshot.
         * @param hop       relay hops from the sender to the responder's node along the path that reached it.
         */
        void onRecipient(int responder, int hop);

        /**
         * The hop limit stopped the message from entering a node; the walk goes on with the next one. May throw to
         * abandon the message (strict mode).
         *
         * @param node node id the message did not enter.
         * @param hop  hop count it would have entered at.
         */
        void onHopLimit(int node, int hop);
    }

    private static final int SELF = Level.SELF;
    private static final int CHILD = Level.CHILD;
    private static final int SELF_AND_CHILDREN = Level.SELF_AND_CHILDREN;

    /**
     * Hop count from which a depth-first walk stops recursing and goes on with the explicit stack: a route holds at
     * most this many levels of calls on the thread's stack. Above the default hop limit, so a walk that limit bounds
     * runs the recursive code only, as it did before the explicit stack.
     */
    static final int RECURSION_DEPTH = 64;
    private static final int INITIAL_STACK = 16;

    private final int hopLimit;
    private final Sink sink;

    // Compiled tables, copied from the snapshot so the walk reads fields, not getters.
    private long[] nodeTags;
    private boolean[] nodeChecksTags;
    private boolean[] nodeActive;
    private boolean[] nodeIsSwitch;
    private int[] currentState;
    private int[] tableStart;
    private byte[] itemLevel;
    private int[] itemTarget;
    private int[] childStart;
    private int[] childIds;
    private int[] parentStart;
    private int[] parentIds;
    private long[] responderTags;
    private byte[] responderFlags;
    private int nodeCount;

    private int epoch;
    /** The node's own responders have been delivered to. */
    private int[] selfMark = new int[0];
    /** The node has forwarded the message to its children. */
    private int[] childMark = new int[0];
    /** The node has been collected by the descendants route. */
    private int[] descendantMark = new int[0];
    /** The node has been collected by the ancestors route. */
    private int[] ancestorMark = new int[0];

    // The path of the deep part of a walk (past RECURSION_DEPTH), one entry per node above the one being walked: the
    // node, the next item (or child, or parent) to look at, and (routing tables only) what its visit opened, SELF and
    // CHILD bits. One deep part at a time: it does not recurse, and the routes run one after the other.
    private int[] stackNode = new int[INITIAL_STACK];
    private int[] stackNext = new int[INITIAL_STACK];
    private int[] stackOpen = new int[INITIAL_STACK];

    // The message being routed.
    private int sender;
    private long tags;
    private boolean activeOnly;
    private boolean selectedOnly;

    /**
     * A walk that reports to one sink.
     *
     * @param hopLimit most relay hops along one path, 0 for no limit.
     * @param sink     told each recipient and each hop-limit drop.
     */
    public RoutingWalk(final int hopLimit, final Sink sink)
    {
        if (hopLimit < 0)
        {
            throw new IllegalArgumentException("hopLimit must be >= 0 (0 = off): hopLimit=" + hopLimit);
        }
        if (sink == null)
        {
            throw new NullPointerException("sink must not be null");
        }
        this.hopLimit = hopLimit;
        this.sink = sink;
    }

    /**
     * Route over a new snapshot from the next message on; only between messages.
     *
     * @param snapshot compiled hierarchy.
     */
    public void install(final RoutingSnapshot snapshot)
    {
        nodeCount = snapshot.nodeCount();
        nodeTags = snapshot.nodeTags();
        nodeChecksTags = snapshot.nodeChecksTags();
        nodeActive = snapshot.nodeActive();
        nodeIsSwitch = snapshot.nodeIsSwitch();
        currentState = snapshot.currentState();
        tableStart = snapshot.tableStart();
        itemLevel = snapshot.itemLevel();
        itemTarget = snapshot.itemTarget();
        childStart = snapshot.childStart();
        childIds = snapshot.childIds();
        parentStart = snapshot.parentStart();
        parentIds = snapshot.parentIds();
        responderTags = snapshot.responderTags();
        responderFlags = snapshot.responderFlags();
        if (selfMark.length < nodeCount)
        {
            final int length = Math.max(nodeCount, selfMark.length * 2);
            selfMark = Arrays.copyOf(selfMark, length);
            childMark = Arrays.copyOf(childMark, length);
            descendantMark = Arrays.copyOf(descendantMark, length);
            ancestorMark = Arrays.copyOf(ancestorMark, length);
        }
    }

    /**
     * @return nodes in the installed snapshot; senders are below it.
     */
    public int nodeCount()
    {
        return nodeCount;
    }

    /**
     * @return the hop limit, 0 when off.
     */
    public int hopLimit()
    {
        return hopLimit;
    }

    /**
     * Route one message along every route its level asks for except {@link Level#CUSTOM}; the lateral bits must
     * already be cleared where the lateral options forbid them.
     *
     * @param sender       sending node id, inside the installed snapshot.
     * @param level        level filter.
     * @param tags         message tags.
     * @param activeOnly   active filter.
     * @param selectedOnly selected filter.
     */
    public void route(
        final int sender,
        final int level,
        final long tags,
        final boolean activeOnly,
        final boolean selectedOnly)
    {
        begin(sender, tags, activeOnly, selectedOnly);
        routeTable(level);
        routeLateral(level);
        routeVertical(level);
    }

    /**
     * Start a message: forget the marks of the last one. The routes follow, in order.
     *
     * @param sender       sending node id, inside the installed snapshot.
     * @param tags         message tags.
     * @param activeOnly   active filter.
     * @param selectedOnly selected filter.
     */
    public void begin(final int sender, final long tags, final boolean activeOnly, final boolean selectedOnly)
    {
        this.sender = sender;
        this.tags = tags;
        this.activeOnly = activeOnly;
        this.selectedOnly = selectedOnly;
        if (++epoch == 0)
        {
            // Wrapped after 2^32 messages through this walk: stale stamps could now match, so start clean.
            Arrays.fill(selfMark, 0);
            Arrays.fill(childMark, 0);
            Arrays.fill(descendantMark, 0);
            Arrays.fill(ancestorMark, 0);
            epoch = 1;
        }
    }

    /**
     * The sender's routing table for the {@link Level#SELF} and {@link Level#CHILD} bits of {@code level}, then the
     * sender closed to every later route.
     *
     * @param level level filter.
     */
    public void routeTable(final int level)
    {
        final int sender = this.sender;
        if ((level & SELF_AND_CHILDREN) != 0)
        {
            walkTable(sender, level & SELF_AND_CHILDREN, 0);
        }
        // No other route delivers the message back to its sender or forwards it through the sender again (possible
        // through a lateral route in a DAG): the sender's own responders receive only through SELF (or CUSTOM).
        selfMark[sender] = epoch;
        childMark[sender] = epoch;
    }

    /**
     * Siblings and cousins for the lateral bits of {@code level}, each entered as {@link Level#SELF_AND_CHILDREN}.
     *
     * @param level level filter.
     */
    public void routeLateral(final int level)
    {
        final int sender = this.sender;
        final int[] parentStart = this.parentStart;
        final int[] parentIds = this.parentIds;
        final int[] childStart = this.childStart;
        final int[] childIds = this.childIds;
        if ((level & Level.SIBLINGS) != 0)
        {
            for (int p = parentStart[sender], pEnd = parentStart[sender + 1]; p < pEnd; p++)
            {
                final int parent = parentIds[p];
                for (int c = childStart[parent], cEnd = childStart[parent + 1]; c < cEnd; c++)
                {
                    final int sibling = childIds[c];
                    if (sibling != sender)
                    {
                        enter(sibling, SELF_AND_CHILDREN, 2);
                    }
                }
            }
        }
        if ((level & Level.COUSINS) != 0)
        {
            for (int p = parentStart[sender], pEnd = parentStart[sender + 1]; p < pEnd; p++)
            {
                final int parent = parentIds[p];
                for (int g = parentStart[parent], gEnd = parentStart[parent + 1]; g < gEnd; g++)
                {
                    final int grandparent = parentIds[g];
                    for (int u = childStart[grandparent], uEnd = childStart[grandparent + 1]; u < uEnd; u++)
                    {
                        final int uncle = childIds[u];
                        if (uncle == parent)
                        {
                            continue;
                        }
                        for (int c = childStart[uncle], cEnd = childStart[uncle + 1]; c < cEnd; c++)
                        {
                            final int cousin = childIds[c];
                            if (cousin != sender)
                            {
                                enter(cousin, SELF_AND_CHILDREN, 4);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Descendants, ancestors and parents, in that order, for their bits of {@code level}.
     *
     * @param level level filter.
     */
    public void routeVertical(final int level)
    {
        final int sender = this.sender;
        if ((level & Level.DESCENDANTS) != 0)
        {
            descendantMark[sender] = epoch;
            routeDescendants(sender, 0);
        }
        if ((level & Level.ANCESTORS) != 0)
        {
            ancestorMark[sender] = epoch;
            routeAncestors(sender, 0);
        }
        if ((level & Level.PARENT) != 0)
        {
            routeParents(sender);
        }
    }

    /**
     * @param node node id.
     * @return whether the node's own responders have had the message already.
     */
    public boolean isSelfDelivered(final int node)
    {
        return selfMark[node] == epoch;
    }

    /**
     * The node's own responders, unless they have had the message already.
     *
     * @param node node id.
     * @param hop  hop count they receive it at.
     */
    public void deliverSelf(final int node, final int hop)
    {
        if (selfMark[node] == epoch)
        {
            return;
        }
        selfMark[node] = epoch;
        deliverResponders(node, hop);
    }

    /**
     * The node's own responders, in table order, whether or not they have had the message already.
     *
     * @param node node id.
     * @param hop  hop count they receive it at.
     */
    public void deliverResponders(final int node, final int hop)
    {
        final byte[] itemLevel = this.itemLevel;
        final int[] itemTarget = this.itemTarget;
        for (int i = tableStart[node], end = tableStart[node + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF)
            {
                deliver(itemTarget[i], hop);
            }
        }
    }

    /**
     * A node handles the message as Mercury's {@code MmInvoke} does: its routing table in order, its own responders
     * for SELF, each child that passes the edge checks as SELF_AND_CHILDREN for CHILD, walked completely before the
     * next item. Parent items are skipped: the parent route runs after the table.
     */
    private void walkTable(final int node, final int mode, final int hop)
    {
        final int epoch = this.epoch;
        final boolean self = (mode & SELF) != 0 && selfMark[node] != epoch;
        final boolean child = (mode & CHILD) != 0 && childMark[node] != epoch;
        if (!self && !child)
        {
            return;
        }
        if (self)
        {
            selfMark[node] = epoch;
        }
        if (child)
        {
            childMark[node] = epoch;
        }
        final byte[] itemLevel = this.itemLevel;
        final int[] itemTarget = this.itemTarget;
        for (int i = tableStart[node], end = tableStart[node + 1]; i < end; i++)
        {
            final int itemLevelI = itemLevel[i];
            if (itemLevelI == SELF)
            {
                if (self)
                {
                    deliver(itemTarget[i], hop);
                }
            }
            else if (itemLevelI == CHILD && child)
            {
                final int target = itemTarget[i];
                if (passesEdge(node, target))
                {
                    enter(target, SELF_AND_CHILDREN, hop + 1);
                }
            }
        }
    }

    /**
     * Enter a node for the bits of {@code mode} it has not had yet: by a recursive call down to
     * {@link #RECURSION_DEPTH}, on the explicit stack below.
     */
    private void enter(final int node, final int mode, final int hop)
    {
        final int epoch = this.epoch;
        if (((mode & SELF) == 0 || selfMark[node] == epoch) && ((mode & CHILD) == 0 || childMark[node] == epoch))
        {
            return;
        }
        if (hopLimit != 0 && hop >= hopLimit)
        {
            sink.onHopLimit(node, hop);
            return;
        }
        if (hop < RECURSION_DEPTH)
        {
            walkTable(node, mode, hop);
        }
        else
        {
            walkTableDeep(node, open(node, mode), hop);
        }
    }

    /**
     * {@link #walkTable} in one flat loop (an item, or a return to the node above, per turn) over the explicit
     * stack, for a node at {@link #RECURSION_DEPTH} hops or more: the same order, no call per level.
     *
     * @param start the node whose table is walked.
     * @param open  what its visit does: not 0.
     * @param hop   hop count of the start node; each level below is one more.
     */
    private void walkTableDeep(final int start, final int open, final int hop)
    {
        final byte[] itemLevel = this.itemLevel;
        final int[] itemTarget = this.itemTarget;
        final int[] tableStart = this.tableStart;
        int node = start;
        int visit = open;
        int i = tableStart[node];
        int end = tableStart[node + 1];
        int depth = 0;
        while (true)
        {
            if (i == end)
            {
                if (depth == 0)
                {
                    return;
                }
                depth--;
                node = stackNode[depth];
                i = stackNext[depth];
                visit = stackOpen[depth];
                end = tableStart[node + 1];
                continue;
            }
            final int item = i++;
            final int itemLevelI = itemLevel[item];
            if (itemLevelI == SELF)
            {
                if ((visit & SELF) != 0)
                {
                    deliver(itemTarget[item], hop + depth);
                }
            }
            else if (itemLevelI == CHILD && (visit & CHILD) != 0)
            {
                final int target = itemTarget[item];
                if (passesEdge(node, target))
                {
                    final int targetOpen = openChild(target, hop + depth + 1);
                    if (targetOpen != 0)
                    {
                        push(depth++, node, i, visit);
                        node = target;
                        visit = targetOpen;
                        i = tableStart[target];
                        end = tableStart[target + 1];
                    }
                }
            }
        }
    }

    /**
     * Open a visit of the node for the bits of {@code mode} it has not had yet, marking them.
     *
     * @return the SELF and CHILD bits the visit does, 0 when none.
     */
    private int open(final int node, final int mode)
    {
        final int epoch = this.epoch;
        int open = 0;
        if ((mode & SELF) != 0 && selfMark[node] != epoch)
        {
            selfMark[node] = epoch;
            open = SELF;
        }
        if ((mode & CHILD) != 0 && childMark[node] != epoch)
        {
            childMark[node] = epoch;
            open |= CHILD;
        }
        return open;
    }

    /**
     * Open a visit of a node entered as {@code SELF_AND_CHILDREN} at {@code hop}: nothing when it has had both
     * already, a hop-limit drop when the limit stops it, else the bits it has not had, marked.
     *
     * @return the SELF and CHILD bits the visit does, 0 when none.
     */
    private int openChild(final int node, final int hop)
    {
        final int epoch = this.epoch;
        final boolean self = selfMark[node] != epoch;
        final boolean child = childMark[node] != epoch;
        if (!self && !child)
        {
            return 0;
        }
        if (hopLimit != 0 && hop >= hopLimit)
        {
            sink.onHopLimit(node, hop);
            return 0;
        }
        int open = 0;
        if (self)
        {
            selfMark[node] = epoch;
            open = SELF;
        }
        if (child)
        {
            childMark[node] = epoch;
            open |= CHILD;
        }
        return open;
    }

    private void push(final int depth, final int node, final int next, final int open)
    {
        if (depth == stackNode.length)
        {
            growStack();
        }
        stackNode[depth] = node;
        stackNext[depth] = next;
        stackOpen[depth] = open;
    }

    private void growStack()
    {
        final int length = stackNode.length * 2;
        stackNode = Arrays.copyOf(stackNode, length);
        stackNext = Arrays.copyOf(stackNext, length);
        stackOpen = Arrays.copyOf(stackOpen, length);
    }

    /**
     * Mercury's checks on a child item of the parent's table: the child's tag gates its subtree, an inactive child
     * (or one below an inactive node) is skipped under the active filter, and a switch node lets only its current
     * state through under the selected filter.
     */
    private boolean passesEdge(final int parent, final int child)
    {
        if (!Tag.passes(nodeChecksTags[child], nodeTags[child], tags))
        {
            return false;
        }
        if (activeOnly && !nodeActive[child])
        {
            return false;
        }
        return !selectedOnly || !nodeIsSwitch[parent] || currentState[parent] == child;
    }

    private void deliver(final int responder, final int hop)
    {
        final int flags = responderFlags[responder];
        if (!Tag.passes((flags & RoutingSnapshot.CHECKS_TAGS) != 0, responderTags[responder], tags))
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
        sink.onRecipient(responder, hop);
    }

    /**
     * Every node below, in pre-order of the routing tables, each once, its own responders only. The hop count is the
     * node's depth below the sender along the path that reached it first. Recursive down to {@link #RECURSION_DEPTH},
     * on the explicit stack below.
     */
    private void routeDescendants(final int node, final int hop)
    {
        final int epoch = this.epoch;
        final int next = hop + 1;
        for (int c = childStart[node], end = childStart[node + 1]; c < end; c++)
        {
            final int child = childIds[c];
            if (descendantMark[child] == epoch)
            {
                continue;
            }
            if (selectedOnly && nodeIsSwitch[node] && currentState[node] != child)
            {
                continue;
            }
            if (hopLimit != 0 && next >= hopLimit)
            {
                sink.onHopLimit(child, next);
                continue;
            }
            descendantMark[child] = epoch;
            deliverSelf(child, next);
            if (next < RECURSION_DEPTH)
            {
                routeDescendants(child, next);
            }
            else
            {
                routeDescendantsDeep(child, next);
            }
        }
    }

    /**
     * {@link #routeDescendants} in one loop over the explicit stack.
     */
    private void routeDescendantsDeep(final int start, final int hop)
    {
        final int epoch = this.epoch;
        final int[] childStart = this.childStart;
        final int[] childIds = this.childIds;
        int node = start;
        int c = childStart[node];
        int end = childStart[node + 1];
        int depth = 0;
        while (true)
        {
            if (c == end)
            {
                if (depth == 0)
                {
                    return;
                }
                depth--;
                node = stackNode[depth];
                c = stackNext[depth];
                end = childStart[node + 1];
                continue;
            }
            final int child = childIds[c++];
            if (descendantMark[child] == epoch)
            {
                continue;
            }
            if (selectedOnly && nodeIsSwitch[node] && currentState[node] != child)
            {
                continue;
            }
            final int next = hop + depth + 1;
            if (hopLimit != 0 && next >= hopLimit)
            {
                sink.onHopLimit(child, next);
                continue;
            }
            descendantMark[child] = epoch;
            deliverSelf(child, next);
            if (childStart[child] != childStart[child + 1])
            {
                push(depth++, node, c, 0);
                node = child;
                c = childStart[child];
                end = childStart[child + 1];
            }
        }
    }

    /**
     * Every node above, in pre-order of the parent lists, each once, its own responders only. Recursive down to
     * {@link #RECURSION_DEPTH}, on the explicit stack above.
     */
    private void routeAncestors(final int node, final int hop)
    {
        final int epoch = this.epoch;
        final int next = hop + 1;
        for (int p = parentStart[node], end = parentStart[node + 1]; p < end; p++)
        {
            final int parent = parentIds[p];
            if (ancestorMark[parent] == epoch)
            {
                continue;
            }
            if (hopLimit != 0 && next >= hopLimit)
            {
                sink.onHopLimit(parent, next);
                continue;
            }
            ancestorMark[parent] = epoch;
            deliverSelf(parent, next);
            if (next < RECURSION_DEPTH)
            {
                routeAncestors(parent, next);
            }
            else
            {
                routeAncestorsDeep(parent, next);
            }
        }
    }

    /**
     * {@link #routeAncestors} in one loop over the explicit stack.
     */
    private void routeAncestorsDeep(final int start, final int hop)
    {
        final int epoch = this.epoch;
        final int[] parentStart = this.parentStart;
        final int[] parentIds = this.parentIds;
        int node = start;
        int p = parentStart[node];
        int end = parentStart[node + 1];
        int depth = 0;
        while (true)
        {
            if (p == end)
            {
                if (depth == 0)
                {
                    return;
                }
                depth--;
                node = stackNode[depth];
                p = stackNext[depth];
                end = parentStart[node + 1];
                continue;
            }
            final int parent = parentIds[p++];
            if (ancestorMark[parent] == epoch)
            {
                continue;
            }
            final int next = hop + depth + 1;
            if (hopLimit != 0 && next >= hopLimit)
            {
                sink.onHopLimit(parent, next);
                continue;
            }
            ancestorMark[parent] = epoch;
            deliverSelf(parent, next);
            if (parentStart[parent] != parentStart[parent + 1])
            {
                push(depth++, node, p, 0);
                node = parent;
                p = parentStart[parent];
                end = parentStart[parent + 1];
            }
        }
    }

    private void routeParents(final int sender)
    {
        for (int p = parentStart[sender], end = parentStart[sender + 1]; p < end; p++)
        {
            final int parent = parentIds[p];
            if (hopLimit != 0 && 1 >= hopLimit)
            {
                sink.onHopLimit(parent, 1);
                continue;
            }
            deliverSelf(parent, 1);
        }
    }
}
