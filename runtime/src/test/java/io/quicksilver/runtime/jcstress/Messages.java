package io.quicksilver.runtime.jcstress;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The message every jcstress producer writes, and the check every consumer runs on what it read.
 * <p>
 * Every header field gets a value that differs both from the zeroes of fresh memory and from the defaults
 * {@link MessageWriter#wrap} stores first, so a consumer that reads a field too early sees a wrong value, never a
 * lucky right one. The check returns a bit per stale field instead of a boolean, so a forbidden outcome names what
 * was not visible.
 */
final class Messages
{
    static final int MAX_PAYLOAD = 64;
    static final int PAYLOAD_LONGS = MAX_PAYLOAD / Long.BYTES;

    static final int METHOD_BIT = 1;
    static final int LEVEL_FILTER_BIT = 1 << 1;
    static final int FILTERS_BIT = 1 << 2;
    static final int TAG_MASK_BIT = 1 << 3;
    static final int SENDER_BIT = 1 << 4;
    static final int HOP_COUNT_BIT = 1 << 5;
    static final int FLAGS_BIT = 1 << 6;
    static final int CAUSAL_STAMP_BIT = 1 << 7;
    static final int TIMESTAMP_BIT = 1 << 8;
    static final int PAYLOAD_TYPE_BIT = 1 << 9;
    static final int PAYLOAD_LENGTH_BIT = 1 << 10;
    static final int PAYLOAD_BYTES_BIT = 1 << 11;

    private Messages()
    {
    }

    /**
     * Slots for one jcstress state. jcstress makes millions of states; an automatic arena lets the garbage collector
     * free each one's memory with the state, and is shared, so the actor threads may all touch it.
     */
    static SlotArena slots(final int capacity)
    {
        return SlotArena.allocate(Arena.ofAuto(), capacity, MAX_PAYLOAD);
    }

    /**
     * Word {@code index} of the payload of the message {@code sender} writes for {@code sequence}; never 0 and
     * different for every (sender, sequence, index) a test uses.
     */
    static long payloadWord(final int sender, final long sequence, final int index)
    {
        return 0x5A5A_0000_0000_0000L | ((long)sender << 32) | (sequence << 8) | (index + 1);
    }

    /**
     * Write the full test message for {@code sequence} from {@code sender} into a wrapped writer, with plain stores.
     */
    static void write(final MessageWriter writer, final int sender, final long sequence)
    {
        writer
            .method(1000 + sender)
            .levelFilter(0x2A)
            .activeFilter((byte)3)
            .selectedFilter((byte)5)
            .networkFilter((byte)6)
            .tagMask(0x0123_4567_89AB_CDEFL ^ sequence)
            .senderNodeId(sender)
            .hopCount(7)
            .flags(0x40)
            .causalStamp(sender + 100, sequence + 1000)
            .timestampNanos(123_456_789L + sequence);

        final MemorySegment segment = writer.segment();
        final long payloadOffset = writer.payloadOffset();
        for (int i = 0; i < PAYLOAD_LONGS; i++)
        {
            segment.set(JAVA_LONG, payloadOffset + (long)i * Long.BYTES, payloadWord(sender, sequence, i));
        }
        writer.payloadWritten(PayloadType.BYTE_ARRAY, MAX_PAYLOAD);
    }

    /**
     * Read every field of a message and say which do not hold what {@link #write} stored.
     *
     * @return 0 if the whole message is visible, else the bits of the stale fields.
     */
    static int staleFields(final MessageView view, final int sender, final long sequence)
    {
        int stale = 0;
        if (view.method() != 1000 + sender)
        {
            stale |= METHOD_BIT;
        }
        if (view.levelFilter() != 0x2A)
        {
            stale |= LEVEL_FILTER_BIT;
        }
        if (view.activeFilter() != 3 || view.selectedFilter() != 5 || view.networkFilter() != 6)
        {
            stale |= FILTERS_BIT;
        }
        if (view.tagMask() != (0x0123_4567_89AB_CDEFL ^ sequence))
        {
            stale |= TAG_MASK_BIT;
        }
        if (view.senderNodeId() != sender)
        {
            stale |= SENDER_BIT;
        }
        if (view.hopCount() != 7)
        {
            stale |= HOP_COUNT_BIT;
        }
        if (view.flags() != 0x40)
        {
            stale |= FLAGS_BIT;
        }
        if (view.causalSender() != sender + 100 || view.causalSequence() != sequence + 1000)
        {
            stale |= CAUSAL_STAMP_BIT;
        }
        if (view.timestampNanos() != 123_456_789L + sequence)
        {
            stale |= TIMESTAMP_BIT;
        }
        if (view.payloadTypeCode() != PayloadType.BYTE_ARRAY.code())
        {
            stale |= PAYLOAD_TYPE_BIT;
        }
        if (view.payloadLength() != MAX_PAYLOAD)
        {
            stale |= PAYLOAD_LENGTH_BIT;
        }
        final MemorySegment payload = view.payload();
        for (int i = 0; i < PAYLOAD_LONGS; i++)
        {
            if (payload.get(JAVA_LONG, (long)i * Long.BYTES) != payloadWord(sender, sequence, i))
            {
                stale |= PAYLOAD_BYTES_BIT;
            }
        }
        return stale;
    }
}
