package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.hierarchy.RoutingWalk;

/**
 * Which responders a message reaches, in which order, computed without delivering anything: the shared
 * {@link RoutingWalk}, so the parallel mode routes with the single-threaded dispatcher's meaning by construction.
 * <p>
 * What the walk leaves to the caller stays out: the handled flag (checked at delivery), the custom level (refused at
 * send in parallel mode) and lateral options (the sender strips lateral bits it may not use). Hop-limit drops are
 * counted, never thrown.
 * <p>
 * One router per thread: the walk's visit marks are scratch state. Routing allocates nothing.
 */
final class Router implements RoutingWalk.Sink
{
    private final RoutingWalk walk;
    private RecipientSink sink;
    private long hopLimitDrops;

    Router(final int hopLimit)
    {
        this.walk = new RoutingWalk(hopLimit, this);
    }

    void install(final RoutingSnapshot snapshot)
    {
        walk.install(snapshot);
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
        try
        {
            walk.route(sender, level, tags, activeOnly, selectedOnly);
        }
        finally
        {
            this.sink = null;
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
    }
}
