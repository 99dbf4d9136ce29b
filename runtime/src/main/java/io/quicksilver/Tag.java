package io.quicksilver;

import io.quicksilver.runtime.message.MessageFilters;

/**
 * Tag masks, Mercury's {@code MmTag}: 64 tag bits where Mercury has 8, so {@link #TAG_0} to {@link #TAG_7} keep
 * Mercury's names and values and 56 more bits are free.
 * <p>
 * A message passes a responder's tag check when the responder does not check tags, or the message carries
 * {@link #EVERYTHING}, or the two masks share a bit. A message tagged {@link #NOTHING} therefore reaches only
 * responders that do not check tags.
 */
public final class Tag
{
    /** Every tag: Mercury's {@code MmTagHelper.Everything}, the default of messages, responders and nodes. */
    public static final long EVERYTHING = MessageFilters.TAG_ALL;

    /** No tag: Mercury's {@code MmTagHelper.Nothing}. */
    public static final long NOTHING = MessageFilters.TAG_NONE;

    public static final long TAG_0 = 1L;
    public static final long TAG_1 = 1L << 1;
    public static final long TAG_2 = 1L << 2;
    public static final long TAG_3 = 1L << 3;
    public static final long TAG_4 = 1L << 4;
    public static final long TAG_5 = 1L << 5;
    public static final long TAG_6 = 1L << 6;
    public static final long TAG_7 = 1L << 7;

    /** Number of tag bits. */
    public static final int TAG_COUNT = Long.SIZE;

    private Tag()
    {
    }

    /**
     * Mask of one tag.
     *
     * @param index of the tag, 0 to 63.
     * @return {@code 1L << index}.
     * @throws IllegalArgumentException if the index is out of range.
     */
    public static long bit(final int index)
    {
        if (index < 0 || index >= TAG_COUNT)
        {
            throw new IllegalArgumentException("tag index must be in [0, 64): index=" + index);
        }
        return 1L << index;
    }

    /**
     * Mercury's tag check, the one rule every dispatcher applies.
     *
     * @param checksTags   whether the receiver checks tags.
     * @param receiverTags the receiver's mask.
     * @param messageTags  the message's mask.
     * @return true if the message passes.
     */
    public static boolean passes(final boolean checksTags, final long receiverTags, final long messageTags)
    {
        return !checksTags || messageTags == EVERYTHING || (receiverTags & messageTags) != 0;
    }

    /**
     * Readable form: {@code EVERYTHING}, {@code NOTHING} or {@code TAG_1|TAG_5}.
     *
     * @param tags a mask.
     * @return its name.
     */
    public static String toString(final long tags)
    {
        if (tags == EVERYTHING)
        {
            return "EVERYTHING";
        }
        if (tags == NOTHING)
        {
            return "NOTHING";
        }
        final StringBuilder sb = new StringBuilder();
        long rest = tags;
        while (rest != 0)
        {
            final int bit = Long.numberOfTrailingZeros(rest);
            rest &= rest - 1;
            if (!sb.isEmpty())
            {
                sb.append('|');
            }
            sb.append("TAG_").append(bit);
        }
        return sb.toString();
    }
}
