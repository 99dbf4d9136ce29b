package io.quicksilver.runtime.network;

import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two JVMs on one host over IPC: this one (runtime "alpha") embeds the media driver, a child JVM
 * ({@link NetworkChild}, runtime "beta") connects to it and sends; alpha delivers every message once, in beta's order.
 */
@Timeout(240)
class NetworkTwoJvmTest
{
    static final String CHANNEL = "aeron:ipc?term-length=1m";

    @Test
    void shouldDeliverAnotherJvmsMessagesOnceInItsOrder() throws IOException, InterruptedException
    {
        final int n = 100_000;
        final Path shm = Path.of("/dev/shm");
        final Path driver = Files.createTempDirectory(Files.isDirectory(shm) ? shm :
            Path.of(System.getProperty("java.io.tmpdir")), "qs-network-2jvm-");
        final int[] values = new int[n];
        final AtomicInteger count = new AtomicInteger();
        try (Quicksilver alpha = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent())
            .network(NetworkConfig.of("alpha", CHANNEL, 10).withPeer(CHANNEL, 11).withEmbeddedDriver(driver))
            .build())
        {
            final RelayNode root = alpha.createNode("root");
            root.addResponder(message ->
            {
                final int c = count.get();
                if (c < n)
                {
                    values[c] = message.getInt();
                }
                count.set(c + 1);
            });
            alpha.applyChanges();
            final Process child = start(driver, n);
            try
            {
                final BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                final String line = out.readLine();
                assertEquals("sent " + n, line, "the child's report");
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (count.get() < n)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("received " + count.get() + " of " + n);
                    }
                    Thread.yield();
                }
                alpha.flush();
                assertEquals(n, count.get(), "each message once");
                for (int i = 0; i < n; i++)
                {
                    assertEquals(i, values[i], "beta's order at " + i);
                }
                assertEquals(n, alpha.network().delivered());
                assertEquals(0, alpha.network().sequenceGaps());
                try (OutputStream in = child.getOutputStream())
                {
                    in.write('\n');
                }
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits");
                assertEquals(0, child.exitValue());
            }
            finally
            {
                child.destroyForcibly();
            }
        }
    }

    private static Process start(final Path driver, final int count) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NetworkChild.class.getName());
        command.add(driver.toString());
        command.add(Integer.toString(count));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
