package io.quicksilver.runtime.journal;

import io.quicksilver.runtime.message.MessageLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;


/**
 * Reads a journal back, document by document, checking each: the magic number, the count, the journal sequences
 * following on without a gap, each message's header sequence and payload length. A document that fails a check is a
 * torn entry (a process killed while appending it): it is skipped and said to the notices, never handed on as
 * messages. A whole document whose sequences do not follow on from the last one (a gap or a repeat) stops the read
 * with a {@link JournalException}, and so does a queue whose first document is not a Quicksilver journal's.
 * <p>
 * Not thread-safe. Reading allocates nothing per message: each is copied into one reused buffer.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final Consumer<String> notices;
    private byte[] buffer = new byte[MessageLayout.HEADER_LENGTH + 4096];
    private MemorySegment segment = MemorySegment.ofArray(buffer);

    private JournalReader(final Path directory, final SingleChronicleQueue queue, final Consumer<String> notices)
    {
        this.directory = directory;
        this.queue = queue;
        this.notices = notices;
    }

    /**
     * Open a journal directory for reading.
     *
     * @param directory a journal's directory.
     * @param notices   told of a torn last entry skipped.
     * @return the reader.
     * @throws JournalException when the directory does not exist, is not a journal, or the flags are missing.
     */
    public static JournalReader open(final Path directory, final Consumer<String> notices)
    {
        Objects.requireNonNull(notices, "notices");
        final Path dir = directory.toAbsolutePath();
        JournalFlags.check(dir);
        ChronicleJournal.disableAnalytics();
        if (!Files.isDirectory(dir))
        {
            throw new JournalException("journal directory " + dir + " does not exist or is not a directory");
        }
        try (Stream<Path> files = Files.list(dir))
        {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".cq4")))
            {
                throw new JournalException("journal directory " + dir + " holds no Chronicle Queue files (*.cq4): " +
                    "not a journal");
            }
        }
        catch (final IOException e)
        {
            throw new JournalException("journal directory " + dir + " cannot be listed: " + e, e);
        }
        return new JournalReader(dir, SingleChronicleQueueBuilder.binary(dir).build(), notices);
    }

    /**
     * Hand every message with a journal sequence in {@code [from, to]} to the handler, in order.
     *
     * @param from    first journal sequence wanted.
     * @param to      last journal sequence wanted ({@code Long.MAX_VALUE}: to the end).
     * @param handler receives each message.
     * @return messages handed.
     * @throws JournalException on damage before the last document, or a queue that is not a Quicksilver journal.
     */
    public long read(final long from, final long to, final JournalHandler handler)
    {
        return read(from, to, handler, null);
    }

    /**
     * Receives the journal's hierarchy records ({@link JournalHierarchy}).
     */
    @FunctionalInterface
    public interface HierarchyHandler
    {
        /**
         * @param sequence    journal sequence of the control message that installed the hierarchy.
         * @param description {@link JournalHierarchy#describe} of it.
         */
        void onHierarchy(long sequence, String description);
    }

    /**
     * As {@link #read(long, long, JournalHandler)}, also handing on the hierarchy records for control messages up to
     * {@code to}.
     *
     * @param from        first journal sequence wanted.
     * @param to          last journal sequence wanted.
     * @param handler     receives each message, or null.
     * @param hierarchies receives each hierarchy record, or null.
     * @return messages handed.
     */
    public long read(final long from, final long to, final JournalHandler handler, final HierarchyHandler hierarchies)
    {
        long handed = 0;
        long expected = -1;
        boolean any = false;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (dc.isMetaData())
                    {
                        continue;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (isHierarchyRecord(bytes))
                    {
                        final String problem = checkHierarchy(bytes);
                        if (problem != null)
                        {
                            notices.accept("quicksilver: journal " + directory + ": torn hierarchy record at " +
                                "document index 0x" + Long.toHexString(dc.index()) + " skipped (" + problem + ")");
                            continue;
                        }
                        any = true;
                        final long at = bytes.readLong(bytes.readPosition() + JournalLayout.HIERARCHY_SEQUENCE_OFFSET);
                        if (hierarchies != null && at <= to)
                        {
                            final int length = bytes.readInt(bytes.readPosition() + JournalLayout.HIERARCHY_LENGTH_OFFSET);
                            final byte[] utf8 = new byte[length];
                            bytes.read(bytes.readPosition() + JournalLayout.HIERARCHY_HEADER_LENGTH, utf8, 0, length);
                            hierarchies.onHierarchy(at, new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
                        }
                        continue;
                    }
                    final String problem = check(bytes, expected);
                    if (problem != null)
                    {
                        if (!any && bytes.readRemaining() >= Integer.BYTES &&
                            bytes.readInt(bytes.readPosition()) != JournalLayout.MAGIC)
                        {
                            throw new JournalException("journal " + directory + " holds a queue that is not a " +
                                "Quicksilver journal (its first document has " + problem + "): written by another " +
                                "program or another version");
                        }
                        if (problem.startsWith("first sequence") && check(bytes, -1) == null)
                        {
                            // A whole, valid document that does not follow on: messages lost or repeated, not torn.
                            throw new JournalException("journal " + directory + " has a gap or a repeat at " +
                                "document index 0x" + Long.toHexString(dc.index()) + ": " + problem);
                        }
                        // A document cut short by a process killed while appending it; a restarted journal goes on
                        // after the last whole one, so the sequences still follow on without a gap.
                        notices.accept("quicksilver: journal " + directory + ": torn entry at document index 0x" +
                            Long.toHexString(dc.index()) + " skipped (" + problem + "); the journal goes on from " +
                            "sequence " + Math.max(expected, 0));
                        continue;
                    }
                    any = true;
                    final long start = bytes.readPosition();
                    final int count = bytes.readInt(start + JournalLayout.COUNT_OFFSET);
                    final long first = bytes.readLong(start + JournalLayout.FIRST_SEQUENCE_OFFSET);
                    final long time = bytes.readLong(start + JournalLayout.APPEND_TIME_OFFSET);
                    expected = first + count;
                    if (first + count <= from)
                    {
                        continue;
                    }
                    if (first > to)
                    {
                        break;
                    }
                    long position = start + JournalLayout.DOCUMENT_HEADER_LENGTH;
                    for (int i = 0; i < count; i++)
                    {
                        final int length = MessageLayout.HEADER_LENGTH +
                            bytes.readInt(position + MessageLayout.PAYLOAD_LENGTH_OFFSET);
                        final long sequence = first + i;
                        if (sequence >= from && sequence <= to && handler != null)
                        {
                            ensureCapacity(length);
                            bytes.read(position, buffer, 0, length);
                            handler.onMessage(sequence, time, segment, length);
                            handed++;
                        }
                        position += length;
                    }
                }
            }
        }
        return handed;
    }

    /**
     * What is wrong with a document, or null: the checks that keep a torn entry or another program's bytes from being
     * read as messages. {@code expected} is the journal sequence that must come next, or -1 when not known.
     *
     * @param bytes    the document, from its read position to its end.
     * @param expected journal sequence the document must start with, or -1.
     * @return the problem, or null for a valid document.
     */
    static String check(final Bytes<?> bytes, final long expected)
    {
        final long start = bytes.readPosition();
        final long length = bytes.readRemaining();
        if (length < JournalLayout.DOCUMENT_HEADER_LENGTH)
        {
            return "document of " + length + " bytes, shorter than the " + JournalLayout.DOCUMENT_HEADER_LENGTH +
                "-byte document header";
        }
        final int magic = bytes.readInt(start + JournalLayout.MAGIC_OFFSET);
        if (magic != JournalLayout.MAGIC)
        {
            return "magic number 0x" + Integer.toHexString(magic) + ", not the journal's 0x" +
                Integer.toHexString(JournalLayout.MAGIC);
        }
        final int count = bytes.readInt(start + JournalLayout.COUNT_OFFSET);
        if (count < 1 || count > JournalLayout.MAX_MESSAGES)
        {
            return "message count " + count + " outside [1, " + JournalLayout.MAX_MESSAGES + "]";
        }
        final long first = bytes.readLong(start + JournalLayout.FIRST_SEQUENCE_OFFSET);
        if (expected >= 0 && first != expected)
        {
            return "first sequence " + first + " where " + expected + " follows";
        }
        final long firstRing = bytes.readLong(start + JournalLayout.FIRST_RING_SEQUENCE_OFFSET);
        long position = start + JournalLayout.DOCUMENT_HEADER_LENGTH;
        final long end = start + length;
        for (int i = 0; i < count; i++)
        {
            if (end - position < MessageLayout.HEADER_LENGTH)
            {
                return "message " + (first + i) + " cut short: " + (end - position) + " bytes left for its header";
            }
            final long slotSequence = bytes.readLong(position + MessageLayout.SEQUENCE_OFFSET);
            if (slotSequence != firstRing + i)
            {
                return "message " + (first + i) + " carries ring sequence " + slotSequence + ", expected " +
                    (firstRing + i);
            }
            final int payload = bytes.readInt(position + MessageLayout.PAYLOAD_LENGTH_OFFSET);
            if (payload < 0 || payload > end - position - MessageLayout.HEADER_LENGTH)
            {
                return "message " + (first + i) + " payload length " + payload + " runs past its document";
            }
            position += MessageLayout.HEADER_LENGTH + payload;
        }
        if (position != end)
        {
            return (end - position) + " bytes after the last of its " + count + " messages";
        }
        return null;
    }

    static boolean isHierarchyRecord(final Bytes<?> bytes)
    {
        return bytes.readRemaining() >= Integer.BYTES &&
            bytes.readInt(bytes.readPosition() + JournalLayout.MAGIC_OFFSET) == JournalLayout.HIERARCHY_MAGIC;
    }

    private static String checkHierarchy(final Bytes<?> bytes)
    {
        final long length = bytes.readRemaining();
        if (length < JournalLayout.HIERARCHY_HEADER_LENGTH)
        {
            return "hierarchy record of " + length + " bytes, shorter than its header";
        }
        final int text = bytes.readInt(bytes.readPosition() + JournalLayout.HIERARCHY_LENGTH_OFFSET);
        if (text < 0 || JournalLayout.HIERARCHY_HEADER_LENGTH + (long)text != length)
        {
            return "hierarchy record says " + text + " bytes of description, holds " +
                (length - JournalLayout.HIERARCHY_HEADER_LENGTH);
        }
        return null;
    }

    private void ensureCapacity(final int length)
    {
        if (buffer.length < length)
        {
            buffer = new byte[Math.max(length, buffer.length * 2)];
            segment = MemorySegment.ofArray(buffer);
        }
    }

    /**
     * The journal's extent: first and last sequence, message count, first and last append time, bytes on disk.
     *
     * @return the range; {@code count == 0} for a journal with no message.
     */
    public JournalRange range()
    {
        final long[] r = {-1, -1, 0, 0, 0};
        read(0, Long.MAX_VALUE, (sequence, time, message, length) ->
        {
            if (r[0] < 0)
            {
                r[0] = sequence;
                r[3] = time;
            }
            r[1] = sequence;
            r[2]++;
            r[4] = time;
        });
        long bytes = 0;
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                bytes += Files.size(f);
            }
        }
        catch (final IOException e)
        {
            throw new JournalException("journal directory " + directory + " cannot be listed: " + e, e);
        }
        return new JournalRange(r[0], r[1], r[2], r[3], r[4], bytes);
    }

    /**
     * @return the directory read.
     */
    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        queue.close();
    }

    /**
     * A journal's extent.
     *
     * @param firstSequence    first journal sequence, -1 when empty.
     * @param lastSequence     last journal sequence, -1 when empty.
     * @param count            messages.
     * @param firstAppendMillis epoch milliseconds of the first document, 0 when empty.
     * @param lastAppendMillis epoch milliseconds of the last document, 0 when empty.
     * @param bytesOnDisk      size of the directory's files.
     */
    public record JournalRange(
        long firstSequence, long lastSequence, long count, long firstAppendMillis, long lastAppendMillis,
        long bytesOnDisk)
    {
    }
}
