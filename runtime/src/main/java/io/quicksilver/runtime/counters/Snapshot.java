package io.quicksilver.runtime.counters;

import java.nio.file.Path;

/**
 * Every counter of one file as read at one instant, with the file's liveness then. What {@link Stat} compares
 * between two refreshes.
 *
 * @param file           the counters file.
 * @param name           the runtime's name.
 * @param pid            the writer's pid.
 * @param liveness       the verdict at the read.
 * @param heartbeatAge   milliseconds since the writer's last heartbeat.
 * @param takenNanos     {@link System#nanoTime()} at the read.
 * @param typeIds        each counter's type.
 * @param keys           each counter's key.
 * @param labels         each counter's label.
 * @param values         each counter's value.
 */
record Snapshot(Path file, String name, long pid, Liveness liveness, long heartbeatAge, long takenNanos, int[] typeIds,
    long[] keys, String[] labels, long[] values)
{
    static Snapshot read(final CountersReader reader)
    {
        final long now = System.currentTimeMillis();
        final Liveness liveness = Liveness.of(reader, now);
        final int count = reader.count();
        final int[] typeIds = new int[count];
        final long[] keys = new long[count];
        final String[] labels = new String[count];
        final long[] values = new long[count];
        for (int id = 0; id < count; id++)
        {
            typeIds[id] = reader.typeId(id);
            keys[id] = reader.key(id);
            labels[id] = reader.label(id);
            values[id] = reader.valueAcquire(id);
        }
        // A heartbeat a few ms after `now` (the clock read here first) is zero old, not negative.
        return new Snapshot(reader.file(), reader.name(), reader.pid(), liveness, Math.max(0, now - reader.heartbeatAcquire()),
            System.nanoTime(), typeIds, keys, labels, values);
    }

    /** @return workers: one more than the highest key of a per-worker counter. */
    int workers()
    {
        int workers = 0;
        for (int id = 0; id < typeIds.length; id++)
        {
            if (CounterTypes.isWorker(typeIds[id]))
            {
                workers = (int)Math.max(workers, keys[id] + 1);
            }
        }
        return workers;
    }

    /**
     * @param typeId a counter type.
     * @param key    a worker, or -1.
     * @return its value, 0 when the file has no such counter.
     */
    long value(final int typeId, final long key)
    {
        for (int id = 0; id < typeIds.length; id++)
        {
            if (typeIds[id] == typeId && keys[id] == key)
            {
                return values[id];
            }
        }
        return 0;
    }
}
