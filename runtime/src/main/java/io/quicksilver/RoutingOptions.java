package io.quicksilver;

import java.util.function.Predicate;

/**
 * Advanced routing options of a message, Mercury's {@code MmRoutingOptions}: lateral routing and the custom level
 * filter's predicate.
 *
 * @param allowLateral whether {@link Level#SIBLINGS} and {@link Level#COUSINS} may be used; without it such a send
 *                     is dropped (counted), or rejected in strict mode.
 * @param customFilter predicate that {@link Level#CUSTOM} applies to the sender and its neighbours, or null; a
 *                     {@link Level#CUSTOM} send without one is dropped (counted), or rejected in strict mode. See
 *                     below for what it may touch.
 * <p>
 * <b>The custom filter's contract.</b> The predicate is asked, per send, about candidate nodes (the sender and the
 * nodes of its routing table, docs/semantics.md), and must answer from what does not change while messages are in
 * flight: the node it is given ({@link RelayNode#name()}, {@link RelayNode#id()}, its identity) and state of its own
 * that is immutable or safely published. It must be side-effect free and thread-safe, and must not send, change the
 * hierarchy, block, or read the hierarchy's mutable state (activity, tags, children, a switch node's state: routing
 * uses the snapshot of the last applied change, which such reads need not match).
 * <ul>
 * <li>Single-threaded mode asks it on the sending thread, once per candidate, in routing-table order.</li>
 * <li>Parallel mode asks it on the worker that owns the candidate's responders, while that worker routes the
 *     message, possibly several workers at once for different nodes or messages; a candidate node without
 *     responders may not be asked at all, and with {@code hopLimit(1)} each worker asks about every neighbour. The
 *     runtime registers the predicate by identity and keeps it for the runtime's life (at most
 *     {@code maxCustomFilters} of them): reuse one predicate instead of making one per send.</li>
 * </ul>
 * A predicate that throws counts as a "no" and is reported to the {@link ErrorHandler}.
 */
public record RoutingOptions(boolean allowLateral, Predicate<RelayNode> customFilter)
{
    /** No lateral routing, no custom filter: Mercury's defaults. */
    public static final RoutingOptions NONE = new RoutingOptions(false, null);

    /** Lateral routing allowed. */
    public static final RoutingOptions LATERAL = new RoutingOptions(true, null);

    /**
     * Options with only a custom filter.
     *
     * @param filter the predicate, not null.
     * @return the options.
     */
    public static RoutingOptions customFilter(final Predicate<RelayNode> filter)
    {
        if (filter == null)
        {
            throw new IllegalArgumentException("customFilter must not be null");
        }
        return new RoutingOptions(false, filter);
    }

    /**
     * These options with a custom filter.
     *
     * @param filter the predicate.
     * @return new options.
     */
    public RoutingOptions withCustomFilter(final Predicate<RelayNode> filter)
    {
        return new RoutingOptions(allowLateral, filter);
    }

    /**
     * These options with lateral routing allowed or not.
     *
     * @param allow whether lateral routing is allowed.
     * @return new options.
     */
    public RoutingOptions withAllowLateral(final boolean allow)
    {
        return new RoutingOptions(allow, customFilter);
    }
}
