package io.quicksilver.runtime.message;

import java.lang.foreign.MemorySegment;

/**
 * Writes a custom payload type straight into a slot and reads it back: Mercury's serializable payload, without
 * serialisation to an intermediate buffer.
 * <p>
 * Implementations should be stateless (one instance shared by every producer and consumer) and must not keep the
 * segment beyond the call: it is the ring's memory and belongs to another message once the slot is reused.
 *
 * @param <T> type carried.
 */
public interface PayloadCodec<T>
{
    /**
     * Id written in the header's payload schema field so a receiver can tell custom types apart. Values are the
     * application's choice; 0 is the default.
     *
     * @return schema id of the payloads this codec writes.
     */
    default short schemaId()
    {
        return 0;
    }

    /**
     * Write a value into the slot's payload region.
     *
     * @param value     to write.
     * @param segment   the slot's payload region, exactly {@code maxLength} bytes from {@code offset}: a write past it
     *                  throws {@link IndexOutOfBoundsException} and fails the send.
     * @param offset    of the first payload byte in {@code segment}.
     * @param maxLength the most bytes the slot holds.
     * @return the number of bytes written, or a negative value when the value does not fit in {@code maxLength}.
     */
    int encode(T value, MemorySegment segment, long offset, int maxLength);

    /**
     * Read a value back from a payload this codec wrote. Decoding into a new object allocates by nature; a receiver
     * that must not allocate reads the fields it needs from {@link MessageView#payload()} instead.
     *
     * @param segment read-only view of the ring's memory.
     * @param offset  of the first payload byte in {@code segment}.
     * @param length  of the payload in bytes, as {@link #encode} returned it.
     * @return the decoded value.
     */
    T decode(MemorySegment segment, long offset, int length);
}
