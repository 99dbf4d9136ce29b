package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.counters.CounterTypes;
import io.quicksilver.runtime.counters.CountersReader;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.ring.Backpressure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counters add no allocation: with the counters file on, sending, delivering on both workers and sampling every
 * counter into the file after every message (far more often than the sampler thread does) allocate nothing. Invoker
 * mode, so the producer, both workers and the sampler all run on the measuring thread.
 */
@Timeout(60)
class CountersAllocationTest
{
    private static final int ROUNDS = 5_000;
    private static final int WINDOWS = 3;

    /** A 16-byte object per round would show as 80,000 bytes; JIT and deoptimisation noise stays far below this. */
    private static final long NOISE_BYTES = 1024;

    @TempDir
    Path dir;

    @Test
    void shouldNotAllocatePerMessageOrPerSampleWithCountersOn()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemoryEnabled());
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel root = h.createNode("root", false);
        final long[] received = new long[1];
        h.addResponder(root, "root", view -> received[0]++, Tag.EVERYTHING, true, false, true);
        for (int c = 0; c < 4; c++)
        {
            final NodeModel child = h.createNode("c" + c, false);
            h.link(root, child);
            h.addResponder(child, "r" + c, view -> received[0]++, Tag.EVERYTHING, true, false, true);
        }
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(2)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .counters(true)
            .countersDirectory(dir)
            .countersName("allocation")
            .log(line -> { })
            .build())
        {
            final Producer producer = d.newProducer();
            dispatch(d, producer, root);
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS; window++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                dispatch(d, producer, root);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(allocated < NOISE_BYTES, "bytes allocated by " + ROUNDS + " sends, deliveries on 2 workers " +
                "and counter samples, least of " + WINDOWS + " windows: allocated=" + allocated);
            assertEquals((1L + WINDOWS) * ROUNDS * 5, received[0]);
            try (CountersReader reader = CountersReader.open(d.countersFile()))
            {
                long deliveries = 0;
                for (int id = 0; id < reader.count(); id++)
                {
                    deliveries += reader.typeId(id) == CounterTypes.DELIVERIES ? reader.valueAcquire(id) : 0;
                }
                assertEquals(received[0], deliveries, "the samples counted every delivery");
            }
        }
    }

    private static void dispatch(final ParallelDispatcher d, final Producer producer, final NodeModel root)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            assertTrue(producer.send(root.id(), Method.FIRST_APPLICATION_METHOD, Metadata.DEFAULT, Backpressure.BLOCK) >= 0);
            d.invoke(0);
            d.invoke(1);
            d.sampleCounters();
        }
    }
}
