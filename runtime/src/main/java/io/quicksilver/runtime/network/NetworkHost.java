package io.quicksilver.runtime.network;

import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

/**
 * What the network needs of the dispatcher it serves: the hierarchy in ring order, and its sentinels.
 */
public interface NetworkHost
{
    /**
     * @param controlSequence the ring sequence of a control message.
     * @return the snapshot routed with from that sequence on.
     */
    RoutingSnapshot snapshotAt(long controlSequence);

    /**
     * The egress has read the control message at {@code controlSequence}: it counts as one of its readers.
     *
     * @param controlSequence the ring sequence of a control message.
     */
    void installed(long controlSequence);

    /**
     * @return the latest snapshot, which a message claimed from now on is routed with.
     */
    RoutingSnapshot current();

    /**
     * @return the sender field of a control message.
     */
    int controlSender();

    /**
     * @return the sender field of a message delivered to nobody.
     */
    int skipSender();

    /**
     * A notice for the runtime's log (said once per kind of fault by the caller).
     *
     * @param notice what happened.
     */
    void notice(String notice);
}
