package io.quicksilver.runtime.message;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static io.quicksilver.runtime.message.MessageLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Flyweight over one message slot: reads the header and payload in place, without copying or allocating.
 * <p>
 * A view belongs to one slot for its whole life (so its read-only {@link #payload()} segment is created once with checks off, not
 * per message) and is bound to one message at a time: {@link #bind(long)} when a consumer hands the message to a
 * handler, {@link #release()} when the consumer moves past it.
 * <p>
 * <b>Zero-copy contract.</b> A view is valid only while the message it is bound to is being handled. Once the
 * consumer releases the slot, the producer may write the next message into the same bytes. With
 * {@link CheckedMode#ENABLED} every access checks the contract and throws {@link IllegalStateException} instead of
 * returning another message's bytes:
 * <ul>
 *     <li>after {@link #release()}: "used after release";</li>
 *     <li>when the slot's sequence field no longer holds the bound sequence (a producer reclaimed the slot under a
 *     reader that does not gate the ring): "slot was reused".</li>
 * </ul>
 * With checks off, a reference kept past release and used after the consumer bound the same view to a later message
 * reads the later message: a flyweight cannot tell its holders apart. With checks on, the runtime's consumers hand
 * every message out through a view of its own ({@link #forNextMessage()}), so a kept view is released for good, and
 * the segments it gave out ({@link #payload()}, {@link #payloadUtf8()}, the one a codec decodes from) belong to a
 * confined arena that {@link #release()} closes: every later access throws, however many laps later. Copying what
 * must outlive the call is the only correct use.
 * <p>
 * Not thread-safe: one consumer thread binds and reads a view.
 */
public final class MessageView
{
    /** Bound sequence of a view that is not bound to a message. */
    public static final long UNBOUND = Long.MIN_VALUE;

    private final MemorySegment segment;
    // The slot's read-only payload bytes; with checks on, rescoped per bind to a confined arena closed at release.
    private final MemorySegment slotPayload;
    private MemorySegment payload;
    private Arena payloadScope;
    private final long slotOffset;
    private final long payloadOffset;
    private final int maxPayload;
    private long sequence = UNBOUND;
    private long lastSequence = MessageLayout.NO_SEQUENCE;
    private boolean markedSinceBind;

    /**
     * View of one slot.
     *
     * @param slots     where the slot lives.
     * @param slotIndex index of the slot, in {@code [0, capacity)}.
     */
    public MessageView(final MessageSlots slots, final int slotIndex)
    {
        this(slots.segment(), (long)checkSlotIndex(slotIndex, slots.capacity()) * slots.slotLength(), slots.maxPayload());
    }

    /**
     * View of the slot at an offset of a segment laid out by {@link MessageLayout}.
     *
     * @param segment    holding the slot.
     * @param slotOffset of the slot's first byte, a multiple of the cache line.
     * @param maxPayload of the slot.
     */
    public MessageView(final MemorySegment segment, final long slotOffset, final int maxPayload)
    {
        MessageLayout.checkMaxPayload(maxPayload);
        if (slotOffset < 0 || (slotOffset & (CACHE_LINE_LENGTH - 1)) != 0 ||
            slotOffset + HEADER_LENGTH + maxPayload > segment.byteSize())
        {
            throw new IllegalArgumentException(
                "slotOffset must be cache-line aligned with the slot inside the segment: slotOffset=" + slotOffset +
                ", maxPayload=" + maxPayload + ", segmentSize=" + segment.byteSize());
        }
        this.segment = segment;
        this.slotOffset = slotOffset;
        this.payloadOffset = slotOffset + PAYLOAD_OFFSET;
        this.maxPayload = maxPayload;
        this.slotPayload = segment.asSlice(payloadOffset, maxPayload).asReadOnly();
        this.payload = slotPayload;
    }

    /**
     * The view a consumer binds for the slot's next message: this one with checks off (zero allocation); with checks
     * on, a new view of the same slot, so that a view handed out for an earlier message stays released whatever the
     * consumer binds next.
     *
     * @return the view to bind and hand out.
     */
    public MessageView forNextMessage()
    {
        return CheckedMode.ENABLED ? new MessageView(segment, slotOffset, maxPayload) : this;
    }

    private static int checkSlotIndex(final int slotIndex, final int capacity)
    {
        if (slotIndex < 0 || slotIndex >= capacity)
        {
            throw new IllegalArgumentException(
                "slotIndex must be in [0, capacity): slotIndex=" + slotIndex + ", capacity=" + capacity);
        }
        return slotIndex;
    }

    /**
     * Bind to the message with this sequence; the slot must carry it. Called by the consumer before the handler.
     *
     * @param sequence of the message in the slot.
     * @return this view.
     */
    @SuppressWarnings("restricted")
    public MessageView bind(final long sequence)
    {
        this.sequence = sequence;
        this.markedSinceBind = false;
        if (CheckedMode.ENABLED)
        {
            checkSlotHolds(sequence);
            closePayloadScope();
            // Restricted method (native access, which the runtime needs anyway): the same bytes under a scope that
            // release() ends, so a payload segment kept past the call fails instead of reading a later message.
            payloadScope = Arena.ofConfined();
            payload = slotPayload.reinterpret(payloadScope, null).asReadOnly();
        }
        return this;
    }

    /**
     * Unbind: the consumer moved past the message. With checked mode on, any later access throws.
     */
    public void release()
    {
        if (sequence != UNBOUND)
        {
            lastSequence = sequence;
            sequence = UNBOUND;
        }
        if (CheckedMode.ENABLED)
        {
            closePayloadScope();
        }
    }

    private void closePayloadScope()
    {
        final Arena scope = payloadScope;
        if (scope != null)
        {
            payloadScope = null;
            payload = slotPayload;
            try
            {
                scope.close();
            }
            catch (final WrongThreadException e)
            {
                // Released by another thread than the one that bound it (not the runtime's consumers): the scope
                // stays open and the segments it gave out stay readable. It holds no memory of its own.
            }
        }
    }

    /**
     * Whether the view is bound to this message; no check, for consumers.
     *
     * @param sequence of a message.
     * @return true between {@link #bind(long)} with {@code sequence} and {@link #release()}.
     */
    public boolean isBoundTo(final long sequence)
    {
        return this.sequence == sequence;
    }

    /**
     * Offset of the slot this view reads.
     *
     * @return slot offset in the ring's segment.
     */
    public long slotOffset()
    {
        return slotOffset;
    }

    /**
     * Largest payload the slot holds.
     *
     * @return maximum payload in bytes.
     */
    public int maxPayload()
    {
        return maxPayload;
    }

    // ------------------------------------------------------------------------------------------------ header

    /**
     * Sequence of the message, as the ring numbered it.
     *
     * @return message sequence.
     */
    public long sequence()
    {
        check();
        return sequence;
    }

    /**
     * Method id: a {@link StandardMethod} id, or an application method {@code >= FIRST_APPLICATION_METHOD}.
     *
     * @return method id.
     */
    public int method()
    {
        return segment.get(JAVA_INT, checkedSlotOffset() + METHOD_OFFSET);
    }

    /**
     * Type of the payload.
     *
     * @return payload type.
     */
    public PayloadType payloadType()
    {
        return PayloadType.fromCode(payloadTypeCode());
    }

    /**
     * Payload type code as stored, for switch statements that must not touch the enum.
     *
     * @return {@link PayloadType#code()} of the payload type.
     */
    public byte payloadTypeCode()
    {
        return segment.get(JAVA_BYTE, checkedSlotOffset() + PAYLOAD_TYPE_OFFSET);
    }

    /**
     * Schema id of a {@link PayloadType#CUSTOM} payload, as its codec wrote it.
     *
     * @return schema id, 0 for built-in payload types.
     */
    public short payloadSchema()
    {
        return segment.get(JAVA_SHORT, checkedSlotOffset() + PAYLOAD_SCHEMA_OFFSET);
    }

    /**
     * Length of the payload in bytes.
     *
     * @return payload length.
     */
    public int payloadLength()
    {
        return segment.get(JAVA_INT, checkedSlotOffset() + PAYLOAD_LENGTH_OFFSET);
    }

    /**
     * Level filter flags, see {@link MessageFilters}.
     *
     * @return level filter.
     */
    public int levelFilter()
    {
        return segment.get(JAVA_INT, checkedSlotOffset() + LEVEL_FILTER_OFFSET);
    }

    /**
     * Active filter, see {@link MessageFilters#ACTIVE_ONLY}.
     *
     * @return active filter.
     */
    public byte activeFilter()
    {
        return segment.get(JAVA_BYTE, checkedSlotOffset() + ACTIVE_FILTER_OFFSET);
    }

    /**
     * Selected filter, see {@link MessageFilters#SELECTED_ALL}.
     *
     * @return selected filter.
     */
    public byte selectedFilter()
    {
        return segment.get(JAVA_BYTE, checkedSlotOffset() + SELECTED_FILTER_OFFSET);
    }

    /**
     * Network filter, see {@link MessageFilters#NETWORK_ALL}.
     *
     * @return network filter.
     */
    public byte networkFilter()
    {
        return segment.get(JAVA_BYTE, checkedSlotOffset() + NETWORK_FILTER_OFFSET);
    }

    /**
     * Tag mask, 64 tag bits; {@link MessageFilters#TAG_ALL} is every tag.
     *
     * @return tag mask.
     */
    public long tagMask()
    {
        return segment.get(JAVA_LONG, checkedSlotOffset() + TAG_MASK_OFFSET);
    }

    /**
     * Node id of the sender, {@link MessageLayout#NO_SENDER} for an external thread.
     *
     * @return sender node id.
     */
    public int senderNodeId()
    {
        return segment.get(JAVA_INT, checkedSlotOffset() + SENDER_NODE_ID_OFFSET);
    }

    /**
     * Number of relay hops the message has made.
     *
     * @return hop count.
     */
    public int hopCount()
    {
        return segment.get(JAVA_SHORT, checkedSlotOffset() + HOP_COUNT_OFFSET);
    }

    /**
     * Flag bits, see {@link MessageLayout#FLAG_HANDLED}. Read with acquire so a flag another consumer set is seen.
     *
     * @return flags.
     */
    public int flags()
    {
        return (int)FLAGS_VH.getAcquire(segment, checkedSlotOffset() + FLAGS_OFFSET);
    }

    /**
     * Whether a responder marked the message handled.
     *
     * @return true if the handled flag is set.
     */
    public boolean isHandled()
    {
        return (flags() & FLAG_HANDLED) != 0;
    }

    /**
     * The message's place in a chain of reactions (parallel mode): 0 for a message sent from outside the handlers,
     * its cause's plus one for a reaction.
     *
     * @return reaction depth.
     */
    public int reactionDepth()
    {
        return flags() >>> REACTION_DEPTH_SHIFT;
    }

    /**
     * The id of the message's custom-level predicate in its parallel dispatcher's registry, or
     * {@link MessageLayout#NO_CUSTOM_FILTER}.
     *
     * @return custom filter id.
     */
    public int customFilterId()
    {
        return (flags() & MessageLayout.CUSTOM_FILTER_MASK) >>> MessageLayout.CUSTOM_FILTER_SHIFT;
    }

    /**
     * Mark the message handled, in the slot, so every later reader sees it. Atomic: two consumers may mark the same
     * slot.
     */
    public void markHandled()
    {
        FLAGS_VH.getAndBitwiseOrRelease(segment, checkedSlotOffset() + FLAGS_OFFSET, FLAG_HANDLED);
        markedSinceBind = true;
    }

    /**
     * Whether {@link #markHandled()} was called through this view since it was last bound. A dispatcher that read
     * {@link #isHandled()} once when a message's deliveries began learns of its own responders' later marks from this
     * plain field, instead of an acquire read of the slot before every responder call.
     *
     * @return true after a {@code markHandled()} through this view for the bound message.
     */
    public boolean markedHandledSinceBind()
    {
        return markedSinceBind;
    }

    /**
     * Sender of the message this one reacts to, {@link MessageLayout#NO_CAUSAL_SENDER} when none.
     *
     * @return causal predecessor's sender.
     */
    public int causalSender()
    {
        return segment.get(JAVA_INT, checkedSlotOffset() + CAUSAL_SENDER_OFFSET);
    }

    /**
     * Sequence of the message this one reacts to, {@link MessageLayout#NO_SEQUENCE} when none.
     *
     * @return causal predecessor's sequence.
     */
    public long causalSequence()
    {
        return segment.get(JAVA_LONG, checkedSlotOffset() + CAUSAL_SEQUENCE_OFFSET);
    }

    /**
     * Timestamp the producer chose to record, in nanoseconds of its clock; 0 when none.
     *
     * @return timestamp.
     */
    public long timestampNanos()
    {
        return segment.get(JAVA_LONG, checkedSlotOffset() + TIMESTAMP_OFFSET);
    }

    // ------------------------------------------------------------------------------------------------ payload

    /**
     * Read-only view of the slot's payload region, the same object for every message of this slot. Only the first
     * {@link #payloadLength()} bytes belong to the current message; writing through it throws
     * {@link IllegalArgumentException} (the FFM API's read-only check).
     *
     * @return read-only payload segment of {@link #maxPayload()} bytes.
     */
    public MemorySegment payload()
    {
        check();
        return payload;
    }

    /**
     * A {@link PayloadType#BOOL} payload.
     *
     * @return the value.
     */
    public boolean getBool()
    {
        return segment.get(JAVA_BYTE, checkedPayloadOffset(PayloadType.BOOL)) != 0;
    }

    /**
     * An {@link PayloadType#INT} payload.
     *
     * @return the value.
     */
    public int getInt()
    {
        return segment.get(JAVA_INT, checkedPayloadOffset(PayloadType.INT));
    }

    /**
     * A {@link PayloadType#FLOAT} payload.
     *
     * @return the value.
     */
    public float getFloat()
    {
        return segment.get(JAVA_FLOAT, checkedPayloadOffset(PayloadType.FLOAT));
    }

    /**
     * A {@link PayloadType#STRING} payload, decoded into a new String: this allocates by nature. Receivers that
     * must not allocate use {@link #stringEquals(CharSequence)} or {@link #payloadUtf8()}.
     *
     * @return the decoded string.
     */
    public String getString()
    {
        final long offset = checkedPayloadOffset(PayloadType.STRING);
        final byte[] bytes = new byte[payloadLength()];
        MemorySegment.copy(segment, JAVA_BYTE, offset, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The UTF-8 bytes of a {@link PayloadType#STRING} payload, in place: the first {@link #payloadLength()} bytes
     * of the returned read-only segment.
     *
     * @return the read-only payload segment.
     */
    public MemorySegment payloadUtf8()
    {
        checkedPayloadOffset(PayloadType.STRING);
        return payload;
    }

    /**
     * Compare a {@link PayloadType#STRING} payload with a char sequence without decoding or allocating.
     *
     * @param value to compare with.
     * @return true if the payload is the UTF-8 encoding of {@code value}.
     */
    public boolean stringEquals(final CharSequence value)
    {
        final long offset = checkedPayloadOffset(PayloadType.STRING);
        return Utf8.equals(segment, offset, payloadLength(), value);
    }

    /**
     * Copy a {@link PayloadType#BYTE_ARRAY} (or any) payload into a caller-owned array.
     *
     * @param destination to copy into.
     * @param offset      in {@code destination} of the first byte.
     * @return the number of bytes copied: {@link #payloadLength()}.
     * @throws IndexOutOfBoundsException if the payload does not fit in {@code destination} from {@code offset}.
     */
    public int getBytes(final byte[] destination, final int offset)
    {
        final long base = checkedSlotOffset();
        final int length = segment.get(JAVA_INT, base + PAYLOAD_LENGTH_OFFSET);
        MemorySegment.copy(segment, JAVA_BYTE, base + PAYLOAD_OFFSET, destination, offset, length);
        return length;
    }

    /**
     * One float of a {@link PayloadType#VECTOR3}, {@link PayloadType#VECTOR4}, {@link PayloadType#QUATERNION} or
     * {@link PayloadType#TRANSFORM} payload: {@code x, y, z, w} are indices 0 to 3; for a transform position is 0-2,
     * rotation 3-6 and scale 7-9.
     *
     * @param index of the float.
     * @return the float.
     * @throws IndexOutOfBoundsException if {@code index} is outside the payload.
     */
    public float getFloat(final int index)
    {
        final long base = checkedSlotOffset();
        final int length = segment.get(JAVA_INT, base + PAYLOAD_LENGTH_OFFSET);
        if (index < 0 || (index + 1) * Float.BYTES > length)
        {
            throw new IndexOutOfBoundsException(
                "float index must be in [0, " + (length / Float.BYTES) + "): index=" + index);
        }
        return segment.get(JAVA_FLOAT, base + PAYLOAD_OFFSET + (long)index * Float.BYTES);
    }

    /**
     * Copy the floats of a vector, quaternion or transform payload into a caller-owned array.
     *
     * @param destination to copy into, at least 3, 4 or 10 floats long.
     * @return the number of floats copied.
     * @throws IndexOutOfBoundsException if {@code destination} is too short.
     */
    public int getFloats(final float[] destination)
    {
        final long base = checkedSlotOffset();
        final int count = segment.get(JAVA_INT, base + PAYLOAD_LENGTH_OFFSET) / Float.BYTES;
        MemorySegment.copy(segment, JAVA_FLOAT, base + PAYLOAD_OFFSET, destination, 0, count);
        return count;
    }

    /**
     * Decode a {@link PayloadType#CUSTOM} payload with its codec (allocates whatever the codec allocates).
     *
     * @param codec that wrote the payload.
     * @param <T>   type carried.
     * @return the decoded value.
     */
    public <T> T getCustom(final PayloadCodec<T> codec)
    {
        checkedPayloadOffset(PayloadType.CUSTOM);
        return codec.decode(payload, 0, payloadLength());
    }

    // ------------------------------------------------------------------------------------------------ checks

    private long checkedSlotOffset()
    {
        check();
        return slotOffset;
    }

    private long checkedPayloadOffset(final PayloadType expected)
    {
        check();
        if (CheckedMode.ENABLED)
        {
            final byte code = segment.get(JAVA_BYTE, slotOffset + PAYLOAD_TYPE_OFFSET);
            if (code != expected.code())
            {
                throw new IllegalStateException("payload is not " + expected + ": payloadType=" +
                    describeType(code) + ", sequence=" + sequence);
            }
        }
        return payloadOffset;
    }

    private static String describeType(final byte code)
    {
        return code >= 0 && code <= PayloadType.CUSTOM.code() ? PayloadType.fromCode(code).name() : "code " + code;
    }

    private void check()
    {
        if (CheckedMode.ENABLED)
        {
            final long bound = sequence;
            if (bound == UNBOUND)
            {
                throw new IllegalStateException(
                    "MessageView used after release: lastSequence=" + lastSequence + ", slotOffset=" + slotOffset +
                    " (a view is valid only during the handler call; copy what must outlive it)");
            }
            checkSlotHolds(bound);
        }
    }

    private void checkSlotHolds(final long expected)
    {
        final long current = (long)SEQUENCE_VH.getAcquire(segment, slotOffset + SEQUENCE_OFFSET);
        if (current != expected)
        {
            throw new IllegalStateException(
                "MessageView used after its slot was reused: viewSequence=" + expected + ", slotSequence=" +
                (isClaimedMarker(current) ? "being written for " + sequenceOfClaimedMarker(current) : Long.toString(current)) +
                ", slotOffset=" + slotOffset + " (a view is valid only during the handler call)");
        }
    }

    @Override
    public String toString()
    {
        return "MessageView{slotOffset=" + slotOffset + ", sequence=" +
            (sequence == UNBOUND ? "unbound" : Long.toString(sequence)) + '}';
    }
}
