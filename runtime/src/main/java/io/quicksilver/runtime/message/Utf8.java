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

    static int encodedLength(final CharSequence value)
    {
        final int length = value.length();
        int bytes = 0;
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

    static int encode(final CharSequence value, final MemorySegment segment, final long offset)
    {
        final int length = value.length();
        long position = offset;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                segment.set(JAVA_BYTE, position++, (byte)c);
            }
            else if (c < 0x800)
            {
                segment.set(JAVA_BYTE, position++, (byte)(0xC0 | (c >> 6)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                segment.set(JAVA_BYTE, position++, (byte)(0xF0 | (codePoint >> 18)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                segment.set(JAVA_BYTE, position++, (byte)(0x80 | (codePoint & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                segment.set(JAVA_BYTE, position++, REPLACEMENT);
            }
            else
            {
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
