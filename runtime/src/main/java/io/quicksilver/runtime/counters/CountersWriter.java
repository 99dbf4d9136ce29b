package io.quicksilver.runtime.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Creates a counters file ({@link CountersLayout}) and writes it: counters are allocated while the file is
 * {@code STARTING}, {@link #publish()} makes it live, and from then on each value has one writer, which stores it
 * with {@link #setRelease(int, long)} (no lock, no allocation). {@link #close()} marks the file closed, unmaps it
 * and deletes it; a process that dies without closing leaves a file whose pid, start time and heartbeat tell a
 * reader it is stale ({@link Liveness}).
 */
public final class CountersWriter implements AutoCloseable
{

    private final Path file;
    private final Arena arena;
    private final MemorySegment segment;
    private final int capacity;
    private final long valuesOffset;
    private int count;
    private boolean published;
    private boolean closed;

    private CountersWriter(final Path file, final Arena arena, final MemorySegment segment, final int capacity)
    {
        this.file = file;
        this.arena = arena;
        this.segment = segment;
        this.capacity = capacity;
        this.valuesOffset = CountersLayout.valuesOffset(capacity);
    }

    /**
     * Create a counters file, {@code STARTING}, with this process's pid and start time; a file left by a process
     * that no longer runs is replaced, one another runtime of this process writes is not.
     *
     * @param file            where; its directory is created (owner-only) when missing.
     * @param name            the runtime's name ({@link CountersLayout#checkName}).
     * @param capacity        counter records.
     * @param heartbeatPeriod milliseconds between the writer's heartbeats, for readers judging staleness.
     * @return the writer.
     * @throws UncheckedIOException naming the file when it cannot be created or mapped.
     * @throws IllegalStateException when another runtime of this process writes that file.
     */
    public static CountersWriter create(final Path file, final String name, final int capacity, final long heartbeatPeriod)
    {
        final byte[] nameBytes = CountersLayout.checkName(name);
        CountersLayout.checkCapacity(capacity);
        if (heartbeatPeriod <= 0)
        {
            throw new IllegalArgumentException("heartbeatPeriod must be positive: heartbeatPeriod=" + heartbeatPeriod);
        }
        if (CountersFiles.inUseByThisProcess(file))
        {
            throw new IllegalStateException("counters file " + file + " is in use by another runtime of this " +
                "process: give this one another countersName");
        }
        final long length = CountersLayout.fileLength(capacity);
        final Arena arena = Arena.ofShared();
        try
        {
            final Path directory = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory))
            {
                try
                {
                    Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                catch (final UnsupportedOperationException e)
                {
                    Files.createDirectories(directory);
                }
            }
            final MemorySegment segment;
            // Replace, not truncate in place: a reader still mapping an old file keeps its own (unlinked) copy.
            final Path temporary = directory.resolve("." + file.getFileName() + ".new");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            }
            segment.fill((byte)0);
            final ProcessHandle self = ProcessHandle.current();
            segment.set(ValueLayout.JAVA_LONG, CountersLayout.MAGIC_OFFSET, CountersLayout.MAGIC);
            segment.set(ValueLayout.JAVA_INT, CountersLayout.VERSION_OFFSET, CountersLayout.VERSION);
            segment.set(ValueLayout.JAVA_LONG, CountersLayout.PID_OFFSET, self.pid());
            segment.set(ValueLayout.JAVA_LONG, CountersLayout.START_TIME_OFFSET,
                self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
            segment.set(ValueLayout.JAVA_LONG, CountersLayout.HEARTBEAT_OFFSET, System.currentTimeMillis());
            segment.set(ValueLayout.JAVA_LONG, CountersLayout.HEARTBEAT_PERIOD_OFFSET, heartbeatPeriod);
            segment.set(ValueLayout.JAVA_INT, CountersLayout.CAPACITY_OFFSET, capacity);
            segment.set(ValueLayout.JAVA_INT, CountersLayout.NAME_LENGTH_OFFSET, nameBytes.length);
            MemorySegment.copy(nameBytes, 0, segment, ValueLayout.JAVA_BYTE, CountersLayout.NAME_OFFSET, nameBytes.length);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new CountersWriter(file, arena, segment, capacity);
        }
        catch (final IOException e)
        {
            arena.close();
            throw new UncheckedIOException("cannot create counters file " + file + ": " + e, e);
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            throw e;
        }
    }

    /**
     * Allocate the next counter, before {@link #publish()}.
     *
     * @param typeId what it counts ({@link CounterTypes}).
     * @param key    which worker it is about, or -1.
     * @param label  a human label, at most {@link CountersLayout#MAX_LABEL_LENGTH} UTF-8 bytes.
     * @return its id.
     */
    public int allocate(final int typeId, final long key, final String label)
    {
        if (published)
        {
            throw new IllegalStateException("counters are allocated before publish(): label='" + label + "'");
        }
        if (count == capacity)
        {
            throw new IllegalStateException("counters file is full: capacity=" + capacity + ", label='" + label + "'");
        }
        final byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > CountersLayout.MAX_LABEL_LENGTH)
        {
            throw new IllegalArgumentException("counter label must be at most " + CountersLayout.MAX_LABEL_LENGTH +
                " UTF-8 bytes: label='" + label + "' (" + bytes.length + " bytes)");
        }
        final int id = count++;
        final long record = CountersLayout.metadataOffset(id);
        segment.set(ValueLayout.JAVA_INT, record + CountersLayout.TYPE_ID_OFFSET, typeId);
        segment.set(ValueLayout.JAVA_INT, record + CountersLayout.LABEL_LENGTH_OFFSET, bytes.length);
        segment.set(ValueLayout.JAVA_LONG, record + CountersLayout.KEY_OFFSET, key);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, record + CountersLayout.LABEL_OFFSET, bytes.length);
        return id;
    }

    /**
     * Make the file live: the count and the metadata written so far become visible to readers (release store of the
     * state, after the count).
     */
    public void publish()
    {
        segment.set(ValueLayout.JAVA_INT, CountersLayout.COUNT_OFFSET, count);
        published = true;
        CountersLayout.INT.setRelease(segment, (long)CountersLayout.STATE_OFFSET, CountersLayout.STATE_LIVE);
    }

    /**
     * Store a value (release: what the writer stored before is visible to a reader that loads it with acquire). One
     * writer per counter.
     *
     * @param id    a counter {@link #allocate} returned.
     * @param value its value.
     */
    public void setRelease(final int id, final long value)
    {
        CountersLayout.LONG.setRelease(segment, valuesOffset + (long)id * CountersLayout.VALUE_RECORD_LENGTH, value);
    }

    /**
     * @param id a counter.
     * @return its value as last stored (the writer's own view).
     */
    public long getPlain(final int id)
    {
        return (long)CountersLayout.LONG.get(segment, valuesOffset + (long)id * CountersLayout.VALUE_RECORD_LENGTH);
    }

    /**
     * Store the heartbeat: readers take a file whose heartbeat is far older than its period as stale.
     *
     * @param epochMillis now.
     */
    public void heartbeatRelease(final long epochMillis)
    {
        CountersLayout.LONG.setRelease(segment, (long)CountersLayout.HEARTBEAT_OFFSET, epochMillis);
    }

    /**
     * @return counters allocated.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Mark the file closed, unmap it and delete it. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CountersLayout.INT.setRelease(segment, (long)CountersLayout.STATE_OFFSET, CountersLayout.STATE_CLOSED);
        arena.close();
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot delete counters file " + file + ": " + e, e);
        }
    }

    @Override
    public String toString()
    {
        return "CountersWriter{file=" + file + ", count=" + count + ", capacity=" + capacity + '}';
    }
}
