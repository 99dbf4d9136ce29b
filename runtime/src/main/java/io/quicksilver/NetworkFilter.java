package io.quicksilver;

import io.quicksilver.runtime.message.MessageFilters;

/**
 * Network filter, Mercury's {@code MmNetworkFilter}: local and remote delivery.
 * <p>
 * {@link #ALL} and {@link #LOCAL} messages are delivered in this process; {@link #NETWORK} messages are not, and are
 * counted by {@link Quicksilver#networkOnlySends()}. A parallel runtime with a network (docs/network.md) also
 * publishes {@link #ALL} and {@link #NETWORK} messages to its peers, once; {@link #LOCAL} never leaves the process.
 */
public enum NetworkFilter
{
    /** Local and remote receivers (the default). */
    ALL(MessageFilters.NETWORK_ALL),
    /** This process only. */
    LOCAL(MessageFilters.NETWORK_LOCAL),
    /** Remote peers only: never delivered locally (without a network, delivered nowhere and counted). */
    NETWORK(MessageFilters.NETWORK_REMOTE);

    private final byte code;

    NetworkFilter(final byte code)
    {
        this.code = code;
    }

    /**
     * @return the code the message header carries.
     */
    public byte code()
    {
        return code;
    }

    /**
     * @return true if this filter lets a message be delivered in this process.
     */
    public boolean deliversLocally()
    {
        return this != NETWORK;
    }
}
