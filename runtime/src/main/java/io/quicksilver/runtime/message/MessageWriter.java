package io.quicksilver.runtime.message;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.quicksilver.runtime.message.MessageLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Writes one message straight into a claimed slot: header fields and a typed payload, in place, with plain stores.
 * <p>
 * Use: claim a sequence from a ring, {@link #wrap(MessageSlots, long)} the writer over it (which resets the header
 * to Mercury's defaults), set what differs, put one payload, then publish the sequence on the ring. Publication is
 * the ring's single release store; nothing the writer stores is visible to a consumer before it. The writer never
 * writes the slot's sequence field: that is the ring's publish marker.
 * <p>
 * One writer per producer thread; it holds no reference to the message after the next {@code wrap}.
 * <p>
 * Putting a payload larger than the slot's maximum throws {@link IllegalArgumentException}: that is a programming
 * error (the arena was sized for smaller messages), not a runtime condition to retry.
 */
public final class MessageWriter
{
    /**
     * The header every claim starts from, in native memory so that one bulk copy (not a store per field, each
     * bounds-, alignment- and liveness-checked) resets a slot's header. Built once from the field offsets by the same
     * per-field writes a reader expects.
     */
    private static final MemorySegment DEFAULT_HEADER = Arena.global().allocate(HEADER_LENGTH, Long.BYTES);

    static
    {
        if (SEQUENCE_OFFSET != 0 || HEADER_LENGTH != 8 * Long.BYTES)
        {
            throw new ExceptionInInitializerError("header template assumes the sequence word first in a 64-byte " +
                "header: sequenceOffset=" + SEQUENCE_OFFSET + ", headerLength=" + HEADER_LENGTH);
        }
        final MemorySegment header = DEFAULT_HEADER;
        header.set(JAVA_LONG, TAG_MASK_OFFSET, MessageFilters.TAG_ALL);
        header.set(JAVA_LONG, CAUSAL_SEQUENCE_OFFSET, NO_SEQUENCE);
        header.set(JAVA_LONG, TIMESTAMP_OFFSET, 0L);
        header.set(JAVA_INT, METHOD_OFFSET, 0);
        header.set(JAVA_INT, LEVEL_FILTER_OFFSET, MessageFilters.LEVEL_SELF_AND_CHILDREN);
        header.set(JAVA_INT, SENDER_NODE_ID_OFFSET, NO_SENDER);
        header.set(JAVA_INT, CAUSAL_SENDER_OFFSET, NO_CAUSAL_SENDER);
        header.set(JAVA_INT, PAYLOAD_LENGTH_OFFSET, 0);
        header.set(JAVA_INT, FLAGS_OFFSET, 0);
        header.set(JAVA_SHORT, HOP_COUNT_OFFSET, (short)0);
        header.set(JAVA_BYTE, PAYLOAD_TYPE_OFFSET, PayloadType.NONE.code());
        header.set(JAVA_BYTE, ACTIVE_FILTER_OFFSET, MessageFilters.ACTIVE_ONLY);
        header.set(JAVA_BYTE, SELECTED_FILTER_OFFSET, MessageFilters.SELECTED_ALL);
        header.set(JAVA_BYTE, NETWORK_FILTER_OFFSET, MessageFilters.NETWORK_ALL);
        header.set(JAVA_SHORT, PAYLOAD_SCHEMA_OFFSET, (short)0);
    }

    private MemorySegment segment;
    private MessageSlots slots;
    private long slotOffset;
    private long payloadOffset;
    private int maxPayload;
    private long sequence = MessageView.UNBOUND;

    /**
     * Writer over the slot for a claimed sequence; resets every header field but the sequence to its default:
     * method {@code NO_OP}, level self-and-children, active only, selected all, network all, every tag, no sender,
     * no causal predecessor, hop count 0, no flags, no payload.
     *
     * @param slots    the ring or arena the sequence was claimed from.
     * @param sequence claimed.
     * @return this writer.
     */
    public MessageWriter wrap(final MessageSlots slots, final long sequence)
    {
        return wrapAt(slots, slots.slotOffset(sequence), sequence);
    }

    /**
     * Writer over the slot at an offset of {@code slots} (a single-threaded dispatcher's frame, a staging buffer's
     * entry); resets the header as {@link #wrap(MessageSlots, long)} does.
     *
     * @param slots      holding the slot.
     * @param slotOffset of the slot's first byte, as {@link MessageSlots#slotOffset(long)} gives it.
     * @param sequence   the slot was claimed for.
     * @return this writer.
     */
    public MessageWriter wrapAt(final MessageSlots slots, final long slotOffset, final long sequence)
    {
        wrap(slots.segment(), slotOffset, slots.maxPayload(), sequence);
        this.slots = slots;
        return this;
    }

    /**
     * Writer over a slot at an offset of a segment laid out by {@link MessageLayout}; resets the header as
     * {@link #wrap(MessageSlots, long)} does.
     *
     * @param segment    holding the slot.
     * @param slotOffset of the slot's first byte.
     * @param maxPayload of the slot.
     * @param sequence   the slot was claimed for.
     * @return this writer.
     */
    public MessageWriter wrap(final MemorySegment segment, final long slotOffset, final int maxPayload, final long sequence)
    {
        this.segment = segment;
        this.slots = null;
        this.slotOffset = slotOffset;
        this.payloadOffset = slotOffset + PAYLOAD_OFFSET;
        this.maxPayload = maxPayload;
        this.sequence = sequence;

        // One bulk copy rewrites the 56 header bytes after the sequence word (the ring's publish marker, never
        // touched here); against seven checked stores of constants see docs/benchmarks.md, "Ring results".
        MemorySegment.copy(DEFAULT_HEADER, Long.BYTES, segment, slotOffset + Long.BYTES, HEADER_LENGTH - Long.BYTES);
        return this;
    }

    /**
     * Sequence the writer is wrapped over.
     *
     * @return claimed sequence.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Largest payload the wrapped slot holds.
     *
     * @return maximum payload in bytes.
     */
    public int maxPayload()
    {
        return maxPayload;
    }

    /**
     * The wrapped slot's memory, for writing a payload by hand at {@link #payloadOffset()}, followed by
     * {@link #payloadWritten(PayloadType, int)}.
     *
     * @return the ring's segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * The wrapped slot's payload region alone, exactly {@link #maxPayload()} bytes long: a write past it throws
     * {@link IndexOutOfBoundsException} instead of reaching the next slot. What a {@link PayloadCodec} is given.
     *
     * @return the payload bytes of the wrapped slot (offset 0 is the first payload byte).
     */
    public MemorySegment payloadSegment()
    {
        return slots != null ? slots.payloadSegment(slotOffset) : segment.asSlice(payloadOffset, maxPayload);
    }

    /**
     * Offset of the wrapped slot's first payload byte in {@link #segment()}.
     *
     * @return payload offset.
     */
    public long payloadOffset()
    {
        return payloadOffset;
    }

    // ------------------------------------------------------------------------------------------------ header

    /**
     * Method id: {@link StandardMethod#id()} or an application method {@code >= FIRST_APPLICATION_METHOD}.
     *
     * @param method id.
     * @return this writer.
     */
    public MessageWriter method(final int method)
    {
        segment.set(JAVA_INT, slotOffset + METHOD_OFFSET, method);
        return this;
    }

    /**
     * Level filter flags, see {@link MessageFilters}.
     *
     * @param levelFilter flags.
     * @return this writer.
     */
    public MessageWriter levelFilter(final int levelFilter)
    {
        segment.set(JAVA_INT, slotOffset + LEVEL_FILTER_OFFSET, levelFilter);
        return this;
    }

    /**
     * Active filter, see {@link MessageFilters#ACTIVE_ONLY}.
     *
     * @param activeFilter value.
     * @return this writer.
     */
    public MessageWriter activeFilter(final byte activeFilter)
    {
        segment.set(JAVA_BYTE, slotOffset + ACTIVE_FILTER_OFFSET, activeFilter);
        return this;
    }

    /**
     * Selected filter, see {@link MessageFilters#SELECTED_ALL}.
     *
     * @param selectedFilter value.
     * @return this writer.
     */
    public MessageWriter selectedFilter(final byte selectedFilter)
    {
        segment.set(JAVA_BYTE, slotOffset + SELECTED_FILTER_OFFSET, selectedFilter);
        return this;
    }

    /**
     * Network filter, see {@link MessageFilters#NETWORK_ALL}.
     *
     * @param networkFilter value.
     * @return this writer.
     */
    public MessageWriter networkFilter(final byte networkFilter)
    {
        segment.set(JAVA_BYTE, slotOffset + NETWORK_FILTER_OFFSET, networkFilter);
        return this;
    }

    /**
     * Tag mask, 64 tag bits.
     *
     * @param tagMask bits.
     * @return this writer.
     */
    public MessageWriter tagMask(final long tagMask)
    {
        segment.set(JAVA_LONG, slotOffset + TAG_MASK_OFFSET, tagMask);
        return this;
    }

    /**
     * Node id of the sender.
     *
     * @param senderNodeId id, or {@link MessageLayout#NO_SENDER}.
     * @return this writer.
     */
    public MessageWriter senderNodeId(final int senderNodeId)
    {
        segment.set(JAVA_INT, slotOffset + SENDER_NODE_ID_OFFSET, senderNodeId);
        return this;
    }

    /**
     * Number of relay hops made so far.
     *
     * @param hopCount in {@code [0, Short.MAX_VALUE]}.
     * @return this writer.
     */
    public MessageWriter hopCount(final int hopCount)
    {
        if (hopCount < 0 || hopCount > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("hopCount must be in [0, " + Short.MAX_VALUE + "]: hopCount=" + hopCount);
        }
        segment.set(JAVA_SHORT, slotOffset + HOP_COUNT_OFFSET, (short)hopCount);
        return this;
    }

    /**
     * Flag bits, replacing the current ones.
     *
     * @param flags bits, see {@link MessageLayout#FLAG_HANDLED}.
     * @return this writer.
     */
    public MessageWriter flags(final int flags)
    {
        segment.set(JAVA_INT, slotOffset + FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * The id of the message's custom-level predicate in its dispatcher's registry, in the flags' bits 1 to 15
     * ({@link MessageLayout#CUSTOM_FILTER_SHIFT}); the other flag bits are kept.
     *
     * @param id 0 ({@link MessageLayout#NO_CUSTOM_FILTER}) to {@link MessageLayout#MAX_CUSTOM_FILTER_ID}.
     * @return this writer.
     */
    public MessageWriter customFilterId(final int id)
    {
        if (id < 0 || id > MessageLayout.MAX_CUSTOM_FILTER_ID)
        {
            throw new IllegalArgumentException(
                "custom filter id must be in [0, " + MessageLayout.MAX_CUSTOM_FILTER_ID + "]: id=" + id);
        }
        final long offset = slotOffset + FLAGS_OFFSET;
        segment.set(JAVA_INT, offset, (segment.get(JAVA_INT, offset) & ~MessageLayout.CUSTOM_FILTER_MASK) |
            id << MessageLayout.CUSTOM_FILTER_SHIFT);
        return this;
    }

    /**
     * Causal stamp: the message this one reacts to, so no receiver of both gets this one first.
     *
     * @param causalSender   sender of the predecessor.
     * @param causalSequence sequence of the predecessor.
     * @return this writer.
     */
    public MessageWriter causalStamp(final int causalSender, final long causalSequence)
    {
        segment.set(JAVA_INT, slotOffset + CAUSAL_SENDER_OFFSET, causalSender);
        segment.set(JAVA_LONG, slotOffset + CAUSAL_SEQUENCE_OFFSET, causalSequence);
        return this;
    }

    /**
     * A timestamp of the producer's choosing (for latency tracing).
     *
     * @param timestampNanos value.
     * @return this writer.
     */
    public MessageWriter timestampNanos(final long timestampNanos)
    {
        segment.set(JAVA_LONG, slotOffset + TIMESTAMP_OFFSET, timestampNanos);
        return this;
    }

    // ------------------------------------------------------------------------------------------------ payload

    /**
     * No payload.
     *
     * @return this writer.
     */
    public MessageWriter putNone()
    {
        return payloadWritten(PayloadType.NONE, 0);
    }

    /**
     * A {@link PayloadType#BOOL} payload.
     *
     * @param value to carry.
     * @return this writer.
     */
    public MessageWriter putBool(final boolean value)
    {
        checkFits(PayloadType.BOOL.fixedLength());
        segment.set(JAVA_BYTE, payloadOffset, value ? (byte)1 : (byte)0);
        return payloadWritten(PayloadType.BOOL, PayloadType.BOOL.fixedLength());
    }

    /**
     * An {@link PayloadType#INT} payload.
     *
     * @param value to carry.
     * @return this writer.
     */
    public MessageWriter putInt(final int value)
    {
        checkFits(Integer.BYTES);
        segment.set(JAVA_INT, payloadOffset, value);
        return payloadWritten(PayloadType.INT, Integer.BYTES);
    }

    /**
     * A {@link PayloadType#FLOAT} payload.
     *
     * @param value to carry.
     * @return this writer.
     */
    public MessageWriter putFloat(final float value)
    {
        checkFits(Float.BYTES);
        segment.set(JAVA_FLOAT, payloadOffset, value);
        return payloadWritten(PayloadType.FLOAT, Float.BYTES);
    }

    /**
     * A {@link PayloadType#STRING} payload, encoded as UTF-8 straight into the slot (no {@code byte[]}).
     *
     * @param value to carry.
     * @return this writer.
     * @throws IllegalArgumentException if the encoded string is longer than the slot's maximum payload.
     */
    public MessageWriter putString(final CharSequence value)
    {
        // Encoded with the slot's end as its bound, and the length is what was written: a CharSequence whose
        // content changes while it is read can make the bytes wrong, never make them leave the slot.
        final int length = Utf8.encode(value, segment, payloadOffset, maxPayload);
        if (length < 0)
        {
            // The refusal path only: the exact length is worth a second pass for a string of reasonable size.
            final int chars = value.length();
            throw new IllegalArgumentException("payload length must be in [0, maxPayload]: length" +
                (chars <= 1 << 20 ? "=" + Utf8.encodedLength(value) : ">=" + chars) + ", maxPayload=" + maxPayload +
                ", sequence=" + sequence + " (a string payload)");
        }
        return payloadWritten(PayloadType.STRING, length);
    }

    /**
     * A {@link PayloadType#BYTE_ARRAY} payload copied from an array.
     *
     * @param source to copy from.
     * @param offset of the first byte in {@code source}.
     * @param length number of bytes.
     * @return this writer.
     */
    public MessageWriter putBytes(final byte[] source, final int offset, final int length)
    {
        checkFits(length);
        MemorySegment.copy(source, offset, segment, JAVA_BYTE, payloadOffset, length);
        return payloadWritten(PayloadType.BYTE_ARRAY, length);
    }

    /**
     * A {@link PayloadType#BYTE_ARRAY} payload copied from another segment (a view's payload, a file mapping).
     *
     * @param source to copy, entirely.
     * @return this writer.
     */
    public MessageWriter putBytes(final MemorySegment source)
    {
        final long length = source.byteSize();
        checkFits(length > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int)length);
        MemorySegment.copy(source, 0, segment, payloadOffset, length);
        return payloadWritten(PayloadType.BYTE_ARRAY, (int)length);
    }

    /**
     * A {@link PayloadType#VECTOR3} payload.
     *
     * @param x first component.
     * @param y second component.
     * @param z third component.
     * @return this writer.
     */
    public MessageWriter putVector3(final float x, final float y, final float z)
    {
        checkFits(PayloadType.VECTOR3.fixedLength());
        putFloats3(payloadOffset, x, y, z);
        return payloadWritten(PayloadType.VECTOR3, PayloadType.VECTOR3.fixedLength());
    }

    /**
     * A {@link PayloadType#VECTOR4} payload.
     *
     * @param x first component.
     * @param y second component.
     * @param z third component.
     * @param w fourth component.
     * @return this writer.
     */
    public MessageWriter putVector4(final float x, final float y, final float z, final float w)
    {
        checkFits(PayloadType.VECTOR4.fixedLength());
        putFloats4(payloadOffset, x, y, z, w);
        return payloadWritten(PayloadType.VECTOR4, PayloadType.VECTOR4.fixedLength());
    }

    /**
     * A {@link PayloadType#QUATERNION} payload.
     *
     * @param x first component.
     * @param y second component.
     * @param z third component.
     * @param w scalar component.
     * @return this writer.
     */
    public MessageWriter putQuaternion(final float x, final float y, final float z, final float w)
    {
        checkFits(PayloadType.QUATERNION.fixedLength());
        putFloats4(payloadOffset, x, y, z, w);
        return payloadWritten(PayloadType.QUATERNION, PayloadType.QUATERNION.fixedLength());
    }

    /**
     * A {@link PayloadType#TRANSFORM} payload: position, rotation (a quaternion) and scale.
     *
     * @param px position x.
     * @param py position y.
     * @param pz position z.
     * @param rx rotation x.
     * @param ry rotation y.
     * @param rz rotation z.
     * @param rw rotation w.
     * @param sx scale x.
     * @param sy scale y.
     * @param sz scale z.
     * @return this writer.
     */
    public MessageWriter putTransform(
        final float px, final float py, final float pz,
        final float rx, final float ry, final float rz, final float rw,
        final float sx, final float sy, final float sz)
    {
        checkFits(PayloadType.TRANSFORM.fixedLength());
        putFloats3(payloadOffset, px, py, pz);
        putFloats4(payloadOffset + 3 * Float.BYTES, rx, ry, rz, rw);
        putFloats3(payloadOffset + 7 * Float.BYTES, sx, sy, sz);
        return payloadWritten(PayloadType.TRANSFORM, PayloadType.TRANSFORM.fixedLength());
    }

    /**
     * A {@link PayloadType#TRANSFORM} payload from ten floats: position x, y, z; rotation x, y, z, w; scale x, y, z.
     *
     * @param transform at least {@link PayloadType#TRANSFORM_FLOATS} floats.
     * @return this writer.
     */
    public MessageWriter putTransform(final float[] transform)
    {
        if (transform.length < PayloadType.TRANSFORM_FLOATS)
        {
            throw new IllegalArgumentException(
                "transform must have " + PayloadType.TRANSFORM_FLOATS + " floats: length=" + transform.length);
        }
        checkFits(PayloadType.TRANSFORM.fixedLength());
        MemorySegment.copy(transform, 0, segment, JAVA_FLOAT, payloadOffset, PayloadType.TRANSFORM_FLOATS);
        return payloadWritten(PayloadType.TRANSFORM, PayloadType.TRANSFORM.fixedLength());
    }

    /**
     * A {@link PayloadType#CUSTOM} payload written by a codec straight into the slot; the codec's schema id goes in
     * the header.
     *
     * @param codec to write with.
     * @param value to carry.
     * @param <T>   type carried.
     * @return this writer.
     * @throws IllegalArgumentException if the codec reports that the value does not fit.
     */
    public <T> MessageWriter putCustom(final PayloadCodec<T> codec, final T value)
    {
        // The codec gets the slot's payload alone: one that writes more than it may fails, the next slot is safe.
        final int length = codec.encode(value, payloadSegment(), 0, maxPayload);
        if (length < 0 || length > maxPayload)
        {
            throw new IllegalArgumentException("custom payload does not fit: length=" + length +
                ", maxPayload=" + maxPayload + ", schemaId=" + codec.schemaId());
        }
        segment.set(JAVA_SHORT, slotOffset + PAYLOAD_SCHEMA_OFFSET, codec.schemaId());
        return payloadWritten(PayloadType.CUSTOM, length);
    }

    /**
     * Record a payload written by hand at {@link #payloadOffset()}.
     *
     * @param type   of the payload.
     * @param length in bytes.
     * @return this writer.
     * @throws IllegalArgumentException if the length is over the slot's maximum.
     */
    public MessageWriter payloadWritten(final PayloadType type, final int length)
    {
        checkFits(length);
        segment.set(JAVA_BYTE, slotOffset + PAYLOAD_TYPE_OFFSET, type.code());
        segment.set(JAVA_INT, slotOffset + PAYLOAD_LENGTH_OFFSET, length);
        return this;
    }

    /**
     * Copy a whole message (header and payload, not the sequence) from a view: what a relay does to forward one.
     *
     * @param source bound to the message to copy.
     * @return this writer.
     * @throws IllegalArgumentException if the source payload is over this slot's maximum.
     */
    public MessageWriter copyFrom(final MessageView source)
    {
        copyPayloadFrom(source);
        method(source.method())
            .levelFilter(source.levelFilter())
            .activeFilter(source.activeFilter())
            .selectedFilter(source.selectedFilter())
            .networkFilter(source.networkFilter())
            .tagMask(source.tagMask())
            .senderNodeId(source.senderNodeId())
            .hopCount(source.hopCount())
            .flags(source.flags())
            .causalStamp(source.causalSender(), source.causalSequence())
            .timestampNanos(source.timestampNanos());
        return this;
    }

    /**
     * Copy a message's payload (type, schema, bytes) and its handled flag from a view, leaving this message's routing
     * header as written: what forwarding a received message from another node does.
     *
     * @param source bound to the message to copy from.
     * @return this writer.
     * @throws IllegalArgumentException if the source payload is over this slot's maximum.
     */
    public MessageWriter copyPayloadFrom(final MessageView source)
    {
        final int length = source.payloadLength();
        checkFits(length);
        MemorySegment.copy(source.payload(), 0, segment, payloadOffset, length);
        if (source.isHandled())
        {
            // OR-ed in: the flags may already carry this message's reaction depth.
            flags(segment.get(JAVA_INT, slotOffset + FLAGS_OFFSET) | MessageLayout.FLAG_HANDLED);
        }
        segment.set(JAVA_SHORT, slotOffset + PAYLOAD_SCHEMA_OFFSET, source.payloadSchema());
        segment.set(JAVA_BYTE, slotOffset + PAYLOAD_TYPE_OFFSET, source.payloadTypeCode());
        segment.set(JAVA_INT, slotOffset + PAYLOAD_LENGTH_OFFSET, length);
        return this;
    }

    private void putFloats3(final long offset, final float x, final float y, final float z)
    {
        segment.set(JAVA_FLOAT, offset, x);
        segment.set(JAVA_FLOAT, offset + Float.BYTES, y);
        segment.set(JAVA_FLOAT, offset + 2 * Float.BYTES, z);
    }

    private void putFloats4(final long offset, final float x, final float y, final float z, final float w)
    {
        putFloats3(offset, x, y, z);
        segment.set(JAVA_FLOAT, offset + 3 * Float.BYTES, w);
    }

    private void checkFits(final int length)
    {
        if (length < 0 || length > maxPayload)
        {
            throw new IllegalArgumentException(
                "payload length must be in [0, maxPayload]: length=" + length + ", maxPayload=" + maxPayload +
                ", sequence=" + sequence);
        }
    }
}
