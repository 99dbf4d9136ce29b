package io.quicksilver.runtime.counters;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The counters file, declared once: every writer and reader takes its offsets from here.
 * <pre>
 *   0  header, 128 bytes
 *        0 magic            long  "QSCNTRS\0" little-endian
 *        8 layout version   int
 *       12 state            int   0 starting, 1 live, 2 closed (release store, acquire load)
 *       16 pid              long
 *       24 process start    long  epoch ms, as ProcessHandle.Info#startInstant gives it (tells a reused pid apart)
 *       32 heartbeat        long  epoch ms of the last sample (release store)
 *       40 heartbeat period long  ms between samples, so a reader knows when a heartbeat is overdue
 *       48 capacity         int   counter records in the file
 *       52 count            int   records allocated (written once, before the state goes live)
 *       56 name length      int   UTF-8 bytes of the runtime's name
 *       60 name             up to 68 bytes
 * 128  metadata: capacity records of 128 bytes
 *        0 type id          int
 *        4 label length     int   UTF-8 bytes
 *        8 key              long  the worker index for per-worker counters, -1 otherwise
 *       16 label            up to 112 bytes
 *  128 + capacity * 128: values: capacity records of 64 bytes, the value a long at offset 0
 * </pre>
 * Each value has a cache line to itself, so two values written by different threads never share a line. Values are
 * written with release stores and read with acquire loads; metadata is written before the state goes live and never
 * changes afterwards. The byte order is the machine's (the file never leaves it).
 */
public final class CountersLayout
{
    /** {@code "QSCNTRS"} and a zero byte, read as a little-endian long. */
    public static final long MAGIC = 0x0053_5254_4E43_5351L;
    /** Bumped whenever an offset or a record's meaning changes; a reader refuses any other. */
    public static final int VERSION = 1;

    public static final int STATE_STARTING = 0;
    public static final int STATE_LIVE = 1;
    public static final int STATE_CLOSED = 2;

    public static final int CACHE_LINE = 64;
    public static final int HEADER_LENGTH = 128;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int STATE_OFFSET = 12;
    public static final int PID_OFFSET = 16;
    public static final int START_TIME_OFFSET = 24;
    public static final int HEARTBEAT_OFFSET = 32;
    public static final int HEARTBEAT_PERIOD_OFFSET = 40;
    public static final int CAPACITY_OFFSET = 48;
    public static final int COUNT_OFFSET = 52;
    public static final int NAME_LENGTH_OFFSET = 56;
    public static final int NAME_OFFSET = 60;
    public static final int MAX_NAME_LENGTH = HEADER_LENGTH - NAME_OFFSET;

    public static final int METADATA_RECORD_LENGTH = 128;
    public static final int TYPE_ID_OFFSET = 0;
    public static final int LABEL_LENGTH_OFFSET = 4;
    public static final int KEY_OFFSET = 8;
    public static final int LABEL_OFFSET = 16;
    public static final int MAX_LABEL_LENGTH = METADATA_RECORD_LENGTH - LABEL_OFFSET;

    public static final int VALUE_RECORD_LENGTH = CACHE_LINE;

    /** Ordered access to an int of the file: (segment, offset). Writer and reader pair release with acquire. */
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Ordered access to a long of the file: (segment, offset). */
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** Most counters one file holds: enough for every counter of {@code MAX_WORKERS} workers many times over. */
    public static final int MAX_CAPACITY = 1 << 16;

    static
    {
        if (VALUE_RECORD_LENGTH < Long.BYTES || NAME_OFFSET + Integer.BYTES > HEADER_LENGTH)
        {
            throw new AssertionError("counters layout does not fit its records");
        }
    }

    private CountersLayout()
    {
    }

    /**
     * @param capacity counter records.
     * @return the file's length in bytes.
     */
    public static long fileLength(final int capacity)
    {
        return valuesOffset(capacity) + (long)capacity * VALUE_RECORD_LENGTH;
    }

    /**
     * @param id a counter.
     * @return its metadata record's offset.
     */
    public static long metadataOffset(final int id)
    {
        return HEADER_LENGTH + (long)id * METADATA_RECORD_LENGTH;
    }

    /**
     * @param capacity counter records in the file.
     * @return where the values section begins (a multiple of the cache line).
     */
    public static long valuesOffset(final int capacity)
    {
        return HEADER_LENGTH + (long)capacity * METADATA_RECORD_LENGTH;
    }

    /**
     * @param capacity counter records in the file.
     * @param id       a counter.
     * @return its value's offset.
     */
    public static long valueOffset(final int capacity, final int id)
    {
        return valuesOffset(capacity) + (long)id * VALUE_RECORD_LENGTH;
    }

    /**
     * @param capacity counter records asked for.
     * @return the capacity, checked.
     * @throws IllegalArgumentException naming the value when it is not in {@code [1, MAX_CAPACITY]}.
     */
    public static int checkCapacity(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "counters capacity must be in [1, " + MAX_CAPACITY + "]: capacity=" + capacity);
        }
        return capacity;
    }

    /**
     * @param name a runtime's name for its counters file.
     * @return its UTF-8 bytes, checked: not empty, at most {@link #MAX_NAME_LENGTH} bytes, usable in a file name.
     */
    public static byte[] checkName(final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("counters name must be 1 to " + MAX_NAME_LENGTH + " UTF-8 bytes: name='" +
                name + "' (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
            {
                throw new IllegalArgumentException(
                    "counters name may hold letters, digits, '-', '_' and '.' only: name='" + name + "'");
            }
        }
        return bytes;
    }
}
