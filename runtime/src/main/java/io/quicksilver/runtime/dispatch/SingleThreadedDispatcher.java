package io.quicksilver.runtime.dispatch;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.RelayNode;
import io.quicksilver.Responder;
import io.quicksilver.RoutingException;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.FlatRoutingTable;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Predicate;

import static io.quicksilver.runtime.message.MessageLayout.HOP_COUNT_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_VH;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Mercury's dispatch on the calling thread: synchronous, depth first, in routing-table order.
 * <p>
 * A send writes the message once, in place, into the slot of its nesting depth ({@link MessageWriter}), then walks
 * the compiled {@link RoutingSnapshot} and hands each receiver the slot's {@link MessageView}. Routes run in
 * Mercury's order: the sender's routing table (its own responders for {@link Level#SELF}, its children's subtrees
 * for {@link Level#CHILD}, interleaved as the table lists them), then siblings and cousins, descendants, ancestors,
 * parents, and the custom filter. docs/semantics.md states every rule.
 * <p>
 * A send allocates nothing: the walk reads int arrays, the visit marks are epoch stamps, the metadata is the
 * caller's immutable object, and the view is the frame's. Hierarchy changes made by handlers wait for the safe point,
 * where the next outermost send recompiles the snapshot.
 * <p>
 * Not thread-safe: the thread that sends is the thread that delivers.
 */
public final class SingleThreadedDispatcher
{
    /** Default most relay hops along one path (Mercury's {@code maxMessageHops}); 0 turns the limit off. */
    public static final int HOP_LIMIT_DEFAULT = 50;

    /** Default most sends nested inside handlers (each nested send uses the next frame). */
    public static final int MAX_NESTING_DEPTH_DEFAULT = 32;

    /** Default largest payload, in bytes. */
    public static final int MAX_PAYLOAD_DEFAULT = 4096 - MessageLayout.HEADER_LENGTH;

    private static final int LATERAL = Level.SIBLINGS | Level.COUSINS;
    private static final int SELF = Level.SELF;
    private static final int CHILD = Level.CHILD;
    private static final int SELF_AND_CHILDREN = Level.SELF_AND_CHILDREN;

    private final Hierarchy hierarchy;
    private final FailureSink failures;
    private final int hopLimit;
    private final boolean strict;
    private final int maxNestingDepth;
    private final SlotArena slots;
    private final MemorySegment segment;
    private final MessageWriter writer = new MessageWriter();
    private final DispatchFrame[] frames;

    private int depth;
    private long nextSequence;
    private boolean closed;

    // Compiled tables, copied from the snapshot so the walk reads fields, not getters.
    private RoutingSnapshot snapshot;
    private FlatRoutingTable flatTable;
    private NodeModel[] nodes;
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
    private Responder[] handlers;
    private long[] responderTags;
    private byte[] responderFlags;
    private int[] responderNode;

    // Counters: single-threaded, read by the owner thread.
    private long sends;
    private long deliveries;
    private long hopLimitDrops;
    private long lateralDrops;
    private long customDrops;
    private long networkOnlySends;
    private long responderErrors;

    /**
     * A dispatcher over a hierarchy, with its message slots in an arena.
     *
     * @param hierarchy       routed.
     * @param failures        where responder, listener and filter failures go.
     * @param arena           owning the message slots; closing it ends the dispatcher.
     * @param maxPayload      largest payload, in bytes.
     * @param maxNestingDepth most sends nested inside handlers, at least 1.
     * @param hopLimit        most relay hops along one path, 0 for no limit.
     * @param strict          whether drops throw {@link RoutingException} instead of being counted.
     */
    public SingleThreadedDispatcher(
        final Hierarchy hierarchy,
        final FailureSink failures,
        final Arena arena,
        final int maxPayload,
        final int maxNestingDepth,
        final int hopLimit,
        final boolean strict)
    {
        if (maxNestingDepth < 1 || maxNestingDepth > 1024)
        {
            throw new IllegalArgumentException(
                "maxNestingDepth must be in [1, 1024]: maxNestingDepth=" + maxNestingDepth);
        }
        if (hopLimit < 0 || hopLimit > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException(
                "hopLimit must be in [0, " + Short.MAX_VALUE + "] (0 = off): hopLimit=" + hopLimit);
        }
        this.hierarchy = hierarchy;
        this.failures = failures;
        this.hopLimit = hopLimit;
        this.strict = strict;
        this.maxNestingDepth = maxNestingDepth;
        this.slots = SlotArena.allocate(arena, Integer.highestOneBit(maxNestingDepth * 2 - 1), maxPayload);
        this.segment = slots.segment();
        this.frames = new DispatchFrame[maxNestingDepth];
        for (int d = 0; d < maxNestingDepth; d++)
        {
            frames[d] = new DispatchFrame(d, (long)d * slots.slotLength(), new MessageView(slots, d));
        }
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Start a send: check it may run, compile the hierarchy if this is an outermost send and it changed, and write
     * the header into the slot of the current depth. The caller then writes the payload with the returned writer
     * and calls {@link #dispatch()}, or abandons the send by not calling it (a payload that does not fit throws
     * before anything is delivered).
     *
     * @param sender   id of the sending node.
     * @param method   method id.
     * @param metadata routing metadata.
     * @return the writer, wrapped over the slot, or null when nothing is to be delivered locally
     * ({@link io.quicksilver.NetworkFilter#NETWORK}).
     * @throws IllegalStateException if closed, or sends nest deeper than {@code maxNestingDepth}.
     * @throws RoutingException      in strict mode, if the metadata asks for a route it does not allow.
     */
    public MessageWriter begin(final int sender, final int method, final Metadata metadata)
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed: cannot send " + Method.toString(method));
        }
        if (depth == maxNestingDepth)
        {
            throw new IllegalStateException("sends nested too deep (a responder that keeps sending to itself?): " +
                "depth=" + depth + ", maxNestingDepth=" + maxNestingDepth + ", method=" + Method.toString(method));
        }
        if (metadata == null)
        {
            throw new NullPointerException("metadata must not be null: use Metadata.DEFAULT");
        }
        if (!metadata.network().deliversLocally())
        {
            networkOnlySends++;
            return null;
        }
        if (strict)
        {
            checkRoutable(sender, method, metadata);
        }
        if (depth == 0 && (snapshot == null || hierarchy.isDirty()))
        {
            install(hierarchy.compile());
        }
        if (sender >= snapshot.nodeCount())
        {
            throw new IllegalStateException("node '" + hierarchy.node(sender).name() + "' was created during this " +
                "dispatch and joins routing at the safe point: it can send once the outermost send returns");
        }

        final DispatchFrame frame = frames[depth];
        final long sequence = nextSequence++;
        frame.sequence = sequence;
        frame.metadata = metadata;
        frame.sender = sender;
        frame.method = method;
        frame.level = metadata.level();
        frame.tags = metadata.tags();
        frame.activeOnly = metadata.active() == io.quicksilver.ActiveFilter.ACTIVE;
        frame.selectedOnly = metadata.selected() == io.quicksilver.SelectedFilter.SELECTED;

        return writer.wrap(segment, frame.slotOffset, slots.maxPayload(), sequence)
            .method(method)
            .levelFilter(frame.level)
            .activeFilter(metadata.active().code())
            .selectedFilter(metadata.selected().code())
            .networkFilter(metadata.network().code())
            .tagMask(frame.tags)
            .senderNodeId(sender);
    }

    /**
     * Deliver the message {@link #begin} started, synchronously; returns when every receiver, and every send they
     * made, has returned. When this is the outermost send, the safe point follows before it returns.
     *
     * @throws RoutingException in strict mode, when the hop limit drops the message somewhere.
     */
    public void dispatch()
    {
        final DispatchFrame frame = frames[depth];
        SEQUENCE_VH.setRelease(segment, frame.slotOffset + SEQUENCE_OFFSET, frame.sequence);
        frame.view.bind(frame.sequence);
        sends++;
        depth++;
        hierarchy.beginDispatch();
        try
        {
            route(frame);
        }
        finally
        {
            frame.view.release();
            frame.metadata = null;
            depth--;
            hierarchy.endDispatch();
        }
    }

    private void checkRoutable(final int sender, final int method, final Metadata metadata)
    {
        final int level = metadata.level();
        if ((level & LATERAL) != 0 && !metadata.options().allowLateral())
        {
            throw new RoutingException(lateralMessage(sender, method, level));
        }
        if ((level & Level.CUSTOM) != 0 && metadata.options().customFilter() == null)
        {
            throw new RoutingException(customMessage(sender, method));
        }
    }

    private void install(final RoutingSnapshot snapshot)
    {
        this.snapshot = snapshot;
        nodes = snapshot.nodes();
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
        handlers = snapshot.handlers();
        responderTags = snapshot.responderTags();
        responderFlags = snapshot.responderFlags();
        responderNode = snapshot.responderNode();
        for (final DispatchFrame frame : frames)
        {
            frame.resize(snapshot.nodeCount());
        }
    }

    // ------------------------------------------------------------------------------------------------ routing

    private void route(final DispatchFrame f)
    {
        f.nextEpoch();
        f.hopInSlot = 0;
        final int level = f.level;
        final int sender = f.sender;

        if ((level & SELF_AND_CHILDREN) != 0)
        {
            walkTable(f, sender, level & SELF_AND_CHILDREN, 0);
        }
        // No other route delivers the message back to its sender or forwards it through the sender again (possible
        // through a lateral route in a DAG): the sender's own responders receive only through SELF (or CUSTOM).
        f.selfMark[sender] = f.epoch;
        f.childMark[sender] = f.epoch;

        if ((level & LATERAL) != 0)
        {
            routeLateral(f, level);
        }
        if ((level & Level.DESCENDANTS) != 0)
        {
            f.descendantMark[sender] = f.epoch;
            routeDescendants(f, sender, 0);
        }
        if ((level & Level.ANCESTORS) != 0)
        {
            f.ancestorMark[sender] = f.epoch;
            routeAncestors(f, sender, 0);
        }
        if ((level & Level.PARENT) != 0)
        {
            routeParents(f);
        }
        if ((level & Level.CUSTOM) != 0)
        {
            routeCustom(f, (level & SELF) != 0);
        }
    }

    /**
     * A node handles the message as Mercury's {@code MmInvoke} does: its routing table in order, its own responders
     * for SELF, each child that passes the edge checks as SELF_AND_CHILDREN for CHILD. Parent items are skipped: the
     * parent route runs after the table.
     */
    private void walkTable(final DispatchFrame f, final int node, final int mode, final int hop)
    {
        final int epoch = f.epoch;
        final boolean self = (mode & SELF) != 0 && f.selfMark[node] != epoch;
        final boolean child = (mode & CHILD) != 0 && f.childMark[node] != epoch;
        if (!self && !child)
        {
            return;
        }
        if (self)
        {
            f.selfMark[node] = epoch;
        }
        if (child)
        {
            f.childMark[node] = epoch;
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
                    deliver(f, itemTarget[i], hop);
                }
            }
            else if (itemLevelI == CHILD && child)
            {
                final int target = itemTarget[i];
                if (passesEdge(f, node, target))
                {
                    enter(f, target, SELF_AND_CHILDREN, hop + 1);
                }
            }
        }
    }

    private void enter(final DispatchFrame f, final int node, final int mode, final int hop)
    {
        final int epoch = f.epoch;
        if (((mode & SELF) == 0 || f.selfMark[node] == epoch) && ((mode & CHILD) == 0 || f.childMark[node] == epoch))
        {
            return;
        }
        if (hopLimit != 0 && hop >= hopLimit)
        {
            dropAtHopLimit(f, node, hop);
            return;
        }
        walkTable(f, node, mode, hop);
    }

    /**
     * Mercury's checks on a child item of the parent's table: the child's tag gates its subtree, an inactive child
     * (or one below an inactive node) is skipped under the active filter, and a switch node lets only its current
     * state through under the selected filter.
     */
    private boolean passesEdge(final DispatchFrame f, final int parent, final int child)
    {
        if (!Tag.passes(nodeChecksTags[child], nodeTags[child], f.tags))
        {
            return false;
        }
        if (f.activeOnly && !nodeActive[child])
        {
            return false;
        }
        return !f.selectedOnly || !nodeIsSwitch[parent] || currentState[parent] == child;
    }

    private void deliverSelf(final DispatchFrame f, final int node, final int hop)
    {
        if (f.selfMark[node] == f.epoch)
        {
            return;
        }
        f.selfMark[node] = f.epoch;
        deliverResponders(f, node, hop);
    }

    private void deliverResponders(final DispatchFrame f, final int node, final int hop)
    {
        final byte[] itemLevel = this.itemLevel;
        for (int i = tableStart[node], end = tableStart[node + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF)
            {
                deliver(f, itemTarget[i], hop);
            }
        }
    }

    private void deliver(final DispatchFrame f, final int responder, final int hop)
    {
        final int flags = responderFlags[responder];
        if ((flags & RoutingSnapshot.RECEIVES_HANDLED) == 0 && f.view.isHandled())
        {
            return;
        }
        if (!Tag.passes((flags & RoutingSnapshot.CHECKS_TAGS) != 0, responderTags[responder], f.tags))
        {
            return;
        }
        if (f.activeOnly && (flags & RoutingSnapshot.ACTIVE) == 0)
        {
            return;
        }
        if (f.selectedOnly && (flags & RoutingSnapshot.ON_SWITCH) != 0)
        {
            return;
        }
        if (f.hopInSlot != hop)
        {
            // Responders of one node share a hop: store it once per run of them, not once per delivery.
            f.hopInSlot = hop;
            segment.set(JAVA_SHORT, f.slotOffset + HOP_COUNT_OFFSET, (short)Math.min(hop, Short.MAX_VALUE));
        }
        deliveries++;
        try
        {
            handlers[responder].onMessage(f.view);
        }
        catch (final Throwable t)
        {
            responderErrors++;
            report(nodes[responderNode[responder]], snapshot.responders()[responder].name(), f.method, t);
        }
    }

    private void routeLateral(final DispatchFrame f, final int level)
    {
        if (!f.metadata.options().allowLateral())
        {
            lateralDrops++;
            return;
        }
        final int sender = f.sender;
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
                        enter(f, sibling, SELF_AND_CHILDREN, 2);
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
                                enter(f, cousin, SELF_AND_CHILDREN, 4);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Every node below, in pre-order of the routing tables, each once, its own responders only. The hop count is the
     * node's depth below the sender along the path that reached it first.
     */
    private void routeDescendants(final DispatchFrame f, final int node, final int hop)
    {
        final int epoch = f.epoch;
        final int next = hop + 1;
        for (int c = childStart[node], end = childStart[node + 1]; c < end; c++)
        {
            final int child = childIds[c];
            if (f.descendantMark[child] == epoch)
            {
                continue;
            }
            if (f.selectedOnly && nodeIsSwitch[node] && currentState[node] != child)
            {
                continue;
            }
            if (hopLimit != 0 && next >= hopLimit)
            {
                dropAtHopLimit(f, child, next);
                continue;
            }
            f.descendantMark[child] = epoch;
            deliverSelf(f, child, next);
            routeDescendants(f, child, next);
        }
    }

    /**
     * Every node above, in pre-order of the parent lists, each once, its own responders only.
     */
    private void routeAncestors(final DispatchFrame f, final int node, final int hop)
    {
        final int epoch = f.epoch;
        final int next = hop + 1;
        for (int p = parentStart[node], end = parentStart[node + 1]; p < end; p++)
        {
            final int parent = parentIds[p];
            if (f.ancestorMark[parent] == epoch)
            {
                continue;
            }
            if (hopLimit != 0 && next >= hopLimit)
            {
                dropAtHopLimit(f, parent, next);
                continue;
            }
            f.ancestorMark[parent] = epoch;
            deliverSelf(f, parent, next);
            routeAncestors(f, parent, next);
        }
    }

    private void routeParents(final DispatchFrame f)
    {
        final int sender = f.sender;
        for (int p = parentStart[sender], end = parentStart[sender + 1]; p < end; p++)
        {
            final int parent = parentIds[p];
            if (hopLimit != 0 && 1 >= hopLimit)
            {
                dropAtHopLimit(f, parent, 1);
                continue;
            }
            deliverSelf(f, parent, 1);
        }
    }

    /**
     * Mercury's {@code ApplyCustomFilter}: the predicate is asked about the nodes of the sender's routing table, in
     * table order: the sender itself (where its first responder item is), its children and its parents; each
     * accepted node's own responders receive the message.
     */
    private void routeCustom(final DispatchFrame f, final boolean selfDelivered)
    {
        final Predicate<RelayNode> filter = f.metadata.options().customFilter();
        if (filter == null)
        {
            customDrops++;
            return;
        }
        final int sender = f.sender;
        boolean senderAsked = false;
        for (int i = tableStart[sender], end = tableStart[sender + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF)
            {
                if (!senderAsked)
                {
                    senderAsked = true;
                    if (!selfDelivered && accepts(f, filter, sender))
                    {
                        deliverResponders(f, sender, 0);
                    }
                }
            }
            else
            {
                final int node = itemTarget[i];
                if (f.selfMark[node] != f.epoch && accepts(f, filter, node))
                {
                    if (hopLimit != 0 && 1 >= hopLimit)
                    {
                        dropAtHopLimit(f, node, 1);
                        continue;
                    }
                    deliverSelf(f, node, 1);
                }
            }
        }
    }

    private boolean accepts(final DispatchFrame f, final Predicate<RelayNode> filter, final int node)
    {
        try
        {
            return filter.test((RelayNode)nodes[node].handle());
        }
        catch (final Throwable t)
        {
            report(nodes[f.sender], "customFilter", f.method, t);
            return false;
        }
    }

    private void dropAtHopLimit(final DispatchFrame f, final int node, final int hop)
    {
        hopLimitDrops++;
        if (strict)
        {
            throw new RoutingException("hop limit reached at node '" + nodes[node].name() + "': hop=" + hop +
                ", hopLimit=" + hopLimit + ", method=" + Method.toString(f.method) + ", sender='" +
                nodes[f.sender].name() + "'");
        }
    }

    private void report(final NodeModel node, final String source, final int method, final Throwable error)
    {
        try
        {
            failures.onFailure(node, source, method, error);
        }
        catch (final Throwable ignore)
        {
            // An error handler that throws must not take routing down with it; the failure is already counted.
        }
    }

    private String lateralMessage(final int sender, final int method, final int level)
    {
        return "lateral routing (" + Level.toString(level & LATERAL) + ") needs RoutingOptions.allowLateral: " +
            "sender='" + hierarchy.node(sender).name() + "', method=" + Method.toString(method);
    }

    private String customMessage(final int sender, final int method)
    {
        return "level CUSTOM needs RoutingOptions.customFilter: sender='" + hierarchy.node(sender).name() +
            "', method=" + Method.toString(method);
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * End the dispatcher: later sends throw. The slots' memory is freed by whoever owns the arena.
     *
     * @throws IllegalStateException if called from inside a dispatch.
     */
    public void close()
    {
        if (depth != 0)
        {
            throw new IllegalStateException("cannot close from inside a dispatch: depth=" + depth);
        }
        closed = true;
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return current nesting depth, 0 outside any dispatch.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * @return the snapshot the last outermost send compiled, or null before the first send.
     */
    public RoutingSnapshot snapshot()
    {
        return snapshot;
    }

    /**
     * The safe point outside a send: compile the hierarchy if it changed, as the next outermost send would.
     *
     * @return the snapshot routing now uses.
     * @throws IllegalStateException during a dispatch (the snapshot then stays the one in use).
     */
    public RoutingSnapshot refresh()
    {
        if (depth != 0)
        {
            throw new IllegalStateException("refresh only at the safe point: depth=" + depth);
        }
        if (snapshot == null || hierarchy.isDirty())
        {
            install(hierarchy.compile());
        }
        return snapshot;
    }

    /**
     * The current snapshot compiled into depth-first interval tables for the {@code simd} kernels; compiled on first
     * use after each safe point, incrementally when only flags, tags or states changed.
     *
     * @return the flat tables of the snapshot routing uses now.
     */
    public FlatRoutingTable flatTable()
    {
        final RoutingSnapshot current = depth == 0 ? refresh() : snapshot;
        if (flatTable == null || flatTable.version() != current.version())
        {
            flatTable = FlatRoutingTable.compile(current, flatTable);
        }
        return flatTable;
    }

    /**
     * @return messages dispatched (network-only sends excluded).
     */
    public long sends()
    {
        return sends;
    }

    /**
     * @return handler calls, successful or not.
     */
    public long deliveries()
    {
        return deliveries;
    }

    /**
     * @return node entries dropped by the hop limit (not strict).
     */
    public long hopLimitDrops()
    {
        return hopLimitDrops;
    }

    /**
     * @return sends whose sibling or cousin route was dropped for lack of {@code allowLateral} (not strict).
     */
    public long lateralDrops()
    {
        return lateralDrops;
    }

    /**
     * @return sends whose custom route was dropped for lack of a predicate (not strict).
     */
    public long customDrops()
    {
        return customDrops;
    }

    /**
     * @return sends not delivered locally because their network filter was {@code NETWORK}.
     */
    public long networkOnlySends()
    {
        return networkOnlySends;
    }

    /**
     * @return exceptions thrown by responders.
     */
    public long responderErrors()
    {
        return responderErrors;
    }

    /**
     * @return largest payload a message may carry, in bytes.
     */
    public int maxPayload()
    {
        return slots.maxPayload();
    }

    /**
     * @return the hop limit, 0 when off.
     */
    public int hopLimit()
    {
        return hopLimit;
    }

    /**
     * @return whether drops throw.
     */
    public boolean isStrict()
    {
        return strict;
    }

    /**
     * @return most sends nested inside handlers.
     */
    public int maxNestingDepth()
    {
        return maxNestingDepth;
    }
}
