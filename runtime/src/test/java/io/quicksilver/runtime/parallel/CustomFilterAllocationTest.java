package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.ring.Backpressure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code Level.CUSTOM} send whose predicate is already registered allocates nothing, and neither does routing it:
 * the registry lookup, the id in the header, the workers' custom route and their calls to the predicate (invoker
 * mode, so the producer and both workers run on the measuring thread).
 */
@Timeout(60)
class CustomFilterAllocationTest
{
    private static final int ROUNDS = 5_000;
    private static final int CHILDREN = 8;
    private static final int WINDOWS = 3;

    /**
     * Bytes a window may show without the send or routing path allocating (the JIT, a deoptimisation); one 16-byte
     * object per message would show as {@code 16 * ROUNDS} = 80,000 bytes.
     */
    private static final long NOISE_BYTES = 1024;

    @Test
    void shouldNotAllocatePerCustomSendOrRouteOnceThePredicateIsRegistered()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled());
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel sender = h.createNode("sender", false);
        final long[] received = new long[1];
        h.addResponder(sender, "self", view -> received[0]++, Tag.EVERYTHING, true, false, true);
        for (int c = 0; c < CHILDREN; c++)
        {
            final NodeModel child = h.createNode("c" + c, false);
            h.link(sender, child);
            h.addResponder(child, "r" + c, view -> received[0] += view.getInt(), Tag.EVERYTHING, true, false, true);
        }
        final long[] asked = new long[1];
        // Every other neighbour: no API handles here, so the predicate counts its calls instead of reading names.
        final Metadata custom = Metadata.builder().level(Level.SELF | Level.CUSTOM)
            .customFilter(node -> (asked[0]++ & 1) == 0).build();
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(2)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .log(line -> { })
            .build())
        {
            final Producer producer = d.newProducer();
            dispatch(d, producer, sender, custom);
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS; window++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                dispatch(d, producer, sender, custom);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }

            assertTrue(allocated < NOISE_BYTES, "bytes allocated by " + ROUNDS + " custom sends routed by 2 " +
                "workers, least of " + WINDOWS + " windows: allocated=" + allocated);
            assertEquals(1, d.customFilterCount());
            assertEquals((1L + WINDOWS) * ROUNDS * CHILDREN, asked[0], "each neighbour asked once per message");
            assertEquals((1L + WINDOWS) * ROUNDS * (1 + CHILDREN / 2), d.deliveries());
            assertEquals(0, d.kernelMessages());
        }
    }

    private static void dispatch(
        final ParallelDispatcher d, final Producer producer, final NodeModel sender, final Metadata metadata)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            assertTrue(producer.sendInt(sender.id(), Method.MESSAGE_INT, i, metadata, Backpressure.BLOCK) >= 0);
            d.invoke(0);
            d.invoke(1);
        }
    }
}
