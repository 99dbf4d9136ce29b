package io.quicksilver;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node churn under traffic for a bounded time: nodes with responders are created, linked, sent to and removed, while
 * another thread (parallel mode) keeps sending through the hierarchy. From the second half of the run on, the heap
 * after a full GC and the native memory the JVM reports (Native Memory Tracking, Java heap excluded) must stay flat.
 * <p>
 * Runs in the surefire execution {@code soak} (runtime/pom.xml), whose JVM has {@code -XX:NativeMemoryTracking=summary}.
 * {@code -Dquicksilver.soak.seconds} sets each mode's length (default 30, at least 20: a shorter second half is still JIT
 * warm-up); {@code -Dquicksilver.soak.unlinkOnly=true}
 * unlinks nodes instead of removing them, what a program could do before {@link Quicksilver#removeNode} existed, to
 * show the test fails on a leak.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NodeChurnSoakTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final long SECONDS = Long.getLong("quicksilver.soak.seconds", 30);
    private static final boolean UNLINK_ONLY = Boolean.getBoolean("quicksilver.soak.unlinkOnly");
    // Below this the second half is still JIT warm-up: an 8 s run grew 6.7 MiB of native memory (compiled code and
    // compiler arenas) in parallel mode with removal, which a leak check cannot tell from a leak.
    private static final long MIN_SECONDS = 20;
    private static final int LIVE = 64;
    private static final int WINDOWS = 3;
    // Flat: the last window's median may exceed the first's (both in the second half) by no more than this.
    private static final long HEAP_SLACK = 2L << 20;
    private static final long NATIVE_SLACK = 6L << 20;
    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nodeChurnUnderTrafficKeepsHeapAndNativeMemoryFlat(final boolean parallel) throws Exception
    {
        assertTrue(SECONDS >= MIN_SECONDS, "-Dquicksilver.soak.seconds=" + SECONDS + " is too short to tell a leak " +
            "from JIT warm-up: use at least " + MIN_SECONDS);
        final AtomicLong delivered = new AtomicLong();
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode hub = qs.createNode("hub");
            root.addChild(hub);
            hub.addResponder(m -> delivered.incrementAndGet());
            // Installed before the traffic thread's first send (only the control thread's sends apply changes).
            qs.applyChanges();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> trafficFailure = new AtomicReference<>();
            final AtomicLong trafficSends = new AtomicLong();
            final Thread traffic = parallel ? new Thread(() ->
            {
                try
                {
                    for (int i = 0; !stop.get(); i++)
                    {
                        root.sendInt(APP, i);
                        trafficSends.incrementAndGet();
                        if ((i & 127) == 0)
                        {
                            Thread.yield();
                        }
                    }
                }
                catch (final Throwable t)
                {
                    trafficFailure.set(t);
                }
            }, "soak-traffic") : null;
            if (traffic != null)
            {
                traffic.start();
            }

            final ArrayDeque<RelayNode> live = new ArrayDeque<>();
            final List<long[]> samples = new ArrayList<>();
            final long start = System.nanoTime();
            final long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
            long nextSample = start + TimeUnit.SECONDS.toNanos(1);
            long churned = 0;
            while (System.nanoTime() - end < 0)
            {
                final RelayNode node = qs.createNode("entity-" + churned);
                final long[] payload = new long[16];
                node.addResponder(m -> payload[0]++);
                node.setTags(Tag.EVERYTHING);
                hub.addChild(node);
                node.sendInt(APP, (int)churned);
                live.addLast(node);
                if (live.size() > LIVE)
                {
                    final RelayNode old = live.pollFirst();
                    if (UNLINK_ONLY)
                    {
                        hub.removeChild(old);
                        for (final ResponderHandle r : old.responders())
                        {
                            r.remove();
                        }
                    }
                    else
                    {
                        qs.removeNode(old);
                    }
                }
                hub.send(APP);
                churned++;
                if (System.nanoTime() - nextSample >= 0)
                {
                    samples.add(sample());
                    nextSample += TimeUnit.SECONDS.toNanos(1);
                }
            }
            stop.set(true);
            if (traffic != null)
            {
                traffic.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!traffic.isAlive(), "the traffic thread stops");
            }
            if (trafficFailure.get() != null)
            {
                throw new AssertionError("traffic thread failed", trafficFailure.get());
            }
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(30)));
            assertEquals(0, qs.errors(), "errors during the soak");

            final String mode = parallel ? "parallel" : "single-threaded";
            final long[] heap = column(samples, 0);
            final long[] nativ = column(samples, 1);
            final String report = mode + ": " + churned + " nodes churned in " + SECONDS + " s, " +
                trafficSends.get() + " traffic sends, " + delivered.get() + " hub deliveries" +
                (UNLINK_ONLY ? " (unlink only)" : "") + "; heap after GC MiB " + mib(heap) + "; native MiB " +
                mib(nativ);
            System.out.println("[NodeChurnSoakTest] " + report);
            assertTrue(churned > 1_000, "the churn ran: " + report);
            assertTrue(samples.size() >= 2 * WINDOWS, "too few samples: " + report);
            final long heapGrowth = secondHalfGrowth(heap);
            final long nativeGrowth = secondHalfGrowth(nativ);
            assertTrue(heapGrowth <= HEAP_SLACK,
                "heap after GC grew " + (heapGrowth >> 10) + " KiB over the second half: " + report);
            if (nativ[0] >= 0)
            {
                assertTrue(nativeGrowth <= NATIVE_SLACK,
                    "native memory grew " + (nativeGrowth >> 10) + " KiB over the second half: " + report);
            }
        }
    }

    /** Heap used after a full GC, and NMT's committed total less the Java heap (-1 when NMT is off). */
    private static long[] sample() throws Exception
    {
        System.gc();
        System.gc();
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new long[] {heap, nativeCommitted()};
    }

    private static long nativeCommitted() throws Exception
    {
        final String summary = (String)ManagementFactory.getPlatformMBeanServer().invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
            new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        final Matcher total = TOTAL.matcher(summary);
        final Matcher heap = HEAP.matcher(summary);
        if (!total.find() || !heap.find())
        {
            return -1;
        }
        return (Long.parseLong(total.group(2)) - Long.parseLong(heap.group(2))) << 10;
    }

    /** The last window's median less the first's, windows taken over the second half of the samples. */
    static long secondHalfGrowth(final long[] values)
    {
        final long[] half = Arrays.copyOfRange(values, values.length / 2, values.length);
        final int window = half.length / WINDOWS;
        final long first = median(Arrays.copyOfRange(half, 0, window));
        final long last = median(Arrays.copyOfRange(half, half.length - window, half.length));
        return last - first;
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[] column(final List<long[]> samples, final int c)
    {
        final long[] values = new long[samples.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = samples.get(i)[c];
        }
        return values;
    }

    private static String mib(final long[] values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++)
        {
            sb.append(i == 0 ? "" : " ").append(String.format("%.1f", values[i] / 1048576.0));
        }
        return sb.append(']').toString();
    }
}
