package io.quicksilver.runtime.network;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.quicksilver.runtime.concurrent.Threads;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.message.MessageFilters;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.Sequence;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A gating consumer of the sequencer ring, on its own thread, that publishes every message whose network filter
 * allows it ({@code ALL} or {@code NETWORK}) to the peers once, in ring order: one Aeron message per ring message,
 * its frame header ({@link NetworkLayout}) and then the slot's header and payload copied once into the publication's
 * term buffer ({@code tryClaim} below the publication's largest payload, else {@code offer} of the two parts).
 * Producers gate on it as on any consumer, so a publication that is back-pressured fills the ring, and senders meet
 * the back-pressure they chose.
 * <p>
 * Aeron's results, each handled: {@code BACK_PRESSURED} and {@code ADMIN_ACTION} are retried (the messages before
 * are released first); {@code NOT_CONNECTED} (no peer subscribes) drops the message, counted
 * ({@link #notConnectedDrops()}) with one notice; {@code CLOSED} and {@code MAX_POSITION_EXCEEDED} end the
 * publication: one notice, and every later network message is counted as unsent ({@link #unsent()}).
 */
final class Egress implements Runnable
{
    /** Most messages read per pass. */
    static final int BATCH = 256;

    private final RingConsumer consumer;
    private final MessageRing ring;
    private final MemorySegment segment;
    private final UnsafeBuffer ringBuffer;
    private final ExclusivePublication publication;
    private final BufferClaim claim = new BufferClaim();
    private final UnsafeBuffer scratch;
    private final NetworkHost host;
    private final IdleStrategy idle;
    private final long originId;
    private final int maxClaim;
    private final Thread thread;
    private NodePaths paths;
    private long networkSequence;
    private volatile boolean running = true;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile String failure;
    private boolean saidNotConnected;
    private boolean saidUnsendable;

    private final Sequence sent = new Sequence(0);
    private final Sequence bytesSent = new Sequence(0);
    private final Sequence notConnectedDrops = new Sequence(0);
    private final Sequence backPressured = new Sequence(0);
    private final Sequence unsendable = new Sequence(0);
    private final Sequence unsent = new Sequence(0);

    Egress(
        final RingConsumer consumer, final ExclusivePublication publication, final NetworkHost host,
        final IdleStrategy idle, final String name)
    {
        this.consumer = consumer;
        this.ring = consumer.ring();
        this.segment = ring.segment();
        if (segment.byteSize() > Integer.MAX_VALUE)
        {
            throw new NetworkException("network of runtime '" + name + "' publishes from a ring of at most 2 GiB: " +
                "ring bytes=" + segment.byteSize());
        }
        // Agrona's view of the ring's memory (owned by the ring's arena, which outlives this thread): what Aeron's
        // putBytes copies from, with no object per message.
        this.ringBuffer = new UnsafeBuffer(segment.address(), (int)segment.byteSize());
        this.publication = publication;
        this.host = host;
        this.idle = idle;
        this.originId = NetworkLayout.runtimeId(name);
        this.maxClaim = publication.maxPayloadLength();
        this.scratch = new UnsafeBuffer(new byte[NetworkLayout.messageOffset(NetworkLayout.MAX_PATH_LENGTH)]);
        this.thread = new Thread(this, "quicksilver-network-egress");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    @Override
    public void run()
    {
        while (true)
        {
            final int work;
            try
            {
                work = doWork();
            }
            catch (final RuntimeException | Error e)
            {
                fail("network egress failed: " + e);
                continue;
            }
            if (work == 0)
            {
                if (!running)
                {
                    return;
                }
                Thread.interrupted();
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }

    int doWork()
    {
        final RingConsumer consumer = this.consumer;
        final long first = consumer.nextSequence();
        final long available = consumer.peekAvailable(BATCH);
        if (available < first)
        {
            return 0;
        }
        final MemorySegment segment = this.segment;
        final int controlSender = host.controlSender();
        for (long sequence = first; sequence <= available; sequence++)
        {
            final long offset = ring.slotOffset(sequence);
            final int sender = segment.get(JAVA_INT, offset + MessageLayout.SENDER_NODE_ID_OFFSET);
            if (sender == controlSender)
            {
                final RoutingSnapshot snapshot = snapshotAt(sequence);
                if (paths == null || paths.snapshot() != snapshot)
                {
                    paths = new NodePaths(snapshot);
                }
                continue;
            }
            if (sender < 0)
            {
                continue;
            }
            final byte network = segment.get(JAVA_BYTE, offset + MessageLayout.NETWORK_FILTER_OFFSET);
            if (network != MessageFilters.NETWORK_ALL && network != MessageFilters.NETWORK_REMOTE)
            {
                // LOCAL never leaves; RECEIVED came from the network and never goes back to it.
                continue;
            }
            if (failure != null)
            {
                unsent.setRelease(unsent.getPlain() + 1);
                continue;
            }
            if (paths == null)
            {
                paths = new NodePaths(host.current());
            }
            final int flags = segment.get(JAVA_INT, offset + MessageLayout.FLAGS_OFFSET);
            final byte[] path = paths.pathOf(sender);
            if ((flags & MessageLayout.CUSTOM_FILTER_MASK) != 0 || path == null)
            {
                unsendable.setRelease(unsendable.getPlain() + 1);
                if (!saidUnsendable)
                {
                    saidUnsendable = true;
                    host.notice("quicksilver: a network message cannot leave this runtime (" +
                        (path == null ? "its sender node " + sender + " has no path of at most " +
                        NetworkLayout.MAX_PATH_LENGTH + " bytes" : "it is routed by a Level.CUSTOM predicate, " +
                        "which cannot cross processes") + "): not sent, counted in unsendable (said once)");
                }
                continue;
            }
            send(sequence, offset, path);
        }
        consumer.release(available);
        return (int)(available - first + 1);
    }

    /** The shape from a control message on, counted as read; the latest one if the layout is gone (a fault). */
    private RoutingSnapshot snapshotAt(final long sequence)
    {
        try
        {
            final RoutingSnapshot snapshot = host.snapshotAt(sequence);
            host.installed(sequence);
            return snapshot;
        }
        catch (final IllegalStateException e)
        {
            host.notice("quicksilver: network egress found no layout for control message " + sequence + " (" +
                e.getMessage() + "): it resolves sender paths with the latest one");
            return host.current();
        }
    }

    private void send(final long sequence, final long offset, final byte[] path)
    {
        final int messageLength = MessageLayout.HEADER_LENGTH +
            segment.get(JAVA_INT, offset + MessageLayout.PAYLOAD_LENGTH_OFFSET);
        final int messageOffset = NetworkLayout.messageOffset(path.length);
        final int frameLength = messageOffset + messageLength;
        boolean waited = false;
        while (true)
        {
            final long result;
            if (frameLength <= maxClaim)
            {
                result = publication.tryClaim(frameLength, claim);
                if (result > 0)
                {
                    final MutableDirectBuffer buffer = claim.buffer();
                    final int at = claim.offset();
                    putFrameHeader(buffer, at, sequence, path);
                    // The one copy: from the slot into the term buffer.
                    buffer.putBytes(at + messageOffset, ringBuffer, (int)offset, messageLength);
                    claim.commit();
                }
            }
            else
            {
                putFrameHeader(scratch, 0, sequence, path);
                result = publication.offer(scratch, 0, messageOffset, ringBuffer, (int)offset, messageLength);
            }
            if (result > 0)
            {
                networkSequence++;
                sent.setRelease(sent.getPlain() + 1);
                bytesSent.setRelease(bytesSent.getPlain() + frameLength);
                return;
            }
            if (result == Publication.NOT_CONNECTED)
            {
                notConnectedDrops.setRelease(notConnectedDrops.getPlain() + 1);
                if (!saidNotConnected)
                {
                    saidNotConnected = true;
                    host.notice("quicksilver: no peer subscribes to " + publication.channel() + " stream " +
                        publication.streamId() + ": network messages are dropped while none does, counted in " +
                        "notConnectedDrops (said once)");
                }
                return;
            }
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                if (!waited)
                {
                    waited = true;
                    backPressured.setRelease(backPressured.getPlain() + 1);
                    // The messages before this one are done: producers need not wait on them.
                    consumer.release(sequence - 1);
                }
                if (!running && System.nanoTime() - stopDeadline > 0)
                {
                    unsent.setRelease(unsent.getPlain() + 1);
                    return;
                }
                Thread.interrupted();
                idle.idle();
                continue;
            }
            // CLOSED or MAX_POSITION_EXCEEDED: the publication can carry nothing more.
            unsent.setRelease(unsent.getPlain() + 1);
            fail("network publication " + publication.channel() + " stream " + publication.streamId() + " ended (" +
                (result == Publication.CLOSED ? "CLOSED" : result == Publication.MAX_POSITION_EXCEEDED ?
                "MAX_POSITION_EXCEEDED" : "result " + result) + "): later network messages are not sent, counted " +
                "in unsent");
            return;
        }
    }

    private void putFrameHeader(
        final MutableDirectBuffer buffer, final int at, final long sequence, final byte[] path)
    {
        buffer.putInt(at + NetworkLayout.MAGIC_OFFSET, NetworkLayout.MAGIC);
        buffer.putInt(at + NetworkLayout.PATH_LENGTH_OFFSET, path.length);
        buffer.putLong(at + NetworkLayout.ORIGIN_RUNTIME_OFFSET, originId);
        buffer.putLong(at + NetworkLayout.ORIGIN_SEQUENCE_OFFSET, sequence);
        buffer.putLong(at + NetworkLayout.NETWORK_SEQUENCE_OFFSET, networkSequence);
        buffer.putBytes(at + NetworkLayout.PATH_OFFSET, path);
        final int padded = NetworkLayout.messageOffset(path.length);
        for (int i = NetworkLayout.PATH_OFFSET + path.length; i < padded; i++)
        {
            buffer.putByte(at + i, (byte)0);
        }
    }

    private void fail(final String message)
    {
        if (failure == null)
        {
            failure = message;
            host.notice("quicksilver: " + message);
        }
    }

    /**
     * Send what is published, then stop, waiting at most {@code timeoutNanos}.
     *
     * @return true once stopped; false when the thread is left behind (the ring's memory must then not be freed).
     */
    boolean close(final long timeoutNanos)
    {
        stopDeadline = System.nanoTime() + timeoutNanos / 2;
        running = false;
        Threads.join(thread, timeoutNanos);
        return !thread.isAlive();
    }

    Thread thread()
    {
        return thread;
    }

    String failure()
    {
        return failure;
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    long sent()
    {
        return sent.getOpaque();
    }

    long bytesSent()
    {
        return bytesSent.getOpaque();
    }

    long notConnectedDrops()
    {
        return notConnectedDrops.getOpaque();
    }

    long backPressured()
    {
        return backPressured.getOpaque();
    }

    long unsendable()
    {
        return unsendable.getOpaque();
    }

    long unsent()
    {
        return unsent.getOpaque();
    }

    long lvSentThrough()
    {
        return consumer.lvSequence();
    }
}
