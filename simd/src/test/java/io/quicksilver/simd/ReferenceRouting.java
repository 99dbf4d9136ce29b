package io.quicksilver.simd;

/**
 * The routing rule written responder by responder through the public getters, with no shared code with the kernels:
 * the oracle both kernels are checked against.
 */
final class ReferenceRouting
{
    private ReferenceRouting()
    {
    }

    static boolean delivers(final ResponderTable table, final int responder, final MessageBatch batch, final int m)
    {
        final int filters = batch.filters(m);
        final int flags = table.flags(responder);
        return responder >= batch.from(m) && responder < batch.to(m) &&
            TagMask.passes((flags & ResponderTable.CHECKS_TAGS) != 0, table.tags(responder), batch.tags(m)) &&
            ((filters & MessageBatch.ACTIVE_ONLY) == 0 || (flags & ResponderTable.ACTIVE) != 0) &&
            ((filters & MessageBatch.SELECTED_ONLY) == 0 || (flags & ResponderTable.SELECTED) != 0);
    }

    static long evaluate(
        final ResponderTable table,
        final int rangeFrom,
        final int rangeTo,
        final MessageBatch batch,
        final long[] deliveries,
        final int offset)
    {
        final int words = RoutingKernel.wordsPerMessage(rangeFrom, rangeTo);
        long delivered = 0;
        for (int m = 0; m < batch.size(); m++)
        {
            final int out = offset + m * words;
            for (int w = 0; w < words; w++)
            {
                deliveries[out + w] = 0;
            }
            for (int i = rangeFrom; i < rangeTo; i++)
            {
                if (delivers(table, i, batch, m))
                {
                    final int bit = i - rangeFrom;
                    deliveries[out + (bit >>> 6)] |= 1L << bit;
                    delivered++;
                }
            }
        }
        return delivered;
    }
}
