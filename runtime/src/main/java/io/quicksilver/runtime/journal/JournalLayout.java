package io.quicksilver.runtime.journal;

import io.quicksilver.runtime.message.MessageLayout;

/**
 * Descriptor of a journal document: one Chronicle Queue document holds a run of consecutive ring messages, each as
 * it was in its slot (the 64-byte header, then {@code payloadLength} payload bytes, no padding).
 * <pre>
 *      0 | magic (int): 'QSJ1'          | count (int): messages in this document, 1 to MAX_MESSAGES
 *      8 | first journal sequence (long): the journal's own numbering, gap-free across restarts
 *     16 | first ring sequence (long): the sequence of the first message in the ring that wrote it
 *     24 | append time (long): epoch milliseconds when the journaller appended the document
 *     32 | message 0: header (64 bytes, MessageLayout) + payload | message 1 ...
 * </pre>
 * Message {@code i} has journal sequence {@code first + i}, and its header's sequence field is
 * {@code firstRing + i}: a reader checks both, so a torn document or another program's bytes are never taken for
 * messages.
 * <p>
 * A hierarchy record comes just before the document holding the control message that installed a new shape of the
 * hierarchy ({@link JournalHierarchy#describe}), so a replay can check it is routing the same hierarchy:
 * <pre>
 *      0 | magic (int): 'QSJH'          | length (int): bytes of the description
 *      8 | journal sequence (long) of the control message that installed it
 *     16 | the description, UTF-8
 * </pre>
 */
public final class JournalLayout
{
    /** 'QSJ1' in ASCII, big-endian: the first int of every Quicksilver journal document. */
    public static final int MAGIC = 0x51534A31;

    public static final int MAGIC_OFFSET = 0;
    public static final int COUNT_OFFSET = 4;
    public static final int FIRST_SEQUENCE_OFFSET = 8;
    public static final int FIRST_RING_SEQUENCE_OFFSET = 16;
    public static final int APPEND_TIME_OFFSET = 24;

    /** 'QSJH' in ASCII, big-endian: the first int of a hierarchy record. */
    public static final int HIERARCHY_MAGIC = 0x51534A48;

    public static final int HIERARCHY_LENGTH_OFFSET = 4;
    public static final int HIERARCHY_SEQUENCE_OFFSET = 8;

    /** Bytes of a hierarchy record before its description. */
    public static final int HIERARCHY_HEADER_LENGTH = 16;

    /** Bytes before the first message. */
    public static final int DOCUMENT_HEADER_LENGTH = 32;

    /** Most messages per document: batching decides the journal's cost, and 64 already gets most of it. */
    public static final int MAX_MESSAGES = 64;

    /** Bytes of a message before its payload. */
    public static final int MESSAGE_HEADER_LENGTH = MessageLayout.HEADER_LENGTH;

    private JournalLayout()
    {
    }
}
