package io.quicksilver.runtime.counters;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a counters file ({@link CountersLayout}) another process writes: maps it read-only, checks the magic, the
 * layout version and the length before reading anything else, then reads values with acquire loads. The mapping
 * stays valid after the writer deletes the file, which then reads {@code CLOSED}.
 */
public final class CountersReader implements AutoCloseable
{

    private final Path file;
    private final Arena arena;
    private final MemorySegment segment;
    private final int capacity;
    private final long valuesOffset;

    private CountersReader(final Path file, final Arena arena, final MemorySegment segment, final int capacity)
    {
        this.file = file;
        this.arena = arena;
        this.segment = segment;
        this.capacity = capacity;
        this.valuesOffset = CountersLayout.valuesOffset(capacity);
    }

    /**
     * @param file a counters file.
     * @return a reader over it.
     * @throws CountersFileException with a one-line reason: missing, no permission, not a counters file, another
     *                               layout version, truncated.
     */
    public static CountersReader open(final Path file)
    {
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < CountersLayout.HEADER_LENGTH)
            {
                throw new CountersFileException(file + ": truncated counters file: size=" + size + ", the header alone is " +
                    CountersLayout.HEADER_LENGTH + " bytes");
            }
            final MemorySegment header = channel.map(FileChannel.MapMode.READ_ONLY, 0, CountersLayout.HEADER_LENGTH, arena);
            final long magic = header.get(ValueLayout.JAVA_LONG, CountersLayout.MAGIC_OFFSET);
            if (magic != CountersLayout.MAGIC)
            {
                throw new CountersFileException(file + ": not a Quicksilver counters file: magic=0x" +
                    Long.toHexString(magic) + ", expected 0x" + Long.toHexString(CountersLayout.MAGIC));
            }
            final int version = header.get(ValueLayout.JAVA_INT, CountersLayout.VERSION_OFFSET);
            if (version != CountersLayout.VERSION)
            {
                throw new CountersFileException(file + ": counters layout version " + version +
                    ", this stat reads version " + CountersLayout.VERSION + " (use the stat of the runtime's release)");
            }
            final int capacity = header.get(ValueLayout.JAVA_INT, CountersLayout.CAPACITY_OFFSET);
            if (capacity < 1 || capacity > CountersLayout.MAX_CAPACITY)
            {
                throw new CountersFileException(file + ": corrupt counters file: capacity=" + capacity);
            }
            final long length = CountersLayout.fileLength(capacity);
            if (size < length)
            {
                throw new CountersFileException(file + ": truncated counters file: size=" + size + ", capacity " +
                    capacity + " needs " + length + " bytes");
            }
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, length, arena);
            return new CountersReader(file, arena, segment, capacity);
        }
        catch (final NoSuchFileException e)
        {
            arena.close();
            throw new CountersFileException(file + ": no such counters file", e);
        }
        catch (final AccessDeniedException e)
        {
            arena.close();
            throw new CountersFileException(file + ": no permission to read the counters file", e);
        }
        catch (final IOException e)
        {
            arena.close();
            throw new CountersFileException(file + ": cannot read the counters file: " + e.getMessage(), e);
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            throw e;
        }
    }

    /** @return the file. */
    public Path file()
    {
        return file;
    }

    /** @return {@link CountersLayout#STATE_STARTING}, {@code LIVE} or {@code CLOSED}, with acquire. */
    public int stateAcquire()
    {
        return (int)CountersLayout.INT.getAcquire(segment, (long)CountersLayout.STATE_OFFSET);
    }

    /** @return the writer's pid. */
    public long pid()
    {
        return segment.get(ValueLayout.JAVA_LONG, CountersLayout.PID_OFFSET);
    }

    /** @return the writer's process start time, epoch ms (0 when its JVM could not tell). */
    public long processStartMillis()
    {
        return segment.get(ValueLayout.JAVA_LONG, CountersLayout.START_TIME_OFFSET);
    }

    /** @return the last heartbeat, epoch ms, with acquire. */
    public long heartbeatAcquire()
    {
        return (long)CountersLayout.LONG.getAcquire(segment, (long)CountersLayout.HEARTBEAT_OFFSET);
    }

    /** @return milliseconds between the writer's heartbeats. */
    public long heartbeatPeriodMillis()
    {
        return segment.get(ValueLayout.JAVA_LONG, CountersLayout.HEARTBEAT_PERIOD_OFFSET);
    }

    /** @return the runtime's name. */
    public String name()
    {
        final int length = Math.clamp(segment.get(ValueLayout.JAVA_INT, CountersLayout.NAME_LENGTH_OFFSET), 0,
            CountersLayout.MAX_NAME_LENGTH);
        return new String(segment.asSlice(CountersLayout.NAME_OFFSET, length).toArray(ValueLayout.JAVA_BYTE),
            StandardCharsets.UTF_8);
    }

    /** @return counter records in the file. */
    public int capacity()
    {
        return capacity;
    }

    /** @return counters allocated; 0 until the file is live (read after an acquire load of the state). */
    public int count()
    {
        if (stateAcquire() == CountersLayout.STATE_STARTING)
        {
            return 0;
        }
        return Math.clamp(segment.get(ValueLayout.JAVA_INT, CountersLayout.COUNT_OFFSET), 0, capacity);
    }

    /** @param id a counter below {@link #count()}. @return its type id. */
    public int typeId(final int id)
    {
        return segment.get(ValueLayout.JAVA_INT, CountersLayout.metadataOffset(checkId(id)) + CountersLayout.TYPE_ID_OFFSET);
    }

    /** @param id a counter below {@link #count()}. @return its key: the worker's index, or -1. */
    public long key(final int id)
    {
        return segment.get(ValueLayout.JAVA_LONG, CountersLayout.metadataOffset(checkId(id)) + CountersLayout.KEY_OFFSET);
    }

    /** @param id a counter below {@link #count()}. @return its label. */
    public String label(final int id)
    {
        final long record = CountersLayout.metadataOffset(checkId(id));
        final int length = Math.clamp(segment.get(ValueLayout.JAVA_INT, record + CountersLayout.LABEL_LENGTH_OFFSET), 0,
            CountersLayout.MAX_LABEL_LENGTH);
        return new String(segment.asSlice(record + CountersLayout.LABEL_OFFSET, length).toArray(ValueLayout.JAVA_BYTE),
            StandardCharsets.UTF_8);
    }

    /**
     * @param id a counter below {@link #count()}.
     * @return its value, with acquire (pairs with the writer's release store).
     */
    public long valueAcquire(final int id)
    {
        return (long)CountersLayout.LONG.getAcquire(segment, valuesOffset + (long)checkId(id) * CountersLayout.VALUE_RECORD_LENGTH);
    }

    private int checkId(final int id)
    {
        if (id < 0 || id >= capacity)
        {
            throw new IndexOutOfBoundsException("counter id must be in [0, " + capacity + "): id=" + id);
        }
        return id;
    }

    @Override
    public void close()
    {
        arena.close();
    }

    @Override
    public String toString()
    {
        return "CountersReader{file=" + file + ", capacity=" + capacity + '}';
    }
}
