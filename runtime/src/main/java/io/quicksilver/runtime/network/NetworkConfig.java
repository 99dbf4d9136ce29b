package io.quicksilver.runtime.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a runtime's network is asked to be: its name among the peers, the Aeron channel and stream it publishes on,
 * the channels and streams it subscribes to (its peers' publications), and which media driver carries them.
 * <p>
 * Channels are Aeron's URIs: {@code aeron:ipc} for runtimes whose clients share one media driver (two JVMs on one
 * host, or two runtimes in one JVM), {@code aeron:udp?endpoint=host:port} for UDP unicast (the publication names the
 * subscriber's endpoint). Aeron checks a channel's parameters when the publication or subscription is added; a
 * channel it refuses fails {@code build()} naming the channel.
 *
 * @param name               this runtime's name among its peers, 1 to 64 letters, digits, '-', '_' or '.'; its 64-bit
 *                           hash is the origin id every frame carries.
 * @param publication        where this runtime publishes its network-filtered messages.
 * @param peers              where it receives its peers' messages (any number, none for a publish-only runtime).
 * @param embeddedDriver     true: the runtime starts a media driver in this JVM and closes it with itself; false: it
 *                           connects to a media driver already running in {@code driverDirectory}.
 * @param driverDirectory    the media driver's directory; null with an embedded driver: a fresh one, generated.
 */
public record NetworkConfig(
    String name, Endpoint publication, List<Endpoint> peers, boolean embeddedDriver, Path driverDirectory)
{
    /** An Aeron channel and stream id. */
    public record Endpoint(String channel, int streamId)
    {
        /**
         * Checks the channel's scheme (Aeron checks the rest when it is used).
         */
        public Endpoint
        {
            Objects.requireNonNull(channel, "channel");
            if (!channel.startsWith("aeron:"))
            {
                throw new IllegalArgumentException("network channel must be an Aeron URI (aeron:ipc, " +
                    "aeron:udp?endpoint=host:port): channel='" + channel + "'");
            }
        }

        @Override
        public String toString()
        {
            return channel + " stream " + streamId;
        }
    }

    /** Aeron's IPC channel. */
    public static final String IPC = "aeron:ipc";

    /**
     * Checks the values.
     */
    public NetworkConfig
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publication, "publication");
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        checkName(name);
        if (!embeddedDriver && driverDirectory == null)
        {
            throw new IllegalArgumentException("an external media driver needs its directory: runtime '" + name +
                "', driverDirectory=null");
        }
        for (final Endpoint peer : peers)
        {
            if (peer.equals(publication))
            {
                throw new IllegalArgumentException("runtime '" + name + "' would subscribe to its own publication (" +
                    publication + "): a peer is another runtime's publication");
            }
        }
    }

    /**
     * @param name a runtime's network name.
     * @throws IllegalArgumentException naming the value when it is empty, too long or has other characters.
     */
    public static void checkName(final String name)
    {
        if (name.isEmpty() || name.length() > 64)
        {
            throw new IllegalArgumentException("network name must be 1 to 64 characters: name='" + name + "'");
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' ||
                c == '.'))
            {
                throw new IllegalArgumentException("network name must be letters, digits, '-', '_' or '.': name='" +
                    name + "' (character " + i + ")");
            }
        }
    }

    /**
     * A runtime publishing on {@code aeron:ipc} stream {@code streamId}, with an embedded media driver in a fresh
     * directory and no peers yet.
     *
     * @param name     this runtime's name.
     * @param streamId its publication's stream.
     * @return the configuration.
     */
    public static NetworkConfig ipc(final String name, final int streamId)
    {
        return new NetworkConfig(name, new Endpoint(IPC, streamId), List.of(), true, null);
    }

    /**
     * A runtime publishing on {@code channel} stream {@code streamId}, with an embedded media driver in a fresh
     * directory and no peers yet.
     *
     * @param name     this runtime's name.
     * @param channel  its publication's channel.
     * @param streamId its publication's stream.
     * @return the configuration.
     */
    public static NetworkConfig of(final String name, final String channel, final int streamId)
    {
        return new NetworkConfig(name, new Endpoint(channel, streamId), List.of(), true, null);
    }

    /**
     * @param channel  a peer's publication channel, as this runtime subscribes to it.
     * @param streamId its stream.
     * @return a copy that also receives from that peer.
     */
    public NetworkConfig withPeer(final String channel, final int streamId)
    {
        final List<Endpoint> more = new ArrayList<>(peers);
        more.add(new Endpoint(channel, streamId));
        return new NetworkConfig(name, publication, more, embeddedDriver, driverDirectory);
    }

    /**
     * @param directory where the embedded media driver puts its files (deleted on start and on close); null for a
     *                  fresh generated one.
     * @return a copy with an embedded media driver there.
     */
    public NetworkConfig withEmbeddedDriver(final Path directory)
    {
        return new NetworkConfig(name, publication, peers, true, directory);
    }

    /**
     * @param directory the running media driver's directory (production: a driver started on its own).
     * @return a copy that connects to that driver instead of starting one.
     */
    public NetworkConfig withExternalDriver(final Path directory)
    {
        return new NetworkConfig(name, publication, peers, false, Objects.requireNonNull(directory, "directory"));
    }
}
