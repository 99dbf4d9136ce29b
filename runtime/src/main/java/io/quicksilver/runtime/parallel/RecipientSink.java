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
}
