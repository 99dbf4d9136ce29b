package io.quicksilver.runtime.dispatch;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.RelayNode;
import io.quicksilver.Responder;
import io.quicksilver.RoutingException;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.hierarchy.RoutingWalk;
import io.quicksilver.runtime.jfr.HotPathEvents;
import io.quicksilver.runtime.jfr.QuicksilverEvents;
import io.quicksilver.runtime.jfr.ResponderLookup;
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
 * the compiled {@link RoutingSnapshot} with that depth's {@link RoutingWalk} (the walk the parallel mode shares) and
 * hands each receiver the slot's {@link MessageView}. Routes run in
 * Mercury's order: the sender's routing table (its own responders for {@link Level#SELF}, its children's subtrees
 * for {@link Level#CHILD}, interleaved as the table lists them), then siblings and cousins, descendants, ancestors,
 * parents, and the custom filter. docs/semantics.md states every rule.
 * <p>
 * A send allocates nothing: the walk reads int arrays, the visit marks are epoch stamps, the metadata is the
 * caller's immutable object, and the view is the frame's. Hierarchy changes made by handlers wait for the safe point,
 * where the next outermost send recompiles the snapshot.
 * <p>
 * <b>Limits of one outermost send.</b> Sends nest at most {@code maxNestingDepth} deep, and one outermost send makes
 * at most {@code maxNestedSends} nested sends in all (responders that each send twice stay within the depth yet
 * would make about {@code 2^depth} calls). A nested send past either limit throws {@link IllegalStateException};
 * the first refusal of each limit within one outermost send is a fresh exception, which the enclosing delivery
 * reports (once per limit and outermost send), and every later one is a shared exception without a stack trace
 * that is counted ({@link #refusedNestedSends()}) and not reported, so a runaway send costs neither a report nor an
 * allocation per refusal. The budget costs a counter increment per nested send.
 * <p>
 * Not thread-safe: the thread that sends is the thread that delivers.
 */
public final class SingleThreadedDispatcher implements ResponderLookup
{
    /** Default most relay hops along one path (Mercury's {@code maxMessageHops}); 0 turns the limit off. */
    public static final int HOP_LIMIT_DEFAULT = 50;

    /** Default most sends nested inside handlers (each nested send uses the next frame). */
    public static final int MAX_NESTING_DEPTH_DEFAULT = 32;

    /** Default most sends nested, in all, inside one outermost send; 0 turns the budget off. */
    public static final long MAX_NESTED_SENDS_DEFAULT = 1_000_000;

    /** Default largest payload, in bytes. */
    public static final int MAX_PAYLOAD_DEFAULT = 4096 - MessageLayout.HEADER_LENGTH;

    private static final int LATERAL = Level.SIBLINGS | Level.COUSINS;
    private static final int SELF = Level.SELF;
    private static final int DEPTH_REFUSAL_REPORTED = 1;
    private static final int BUDGET_REFUSAL_REPORTED = 2;

    private final Hierarchy hierarchy;
    private final FailureSink failures;
    private final int hopLimit;
    private final boolean strict;
    private final int maxNestingDepth;
    private final long maxNestedSends;
    private final long nestedSendBudget;
    private final RefusedAgain refusedAgain = new RefusedAgain();
    private final SlotArena slots;
    private final MemorySegment segment;
    private final MessageWriter writer = new MessageWriter();
    private final DispatchFrame[] frames;

    private int depth;
    // The thread inside the outermost send, from its begin until its dispatch (or abandon) ends; null between sends.
    // A plain field: a cheap check that catches a second thread sending while one is inside a send (the documented
    // misuse), not a lock.
    private Thread sendingThread;
    private long nestedSends;
    private int refusalsReported;
    private long nextSequence;
    private boolean closed;

    // Compiled tables the custom route and delivery read, copied from the snapshot so they read fields, not getters;
    // the frames' walks hold the rest.
    private RoutingSnapshot snapshot;
    private NodeModel[] nodes;
    private int[] tableStart;
    private byte[] itemLevel;
    private int[] itemTarget;
    private Responder[] handlers;
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
    private long refusedNestedSends;

    /**
     * A dispatcher over a hierarchy, with its message slots in an arena and the default nested send budget
     * ({@link #MAX_NESTED_SENDS_DEFAULT}).
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
        this(hierarchy, failures, arena, maxPayload, maxNestingDepth, MAX_NESTED_SENDS_DEFAULT, hopLimit, strict);
    }

    /**
     * A dispatcher over a hierarchy, with its message slots in an arena.
     *
     * @param hierarchy       routed.
     * @param failures        where responder, listener and filter failures go.
     * @param arena           owning the message slots; closing it ends the dispatcher.
     * @param maxPayload      largest payload, in bytes.
     * @param maxNestingDepth most sends nested inside handlers, at least 1.
     * @param maxNestedSends  most sends nested, in all, inside one outermost send; 0 for no limit.
     * @param hopLimit        most relay hops along one path, 0 for no limit.
     * @param strict          whether drops throw {@link RoutingException} instead of being counted.
     */
    public SingleThreadedDispatcher(
        final Hierarchy hierarchy,
        final FailureSink failures,
        final Arena arena,
        final int maxPayload,
        final int maxNestingDepth,
        final long maxNestedSends,
        final int hopLimit,
        final boolean strict)
    {
        if (maxNestingDepth < 1 || maxNestingDepth > 1024)
        {
            throw new IllegalArgumentException(
                "maxNestingDepth must be in [1, 1024]: maxNestingDepth=" + maxNestingDepth);
        }
        checkMaxNestedSends(maxNestedSends);
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
        this.maxNestedSends = maxNestedSends;
        this.nestedSendBudget = maxNestedSends == 0 ? Long.MAX_VALUE : maxNestedSends;
        this.slots = SlotArena.allocate(arena, Integer.highestOneBit(maxNestingDepth * 2 - 1), maxPayload);
        this.segment = slots.segment();
        this.frames = new DispatchFrame[maxNestingDepth];
        for (int d = 0; d < maxNestingDepth; d++)
        {
            frames[d] = new DispatchFrame(this, d, (long)d * slots.slotLength(), new MessageView(slots, d));
        }
    }

    /**
     * @param maxNestedSends most sends nested, in all, inside one outermost send; 0 for no limit.
     * @throws IllegalArgumentException if negative.
     */
    public static void checkMaxNestedSends(final long maxNestedSends)
    {
        if (maxNestedSends < 0)
        {
            throw new IllegalArgumentException(
                "maxNestedSends must not be negative (0 = off): maxNestedSends=" + maxNestedSends);
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
     * @throws IllegalStateException if closed, or sends nest deeper than {@code maxNestingDepth}, or this nested send
     *                               is past the outermost send's budget of {@code maxNestedSends} (see the class
     *                               comment: only the first refusal of each limit per outermost send is reported).
     * @throws RoutingException      in strict mode, if the metadata asks for a route it does not allow.
     */
    public MessageWriter begin(final int sender, final int method, final Metadata metadata)
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed: cannot send " + Method.toString(method));
        }
        final Thread current = Thread.currentThread();
        final Thread inside = sendingThread;
        if (inside != null && inside != current)
        {
            throw new IllegalStateException("a single-threaded runtime was sent on by two threads at once: thread '" +
                current.getName() + "' sent " + Method.toString(method) + " while thread '" + inside.getName() +
                "' is inside a send (use one thread, or a parallel runtime)");
        }
        if (depth == 0)
        {
            // An outermost send: a new budget, and each limit reported afresh.
            nestedSends = 0;
            refusalsReported = 0;
        }
        else if (depth == maxNestingDepth || nestedSends == nestedSendBudget)
        {
            throw refuse(method);
        }
        else
        {
            nestedSends++;
        }
        if (metadata == null)
        {
            throw new NullPointerException("metadata must not be null: use Metadata.DEFAULT");
        }
        if (method < 0)
        {
            Method.check(method);
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
        // A node created during the dispatch is past the snapshot's end, or in a removed node's vacant place.
        if (sender >= snapshot.nodeCount() || depth > 0 && nodes[sender].isRemoved())
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

        sendingThread = current;
        return writer.wrapAt(slots, frame.slotOffset, sequence)
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
        // Every step that calls out is inside the try, and the finally restores the depth before it calls anything:
        // whatever throws (a StackOverflowError in a deep caller stack included), the next send finds the depth and
        // the hierarchy's dispatch count as they were.
        depth++;
        boolean begun = false;
        try
        {
            hierarchy.beginDispatch();
            begun = true;
            SEQUENCE_VH.setRelease(segment, frame.slotOffset + SEQUENCE_OFFSET, frame.sequence);
            frame.view = frame.view.forNextMessage();
            frame.view.bind(frame.sequence);
            frame.handled = frame.view.isHandled();
            sends++;
            route(frame);
        }
        finally
        {
            if (--depth == 0)
            {
                sendingThread = null;
            }
            frame.metadata = null;
            try
            {
                frame.view.release();
            }
            finally
            {
                if (begun)
                {
                    hierarchy.endDispatch();
                }
            }
        }
    }

    /**
     * Give up the message {@link #begin} started (its payload threw): nothing was dispatched; the outermost send is
     * over.
     */
    public void abandon()
    {
        if (depth == 0 && sendingThread == Thread.currentThread())
        {
            sendingThread = null;
        }
    }

    /**
     * A nested send past a limit: a fresh exception for the first refusal of each limit in this outermost send (the
     * enclosing delivery reports it), the shared one, neither allocated nor reported, for every later one.
     */
    private IllegalStateException refuse(final int method)
    {
        refusedNestedSends++;
        final boolean tooDeep = depth == maxNestingDepth;
        final int limit = tooDeep ? DEPTH_REFUSAL_REPORTED : BUDGET_REFUSAL_REPORTED;
        if ((refusalsReported & limit) != 0)
        {
            return refusedAgain;
        }
        refusalsReported |= limit;
        final String later =
            "; later refusals of this outermost send are counted (refusedNestedSends()), not reported";
        if (tooDeep)
        {
            return new IllegalStateException("sends nested too deep (a responder that keeps sending to itself?): " +
                "depth=" + depth + ", maxNestingDepth=" + maxNestingDepth + ", method=" + Method.toString(method) +
                later);
        }
        return new IllegalStateException("nested send budget exhausted (responders that keep fanning out sends?): " +
            nestedSends + " sends nested in one outermost send, maxNestedSends=" + maxNestedSends + ", depth=" +
            depth + ", method=" + Method.toString(method) + later);
    }

    /**
     * @param error a failure about to be reported.
     * @return true if it is a nested send refused again in an outermost send that has reported that limit: counted
     * in {@link #refusedNestedSends()}, not to be reported.
     */
    public boolean isRepeatedRefusal(final Throwable error)
    {
        return error == refusedAgain;
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
        // Compiled at depth 0: no frame, so no message, can name a node removed before this compile.
        hierarchy.releaseIds(snapshot.version());
        nodes = snapshot.nodes();
        tableStart = snapshot.tableStart();
        itemLevel = snapshot.itemLevel();
        itemTarget = snapshot.itemTarget();
        handlers = snapshot.handlers();
        responderFlags = snapshot.responderFlags();
        responderNode = snapshot.responderNode();
        for (final DispatchFrame frame : frames)
        {
            frame.walk.install(snapshot);
        }
    }

    // ------------------------------------------------------------------------------------------------ routing

    private void route(final DispatchFrame f)
    {
        f.hopInSlot = 0;
        final int level = f.level;
        final RoutingWalk walk = f.walk;
        walk.begin(f.sender, f.tags, f.activeOnly, f.selectedOnly);
        walk.routeTable(level);
        if ((level & LATERAL) != 0)
        {
            if (f.metadata.options().allowLateral())
            {
                walk.routeLateral(level);
            }
            else
            {
                lateralDrops++;
            }
        }
        walk.routeVertical(level);
        if ((level & Level.CUSTOM) != 0)
        {
            routeCustom(f, (level & SELF) != 0);
        }
    }

    /**
     * One recipient the walk of frame {@code f} found: skipped if the message is handled and the responder does not
     * receive handled messages, else called with the frame's view.
     */
    void deliver(final DispatchFrame f, final int responder, final int hop)
    {
        // The slot's flag as read when the dispatch began, or a mark since then through this frame's view (the only
        // view of the slot, so every mark of this message goes through it): no slot read per delivery.
        if ((f.handled || f.view.markedHandledSinceBind()) &&
            (responderFlags[responder] & RoutingSnapshot.RECEIVES_HANDLED) == 0)
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
        final HotPathEvents events = f.events;
        events.beginResponder();
        try
        {
            handlers[responder].onMessage(f.view);
        }
        catch (final Throwable t)
        {
            events.endResponder(this, responder, f.sequence, f.method);
            if (t == refusedAgain)
            {
                // A nested send refused again: already reported for this outermost send, counted in refusedNestedSends.
                return;
            }
            responderErrors++;
            if (QuicksilverEvents.isResponderFailedEnabled())
            {
                QuicksilverEvents.responderFailed(snapshot.responders()[responder].name(), depthFirstIndex(responder),
                    -1, f.sequence, f.method, t);
            }
            report(nodes[responderNode[responder]], snapshot.responders()[responder].name(), f.method, t);
            return;
        }
        events.endResponder(this, responder, f.sequence, f.method);
    }

    /**
     * For a recorded SlowResponder call only.
     */
    @Override
    public String responderName(final int responder)
    {
        return snapshot.responders()[responder].name();
    }

    /**
     * Position of a responder in the snapshot's depth-first order, for a recorded failure or slow call only.
     */
    @Override
    public int depthFirstIndex(final int responder)
    {
        return snapshot.depthFirstOrder().positionOf(responder);
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
                        f.walk.deliverResponders(sender, 0);
                    }
                }
            }
            else
            {
                final int node = itemTarget[i];
                if (!f.walk.isSelfDelivered(node) && accepts(f, filter, node))
                {
                    if (hopLimit != 0 && 1 >= hopLimit)
                    {
                        dropAtHopLimit(f, node, 1);
                        continue;
                    }
                    f.walk.deliverSelf(node, 1);
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

    void dropAtHopLimit(final DispatchFrame f, final int node, final int hop)
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
        if (error == refusedAgain)
        {
            return;
        }
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

    /**
     * @return most sends nested, in all, inside one outermost send; 0 when off.
     */
    public long maxNestedSends()
    {
        return maxNestedSends;
    }

    /**
     * @return nested sends refused, at {@code maxNestingDepth} or past the {@code maxNestedSends} budget, reported or
     * not.
     */
    public long refusedNestedSends()
    {
        return refusedNestedSends;
    }

    /**
     * The exception a nested send refused again within one outermost send throws: shared, without a stack trace,
     * and not reported (the first refusal was).
     */
    private static final class RefusedAgain extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        RefusedAgain()
        {
            super("nested send refused: this outermost send has already reported reaching maxNestingDepth or " +
                "spending its maxNestedSends budget (counted in refusedNestedSends())");
        }

        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    }
}
