package io.quicksilver;

import java.util.function.Predicate;

/**
 * Advanced routing options of a message, Mercury's {@code MmRoutingOptions}: lateral routing and the custom level
 * filter's predicate.
 *
 * @param allowLateral whether {@link Level#SIBLINGS} and {@link Level#COUSINS} may be used; without it such a send
 *                     is dropped (counted), or rejected in strict mode.
 * @param customFilter predicate that {@link Level#CUSTOM} applies to the sender and its neighbours, or null; a
 *                     {@link Level#CUSTOM} send without one is dropped (counted), or rejected in strict mode.
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
