package io.quicksilver.simd;

/**
 * Struct-of-arrays table of responders in depth-first order, so that a subtree is a contiguous interval
 * {@code [from, to)} of responder indices.
 * <p>
 * Per responder the table holds a 64-bit tag mask and four flags: {@link #CHECKS_TAGS}, {@link #ACTIVE} (already
 * combined with the ancestors' active flags by whoever fills the table), {@link #SELECTED} (reachable under every
 * switch node's current state) and {@link #RECEIVES_HANDLED} (delivered to even after a message is handled).
 * <p>
 * Layout, chosen for the kernels:
 * <ul>
 *     <li>Each flag is a bitset packed into {@code long[]} words, one bit per responder, so that active, selected,
 *     tag-check and interval filtering are resolved 64 responders per scalar instruction and only the tag overlap
 *     test needs per-responder work.</li>
 *     <li>Tag masks are kept twice: as given, in a {@code long[]} (one element per responder, for the scalar kernel
 *     and the getters), and narrowed and bit-sliced for the vector kernel. The table tracks the union of its
 *     responders' masks (leaving out {@link TagMask#EVERYTHING}, which a bitset records instead) and compresses each
 *     mask to those bit positions ({@link Long#compress(long, long)}); byte {@code j} of every compressed mask is
 *     stored in byte plane {@code j}, a {@code byte[]}. A message mask compressed the same way shares a bit with a
 *     responder's exactly when the full masks share one, and it only needs the planes where it has a bit. With up to
 *     8 distinct tags (Mercury's own tag count) there is one plane, and a vector of bytes tests 8 times as many
 *     responders per instruction as a vector of longs; with 64 tags a message with tags in every byte reads all 8
 *     planes, which costs what 64-bit lanes would. The union only grows until {@link #clear()}; a new tag
 *     re-narrows every mask once.</li>
 *     <li>Every array carries padding (64 spare tag lanes, one spare word per bitset) so that a kernel can evaluate a
 *     whole word of 64 responders, or read an unaligned 64-bit window of flags, without a tail loop or a bounds
 *     branch; results for the padding are masked off.</li>
 * </ul>
 * <p>
 * Not thread-safe: one thread fills it, then publishes it to readers with a release (for example a volatile write
 * of the reference) and does not change it while they read.
 */
public final class ResponderTable
{
    /**
     * The responder checks tags (Mercury's tag check applies to it).
     */
    public static final int CHECKS_TAGS = 1;

    /**
     * The responder and all its ancestors are active.
     */
    public static final int ACTIVE = 1 << 1;

    /**
     * The responder is reachable under every switch node's current state.
     */
    public static final int SELECTED = 1 << 2;

    /**
     * The responder opted in to messages that an earlier responder already handled.
     */
    public static final int RECEIVES_HANDLED = 1 << 3;

    /**
     * Every flag bit.
     */
    public static final int ALL_FLAGS = CHECKS_TAGS | ACTIVE | SELECTED | RECEIVES_HANDLED;

    /**
     * Largest capacity a table may have.
     */
    public static final int MAX_CAPACITY = 1 << 30;

    /**
     * Spare tag masks after the last responder, so that a kernel may read a full word of 64 masks from any start.
     */
    static final int TAG_PADDING = Bits.WORD_BITS;

    /**
     * Byte planes a 64-bit tag mask slices into.
     */
    public static final int MAX_TAG_PLANES = Long.BYTES;

    private static final int FLAG_COUNT = 4;

    private final int capacity;
    private final long[] tags;
    private final long[] checksTagsWords;
    private final long[] activeWords;
    private final long[] selectedWords;
    private final long[] receivesHandledWords;
    private final long[] everyTagWords;
    private final byte[][] tagPlanes = new byte[MAX_TAG_PLANES][];
    private long tagUniverse;
    private int tagPlaneCount = 1;
    private int size;

    /**
     * A table that can hold up to {@code capacity} responders.
     *
     * @param capacity maximum number of responders, 0 to {@link #MAX_CAPACITY}.
     * @throws IllegalArgumentException if the capacity is out of range.
     */
    public ResponderTable(final int capacity)
    {
        checkCapacity(capacity);
        this.capacity = capacity;
        tags = new long[capacity + TAG_PADDING];
        final int words = Bits.wordsWithSpare(capacity);
        checksTagsWords = new long[words];
        activeWords = new long[words];
        selectedWords = new long[words];
        receivesHandledWords = new long[words];
        everyTagWords = new long[words];
        tagPlanes[0] = new byte[capacity + TAG_PADDING];
    }

    /**
     * Checks a capacity for {@link #ResponderTable(int)}.
     *
     * @param capacity to check.
     * @throws IllegalArgumentException if the capacity is out of range.
     */
    public static void checkCapacity(final int capacity)
    {
        if (capacity < 0 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "capacity must be in [0, " + MAX_CAPACITY + "]: capacity=" + capacity);
        }
    }

    /**
     * @return maximum number of responders.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return number of responders added since construction or the last {@link #clear()}.
     */
    public int size()
    {
        return size;
    }

    /**
     * Removes every responder, keeping the storage.
     */
    public void clear()
    {
        size = 0;
        tagUniverse = 0;
        tagPlaneCount = 1;
    }

    /**
     * Appends a responder; its index is the previous size, so responders must be added in depth-first order.
     *
     * @param tags  the responder's tag mask.
     * @param flags any combination of {@link #CHECKS_TAGS}, {@link #ACTIVE}, {@link #SELECTED},
     *              {@link #RECEIVES_HANDLED}.
     * @return the responder's index.
     * @throws IllegalStateException    if the table is full.
     * @throws IllegalArgumentException if {@code flags} has unknown bits.
     */
    public int add(final long tags, final int flags)
    {
        if (size == capacity)
        {
            throw new IllegalStateException("table is full: capacity=" + capacity);
        }
        checkFlags(flags);
        final int index = size;
        write(index, tags, flags);
        size = index + 1;
        return index;
    }

    /**
     * Replaces a responder's tag mask and flags.
     *
     * @param responder index, 0 to size - 1.
     * @param tags      the responder's tag mask.
     * @param flags     any combination of the flag constants.
     */
    public void set(final int responder, final long tags, final int flags)
    {
        checkResponder(responder);
        checkFlags(flags);
        write(responder, tags, flags);
    }

    /**
     * @param responder index, 0 to size - 1.
     * @return the responder's tag mask.
     */
    public long tags(final int responder)
    {
        checkResponder(responder);
        return tags[responder];
    }

    /**
     * Replaces a responder's tag mask.
     *
     * @param responder index, 0 to size - 1.
     * @param tags      the responder's tag mask.
     */
    public void tags(final int responder, final long tags)
    {
        checkResponder(responder);
        writeTags(responder, tags);
    }

    /**
     * @param responder index, 0 to size - 1.
     * @return the responder's flags, a combination of the flag constants.
     */
    public int flags(final int responder)
    {
        checkResponder(responder);
        int flags = 0;
        for (int i = 0; i < FLAG_COUNT; i++)
        {
            final int flag = 1 << i;
            if (Bits.get(words(flag), responder))
            {
                flags |= flag;
            }
        }
        return flags;
    }

    /**
     * @param responder index, 0 to size - 1.
     * @param flag      one flag constant.
     * @return whether the responder has the flag.
     */
    public boolean hasFlag(final int responder, final int flag)
    {
        checkResponder(responder);
        return Bits.get(words(checkSingleFlag(flag)), responder);
    }

    /**
     * Sets or clears flags on one responder, leaving its other flags as they are.
     *
     * @param responder index, 0 to size - 1.
     * @param flags     any combination of the flag constants.
     * @param value     true to set, false to clear.
     */
    public void flag(final int responder, final int flags, final boolean value)
    {
        checkResponder(responder);
        checkFlags(flags);
        for (int i = 0; i < FLAG_COUNT; i++)
        {
            final int flag = 1 << i;
            if ((flags & flag) != 0)
            {
                Bits.put(words(flag), responder, value);
            }
        }
    }

    /**
     * Sets or clears flags on the responders of an interval, for example a whole subtree when a relay node is
     * deactivated.
     *
     * @param from  first responder, inclusive.
     * @param to    last responder, exclusive; {@code 0 <= from <= to <= size}.
     * @param flags any combination of the flag constants.
     * @param value true to set, false to clear.
     */
    public void flagRange(final int from, final int to, final int flags, final boolean value)
    {
        checkInterval(from, to);
        checkFlags(flags);
        if (from == to)
        {
            return;
        }
        for (int i = 0; i < FLAG_COUNT; i++)
        {
            final int flag = 1 << i;
            if ((flags & flag) != 0)
            {
                Bits.putRange(words(flag), from, to, value);
            }
        }
    }

    /**
     * Sixty-four bits of one flag starting at a responder: bit {@code k} is the flag of responder {@code start + k}
     * and is 0 for indices at or beyond {@link #size()}. A dispatcher uses it, for example, to keep only the
     * {@link #RECEIVES_HANDLED} responders of a delivery word once a message is handled.
     *
     * @param flag  one flag constant.
     * @param start first responder, 0 to size.
     * @return the flag bits.
     */
    public long flagBits(final int flag, final int start)
    {
        final long[] words = words(checkSingleFlag(flag));
        if (start < 0 || start > size)
        {
            throw new IndexOutOfBoundsException("start must be in [0, size]: start=" + start + ", size=" + size);
        }
        final int valid = size - start;
        final long bits = Bits.bitsAt(words, start);
        return valid >= Bits.WORD_BITS ? bits : valid == 0 ? 0 : bits & Bits.rangeMask(0, valid);
    }

    long[] tagArray()
    {
        return tags;
    }

    long[] checksTagsWords()
    {
        return checksTagsWords;
    }

    long[] activeWords()
    {
        return activeWords;
    }

    long[] selectedWords()
    {
        return selectedWords;
    }

    /**
     * Union of the responders' tag masks, {@link TagMask#EVERYTHING} left out: the bit positions narrowed tags keep.
     *
     * @return the union since the last {@link #clear()}.
     */
    public long tagUniverse()
    {
        return tagUniverse;
    }

    /**
     * Byte planes the narrowed tag masks occupy: {@code ceil(bitCount(tagUniverse()) / 8)}, at least 1.
     *
     * @return 1 to {@link #MAX_TAG_PLANES}.
     */
    public int tagPlaneCount()
    {
        return tagPlaneCount;
    }

    /**
     * A message mask narrowed the way this table narrows responder masks: {@code (narrow(r) & narrow(m)) != 0}
     * exactly when {@code (r & m) != 0}, for every responder mask {@code r} other than {@link TagMask#EVERYTHING}.
     *
     * @param messageTags a message's tag mask.
     * @return the mask compressed to the table's tag universe.
     */
    public long narrowTags(final long messageTags)
    {
        return Long.compress(messageTags, tagUniverse);
    }

    byte[][] tagPlanes()
    {
        return tagPlanes;
    }

    long[] everyTagWords()
    {
        return everyTagWords;
    }

    private void writeTags(final int index, final long tags)
    {
        this.tags[index] = tags;
        final boolean everything = tags == TagMask.EVERYTHING;
        Bits.put(everyTagWords, index, everything);
        if (!everything && (tags & ~tagUniverse) != 0)
        {
            narrowAll(tagUniverse | tags, Math.max(size, index + 1));
        }
        else
        {
            putNarrow(index, tags);
        }
    }

    /**
     * Adopts a wider tag universe and re-narrows responders {@code [0, count)}: a new tag changes every compressed
     * mask's bit positions, but only the first time the tag appears.
     */
    private void narrowAll(final long universe, final int count)
    {
        tagUniverse = universe;
        tagPlaneCount = Math.max(1, (Long.bitCount(universe) + Byte.SIZE - 1) / Byte.SIZE);
        for (int plane = 1; plane < tagPlaneCount; plane++)
        {
            if (tagPlanes[plane] == null)
            {
                tagPlanes[plane] = new byte[tags.length];
            }
        }
        for (int i = 0; i < count; i++)
        {
            putNarrow(i, tags[i]);
        }
    }

    private void putNarrow(final int index, final long tags)
    {
        // An EVERYTHING responder is recognised by its bit in everyTagWords; its planes stay empty.
        final long narrow = tags == TagMask.EVERYTHING ? 0L : Long.compress(tags, tagUniverse);
        for (int plane = 0; plane < tagPlaneCount; plane++)
        {
            tagPlanes[plane][index] = (byte)(narrow >>> (plane * Byte.SIZE));
        }
    }

    private void write(final int index, final long tags, final int flags)
    {
        writeTags(index, tags);
        Bits.put(checksTagsWords, index, (flags & CHECKS_TAGS) != 0);
        Bits.put(activeWords, index, (flags & ACTIVE) != 0);
        Bits.put(selectedWords, index, (flags & SELECTED) != 0);
        Bits.put(receivesHandledWords, index, (flags & RECEIVES_HANDLED) != 0);
    }

    private long[] words(final int flag)
    {
        return switch (flag)
        {
            case CHECKS_TAGS -> checksTagsWords;
            case ACTIVE -> activeWords;
            case SELECTED -> selectedWords;
            case RECEIVES_HANDLED -> receivesHandledWords;
            default -> throw new IllegalArgumentException("not a single flag: flag=0x" + Integer.toHexString(flag));
        };
    }

    private void checkResponder(final int responder)
    {
        if (responder < 0 || responder >= size)
        {
            throw new IndexOutOfBoundsException(
                "responder must be in [0, size): responder=" + responder + ", size=" + size);
        }
    }

    private void checkInterval(final int from, final int to)
    {
        if (from < 0 || from > to || to > size)
        {
            throw new IndexOutOfBoundsException(
                "interval must satisfy 0 <= from <= to <= size: from=" + from + ", to=" + to + ", size=" + size);
        }
    }

    private static void checkFlags(final int flags)
    {
        if ((flags & ~ALL_FLAGS) != 0)
        {
            throw new IllegalArgumentException("flags has unknown bits: flags=0x" + Integer.toHexString(flags));
        }
    }

    private static int checkSingleFlag(final int flag)
    {
        if (Integer.bitCount(flag) != 1 || (flag & ~ALL_FLAGS) != 0)
        {
            throw new IllegalArgumentException("not a single flag: flag=0x" + Integer.toHexString(flag));
        }
        return flag;
    }

    /**
     * @return a short description for diagnostics, not the contents.
     */
    @Override
    public String toString()
    {
        return "ResponderTable{size=" + size + ", capacity=" + capacity + "}";
    }

    /**
     * Copies the first {@code size} responders of this table into another (for a rebuild that keeps a prefix).
     *
     * @param target table to overwrite; its capacity must be at least this size.
     */
    public void copyTo(final ResponderTable target)
    {
        if (target.capacity < size)
        {
            throw new IllegalArgumentException(
                "target capacity too small: capacity=" + target.capacity + ", size=" + size);
        }
        System.arraycopy(tags, 0, target.tags, 0, size);
        final int words = Bits.wordsWithSpare(size) - 1;
        System.arraycopy(everyTagWords, 0, target.everyTagWords, 0, words);
        System.arraycopy(checksTagsWords, 0, target.checksTagsWords, 0, words);
        System.arraycopy(activeWords, 0, target.activeWords, 0, words);
        System.arraycopy(selectedWords, 0, target.selectedWords, 0, words);
        System.arraycopy(receivesHandledWords, 0, target.receivesHandledWords, 0, words);
        target.size = size;
        target.narrowAll(tagUniverse, size);
    }
}
