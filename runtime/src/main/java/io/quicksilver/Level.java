package io.quicksilver;

import io.quicksilver.runtime.message.MessageFilters;

/**
 * Level filter flags, Mercury's {@code MmLevelFilter}: which relatives of the sending node a message reaches.
 * <p>
 * Flags combine with {@code |}: {@code Level.SELF | Level.PARENT} is {@link #SELF_AND_PARENTS}. The values are
 * Mercury's, and the ones the message header carries.
 */
public final class Level
{
    /** The sending node's own responders. */
    public static final int SELF = MessageFilters.LEVEL_SELF;

    /**
     * The children, each receiving the message as {@link #SELF_AND_CHILDREN}: the whole subtree below the sender,
     * but not the sender's own responders.
     */
    public static final int CHILD = MessageFilters.LEVEL_CHILD;

    /** The immediate parents' own responders. */
    public static final int PARENT = MessageFilters.LEVEL_PARENT;

    /** The parents' other children, each as {@link #SELF_AND_CHILDREN}; needs {@link RoutingOptions#allowLateral()}. */
    public static final int SIBLINGS = MessageFilters.LEVEL_SIBLINGS;

    /** The parents' siblings' children, each as {@link #SELF_AND_CHILDREN}; needs {@link RoutingOptions#allowLateral()}. */
    public static final int COUSINS = MessageFilters.LEVEL_COUSINS;

    /** Every node below the sender, each reached once, its own responders only. */
    public static final int DESCENDANTS = MessageFilters.LEVEL_DESCENDANTS;

    /** Every node above the sender, each reached once, its own responders only. */
    public static final int ANCESTORS = MessageFilters.LEVEL_ANCESTORS;

    /** The sender and its neighbours that the sender's {@link RoutingOptions#customFilter()} accepts. */
    public static final int CUSTOM = MessageFilters.LEVEL_CUSTOM;

    /** Mercury's default: the sender's responders and its whole subtree. */
    public static final int SELF_AND_CHILDREN = SELF | CHILD;

    /** The sender's responders and its parents' responders. */
    public static final int SELF_AND_PARENTS = SELF | PARENT;

    /** The sender's responders and every node below. */
    public static final int SELF_AND_DESCENDANTS = SELF | DESCENDANTS;

    /** The sender's responders and every node above. */
    public static final int SELF_AND_ANCESTORS = SELF | ANCESTORS;

    /** The sender's responders and its siblings' subtrees. */
    public static final int SELF_AND_SIBLINGS = SELF | SIBLINGS;

    /** Every level flag. */
    public static final int ALL = MessageFilters.LEVEL_ALL_BITS;

    /**
     * Mercury's {@code SelfAndBidirectional}: every direction, without {@link #CUSTOM} (which needs a predicate), so
     * it works in both modes; the lateral ones still need {@link RoutingOptions#allowLateral()}.
     */
    public static final int SELF_AND_BIDIRECTIONAL = ALL & ~CUSTOM;

    private static final String[] NAMES =
        { "SELF", "CHILD", "PARENT", "SIBLINGS", "COUSINS", "DESCENDANTS", "ANCESTORS", "CUSTOM" };

    private Level()
    {
    }

    /**
     * Check a level filter: at least one flag, no unknown bits.
     *
     * @param level to check.
     * @return the level.
     * @throws IllegalArgumentException naming the value when it is not a valid combination of flags.
     */
    public static int check(final int level)
    {
        if (level == 0 || (level & ~ALL) != 0)
        {
            throw new IllegalArgumentException(
                "level must be a non-empty combination of Level flags (1..255): level=" + level);
        }
        return level;
    }

    /**
     * Whether every flag of {@code flags} is in {@code level}.
     *
     * @param level a level filter.
     * @param flags flags to look for.
     * @return true if {@code (level & flags) == flags}.
     */
    public static boolean has(final int level, final int flags)
    {
        return (level & flags) == flags;
    }

    /**
     * Readable form, for errors and logs: {@code SELF|CHILD}.
     *
     * @param level a level filter.
     * @return the flag names joined with {@code |}, or the number when it has unknown bits.
     */
    public static String toString(final int level)
    {
        if (level == 0 || (level & ~ALL) != 0)
        {
            return Integer.toString(level);
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++)
        {
            if ((level & (1 << i)) != 0)
            {
                if (!sb.isEmpty())
                {
                    sb.append('|');
                }
                sb.append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
