package io.quicksilver.runtime.network;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.quicksilver.runtime.concurrent.Threads;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.message.MessageFilters;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.Sequence;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Polls the peers' publications on its own thread and writes each message received into this runtime's sequencer
 * ring in place, as if sent from the node with the sender's path here: claim a slot, copy the header and payload from
 * the fragment, rewrite what is the origin's own (sender id, flags, causal fields, hop count), mark it received
 * ({@link MessageFilters#NETWORK_RECEIVED}: delivered here, never sent back to the network), publish.
 * <p>
 * When the ring is full the fragment is left in Aeron's image (the poll is aborted, not the message) and polled again,
 * so a slow receiver back-pressures its peer's publication instead of dropping. A frame that is not Quicksilver's, a
 * frame of this runtime's own, and a sender path no node here has are counted and dropped, each kind said once; a
 * gap or repeat in an origin's network sequence is counted ({@link #sequenceGaps()}).
 */
final class Ingress implements Runnable, ControlledFragmentHandler
{
    /** Most fragments read per subscription per pass. */
    static final int FRAGMENT_LIMIT = 64;

    private static final long NO_ORIGIN = Long.MIN_VALUE;

    private final Subscription[] subscriptions;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final MessageRing ring;
    private final MemorySegment segment;
    private final UnsafeBuffer ringBuffer;
    private final NetworkHost host;
    private final IdleStrategy idle;
    private final long selfId;
    private final int skipSender;
    private final Long2LongHashMap nextNetworkSequence = new Long2LongHashMap(NO_ORIGIN);
    private final Thread thread;
    private NodePaths paths;
    private volatile boolean running = true;
    private boolean saidBad;
    private boolean saidOwn;
    private boolean saidUnknown;

    private final Sequence received = new Sequence(0);
    private final Sequence bytesReceived = new Sequence(0);
    private final Sequence delivered = new Sequence(0);
    private final Sequence unknownPaths = new Sequence(0);
    private final Sequence ownFrames = new Sequence(0);
    private final Sequence badFrames = new Sequence(0);
    private final Sequence sequenceGaps = new Sequence(0);
    private final Sequence ringFull = new Sequence(0);

    Ingress(
        final Subscription[] subscriptions, final MessageRing ring, final NetworkHost host, final IdleStrategy idle,
        final String name)
    {
        this.subscriptions = subscriptions;
        this.ring = ring;
        this.segment = ring.segment();
        if (segment.byteSize() > Integer.MAX_VALUE)
        {
            throw new NetworkException("network of runtime '" + name + "' receives into a ring of at most 2 GiB: " +
                "ring bytes=" + segment.byteSize());
        }
        this.ringBuffer = new UnsafeBuffer(segment.address(), (int)segment.byteSize());
        this.host = host;
        this.idle = idle;
        this.selfId = NetworkLayout.runtimeId(name);
        this.skipSender = host.skipSender();
        this.thread = new Thread(this, "quicksilver-network-ingress");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    @Override
    public void run()
    {
        while (running)
        {
            int work = 0;
            try
            {
                for (final Subscription subscription : subscriptions)
                {
                    work += subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
                }
            }
            catch (final RuntimeException | Error e)
            {
                host.notice("quicksilver: network ingress stopped: " + e);
                return;
            }
            if (work == 0)
            {
                Thread.interrupted();
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < NetworkLayout.FRAME_HEADER_LENGTH ||
            buffer.getInt(offset + NetworkLayout.MAGIC_OFFSET) != NetworkLayout.MAGIC)
        {
            return bad("a frame that is not a Quicksilver network frame (length " + length + ")");
        }
        final int pathLength = buffer.getInt(offset + NetworkLayout.PATH_LENGTH_OFFSET);
        if (pathLength < 0 || pathLength > NetworkLayout.MAX_PATH_LENGTH)
        {
            return bad("a frame whose sender path length is " + pathLength);
        }
        final int messageOffset = NetworkLayout.messageOffset(pathLength);
        final int messageLength = length - messageOffset;
        if (messageLength < MessageLayout.HEADER_LENGTH)
        {
            return bad("a frame of " + length + " bytes, too short for its message");
        }
        final int payload = buffer.getInt(offset + messageOffset + MessageLayout.PAYLOAD_LENGTH_OFFSET);
        if (payload != messageLength - MessageLayout.HEADER_LENGTH || payload > ring.maxPayload())
        {
            return bad("a frame whose payload length " + payload + " does not match its " + messageLength +
                " message bytes, or is over this runtime's maxPayload " + ring.maxPayload());
        }
        final long origin = buffer.getLong(offset + NetworkLayout.ORIGIN_RUNTIME_OFFSET);
        if (origin == selfId)
        {
            ownFrames.setRelease(ownFrames.getPlain() + 1);
            if (!saidOwn)
            {
                saidOwn = true;
                host.notice("quicksilver: this runtime received a frame of its own (a peer channel that is its own " +
                    "publication, or a peer with its name): dropped, counted in ownFrames (said once)");
            }
            return Action.CONTINUE;
        }
        final RoutingSnapshot snapshot = host.current();
        if (paths == null || paths.snapshot() != snapshot)
        {
            paths = new NodePaths(snapshot);
        }
        final int id = paths.idOf(buffer, offset + NetworkLayout.PATH_OFFSET, pathLength);
        if (id < 0)
        {
            return unknown(buffer, offset, pathLength);
        }
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            // Left in the image and polled again: the peer's publication waits, nothing is lost.
            ringFull.setRelease(ringFull.getPlain() + 1);
            return Action.ABORT;
        }
        final long networkSequence = buffer.getLong(offset + NetworkLayout.NETWORK_SEQUENCE_OFFSET);
        final long expected = nextNetworkSequence.get(origin);
        if (expected != NO_ORIGIN && networkSequence != expected)
        {
            sequenceGaps.setRelease(sequenceGaps.getPlain() + 1);
        }
        nextNetworkSequence.put(origin, networkSequence + 1);
        received.setRelease(received.getPlain() + 1);
        bytesReceived.setRelease(bytesReceived.getPlain() + length);

        final long slot = ring.slotOffset(sequence);
        final MemorySegment segment = this.segment;
        // Everything but the sequence field (the publish marker, first in the header): publish writes that.
        ringBuffer.putBytes((int)slot + Long.BYTES, buffer, offset + messageOffset + Long.BYTES,
            messageLength - Long.BYTES);
        // A node removed since the lookup may have lent its id to a newer node: published as a skip.
        final boolean removed = snapshot.nodes()[id].isRemoved();
        segment.set(JAVA_INT, slot + MessageLayout.SENDER_NODE_ID_OFFSET, removed ? skipSender : id);
        segment.set(JAVA_INT, slot + MessageLayout.FLAGS_OFFSET, 0);
        segment.set(JAVA_INT, slot + MessageLayout.CAUSAL_SENDER_OFFSET, MessageLayout.NO_CAUSAL_SENDER);
        segment.set(JAVA_LONG, slot + MessageLayout.CAUSAL_SEQUENCE_OFFSET, MessageLayout.NO_SEQUENCE);
        segment.set(JAVA_SHORT, slot + MessageLayout.HOP_COUNT_OFFSET, (short)0);
        segment.set(JAVA_BYTE, slot + MessageLayout.NETWORK_FILTER_OFFSET, MessageFilters.NETWORK_RECEIVED);
        ring.publish(sequence);
        if (removed)
        {
            unknownPaths.setRelease(unknownPaths.getPlain() + 1);
        }
        else
        {
            delivered.setRelease(delivered.getPlain() + 1);
        }
        return Action.CONTINUE;
    }

    private Action bad(final String what)
    {
        badFrames.setRelease(badFrames.getPlain() + 1);
        if (!saidBad)
        {
            saidBad = true;
            host.notice("quicksilver: the network received " + what + ": dropped, counted in badFrames (said once)");
        }
        return Action.CONTINUE;
    }

    private Action unknown(final DirectBuffer buffer, final int offset, final int pathLength)
    {
        unknownPaths.setRelease(unknownPaths.getPlain() + 1);
        if (!saidUnknown)
        {
            saidUnknown = true;
            host.notice("quicksilver: the network received a message from sender path '" +
                buffer.getStringWithoutLengthUtf8(offset + NetworkLayout.PATH_OFFSET, pathLength) + "', and no node " +
                "of this runtime has that path: dropped, counted in unknownPaths (said once; paths are names from a " +
                "root, docs/network.md)");
        }
        return Action.CONTINUE;
    }

    /**
     * Stop polling, waiting at most {@code timeoutNanos}.
     *
     * @return true once stopped.
     */
    boolean close(final long timeoutNanos)
    {
        running = false;
        Threads.join(thread, timeoutNanos);
        return !thread.isAlive();
    }

    Thread thread()
    {
        return thread;
    }

    boolean isConnected()
    {
        for (final Subscription subscription : subscriptions)
        {
            if (!subscription.isConnected())
            {
                return false;
            }
        }
        return true;
    }

    long received()
    {
        return received.getOpaque();
    }

    long bytesReceived()
    {
        return bytesReceived.getOpaque();
    }

    long delivered()
    {
        return delivered.getOpaque();
    }

    long unknownPaths()
    {
        return unknownPaths.getOpaque();
    }

    long ownFrames()
    {
        return ownFrames.getOpaque();
    }

    long badFrames()
    {
        return badFrames.getOpaque();
    }

    long sequenceGaps()
    {
        return sequenceGaps.getOpaque();
    }

    long ringFull()
    {
        return ringFull.getOpaque();
    }
}
