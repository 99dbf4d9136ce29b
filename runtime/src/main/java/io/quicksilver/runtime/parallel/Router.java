package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Method;
import io.quicksilver.RoutingException;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.hierarchy.RoutingWalk;
import io.quicksilver.runtime.message.MessageLayout;

import java.util.function.Predicate;

/**
 * Which responders a message reaches, in which order, computed without delivering anything: the shared
 * {@link RoutingWalk}, then the custom route as the single-threaded dispatcher runs it, so the parallel mode routes
 * with the single-threaded meaning by construction.
 * <p>
 * What the walk leaves to the caller stays out: the handled flag (checked at delivery) and the lateral options (the
 * sender strips lateral bits it may not use, and a custom bit without a predicate).
 * <p>
 * <b>Custom route.</b> The message carries its predicate's id in the dispatcher's {@link CustomFilters}. Every worker
 * runs the custom route over the same marks, but asks the predicate only about the candidate nodes whose responders
 * its sink owns ({@link RecipientSink#owns}): a node's responders are in one partition, so one worker asks about a
 * node, the one that delivers to it. The exception is a hop limit of 1, where an accepted neighbour is a hop-limit
 * drop rather than a delivery: there every worker asks about the neighbours, so each counts (and, strict, stops at)
 * the same drops. A predicate that throws counts as a "no" and is reported by the worker that asked (for a neighbour
 * under a hop limit of 1, by worker 0 only).
 * <p>
 * <b>Strict mode.</b> A hop-limit drop stops the message's routing where it happens: every worker walks every
 * message, so each stops at the same point and the deliveries before it stand, as in single-threaded mode. Worker 0
 * (it walks every message too, and the kernel path, which the others may take, never drops) reports it to the
 * failure sink as a {@link RoutingException}.
 * <p>
 * One router per thread: the walk's visit marks are scratch state. Routing allocates nothing, strict drops aside.
 */
final class Router implements RoutingWalk.Sink
{
    private static final int SELF = Level.SELF;

    private final RoutingWalk walk;
    private final ParallelDispatcher dispatcher;
    private final CustomFilters filters;
    private final boolean strict;
    private final boolean reports;
    private final int hopLimit;
    private RecipientSink sink;
    private long hopLimitDrops;

    private NodeModel[] nodes;
    private int[] tableStart;
    private byte[] itemLevel;
    private int[] itemTarget;

    // The message being routed, for a report.
    private int sender;
    private int method;

    /**
     * A router that counts drops and reports nothing, and routes no custom level: for tests of the walk alone.
     */
    Router(final int hopLimit)
    {
        this(null, 0, hopLimit);
    }

    /**
     * @param dispatcher whose custom filters, strict mode and failure sink the routing uses; null for none.
     * @param worker     index of the worker that owns this router: worker 0 reports strict drops.
     * @param hopLimit   most relay hops along one path, 0 for none.
     */
    Router(final ParallelDispatcher dispatcher, final int worker, final int hopLimit)
    {
        this.walk = new RoutingWalk(hopLimit, this);
        this.dispatcher = dispatcher;
        this.filters = dispatcher != null ? dispatcher.customFilters : null;
        this.strict = dispatcher != null && dispatcher.strict;
        this.reports = dispatcher != null && worker == 0;
        this.hopLimit = hopLimit;
    }

    void install(final RoutingSnapshot snapshot)
    {
        walk.install(snapshot);
        nodes = snapshot.nodes();
        tableStart = snapshot.tableStart();
        itemLevel = snapshot.itemLevel();
        itemTarget = snapshot.itemTarget();
    }

    int nodeCount()
    {
        return walk.nodeCount();
    }

    long hopLimitDrops()
    {
        return hopLimitDrops;
    }

    /** A replacement worker's router goes on counting from its predecessor's count. */
    void seedHopLimitDrops(final long drops)
    {
        hopLimitDrops = drops;
    }

    /**
     * Route one message without a custom route.
     *
     * @see #route(int, int, long, boolean, boolean, int, int, RecipientSink)
     */
    void route(
        final int sender,
        final int level,
        final long tags,
        final boolean activeOnly,
        final boolean selectedOnly,
        final RecipientSink sink)
    {
        route(sender, level, tags, activeOnly, selectedOnly, MessageLayout.NO_CUSTOM_FILTER, -1, sink);
    }

    /**
     * Route one message.
     *
     * @param sender       sending node id, inside the installed snapshot.
     * @param level        level filter, lateral bits already cleared unless allowed, the custom bit only with a
     *                     predicate.
     * @param tags         message tags.
     * @param activeOnly   active filter.
     * @param selectedOnly selected filter.
     * @param customFilter the message's custom filter id ({@link MessageLayout#NO_CUSTOM_FILTER} for none).
     * @param method       the message's method, for a report.
     * @param sink         told each recipient in order.
     */
    void route(
        final int sender,
        final int level,
        final long tags,
        final boolean activeOnly,
        final boolean selectedOnly,
        final int customFilter,
        final int method,
        final RecipientSink sink)
    {
        this.sink = sink;
        this.sender = sender;
        this.method = method;
        try
        {
            walk.route(sender, level, tags, activeOnly, selectedOnly);
            if ((level & Level.CUSTOM) != 0 && customFilter != MessageLayout.NO_CUSTOM_FILTER && filters != null)
            {
                routeCustom(sender, (level & SELF) != 0, customFilter);
            }
        }
        catch (final StrictDrop drop)
        {
            // Strict mode: the rest of this message is not routed, on any worker.
        }
        finally
        {
            this.sink = null;
        }
    }

    /**
     * Mercury's {@code ApplyCustomFilter}, as the single-threaded dispatcher runs it: the predicate is asked about the
     * nodes of the sender's routing table, in table order (the sender where its first responder item is, its
     * children and its parents) that have not had the message yet; each accepted node's own responders receive it.
     */
    private void routeCustom(final int sender, final boolean selfDelivered, final int customFilter)
    {
        final Predicate<Object> filter = filter(customFilter);
        if (filter == null)
        {
            return;
        }
        final RoutingWalk walk = this.walk;
        final byte[] itemLevel = this.itemLevel;
        final int[] itemTarget = this.itemTarget;
        // Under a hop limit of 1 an accepted neighbour is a drop, which every worker must count (and stop at).
        final boolean neighboursDrop = hopLimit == 1;
        boolean senderAsked = false;
        for (int i = tableStart[sender], end = tableStart[sender + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF)
            {
                if (!senderAsked)
                {
                    senderAsked = true;
                    if (!selfDelivered && ownsAny(sender) && accepts(filter, sender, true))
                    {
                        walk.deliverResponders(sender, 0);
                    }
                }
            }
            else
            {
                final int node = itemTarget[i];
                if (walk.isSelfDelivered(node))
                {
                    continue;
                }
                if (neighboursDrop)
                {
                    if (accepts(filter, node, reports))
                    {
                        onHopLimit(node, 1);
                    }
                }
                else if (ownsAny(node) && accepts(filter, node, true))
                {
                    walk.deliverSelf(node, 1);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Predicate<Object> filter(final int customFilter)
    {
        return (Predicate<Object>)filters.filter(customFilter);
    }

    /** Whether the sink owns one of the node's own responders: only then is this worker the one to ask. */
    private boolean ownsAny(final int node)
    {
        final RecipientSink sink = this.sink;
        for (int i = tableStart[node], end = tableStart[node + 1]; i < end; i++)
        {
            if (itemLevel[i] == SELF && sink.owns(itemTarget[i]))
            {
                return true;
            }
        }
        return false;
    }

    private boolean accepts(final Predicate<Object> filter, final int node, final boolean report)
    {
        try
        {
            return filter.test(nodes[node].handle());
        }
        catch (final Throwable t)
        {
            if (report)
            {
                dispatcher.reportRoutingFailure(nodes[sender], "customFilter", method, t);
            }
            return false;
        }
    }

    @Override
    public void onRecipient(final int responder, final int hop)
    {
        sink.onRecipient(responder);
    }

    @Override
    public void onHopLimit(final int node, final int hop)
    {
        hopLimitDrops++;
        if (strict)
        {
            if (reports)
            {
                dispatcher.reportRoutingFailure(nodes[sender], "routing", method, new RoutingException(
                    "hop limit reached at node '" + nodes[node].name() + "': hop=" + hop + ", hopLimit=" + hopLimit +
                    ", method=" + Method.toString(method) + ", sender='" + nodes[sender].name() + "'"));
            }
            throw StrictDrop.INSTANCE;
        }
    }

    /** Unwinds the walk at a strict-mode drop: shared, without a stack trace, never seen outside the router. */
    private static final class StrictDrop extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final StrictDrop INSTANCE = new StrictDrop();

        private StrictDrop()
        {
            super("strict-mode hop-limit drop", null, false, false);
        }
    }
}
