package io.quicksilver.runtime.journal;

import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageSlots;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The one class that writes Chronicle Queue: opens (or reopens) a journal directory for one appender, and appends
 * runs of ring slots, up to {@link JournalLayout#MAX_MESSAGES} per document, each message copied once from its
 * slot's address into the queue's mapped memory. Single-threaded: the journaller's thread appends.
 * <p>
 * One runtime per directory: a lock file ({@link #LOCK_FILE}) held while open refuses a second one, in this process
 * or another (the operating system drops it when a process dies, so a crash never leaves it behind).
 */
public final class ChronicleJournal implements AutoCloseable
{
    /** Held while a runtime journals into the directory. */
    public static final String LOCK_FILE = "quicksilver-journal.lock";

    /**
     * Test-only fault injection: when set (a number of messages), the append that would take the journal past that
     * many messages fails with an {@link IOException}, as a full disk would. Read when a journal opens.
     */
    public static final String FAIL_AFTER_PROPERTY = "quicksilver.journal.test.failAfterMessages";

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long failAfter;
    private final int maxMessageLength;
    private long nextSequence;
    private final long openedAt;
    // Written by the journaller's thread, read by JFR's periodic one: opaque is enough for a sample.
    private volatile long appendedBytes;

    private ChronicleJournal(
        final Path directory, final SingleChronicleQueue queue, final FileChannel lockChannel, final FileLock lock,
        final long nextSequence, final int maxPayload)
    {
        this.directory = directory;
        this.queue = queue;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.nextSequence = nextSequence;
        this.openedAt = nextSequence;
        this.maxMessageLength = MessageLayout.HEADER_LENGTH + maxPayload;
        this.appender = queue.createAppender();
        final String failAfter = System.getProperty(FAIL_AFTER_PROPERTY);
        this.failAfter = failAfter == null ? Long.MAX_VALUE : Long.parseLong(failAfter);
    }

    /**
     * Open the journal {@code config} names for appending, after the messages already in it.
     *
     * @param config     directory, roll cycle, lock timeout.
     * @param maxPayload largest payload a message of this runtime carries.
     * @return the open journal.
     * @throws JournalException naming the path: flags missing, directory unusable, in use by another runtime, a queue
     *                          that is not a Quicksilver journal, an unknown roll cycle.
     */
    public static ChronicleJournal open(final JournalConfig config, final int maxPayload)
    {
        final Path directory = config.directory().toAbsolutePath();
        JournalFlags.check(directory);
        disableAnalytics();
        prepareDirectory(directory);
        final RollCycle rollCycle = rollCycle(config.rollCycle(), directory);
        FileChannel channel = null;
        SingleChronicleQueue queue = null;
        try
        {
            final Path lockPath = directory.resolve(LOCK_FILE);
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException e)
            {
                throw new JournalException("journal " + directory + " is in use by another runtime in this process " +
                    "(" + lockPath + " is locked): one runtime journals into a directory at a time");
            }
            if (lock == null)
            {
                throw new JournalException("journal " + directory + " is in use by another process (" + lockPath +
                    " is locked): one runtime journals into a directory at a time");
            }
            queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(rollCycle)
                .timeoutMS(Math.max(1, config.lockTimeout().toMillis()))
                .storeFileListener(new RollListener(directory.toString()))
                .build();
            final long next = nextSequenceOf(queue, directory);
            return new ChronicleJournal(directory, queue, channel, lock, next, maxPayload);
        }
        catch (final IOException | RuntimeException | Error e)
        {
            if (queue != null)
            {
                queue.close();
            }
            closeQuietly(channel);
            if (e instanceof JournalException je)
            {
                throw je;
            }
            throw new JournalException("journal " + directory + " cannot be opened: " + e, e);
        }
    }

    /** JFR {@link JournalRolledEvent} when a store file is acquired: once per roll cycle, off the append path. */
    private record RollListener(String directory) implements net.openhft.chronicle.queue.impl.StoreFileListener
    {
        @Override
        public void onAcquired(final int cycle, final java.io.File file)
        {
            final JournalRolledEvent event = new JournalRolledEvent();
            if (event.shouldCommit())
            {
                event.directory = directory;
                event.cycle = cycle;
                event.file = file.toString();
                event.commit();
            }
        }

        @Override
        public void onReleased(final int cycle, final java.io.File file)
        {
            // Nothing to say: a released file was announced when acquired.
        }
    }

    /** Chronicle's usage analytics call out over the network unless told not to, before its classes load. */
    static void disableAnalytics()
    {
        if (System.getProperty("chronicle.analytics.disable") == null)
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    static void prepareDirectory(final Path directory)
    {
        if (Files.exists(directory))
        {
            if (!Files.isDirectory(directory))
            {
                throw new JournalException("journal directory " + directory + " is not a directory");
            }
            if (!Files.isWritable(directory))
            {
                throw new JournalException("journal directory " + directory + " is not writable");
            }
            return;
        }
        final Path parent = directory.getParent();
        if (parent == null || !Files.isDirectory(parent))
        {
            throw new JournalException("journal directory " + directory + " does not exist, nor does its parent " +
                parent + ": create the parent first (a mistyped path should not journal somewhere new)");
        }
        try
        {
            Files.createDirectory(directory);
        }
        catch (final IOException e)
        {
            throw new JournalException("journal directory " + directory + " cannot be created: " + e, e);
        }
    }

    static RollCycle rollCycle(final String name, final Path directory)
    {
        final List<String> names = new ArrayList<>();
        for (final RollCycle[] cycles : new RollCycle[][]{
            RollCycles.values(), LargeRollCycles.values(), TestRollCycles.values()})
        {
            for (final RollCycle cycle : cycles)
            {
                final String cycleName = ((Enum<?>)cycle).name();
                if (cycleName.equalsIgnoreCase(name))
                {
                    return cycle;
                }
                names.add(cycleName);
            }
        }
        throw new JournalException("journal " + directory + ": unknown roll cycle '" + name + "', expected one of " +
            names);
    }

    /**
     * The journal sequence after the last valid document (0 for an empty queue), walking back over torn ones.
     */
    private static long nextSequenceOf(final SingleChronicleQueue queue, final Path directory)
    {
        String skipped = null;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        if (skipped != null && skipped.startsWith("magic number"))
                        {
                            throw new JournalException("journal " + directory + " holds a queue that is not a " +
                                "Quicksilver journal (no document of it is one: " + skipped + "): written by another " +
                                "program or another version");
                        }
                        return 0;
                    }
                    if (dc.isMetaData())
                    {
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (JournalReader.isHierarchyRecord(bytes))
                    {
                        continue;
                    }
                    final String problem = JournalReader.check(bytes, -1);
                    if (problem != null)
                    {
                        // A torn last entry: the journal goes on after the last whole document before it.
                        skipped = skipped == null ? problem : skipped;
                        continue;
                    }
                    final long position = bytes.readPosition();
                    return bytes.readLong(position + JournalLayout.FIRST_SEQUENCE_OFFSET) +
                        bytes.readInt(position + JournalLayout.COUNT_OFFSET);
                }
            }
        }
    }

    /**
     * Append ring messages {@code [firstRing, firstRing + count)}, published and readable, from their slots, as one
     * document.
     *
     * @param slots     the ring's slots.
     * @param firstRing ring sequence of the first message.
     * @param count     messages, 1 to {@link JournalLayout#MAX_MESSAGES}.
     * @throws IOException when the queue cannot be written (the document is rolled back).
     */
    public void appendDocument(final MessageSlots slots, final long firstRing, final int count) throws IOException
    {
        if (count < 1 || count > JournalLayout.MAX_MESSAGES)
        {
            throw new IllegalArgumentException("a document holds 1 to " + JournalLayout.MAX_MESSAGES +
                " messages: count=" + count);
        }
        if (nextSequence + count > failAfter)
        {
            throw new IOException("injected journal write failure (" + FAIL_AFTER_PROPERTY + "=" + failAfter +
                "): " + directory);
        }
        final MemorySegment segment = slots.segment();
        final long base = segment.address();
        final int maxMessageLength = this.maxMessageLength;
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.writePosition();
            bytes.writeInt(JournalLayout.MAGIC);
            bytes.writeInt(count);
            bytes.writeLong(nextSequence);
            bytes.writeLong(firstRing);
            bytes.writeLong(System.currentTimeMillis());
            for (int i = 0; i < count; i++)
            {
                final long offset = slots.slotOffset(firstRing + i);
                final int length = MessageLayout.HEADER_LENGTH +
                    segment.get(JAVA_INT, offset + MessageLayout.PAYLOAD_LENGTH_OFFSET);
                if (length < MessageLayout.HEADER_LENGTH || length > maxMessageLength)
                {
                    throw new IOException("journal " + directory + ": ring message " + (firstRing + i) +
                        " has a payload length outside [0, maxPayload]: " + (length - MessageLayout.HEADER_LENGTH));
                }
                // The one copy: from the slot straight into the queue's mapped memory.
                bytes.unsafeWrite(base + offset, length);
            }
            appendedBytes += bytes.writePosition() - start;
        }
        catch (final IOException | RuntimeException | Error e)
        {
            dc.rollbackOnClose();
            throw e;
        }
        finally
        {
            dc.close();
        }
        nextSequence += count;
    }

    /**
     * Append a hierarchy record ({@link JournalLayout}) for the control message with journal sequence
     * {@code sequence}, which the next document starts with.
     *
     * @param sequence    journal sequence of the control message.
     * @param description {@link JournalHierarchy#describe} of the hierarchy it installs.
     * @throws IOException when the queue cannot be written.
     */
    public void appendHierarchy(final long sequence, final String description) throws IOException
    {
        final byte[] utf8 = description.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeInt(JournalLayout.HIERARCHY_MAGIC);
            bytes.writeInt(utf8.length);
            bytes.writeLong(sequence);
            bytes.write(utf8);
            appendedBytes += JournalLayout.HIERARCHY_HEADER_LENGTH + utf8.length;
        }
        catch (final RuntimeException | Error e)
        {
            dc.rollbackOnClose();
            throw e;
        }
        finally
        {
            dc.close();
        }
    }

    /**
     * @return the journal sequence the next appended message gets (messages already in the journal: this many).
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * @return messages appended since this journal was opened.
     */
    public long appendedMessages()
    {
        return nextSequence - openedAt;
    }

    /**
     * @return document bytes appended since this journal was opened.
     */
    public long appendedBytes()
    {
        return appendedBytes;
    }

    /**
     * @return the journal's directory, absolute.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Close the queue and release the directory's lock.
     */
    @Override
    public void close()
    {
        try
        {
            appender.close();
            queue.close();
        }
        finally
        {
            try
            {
                lock.release();
            }
            catch (final IOException ignore)
            {
                // Closing the channel releases it anyway.
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more to do: the lock goes with the channel.
            }
        }
    }

    @Override
    public String toString()
    {
        return "ChronicleJournal{" + directory + ", nextSequence=" + nextSequence + '}';
    }
}
