package io.quicksilver.runtime.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters file as {@link CountersLayout} declares it: what the writer stores the reader reads back, values on
 * their own cache lines, and a file that is not one, of another version or cut short is refused with a reason.
 */
@Timeout(30)
class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatTheWriterStored()
    {
        final Path file = dir.resolve("1-a.counters");
        try (CountersWriter writer = CountersWriter.create(file, "a", 8, 100))
        {
            final int deliveries = writer.allocate(CounterTypes.DELIVERIES, 3, "worker 3: deliveries");
            final int flushes = writer.allocate(CounterTypes.FLUSHES, -1, "flushes \u00e9");
            writer.publish();
            writer.setRelease(deliveries, 30_000);
            writer.setRelease(flushes, Long.MAX_VALUE);
            try (CountersReader reader = CountersReader.open(file))
            {
                assertEquals(CountersLayout.STATE_LIVE, reader.stateAcquire());
                assertEquals(2, reader.count());
                assertEquals(8, reader.capacity());
                assertEquals("a", reader.name());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                assertEquals(100, reader.heartbeatPeriodMillis());
                assertEquals(CounterTypes.DELIVERIES, reader.typeId(deliveries));
                assertEquals(3, reader.key(deliveries));
                assertEquals("worker 3: deliveries", reader.label(deliveries));
                assertEquals(30_000, reader.valueAcquire(deliveries));
                assertEquals(-1, reader.key(flushes));
                assertEquals("flushes \u00e9", reader.label(flushes));
                assertEquals(Long.MAX_VALUE, reader.valueAcquire(flushes));
            }
        }
    }

    @Test
    void shouldPutEachValueOnItsOwnCacheLine()
    {
        assertEquals(0, CountersLayout.valuesOffset(7) % CountersLayout.CACHE_LINE);
        assertEquals(CountersLayout.CACHE_LINE,
            CountersLayout.valueOffset(7, 1) - CountersLayout.valueOffset(7, 0));
        assertEquals(CountersLayout.valueOffset(7, 6) + CountersLayout.VALUE_RECORD_LENGTH, CountersLayout.fileLength(7));
    }

    @Test
    void shouldReadNoCountersUntilPublished()
    {
        final Path file = dir.resolve("1-b.counters");
        try (CountersWriter writer = CountersWriter.create(file, "b", 4, 100))
        {
            writer.allocate(CounterTypes.DELIVERIES, 0, "worker 0: deliveries");
            try (CountersReader reader = CountersReader.open(file))
            {
                assertEquals(0, reader.count());
                assertEquals(Liveness.State.STARTING, Liveness.of(reader, System.currentTimeMillis()).state());
                writer.publish();
                assertEquals(1, reader.count());
            }
        }
    }

    @Test
    void shouldMarkClosedAndDeleteOnClose()
    {
        final Path file = dir.resolve("1-c.counters");
        final CountersWriter writer = CountersWriter.create(file, "c", 4, 100);
        writer.publish();
        try (CountersReader reader = CountersReader.open(file))
        {
            writer.close();
            assertFalse(Files.exists(file));
            assertEquals(CountersLayout.STATE_CLOSED, reader.stateAcquire());
            assertEquals(Liveness.State.CLOSED, Liveness.of(reader, System.currentTimeMillis()).state());
        }
        writer.close();
    }

    @Test
    void shouldRejectAFileThatIsNotACountersFile() throws IOException
    {
        final Path file = Files.write(dir.resolve("x.counters"), new byte[4096]);
        final CountersFileException e = assertThrows(CountersFileException.class, () -> CountersReader.open(file));
        assertTrue(e.getMessage().contains("not a Quicksilver counters file: magic=0x0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldRejectAnotherLayoutVersion() throws IOException
    {
        final Path file = dir.resolve("1-v.counters");
        CountersWriter.create(file, "v", 4, 100).publish();
        patchInt(file, CountersLayout.VERSION_OFFSET, CountersLayout.VERSION + 1);
        final CountersFileException e = assertThrows(CountersFileException.class, () -> CountersReader.open(file));
        assertTrue(e.getMessage().contains("counters layout version " + (CountersLayout.VERSION + 1) +
            ", this stat reads version " + CountersLayout.VERSION), e.getMessage());
    }

    @Test
    void shouldRejectATruncatedFile() throws IOException
    {
        final Path file = dir.resolve("1-t.counters");
        CountersWriter.create(file, "t", 4, 100).publish();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(CountersLayout.fileLength(4) - 1);
        }
        CountersFileException e = assertThrows(CountersFileException.class, () -> CountersReader.open(file));
        assertTrue(e.getMessage().contains("truncated counters file: size=" + (CountersLayout.fileLength(4) - 1) +
            ", capacity 4 needs " + CountersLayout.fileLength(4) + " bytes"), e.getMessage());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(10);
        }
        e = assertThrows(CountersFileException.class, () -> CountersReader.open(file));
        assertTrue(e.getMessage().contains("truncated counters file: size=10"), e.getMessage());
    }

    @Test
    void shouldRejectAMissingFile()
    {
        final CountersFileException e = assertThrows(CountersFileException.class,
            () -> CountersReader.open(dir.resolve("none.counters")));
        assertTrue(e.getMessage().endsWith("none.counters: no such counters file"), e.getMessage());
    }

    @Test
    void shouldRejectBadNamesLabelsAndLateAllocation()
    {
        assertThrows(IllegalArgumentException.class, () -> CountersLayout.checkName(""));
        assertThrows(IllegalArgumentException.class, () -> CountersLayout.checkName("a/b"));
        assertThrows(IllegalArgumentException.class, () -> CountersLayout.checkName("x".repeat(69)));
        assertEquals("counters capacity must be in [1, 65536]: capacity=0",
            assertThrows(IllegalArgumentException.class, () -> CountersLayout.checkCapacity(0)).getMessage());
        try (CountersWriter writer = CountersWriter.create(dir.resolve("1-l.counters"), "l", 1, 100))
        {
            assertThrows(IllegalArgumentException.class,
                () -> writer.allocate(CounterTypes.FLUSHES, -1, "y".repeat(CountersLayout.MAX_LABEL_LENGTH + 1)));
            writer.allocate(CounterTypes.FLUSHES, -1, "y".repeat(CountersLayout.MAX_LABEL_LENGTH));
            assertTrue(assertThrows(IllegalStateException.class,
                () -> writer.allocate(CounterTypes.FLUSHES, -1, "z")).getMessage().contains("full: capacity=1"));
            writer.publish();
            assertThrows(IllegalStateException.class, () -> writer.allocate(CounterTypes.FLUSHES, -1, "z"));
        }
    }

    static void patchLong(final Path file, final long offset, final long value) throws IOException
    {
        patch(file, offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, value));
    }

    static void patchInt(final Path file, final long offset, final int value) throws IOException
    {
        patch(file, offset, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, value));
    }

    private static void patch(final Path file, final long offset, final ByteBuffer bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(bytes, offset);
        }
    }
}
