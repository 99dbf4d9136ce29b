package io.quicksilver.runtime.journal;

import java.lang.foreign.MemorySegment;

/**
 * Receives journaled messages from a {@link JournalReader}, in journal order.
 */
@FunctionalInterface
public interface JournalHandler
{
    /**
     * One message.
     *
     * @param sequence        its journal sequence.
     * @param appendTimeMillis when the journaller appended its document (epoch milliseconds).
     * @param message         a buffer holding the message as it was in its slot: the 64-byte header
     *                        ({@link io.quicksilver.runtime.message.MessageLayout}), then the payload; valid for this
     *                        call only, and longer than the message.
     * @param length          bytes of the message in {@code message}: header plus payload.
     */
    void onMessage(long sequence, long appendTimeMillis, MemorySegment message, int length);
}
