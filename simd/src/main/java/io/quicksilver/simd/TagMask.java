package io.quicksilver.simd;

/**
 * Mercury's tag rule over 64-bit tag masks, stated once so that kernels, tests and the dispatcher agree on it.
 * <p>
 * A message passes a responder's tag check when the responder does not check tags, or the message carries every tag
 * ({@link #EVERYTHING}), or the two masks share a bit. A message tagged {@link #NOTHING} therefore reaches no
 * tag-checking responder, and a tag-checking responder with no tag is reached only by {@link #EVERYTHING}.
 */
public final class TagMask
{
    /**
     * The message carries every tag: it passes every tag check.
     */
    public static final long EVERYTHING = -1L;

    /**
     * The message carries no tag: it passes only responders that do not check tags.
     */
    public static final long NOTHING = 0L;

    /**
     * Number of distinct tags a mask can hold.
     */
    public static final int MAX_TAGS = Long.SIZE;

    private TagMask()
    {
    }

    /**
     * The mask with a single tag set.
     *
     * @param tag tag number, 0 to 63.
     * @return {@code 1L << tag}.
     * @throws IllegalArgumentException if the tag is out of range.
     */
    public static long of(final int tag)
    {
        if (tag < 0 || tag >= MAX_TAGS)
        {
            throw new IllegalArgumentException("tag must be in [0, " + MAX_TAGS + "): tag=" + tag);
        }
        return 1L << tag;
    }

    /**
     * Mercury's tag check for one responder and one message.
     *
     * @param checksTags    whether the responder checks tags at all.
     * @param responderTags the responder's tag mask.
     * @param messageTags   the message's tag mask.
     * @return true when the message passes the responder's tag check.
     */
    public static boolean passes(final boolean checksTags, final long responderTags, final long messageTags)
    {
        return !checksTags || messageTags == EVERYTHING || (responderTags & messageTags) != 0;
    }
}
