package io.quicksilver.runtime.network;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.RingConsumer;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A runtime's place in a network of peers over Aeron: the media driver (embedded, or an external one's directory),
 * the Aeron client, this runtime's publication and its subscriptions to the peers, and the two threads that carry
 * messages: the {@code quicksilver-network-egress} gating consumer of the ring and the
 * {@code quicksilver-network-ingress} poller. Built in two steps by the dispatcher: {@link #connect} before the ring
 * exists (a network that cannot start is a clear error before any memory or thread), {@link #attach} once it does.
 * <p>
 * Counters are single-writer and read with opaque loads: exact once the writing thread has stopped, current to within
 * a few messages while it runs.
 */
public final class Network
{
    private final NetworkConfig config;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription[] subscriptions;
    private Egress egress;
    private Ingress ingress;

    private Network(
        final NetworkConfig config, final MediaDriver driver, final Aeron aeron,
        final ExclusivePublication publication, final Subscription[] subscriptions)
    {
        this.config = config;
        this.driver = driver;
        this.aeron = aeron;
        this.publication = publication;
        this.subscriptions = subscriptions;
    }

    /**
     * Start the media driver (when embedded), connect to it, add the publication and the subscriptions.
     *
     * @param config what to join.
     * @return the network, not yet carrying messages.
     * @throws NetworkException naming what was wrong: the JVM flag, Aeron missing, a driver that cannot start or be
     *                          found, a channel Aeron refuses.
     */
    public static Network connect(final NetworkConfig config)
    {
        Objects.requireNonNull(config, "config");
        final String name = config.name();
        NetworkFlags.check(name);
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            final String directory;
            if (config.embeddedDriver())
            {
                final MediaDriver.Context ctx = new MediaDriver.Context()
                    // Two of the driver's threads would compete with the workers for cores: one shared thread.
                    .threadingMode(ThreadingMode.SHARED)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true);
                if (config.driverDirectory() != null)
                {
                    ctx.aeronDirectoryName(config.driverDirectory().toAbsolutePath().toString());
                    driver = MediaDriver.launch(ctx);
                }
                else
                {
                    driver = MediaDriver.launchEmbedded(ctx);
                }
                directory = driver.aeronDirectoryName();
            }
            else
            {
                final Path dir = config.driverDirectory().toAbsolutePath();
                if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("cnc.dat")))
                {
                    throw new NetworkException("network of runtime '" + name + "': no media driver runs in " + dir +
                        " (no cnc.dat there): start the driver first, or use an embedded one");
                }
                directory = dir.toString();
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
            final ExclusivePublication publication;
            try
            {
                publication = aeron.addExclusivePublication(config.publication().channel(),
                    config.publication().streamId());
            }
            catch (final RuntimeException e)
            {
                throw new NetworkException("network of runtime '" + name + "': Aeron refuses the publication " +
                    config.publication() + ": " + e.getMessage(), e);
            }
            final Subscription[] subscriptions = new Subscription[config.peers().size()];
            for (int i = 0; i < subscriptions.length; i++)
            {
                final NetworkConfig.Endpoint peer = config.peers().get(i);
                try
                {
                    subscriptions[i] = aeron.addSubscription(peer.channel(), peer.streamId());
                }
                catch (final RuntimeException e)
                {
                    throw new NetworkException("network of runtime '" + name + "': Aeron refuses the subscription " +
                        peer + ": " + e.getMessage(), e);
                }
            }
            return new Network(config, driver, aeron, publication, subscriptions);
        }
        catch (final NetworkException e)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw e;
        }
        catch (final RuntimeException | Error e)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw new NetworkException("network of runtime '" + name + "' cannot start (" +
                (config.embeddedDriver() ? "embedded media driver" : "media driver in " + config.driverDirectory()) +
                "): " + e, e);
        }
    }

    /**
     * Start carrying messages: the egress reads the ring with {@code egressConsumer}, the ingress writes into
     * {@code ring}.
     *
     * @param egressConsumer the ring consumer the egress reads with, not yet read.
     * @param ring           the ring the ingress writes into.
     * @param host           the dispatcher's hierarchy and sentinels.
     * @param egressIdle     what the egress does with nothing to send.
     * @param ingressIdle    what the ingress does with nothing received.
     */
    public void attach(
        final RingConsumer egressConsumer, final MessageRing ring, final NetworkHost host, final IdleStrategy egressIdle,
        final IdleStrategy ingressIdle)
    {
        if (egress != null)
        {
            throw new IllegalStateException("network of runtime '" + config.name() + "' is attached already");
        }
        egress = new Egress(egressConsumer, publication, host, egressIdle, config.name());
        ingress = new Ingress(subscriptions, ring, host, ingressIdle, config.name());
    }

    /**
     * Start the egress and ingress threads.
     */
    public void start()
    {
        egress.start();
        ingress.start();
    }

    /**
     * Stop receiving (first, before the workers stop: nothing more enters the ring from the network).
     *
     * @param timeoutNanos longest wait for the ingress thread.
     * @return true once stopped.
     */
    public boolean closeIngress(final long timeoutNanos)
    {
        return ingress == null || ingress.close(timeoutNanos);
    }

    /**
     * Send what is published, stop the egress, then close the publication, the subscriptions, the client and an
     * embedded driver. When the egress thread does not stop in time (a publication back-pressured for good) it is left
     * behind with the client open, and the caller must not free the ring's memory.
     *
     * @param timeoutNanos longest wait for the egress thread.
     * @return true once everything is closed.
     */
    public boolean close(final long timeoutNanos)
    {
        final boolean ingressStopped = closeIngress(timeoutNanos);
        final boolean egressStopped = egress == null || egress.close(timeoutNanos);
        if (!ingressStopped || !egressStopped)
        {
            return false;
        }
        CloseHelper.quietCloseAll(aeron, driver);
        return true;
    }

    /**
     * @return the egress thread, {@code quicksilver-network-egress}.
     */
    public Thread egressThread()
    {
        return egress.thread();
    }

    /**
     * @return the ingress thread, {@code quicksilver-network-ingress}.
     */
    public Thread ingressThread()
    {
        return ingress.thread();
    }

    /**
     * @return this runtime's network configuration.
     */
    public NetworkConfig config()
    {
        return config;
    }

    /**
     * @return the media driver's directory.
     */
    public String driverDirectory()
    {
        return aeron.context().aeronDirectoryName();
    }

    /**
     * @return true when a peer subscribes to this runtime's publication.
     */
    public boolean isPublicationConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return true when every peer subscription has at least one publication (an image) connected.
     */
    public boolean arePeersConnected()
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

    /** @return messages published to the peers. */
    public long sent()
    {
        return egress.sent();
    }

    /** @return frame bytes published to the peers. */
    public long bytesSent()
    {
        return egress.bytesSent();
    }

    /** @return network messages dropped because no peer subscribed to the publication then. */
    public long notConnectedDrops()
    {
        return egress.notConnectedDrops();
    }

    /** @return messages whose publication was back-pressured (or in an admin action) at least once. */
    public long backPressured()
    {
        return egress.backPressured();
    }

    /** @return network messages that cannot leave: routed by a {@code Level.CUSTOM} predicate, or no path. */
    public long unsendable()
    {
        return egress.unsendable();
    }

    /** @return network messages not sent because the publication ended (closed, or past its largest position). */
    public long unsent()
    {
        return egress.unsent();
    }

    /** @return why the publication ended, or null. */
    public String egressFailure()
    {
        return egress.failure();
    }

    /** @return the last ring sequence the egress has passed (sent or skipped), -1 before any. */
    public long lvSentThrough()
    {
        return egress.lvSentThrough();
    }

    /** @return Quicksilver frames received from peers and taken into the ring. */
    public long received()
    {
        return ingress.received();
    }

    /** @return frame bytes of {@link #received()}. */
    public long bytesReceived()
    {
        return ingress.bytesReceived();
    }

    /** @return received messages published into the ring for delivery. */
    public long delivered()
    {
        return ingress.delivered();
    }

    /** @return received messages dropped because no node here has their sender's path. */
    public long unknownPaths()
    {
        return ingress.unknownPaths();
    }

    /** @return frames of this runtime's own origin received back, dropped. */
    public long ownFrames()
    {
        return ingress.ownFrames();
    }

    /** @return frames that are not Quicksilver's, dropped. */
    public long badFrames()
    {
        return ingress.badFrames();
    }

    /** @return received frames whose network sequence was not the one after their origin's last. */
    public long sequenceGaps()
    {
        return ingress.sequenceGaps();
    }

    /** @return polls aborted because this runtime's ring was full (the fragment was polled again later). */
    public long ringFullRetries()
    {
        return ingress.ringFull();
    }

    @Override
    public String toString()
    {
        return "Network{" + config.name() + ", publication=" + config.publication() + ", peers=" + config.peers() +
            (egress != null ? ", sent=" + sent() + ", received=" + received() : "") + '}';
    }
}
