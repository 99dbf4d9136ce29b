package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.message.MessageLayout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The {@code Level.CUSTOM} predicates of one parallel dispatcher, each under a small id: a message in the ring
 * cannot hold an object reference, so its sender registers the predicate here and the message carries the id in its
 * header ({@link MessageLayout#CUSTOM_FILTER_SHIFT}); the workers that route it look the predicate up by that id.
 * <p>
 * <b>Identity.</b> A predicate is registered by identity ({@code ==}, {@link System#identityHashCode}), not by
 * {@code equals}: two equal lambdas are two entries. Registering one already registered finds it without a lock and
 * without allocating: one volatile read of the table and an acquire load per probe.
 * <p>
 * <b>Bounded, kept for the dispatcher's life.</b> An entry is never removed (a message still in the ring may name
 * it, and nothing tells when the last one has been routed), so the registry holds at most {@code capacity}
 * predicates, at most {@link MessageLayout#MAX_CUSTOM_FILTER_ID}; one more is refused with
 * {@link IllegalStateException}. A sender that makes a new predicate per send (a capturing lambda inside the send
 * loop) fills it: build the predicate, or the whole {@code Metadata}, once and reuse it.
 * <p>
 * <b>Memory ordering.</b> A new entry is written under the registry's lock: its predicate into {@code byId}, its id
 * into the probe table, then its key with a release store; a reader's acquire load of the key therefore sees the id
 * and the predicate. A worker reads {@code byId} after acquiring the message that carries the id, which its sender
 * published after registering (or finding) the predicate, so it sees the entry too. Tables grow by copy, published by
 * a volatile store; a reader of an older table that misses a key takes the lock and finds it in the newer one.
 */
final class CustomFilters
{
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final int capacity;
    private final Object lock = new Object();
    private volatile Table table = new Table(16);
    private volatile Object[] byId = new Object[8];
    private int count;

    /**
     * @param capacity most predicates, 1 to {@link MessageLayout#MAX_CUSTOM_FILTER_ID}.
     */
    CustomFilters(final int capacity)
    {
        checkCapacity(capacity);
        this.capacity = capacity;
    }

    /**
     * @param capacity to check.
     * @throws IllegalArgumentException if not in {@code [1, MAX_CUSTOM_FILTER_ID]}.
     */
    static void checkCapacity(final int capacity)
    {
        if (capacity < 1 || capacity > MessageLayout.MAX_CUSTOM_FILTER_ID)
        {
            throw new IllegalArgumentException("maxCustomFilters must be in [1, " +
                MessageLayout.MAX_CUSTOM_FILTER_ID + "]: maxCustomFilters=" + capacity);
        }
    }

    /**
     * The predicate's id, registering it the first time: what a send with {@code Level.CUSTOM} writes into its
     * message. Allocates nothing for a predicate already registered.
     *
     * @param filter not null.
     * @return its id, 1 to {@code capacity}.
     * @throws IllegalStateException when the predicate is new and the registry is full.
     */
    int idOf(final Object filter)
    {
        final Table t = table;
        final Object[] keys = t.keys;
        final int mask = keys.length - 1;
        int i = hash(filter) & mask;
        Object key;
        while ((key = KEYS.getAcquire(keys, i)) != null)
        {
            if (key == filter)
            {
                return t.ids[i];
            }
            i = (i + 1) & mask;
        }
        return register(filter);
    }

    /**
     * The predicate registered under an id; read by a worker after it acquired the message that carries the id.
     *
     * @param id from a message header.
     * @return the predicate, or null for an id never handed out.
     */
    Object filter(final int id)
    {
        final Object[] filters = byId;
        return id > 0 && id < filters.length ? filters[id] : null;
    }

    /**
     * @return predicates registered.
     */
    int size()
    {
        synchronized (lock)
        {
            return count;
        }
    }

    /**
     * @return most predicates the registry holds.
     */
    int capacity()
    {
        return capacity;
    }

    private int register(final Object filter)
    {
        synchronized (lock)
        {
            Table t = table;
            int i = hash(filter) & (t.keys.length - 1);
            Object key;
            while ((key = t.keys[i]) != null)
            {
                if (key == filter)
                {
                    return t.ids[i];
                }
                i = (i + 1) & (t.keys.length - 1);
            }
            if (count == capacity)
            {
                throw new IllegalStateException("custom filter registry full: " + capacity + " distinct Level.CUSTOM " +
                    "predicates registered (maxCustomFilters=" + capacity + "); a parallel runtime keeps each " +
                    "predicate, by identity, for its life: build the predicate (or the Metadata) once and reuse it " +
                    "instead of making one per send");
            }
            final int id = ++count;
            Object[] filters = byId;
            if (id >= filters.length)
            {
                filters = Arrays.copyOf(filters, Math.min(filters.length * 2, capacity + 1));
                filters[id] = filter;
                byId = filters;
            }
            else
            {
                filters[id] = filter;
            }
            if (2 * (count + 1) > t.keys.length)
            {
                // Grow by copy (load at most a half), then publish: readers of the old table fall back to this lock.
                final Table grown = new Table(t.keys.length * 2);
                for (int j = 0; j < t.keys.length; j++)
                {
                    if (t.keys[j] != null)
                    {
                        grown.putPlain(t.keys[j], t.ids[j]);
                    }
                }
                grown.putPlain(filter, id);
                table = grown;
            }
            else
            {
                t.ids[i] = id;
                KEYS.setRelease(t.keys, i, filter);
            }
            return id;
        }
    }

    private static int hash(final Object filter)
    {
        final int h = System.identityHashCode(filter) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Open-addressing identity table: keys and their ids, a power of two long. */
    private static final class Table
    {
        final Object[] keys;
        final int[] ids;

        Table(final int length)
        {
            keys = new Object[length];
            ids = new int[length];
        }

        /** Before the table is published only. */
        void putPlain(final Object key, final int id)
        {
            final int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (keys[i] != null)
            {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            ids[i] = id;
        }
    }
}
