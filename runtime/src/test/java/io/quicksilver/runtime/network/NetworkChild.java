package io.quicksilver.runtime.network;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.NetworkFilter;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link NetworkTwoJvmTest}: runtime "beta" on the parent's media driver, sending {@code count}
 * ints 0, 1, 2 ... from {@code root} with network filter NETWORK once its publication is connected, then saying
 * "sent COUNT" and waiting for a line on standard input before it closes. Arguments: driver directory, count.
 */
public final class NetworkChild
{
    private NetworkChild()
    {
    }

    /**
     * @param args driver directory, count.
     * @throws Exception when standard input fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path driver = Path.of(args[0]);
        final int count = Integer.parseInt(args[1]);
        try (Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent())
            .network(NetworkConfig.of("beta", NetworkTwoJvmTest.CHANNEL, 11)
                .withPeer(NetworkTwoJvmTest.CHANNEL, 10).withExternalDriver(driver))
            .build())
        {
            final RelayNode root = qs.createNode("root");
            qs.applyChanges();
            while (!qs.network().isPublicationConnected())
            {
                Thread.yield();
            }
            for (int i = 0; i < count; i++)
            {
                root.sendInt(Method.FIRST_APPLICATION_METHOD, i, Metadata.DEFAULT.withNetwork(NetworkFilter.NETWORK));
            }
            qs.flush();
            System.out.println("sent " + qs.network().sent());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
