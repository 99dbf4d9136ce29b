package io.quicksilver.runtime.network;

import io.quicksilver.runtime.message.MessageLayout;

/**
 * Descriptor of a network frame: one Aeron message carries one ring message, as it was in its slot, after a frame
 * header naming where it came from.
 * <pre>
 *      0 | magic (int): 'QSN1'               | path length (int): bytes of the sender's path, UTF-8
 *      8 | origin runtime (long): 64-bit FNV-1a hash of the origin runtime's name
 *     16 | origin sequence (long): the message's sequence in the origin's ring
 *     24 | network sequence (long): 0, 1, 2 ... per origin, gap-free: what the receiver checks
 *     32 | sender path (path length bytes, UTF-8, "root/child/..."), zero-padded to a multiple of 8
 *  32+p  | message: header (64 bytes, MessageLayout) + payload length bytes
 * </pre>
 * The message header's sender field, sequence field, flags and causal fields are the origin's and mean nothing to
 * the receiver: it rewrites them.
 */
public final class NetworkLayout
{
    /** 'QSN1' in ASCII, big-endian: the first int of every Quicksilver network frame. */
    public static final int MAGIC = 0x51534E31;

    public static final int MAGIC_OFFSET = 0;
    public static final int PATH_LENGTH_OFFSET = 4;
    public static final int ORIGIN_RUNTIME_OFFSET = 8;
    public static final int ORIGIN_SEQUENCE_OFFSET = 16;
    public static final int NETWORK_SEQUENCE_OFFSET = 24;
    public static final int PATH_OFFSET = 32;

    /** Bytes before the path. */
    public static final int FRAME_HEADER_LENGTH = PATH_OFFSET;

    /** Longest sender path, in UTF-8 bytes: deeper or longer-named hierarchies are refused at send (counted). */
    public static final int MAX_PATH_LENGTH = 1024;

    /** Bytes of a message before its payload. */
    public static final int MESSAGE_HEADER_LENGTH = MessageLayout.HEADER_LENGTH;

    private NetworkLayout()
    {
    }

    /**
     * @param pathLength bytes of the sender's path.
     * @return offset of the message header in the frame: the path padded to 8 so the header stays aligned.
     */
    public static int messageOffset(final int pathLength)
    {
        return PATH_OFFSET + MessageLayout.align(pathLength, Long.BYTES);
    }

    /**
     * 64-bit FNV-1a of a name's UTF-16 chars: the origin runtime's id on the wire.
     *
     * @param name a runtime's name.
     * @return its id.
     */
    public static long runtimeId(final String name)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++)
        {
            hash ^= name.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
