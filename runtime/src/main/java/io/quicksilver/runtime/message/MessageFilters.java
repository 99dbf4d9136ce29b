package io.quicksilver.runtime.message;

/**
 * Values of the header's filter fields, with Mercury's meaning and Mercury's defaults.
 * <p>
 * The level filter is a set of flags; the active, selected and network filters are small enums stored as bytes;
 * the tag mask has 64 bits, {@link #TAG_ALL} meaning "every tag".
 */
public final class MessageFilters
{
    /** Level: the sending node's own responders. */
    public static final int LEVEL_SELF = 1;
    /** Level: the children, each receiving the message as self-and-children (the whole subtree below). */
    public static final int LEVEL_CHILD = 2;
    /** Level: the immediate parents. */
    public static final int LEVEL_PARENT = 4;
    /** Level: the parents' other children. */
    public static final int LEVEL_SIBLINGS = 8;
    /** Level: the grandparents' other grandchildren. */
    public static final int LEVEL_COUSINS = 16;
    /** Level: every node below, each reached once. */
    public static final int LEVEL_DESCENDANTS = 32;
    /** Level: every node above, each reached once. */
    public static final int LEVEL_ANCESTORS = 64;
    /** Level: a predicate chosen by the sender. */
    public static final int LEVEL_CUSTOM = 128;
    /** Level: self and children, Mercury's default. */
    public static final int LEVEL_SELF_AND_CHILDREN = LEVEL_SELF | LEVEL_CHILD;
    /** Level: self and parents. */
    public static final int LEVEL_SELF_AND_PARENTS = LEVEL_SELF | LEVEL_PARENT;
    /** Every level bit defined. */
    public static final int LEVEL_ALL_BITS = 255;

    /** Active filter: only responders that are active and whose ancestors are active (default). */
    public static final byte ACTIVE_ONLY = 0;
    /** Active filter: every responder, active or not. */
    public static final byte ACTIVE_ALL = 1;

    /** Selected filter: every responder (default). */
    public static final byte SELECTED_ALL = 0;
    /** Selected filter: a switch node delivers only to its current state's subtree. */
    public static final byte SELECTED_ONLY = 1;

    /** Network filter: local and remote (default). */
    public static final byte NETWORK_ALL = 0;
    /** Network filter: this process only. */
    public static final byte NETWORK_LOCAL = 1;
    /** Network filter: remote peers only. */
    public static final byte NETWORK_REMOTE = 2;
    /**
     * Network filter of a message a runtime received from a peer (docs/network.md): delivered here as {@link #NETWORK_ALL}
     * would be, and never sent back to the network. Only the network's ingress writes it.
     */
    public static final byte NETWORK_RECEIVED = 3;

    /** Tag mask carrying every tag (default). */
    public static final long TAG_ALL = -1L;
    /** Tag mask carrying no tag. */
    public static final long TAG_NONE = 0L;

    private MessageFilters()
    {
    }
}
