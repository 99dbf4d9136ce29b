package io.quicksilver.runtime.message;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * UTF-8 over memory segments without a {@code byte[]} in between: what {@link String#getBytes} does, minus the
 * allocation. Unpaired surrogates become {@code '?'}, as {@code String.getBytes(UTF_8)} makes them.
 */
final class Utf8
{
    private static final byte REPLACEMENT = (byte)'?';

    private Utf8()
    {
    }

    /**
     * Bytes {@code value} encodes to, as a {@code long}: a string of more than 715,827,882 three-byte chars is longer
     * than an {@code int} counts.
     */
    static long encodedLength(final CharSequence value)
    {
        final int length = value.length();
        long bytes = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                bytes += 1;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Encode {@code value} at {@code offset}, writing at most {@code maxBytes} bytes: each character's bytes are
     * checked against the bound before any of them is written, so nothing past {@code offset + maxBytes} is ever
     * touched, whatever the sequence's {@code length()} and {@code charAt} answer meanwhile.
     *
     * @return bytes written, or -1 when the encoding does not fit in {@code maxBytes} (the bytes before the bound
     * may have been written).
     */
    static int encode(final CharSequence value, final MemorySegment segment, final long offset, final int maxBytes)
    {
        final int length = value.length();
        if (length > maxBytes)
        {
            return -1;
        }
        final long end = offset + maxBytes;
        long position = offset;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                if (position + 1 > end)
                {
                    return -1;
                }
                segment.set(JAVA_BYTE, position++, (byte)c);
            }
            else if (c < 0x800)
            {
                if (position + 2 > end)
                {
                    return -1;
                }
                segment.set(JAVA_BYTE, position++, (byte)(0xC0 | (c >> 6)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                if (position + 4 > end)
                {
                    return -1;
                }
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                segment.set(JAVA_BYTE, position++, (byte)(0xF0 | (codePoint >> 18)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | (codePoint & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                if (position + 1 > end)
                {
                    return -1;
                }
                segment.set(JAVA_BYTE, position++, REPLACEMENT);
            }
            else
            {
                if (position + 3 > end)
                {
                    return -1;
                }
                segment.set(JAVA_BYTE, position++, (byte)(0xE0 | (c >> 12)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return (int)(position - offset);
    }

    /**
     * Compare encoded bytes with the encoding of a char sequence, byte by byte, stopping at the first difference.
     */
    static boolean equals(final MemorySegment segment, final long offset, final int byteLength, final CharSequence value)
    {
        final int length = value.length();
        final long end = offset + byteLength;
        long position = offset;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                if (position >= end || segment.get(JAVA_BYTE, position++) != (byte)c)
                {
                    return false;
                }
                continue;
            }

            final int codePoint;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                codePoint = Character.toCodePoint(c, value.charAt(++i));
            }
            else if (Character.isSurrogate(c))
            {
                codePoint = REPLACEMENT;
            }
            else
            {
                codePoint = c;
            }

            final int count = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (position + count > end)
            {
                return false;
            }
            if (count == 1)
            {
                if (segment.get(JAVA_BYTE, position++) != (byte)codePoint)
                {
                    return false;
                }
                continue;
            }
            final int lead = count == 2 ? 0xC0 : count == 3 ? 0xE0 : 0xF0;
            int shift = 6 * (count - 1);
            if (segment.get(JAVA_BYTE, position++) != (byte)(lead | (codePoint >> shift)))
            {
                return false;
            }
            while (shift > 0)
            {
                shift -= 6;
                if (segment.get(JAVA_BYTE, position++) != (byte)(0x80 | ((codePoint >> shift) & 0x3F)))
                {
                    return false;
                }
            }
        }
        return position == end;
    }
}
