package io.quicksilver.runtime.parallel;

/**
 * Told each responder a message reaches, in routing order, by {@link Router}.
 */
@FunctionalInterface
interface RecipientSink
{
    /**
     * One recipient that passed every filter of the routing meaning (level, tags, active, selected).
     *
     * @param responder index in the routing snapshot.
     */
    void onRecipient(int responder);

    /**
     * Whether this sink delivers to a responder: the router asks a custom predicate only about the nodes whose
     * responders the sink owns.
     *
     * @param responder index in the routing snapshot.
     * @return true if a recipient call for it would deliver (default: every responder).
     */
    default boolean owns(final int responder)
    {
        return true;
    }
}
