package io.quicksilver.runtime.message;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Descriptor of a message slot: a 64-byte header line followed by the payload in the next cache lines.
 * <p>
 * Every reader and writer of a slot takes its offsets from here; nothing else knows where a field lives.
 * The offsets are derived once, in the static block, from {@link #HEADER_LAYOUT}, so the struct and the
 * constants cannot drift apart.
 * <pre>
 *        +-----------------------------------------------------------------------+
 *      0 |                  sequence (long): the publish marker                  |
 *      8 |                      tag mask (long): 64 tag bits                     |
 *     16 |                         causal sequence (long)                        |
 *     24 |                         timestamp nanos (long)                        |
 *     32 |            method (int)           |         level filter (int)        |
 *     40 |        sender node id (int)       |        causal sender (int)        |
 *     48 |        payload length (int)       |            flags (int)            |
 *     56 |hop count (short)|  type  | active | select |network |  schema (short) |
 *        +-----------------------------------------------------------------------+
 *     64 | payload: maxPayload bytes, padded to whole cache lines ...
 * </pre>
 * A slot is {@code HEADER_LENGTH + maxPayload} bytes rounded up to a whole number of cache lines, so two slots
 * never share a line and a producer writing slot {@code n + 1} never invalidates a consumer reading slot
 * {@code n}.
 */
public final class MessageLayout
{
    /** Length of a cache line on every machine Quicksilver targets (x86-64, aarch64 Neoverse). */
    public static final int CACHE_LINE_LENGTH = 64;

    /** Header fields, in slot order. The names are the ones used in {@code docs/messages.md}. */
    public static final StructLayout HEADER_LAYOUT;

    public static final int SEQUENCE_OFFSET;
    public static final int TAG_MASK_OFFSET;
    public static final int CAUSAL_SEQUENCE_OFFSET;
    public static final int TIMESTAMP_OFFSET;
    public static final int METHOD_OFFSET;
    public static final int LEVEL_FILTER_OFFSET;
    public static final int SENDER_NODE_ID_OFFSET;
    public static final int CAUSAL_SENDER_OFFSET;
    public static final int PAYLOAD_LENGTH_OFFSET;
    public static final int FLAGS_OFFSET;
    public static final int HOP_COUNT_OFFSET;
    public static final int PAYLOAD_TYPE_OFFSET;
    public static final int ACTIVE_FILTER_OFFSET;
    public static final int SELECTED_FILTER_OFFSET;
    public static final int NETWORK_FILTER_OFFSET;
    public static final int PAYLOAD_SCHEMA_OFFSET;

    /** Length of the header: exactly one cache line. */
    public static final int HEADER_LENGTH;

    /** Offset of the payload from the start of the slot: the first byte after the header line. */
    public static final int PAYLOAD_OFFSET;

    /** Largest payload a slot may be configured for (1 MiB); beyond that a ring of slots is the wrong tool. */
    public static final int MAX_PAYLOAD_LIMIT = 1 << 20;

    /** Largest ring capacity (slots); keeps {@code capacity * slotSize} well inside a long and sane in memory. */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Flag bit: a responder marked the message handled; later responders skip it unless they opt in. */
    public static final int FLAG_HANDLED = 1;

    /**
     * {@code (flags & CUSTOM_FILTER_MASK) >>> CUSTOM_FILTER_SHIFT} is the id of the message's {@code Level.CUSTOM}
     * predicate in its parallel dispatcher's registry ({@code CustomFilters}), or {@link #NO_CUSTOM_FILTER}: a slot
     * cannot hold an object reference, so the sender registers the predicate by identity and the message carries its
     * id. Bits 1 to 15.
     */
    public static final int CUSTOM_FILTER_SHIFT = 1;

    /** Most custom-filter ids a message header can carry: ids run from 1 to this (15 bits). */
    public static final int MAX_CUSTOM_FILTER_ID = (1 << 15) - 1;

    /** The flags bits of the custom-filter id, see {@link #CUSTOM_FILTER_SHIFT}. */
    public static final int CUSTOM_FILTER_MASK = MAX_CUSTOM_FILTER_ID << CUSTOM_FILTER_SHIFT;

    /** Custom-filter id of a message without one (no {@code Level.CUSTOM}, or a single-threaded runtime's message). */
    public static final int NO_CUSTOM_FILTER = 0;

    /**
     * {@code flags >>> REACTION_DEPTH_SHIFT} is the message's place in a chain of reactions: 0 for a message sent from
     * outside the handlers, its cause's plus one for a reaction (parallel mode, where the limit on it is the
     * dispatcher's {@code maxNestingDepth}). Bits 16 to 31.
     */
    public static final int REACTION_DEPTH_SHIFT = 16;

    /** Value of the sequence field of a slot that has never carried a message. */
    public static final long NO_SEQUENCE = -1L;

    /** Value of the causal sender field when the message is not a reaction to another message. */
    public static final int NO_CAUSAL_SENDER = -1;

    /** Value of the sender node id field when the sender is not a node of the hierarchy (an external thread). */
    public static final int NO_SENDER = -1;

    /** Application methods are numbered from here; below it are Mercury's standard methods. */
    public static final int FIRST_APPLICATION_METHOD = 1000;

    /** Access to the sequence field: acquire/release/volatile modes are what publication relies on. */
    public static final VarHandle SEQUENCE_VH = JAVA_LONG.varHandle();

    /** Atomic access to the flags field, so two consumers marking the same slot never lose a bit. */
    public static final VarHandle FLAGS_VH = JAVA_INT.varHandle();

    static
    {
        HEADER_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sequence"),
            JAVA_LONG.withName("tagMask"),
            JAVA_LONG.withName("causalSequence"),
            JAVA_LONG.withName("timestampNanos"),
            JAVA_INT.withName("method"),
            JAVA_INT.withName("levelFilter"),
            JAVA_INT.withName("senderNodeId"),
            JAVA_INT.withName("causalSender"),
            JAVA_INT.withName("payloadLength"),
            JAVA_INT.withName("flags"),
            JAVA_SHORT.withName("hopCount"),
            JAVA_BYTE.withName("payloadType"),
            JAVA_BYTE.withName("activeFilter"),
            JAVA_BYTE.withName("selectedFilter"),
            JAVA_BYTE.withName("networkFilter"),
            JAVA_SHORT.withName("payloadSchema"))
            .withByteAlignment(CACHE_LINE_LENGTH)
            .withName("MessageHeader");

        SEQUENCE_OFFSET = offsetOf("sequence");
        TAG_MASK_OFFSET = offsetOf("tagMask");
        CAUSAL_SEQUENCE_OFFSET = offsetOf("causalSequence");
        TIMESTAMP_OFFSET = offsetOf("timestampNanos");
        METHOD_OFFSET = offsetOf("method");
        LEVEL_FILTER_OFFSET = offsetOf("levelFilter");
        SENDER_NODE_ID_OFFSET = offsetOf("senderNodeId");
        CAUSAL_SENDER_OFFSET = offsetOf("causalSender");
        PAYLOAD_LENGTH_OFFSET = offsetOf("payloadLength");
        FLAGS_OFFSET = offsetOf("flags");
        HOP_COUNT_OFFSET = offsetOf("hopCount");
        PAYLOAD_TYPE_OFFSET = offsetOf("payloadType");
        ACTIVE_FILTER_OFFSET = offsetOf("activeFilter");
        SELECTED_FILTER_OFFSET = offsetOf("selectedFilter");
        NETWORK_FILTER_OFFSET = offsetOf("networkFilter");
        PAYLOAD_SCHEMA_OFFSET = offsetOf("payloadSchema");

        HEADER_LENGTH = Math.toIntExact(HEADER_LAYOUT.byteSize());
        PAYLOAD_OFFSET = HEADER_LENGTH;

        if (HEADER_LENGTH != CACHE_LINE_LENGTH)
        {
            throw new ExceptionInInitializerError(
                "message header must be exactly one cache line: headerLength=" + HEADER_LENGTH);
        }
    }

    private MessageLayout()
    {
    }

    /**
     * Value a producer stores in a slot's sequence field, in checked mode, when it claims the slot for a new message
     * and before it writes a byte of it: a stale reader then sees that the slot changed hands. Always {@code <= -2},
     * so it never equals a sequence a consumer waits for, nor {@link #NO_SEQUENCE}.
     *
     * @param sequence being written into the slot.
     * @return the marker.
     */
    public static long claimedMarker(final long sequence)
    {
        return -2L - sequence;
    }

    /**
     * Whether a sequence field value is a {@link #claimedMarker(long)}.
     *
     * @param value of a slot's sequence field.
     * @return true if a producer is writing the slot.
     */
    public static boolean isClaimedMarker(final long value)
    {
        return value <= -2L;
    }

    /**
     * Sequence a {@link #claimedMarker(long)} stands for.
     *
     * @param marker from a slot's sequence field.
     * @return the sequence being written.
     */
    public static long sequenceOfClaimedMarker(final long marker)
    {
        return -2L - marker;
    }

    private static int offsetOf(final String field)
    {
        return Math.toIntExact(HEADER_LAYOUT.byteOffset(groupElement(field)));
    }

    /**
     * Slot length for a maximum payload: the header line plus the payload, rounded up to whole cache lines.
     *
     * @param maxPayload largest payload, in bytes, a slot must hold.
     * @return slot length in bytes, a multiple of {@link #CACHE_LINE_LENGTH}.
     * @throws IllegalArgumentException if {@code maxPayload} is negative or over {@link #MAX_PAYLOAD_LIMIT}.
     */
    public static int slotLengthFor(final int maxPayload)
    {
        checkMaxPayload(maxPayload);
        return align(HEADER_LENGTH + maxPayload, CACHE_LINE_LENGTH);
    }

    /**
     * Largest payload a slot of the given length holds.
     *
     * @param slotLength slot length in bytes.
     * @return {@code slotLength - HEADER_LENGTH}.
     * @throws IllegalArgumentException if the slot length is invalid, see {@link #checkSlotLength(int)}.
     */
    public static int maxPayloadOf(final int slotLength)
    {
        checkSlotLength(slotLength);
        return slotLength - HEADER_LENGTH;
    }

    /**
     * Check a maximum payload size for a slot arena.
     *
     * @param maxPayload to check.
     * @throws IllegalArgumentException if negative or over {@link #MAX_PAYLOAD_LIMIT}.
     */
    public static void checkMaxPayload(final int maxPayload)
    {
        if (maxPayload < 0)
        {
            throw new IllegalArgumentException("maxPayload must not be negative: maxPayload=" + maxPayload);
        }
        if (maxPayload > MAX_PAYLOAD_LIMIT)
        {
            throw new IllegalArgumentException(
                "maxPayload must be <= " + MAX_PAYLOAD_LIMIT + ": maxPayload=" + maxPayload);
        }
    }

    /**
     * Check a slot length: positive, a whole number of cache lines, with room for the header.
     *
     * @param slotLength to check.
     * @throws IllegalArgumentException naming the rule broken and the value.
     */
    public static void checkSlotLength(final int slotLength)
    {
        if (slotLength <= 0)
        {
            throw new IllegalArgumentException("slotLength must be positive: slotLength=" + slotLength);
        }
        if ((slotLength & (CACHE_LINE_LENGTH - 1)) != 0)
        {
            throw new IllegalArgumentException(
                "slotLength must be a multiple of " + CACHE_LINE_LENGTH + ": slotLength=" + slotLength);
        }
        if (slotLength > HEADER_LENGTH + MAX_PAYLOAD_LIMIT)
        {
            throw new IllegalArgumentException(
                "slotLength must be <= " + (HEADER_LENGTH + MAX_PAYLOAD_LIMIT) + ": slotLength=" + slotLength);
        }
    }

    /**
     * Check a ring capacity (number of slots): positive, a power of two, at most {@link #MAX_CAPACITY}.
     *
     * @param capacity to check.
     * @throws IllegalArgumentException naming the rule broken and the value.
     */
    public static void checkCapacity(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: capacity=" + capacity);
        }
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of 2: capacity=" + capacity);
        }
        if (capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be <= " + MAX_CAPACITY + ": capacity=" + capacity);
        }
    }

    /**
     * Check the length of one payload against the slot's maximum.
     *
     * @param length     of the payload, in bytes.
     * @param maxPayload of the slot.
     * @throws IllegalArgumentException if the length is negative or over the maximum.
     */
    public static void checkPayloadLength(final int length, final int maxPayload)
    {
        if (length < 0 || length > maxPayload)
        {
            throw new IllegalArgumentException(
                "payload length must be in [0, maxPayload]: length=" + length + ", maxPayload=" + maxPayload);
        }
    }

    /**
     * Check a count of slots to claim or consume at once.
     *
     * @param count    to check.
     * @param capacity of the ring.
     * @throws IllegalArgumentException if the count is not in {@code [1, capacity]}.
     */
    public static void checkBatchCount(final int count, final int capacity)
    {
        if (count <= 0 || count > capacity)
        {
            throw new IllegalArgumentException(
                "count must be in [1, capacity]: count=" + count + ", capacity=" + capacity);
        }
    }

    /**
     * Round up to a multiple of a power-of-two alignment.
     *
     * @param value     to round up, non-negative.
     * @param alignment a power of two.
     * @return the smallest multiple of {@code alignment} that is {@code >= value}.
     */
    public static int align(final int value, final int alignment)
    {
        return (value + (alignment - 1)) & -alignment;
    }
}
