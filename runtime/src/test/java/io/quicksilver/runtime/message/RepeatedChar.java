package io.quicksilver.runtime.message;

/**
 * A char sequence of any length, one char repeated, that takes no memory: for strings too long to build.
 *
 * @param length of the sequence.
 * @param c      every char of it.
 */
public record RepeatedChar(int length, char c) implements CharSequence
{
    @Override
    public char charAt(final int index)
    {
        return c;
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        throw new UnsupportedOperationException();
    }

    @Override
    public String toString()
    {
        return "RepeatedChar[" + length + " x U+" + Integer.toHexString(c) + ']';
    }
}
