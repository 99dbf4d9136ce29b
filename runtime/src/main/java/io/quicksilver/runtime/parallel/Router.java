package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

import java.util.Arrays;

/**
 * Which responders a message reaches, in which order: the single-threaded dispatcher's routing meaning (Mercury's
 * depth-first walk over the routing tables, then lateral, descendants, ancestors and parent routes, each node's
 * responders once per message), computed over a {@link RoutingSnapshot} without delivering anything.
 * <p>
 * The walk mirrors {@code SingleThreadedDispatcher}'s, whose code is private to its package; a differential test
 * ({@code ParallelDifferentialTest}) holds the two to the same recipients. What it leaves out: the handled flag
 * (checked by the caller at delivery), the custom level (refused at send in parallel mode) and lateral options
 * (the sender strips lateral bits it may not use).
 * <p>
 * One router per thread: the visit marks are scratch state. Routing allocates nothing.
 */
final class Router
{
    private static final int LATERAL = Level.SIBLINGS | Level.COUSINS;
    private static final int SELF = Level.SELF;
    private static final int CHILD = Level.CHILD;
    private static final int SELF_AND_CHILDREN = Level.SELF_AND_CHILDREN;

    private final int hopLimit;

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
    private int[] selfMark = new int[0];
    private int[] childMark = new int[0];
    private int[] descendantMark = new int[0];
    private int[] ancestorMark = new int[0];

    // The message being routed.
    private RecipientSink sink;
    private long tags;
    private boolean activeOnly;
    private boolean selectedOnly;

    private long hopLimitDrops;

    Router(final int hopLimit)
    {
        this.hopLimit = hopLimit;
    }

    void install(final RoutingSnapshot snapshot)
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

    int nodeCount()
    {
        return nodeCount;
    }

    long hopLimitDrops()
    {
        return hopLimitDrops;
    }

    /**
     * Route one message.
     *
     * @param sender       sending node id, inside the installed snapshot.
     * @param level        level filter, lateral bits already cleared unless allowed, no custom bit.
     * @param tags         message tags.
     * @param activeOnly   active filter.
     * @param selectedOnly selected filter.
     * @param sink         told each recipient in order.
     */
    void route(
        final int sender,
        final int level,
        final long tags,
        final boolean activeOnly,
        final boolean selectedOnly,
        final RecipientSink sink)
    {
        this.sink = sink;
        this.tags = tags;
        this.activeOnly = activeOnly;
        this.selectedOnly = selectedOnly;
        nextEpoch();
        final int epoch = this.epoch;
        try
        {
            if ((level & SELF_AND_CHILDREN) != 0)
            {
                walkTable(sender, level & SELF_AND_CHILDREN, 0);
            }
            selfMark[sender] = epoch;
            childMark[sender] = epoch;
            if ((level & LATERAL) != 0)
            {
                routeLateral(sender, level);
            }
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
        finally
        {
            this.sink = null;
        }
    }

    private void nextEpoch()
    {
        if (++epoch == 0)
        {
            Arrays.fill(selfMark, 0);
            Arrays.fill(childMark, 0);
            Arrays.fill(descendantMark, 0);
            Arrays.fill(ancestorMark, 0);
            epoch = 1;
        }
    }

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
                    deliver(itemTarget[i]);
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

    private void enter(final int node, final int mode, final int hop)
    {
        final int epoch = this.epoch;
        if (((mode & SELF) == 0 || selfMark[node] == epoch) && ((mode & CHILD) == 0 || childMark[node] == epoch))
        {
            return;
        }
        if (hopLimit != 0 && hop >= hopLimit)
        {
            hopLimitDrops++;
            return;
        }
        walkTable(node, mode, hop);
    }

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

    private void deliverSelf(final int node)
    {
        if (selfMark[node] == epoch)
        {
            return;
        }
        selfMark[node] = epoch;
        final byte[] itemLevel = this.itemLevel;
        for (int i = tableStart[node], end = tableStart[node + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF)
            {
                deliver(itemTarget[i]);
            }
        }
    }

    private void deliver(final int responder)
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
        sink.onRecipient(responder);
    }

    private void routeLateral(final int sender, final int level)
    {
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
                hopLimitDrops++;
                continue;
            }
            descendantMark[child] = epoch;
            deliverSelf(child);
            routeDescendants(child, next);
        }
    }

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
                hopLimitDrops++;
                continue;
            }
            ancestorMark[parent] = epoch;
            deliverSelf(parent);
            routeAncestors(parent, next);
        }
    }

    private void routeParents(final int sender)
    {
        for (int p = parentStart[sender], end = parentStart[sender + 1]; p < end; p++)
        {
            final int parent = parentIds[p];
            if (hopLimit != 0 && 1 >= hopLimit)
            {
                hopLimitDrops++;
                continue;
            }
            deliverSelf(parent);
        }
    }
}
