package io.quicksilver.simd;

/**
 * Argument checks shared by the kernels, run once per call and never per responder.
 */
final class KernelSupport
{
    private KernelSupport()
    {
    }

    /**
     * @return words per message for the range.
     */
    static int checkArguments(
        final ResponderTable table,
        final int rangeFrom,
        final int rangeTo,
        final MessageBatch batch,
        final long[] deliveries,
        final int offset)
    {
        final int size = table.size();
        if (rangeFrom < 0 || rangeFrom > rangeTo || rangeTo > size)
        {
            throw new IndexOutOfBoundsException(
                "range must satisfy 0 <= rangeFrom <= rangeTo <= size: rangeFrom=" + rangeFrom +
                ", rangeTo=" + rangeTo + ", size=" + size);
        }
        final int words = RoutingKernel.wordsPerMessage(rangeFrom, rangeTo);
        final long required = (long)batch.size() * words;
        if (offset < 0 || offset > deliveries.length || deliveries.length - offset < required)
        {
            throw new IndexOutOfBoundsException(
                "deliveries too small: required=" + required + ", offset=" + offset + ", length=" + deliveries.length);
        }
        return words;
    }
}
