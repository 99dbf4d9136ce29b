package io.quicksilver.simd;

/**
 * Struct-of-arrays batch of messages to evaluate against a {@link ResponderTable}.
 * <p>
 * Per message: the tag mask (see {@link TagMask}), the filters ({@link #ACTIVE_ONLY} for Mercury's Active filter,
 * {@link #SELECTED_ONLY} for its Selected filter; without them the message is Active=All and Selected=All), and the
 * responder interval {@code [from, to)} that its compiled level filter targets. Intervals may reach past a table's
 * size; kernels clip them to the range they evaluate.
 * <p>
 * Not thread-safe; reused from batch to batch with {@link #clear()}.
 */
public final class MessageBatch
{
    /**
     * Active filter Active: only responders whose {@link ResponderTable#ACTIVE} flag is set.
     */
    public static final int ACTIVE_ONLY = 1;

    /**
     * Selected filter Selected: only responders whose {@link ResponderTable#SELECTED} flag is set.
     */
    public static final int SELECTED_ONLY = 1 << 1;

    /**
     * Every filter bit.
     */
    public static final int ALL_FILTERS = ACTIVE_ONLY | SELECTED_ONLY;

    /**
     * Largest capacity a batch may have.
     */
    public static final int MAX_CAPACITY = 1 << 20;

    private final int capacity;
    private final long[] tags;
    private final byte[] filters;
    private final int[] from;
    private final int[] to;
    private int size;

    /**
     * A batch that can hold up to {@code capacity} messages.
     *
     * @param capacity maximum number of messages, 1 to {@link #MAX_CAPACITY}.
     * @throws IllegalArgumentException if the capacity is out of range.
     */
    public MessageBatch(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "]: capacity=" + capacity);
        }
        this.capacity = capacity;
        tags = new long[capacity];
        filters = new byte[capacity];
        from = new int[capacity];
        to = new int[capacity];
    }

    /**
     * @return maximum number of messages.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return number of messages in the batch.
     */
    public int size()
    {
        return size;
    }

    /**
     * Empties the batch, keeping the storage.
     */
    public void clear()
    {
        size = 0;
    }

    /**
     * Appends a message.
     *
     * @param tags    the message's tag mask.
     * @param filters any combination of {@link #ACTIVE_ONLY} and {@link #SELECTED_ONLY}.
     * @param from    first targeted responder, inclusive.
     * @param to      last targeted responder, exclusive; {@code 0 <= from <= to}.
     * @return the message's index in the batch, or -1 if the batch is full.
     * @throws IllegalArgumentException if the filters or the interval are invalid.
     */
    public int add(final long tags, final int filters, final int from, final int to)
    {
        check(filters, from, to);
        final int index = size;
        if (index == capacity)
        {
            return -1;
        }
        write(index, tags, filters, from, to);
        size = index + 1;
        return index;
    }

    /**
     * Replaces a message.
     *
     * @param index   message index, 0 to size - 1.
     * @param tags    the message's tag mask.
     * @param filters any combination of {@link #ACTIVE_ONLY} and {@link #SELECTED_ONLY}.
     * @param from    first targeted responder, inclusive.
     * @param to      last targeted responder, exclusive; {@code 0 <= from <= to}.
     */
    public void set(final int index, final long tags, final int filters, final int from, final int to)
    {
        checkIndex(index);
        check(filters, from, to);
        write(index, tags, filters, from, to);
    }

    /**
     * @param index message index, 0 to size - 1.
     * @return the message's tag mask.
     */
    public long tags(final int index)
    {
        checkIndex(index);
        return tags[index];
    }

    /**
     * @param index message index, 0 to size - 1.
     * @return the message's filters.
     */
    public int filters(final int index)
    {
        checkIndex(index);
        return filters[index];
    }

    /**
     * @param index message index, 0 to size - 1.
     * @return first targeted responder, inclusive.
     */
    public int from(final int index)
    {
        checkIndex(index);
        return from[index];
    }

    /**
     * @param index message index, 0 to size - 1.
     * @return last targeted responder, exclusive.
     */
    public int to(final int index)
    {
        checkIndex(index);
        return to[index];
    }

    long[] tagArray()
    {
        return tags;
    }

    byte[] filterArray()
    {
        return filters;
    }

    int[] fromArray()
    {
        return from;
    }

    int[] toArray()
    {
        return to;
    }

    private void write(final int index, final long tags, final int filters, final int from, final int to)
    {
        this.tags[index] = tags;
        this.filters[index] = (byte)filters;
        this.from[index] = from;
        this.to[index] = to;
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index must be in [0, size): index=" + index + ", size=" + size);
        }
    }

    private static void check(final int filters, final int from, final int to)
    {
        if ((filters & ~ALL_FILTERS) != 0)
        {
            throw new IllegalArgumentException("filters has unknown bits: filters=0x" + Integer.toHexString(filters));
        }
        if (from < 0 || from > to)
        {
            throw new IllegalArgumentException("interval must satisfy 0 <= from <= to: from=" + from + ", to=" + to);
        }
    }

    /**
     * @return a short description for diagnostics, not the contents.
     */
    @Override
    public String toString()
    {
        return "MessageBatch{size=" + size + ", capacity=" + capacity + "}";
    }
}
