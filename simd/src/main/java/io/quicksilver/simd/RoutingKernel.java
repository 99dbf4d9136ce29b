package io.quicksilver.simd;

/**
 * Evaluates a batch of messages against a range of responders and writes one delivery bit per (message, responder).
 * <p>
 * Responder {@code i} of {@code [rangeFrom, rangeTo)} receives message {@code m} when all of these hold:
 * <ul>
 *     <li>{@code i} lies in the message's interval {@code [from, to)};</li>
 *     <li>the message passes the responder's tag check ({@link TagMask#passes(boolean, long, long)});</li>
 *     <li>the message is not {@link MessageBatch#ACTIVE_ONLY} or the responder is {@link ResponderTable#ACTIVE};</li>
 *     <li>the message is not {@link MessageBatch#SELECTED_ONLY} or the responder is
 *     {@link ResponderTable#SELECTED}.</li>
 * </ul>
 * Output layout: message {@code m} owns {@link #wordsPerMessage(int, int)} consecutive words starting at
 * {@code offset + m * wordsPerMessage}; bit {@code k} of that run ({@code words[k >>> 6] >>> (k & 63)}) is responder
 * {@code rangeFrom + k}. Every word of the batch's output is written, including zeros, so arrays can be reused
 * without clearing. Bits past {@code rangeTo} in the last word are 0.
 * <p>
 * Implementations allocate nothing per call, are stateless and thread-safe; the table and batch must not change
 * during a call. Every implementation produces bit-for-bit the same output.
 */
public interface RoutingKernel
{
    /**
     * Evaluates every message of the batch against responders {@code [rangeFrom, rangeTo)}.
     *
     * @param table       the responders.
     * @param rangeFrom   first responder evaluated, inclusive.
     * @param rangeTo     last responder evaluated, exclusive; {@code 0 <= rangeFrom <= rangeTo <= table.size()}.
     * @param batch       the messages.
     * @param deliveries  output bits, at least {@code offset + batch.size() * wordsPerMessage} long.
     * @param offset      index of the first output word.
     * @return total number of deliveries (bits set) in the batch's output.
     * @throws IndexOutOfBoundsException if the range or the output does not fit.
     */
    long evaluate(ResponderTable table, int rangeFrom, int rangeTo, MessageBatch batch, long[] deliveries, int offset);

    /**
     * @return what this kernel is, for logs: for example {@code vector(ByteVector 256 bits, 32 lanes)}.
     */
    String description();

    /**
     * @return bits per vector register this kernel uses, 0 for the scalar kernel.
     */
    int vectorBitSize();

    /**
     * Output words each message needs for a range.
     *
     * @param rangeFrom first responder, inclusive.
     * @param rangeTo   last responder, exclusive.
     * @return {@code ceil((rangeTo - rangeFrom) / 64)}.
     */
    static int wordsPerMessage(final int rangeFrom, final int rangeTo)
    {
        if (rangeFrom < 0 || rangeFrom > rangeTo)
        {
            throw new IndexOutOfBoundsException(
                "range must satisfy 0 <= rangeFrom <= rangeTo: rangeFrom=" + rangeFrom + ", rangeTo=" + rangeTo);
        }
        return (int)(((long)rangeTo - rangeFrom + Bits.WORD_MASK) >>> Bits.WORD_SHIFT);
    }
}
