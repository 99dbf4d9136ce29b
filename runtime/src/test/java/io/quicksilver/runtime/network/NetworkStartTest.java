package io.quicksilver.runtime.network;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.NetworkFilter;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A network that cannot be what it was asked to be is a clear error at {@code build()}, naming what was wrong; and
 * UDP unicast on loopback between two runtimes with a media driver each.
 */
@Timeout(180)
class NetworkStartTest
{
    @TempDir
    Path tmp;

    private static Quicksilver.ParallelBuilder runtime()
    {
        return Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent());
    }

    @Test
    void shouldRefuseAChannelAeronRefusesNamingIt()
    {
        final NetworkException e = assertThrows(NetworkException.class, () -> runtime()
            .network(NetworkConfig.of("alpha", "aeron:udp?endpoint=no-such-host-name.invalid:x", 10)).build());
        assertTrue(e.getMessage().contains("no-such-host-name.invalid") && e.getMessage().contains("'alpha'"),
            e.getMessage());
    }

    @Test
    void shouldRefuseAChannelThatIsNotAnAeronUri()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> NetworkConfig.of("alpha", "udp://127.0.0.1:4000", 10));
        assertTrue(e.getMessage().contains("udp://127.0.0.1:4000"), e.getMessage());
    }

    @Test
    void shouldRefuseAnExternalDriverDirectoryWithoutADriver()
    {
        final Path dir = tmp.resolve("no-driver");
        final NetworkException e = assertThrows(NetworkException.class,
            () -> runtime().network(NetworkConfig.ipc("alpha", 10).withExternalDriver(dir)).build());
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("no media driver"),
            e.getMessage());
    }

    @Test
    void shouldRefuseABadName()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> NetworkConfig.ipc("al pha", 10));
        assertTrue(e.getMessage().contains("'al pha'"), e.getMessage());
    }

    @Test
    void shouldRefuseSubscribingToItsOwnPublication()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> NetworkConfig.ipc("alpha", 10).withPeer(NetworkConfig.IPC, 10));
        assertTrue(e.getMessage().contains("its own publication"), e.getMessage());
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldCarryMessagesInOrderOverUdpUnicastOnLoopback() throws IOException
    {
        final String toBeta = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final String toAlpha = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final int n = 20_000;
        final int[] values = new int[n];
        final AtomicInteger count = new AtomicInteger();
        try (Quicksilver alpha = runtime().network(NetworkConfig.of("alpha", toBeta, 10).withPeer(toAlpha, 11))
                .build();
             Quicksilver beta = runtime().network(NetworkConfig.of("beta", toAlpha, 11).withPeer(toBeta, 10))
                .build())
        {
            final RelayNode alphaRoot = alpha.createNode("root");
            alpha.applyChanges();
            final RelayNode betaRoot = beta.createNode("root");
            betaRoot.addResponder(message ->
            {
                final int c = count.get();
                values[c] = message.getInt();
                count.set(c + 1);
            });
            beta.applyChanges();
            await(() -> alpha.network().isPublicationConnected() && beta.network().arePeersConnected());
            for (int i = 0; i < n; i++)
            {
                assertTrue(alphaRoot.sendInt(Method.FIRST_APPLICATION_METHOD, i,
                    Metadata.DEFAULT.withNetwork(NetworkFilter.NETWORK)));
            }
            alpha.flush();
            await(() -> count.get() >= n);
            beta.flush();
            assertEquals(n, count.get());
            for (int i = 0; i < n; i++)
            {
                assertEquals(i, values[i], "origin order at " + i);
            }
            assertEquals(n, alpha.network().sent());
            assertEquals(0, beta.network().sequenceGaps());
        }
    }

    private static void await(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out");
            }
            Thread.yield();
        }
    }
}
