package io.quicksilver.runtime.message;

/**
 * Type of a message payload, one per Mercury message kind; the code is what the header's payload type byte holds.
 * <p>
 * Vectors, quaternions and transforms are little groups of {@code float}s in native byte order, in the order their
 * Mercury (Unity) counterparts list them: {@code x, y, z[, w]}; a transform is position {@code x, y, z}, rotation
 * {@code x, y, z, w} and scale {@code x, y, z}: ten floats.
 */
public enum PayloadType
{
    /** No payload (Mercury's plain {@code MmMessage}). */
    NONE(0, 0),
    /** One byte, 0 or 1. */
    BOOL(1, 1),
    /** One {@code int}. */
    INT(2, Integer.BYTES),
    /** One {@code float}. */
    FLOAT(3, Float.BYTES),
    /** UTF-8 bytes, no terminator; the length is in the header. */
    STRING(4, -1),
    /** Raw bytes; the length is in the header. */
    BYTE_ARRAY(5, -1),
    /** Three floats: x, y, z. */
    VECTOR3(6, 3 * Float.BYTES),
    /** Four floats: x, y, z, w. */
    VECTOR4(7, 4 * Float.BYTES),
    /** Four floats: x, y, z, w. */
    QUATERNION(8, 4 * Float.BYTES),
    /** Ten floats: position x, y, z; rotation x, y, z, w; scale x, y, z. */
    TRANSFORM(9, 10 * Float.BYTES),
    /** Bytes written by a {@link PayloadCodec}; the codec's schema id is in the header. */
    CUSTOM(10, -1);

    /** Number of floats in a transform payload. */
    public static final int TRANSFORM_FLOATS = 10;

    private static final PayloadType[] BY_CODE = values();

    private final byte code;
    private final int fixedLength;

    PayloadType(final int code, final int fixedLength)
    {
        this.code = (byte)code;
        this.fixedLength = fixedLength;
    }

    /**
     * Code stored in the header's payload type byte.
     *
     * @return code of this type.
     */
    public byte code()
    {
        return code;
    }

    /**
     * Length of every payload of this type, or -1 when the length varies (string, byte array, custom).
     *
     * @return fixed payload length in bytes or -1.
     */
    public int fixedLength()
    {
        return fixedLength;
    }

    /**
     * Type for a header code, without allocation.
     *
     * @param code as stored in the header.
     * @return the matching type.
     * @throws IllegalArgumentException if no type has that code.
     */
    public static PayloadType fromCode(final int code)
    {
        if (code < 0 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("unknown payload type: code=" + code);
        }
        return BY_CODE[code];
    }
}
