package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.affinity.WorkerPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-second runs of the small scene on the parallel dispatcher, unpinned and yielding so they progress on a loaded
 * 2-core machine: counts must be nonzero and every check (checksums, per-producer order, deliveries equal to the
 * single-threaded oracle's fan-out) must pass. No timing is asserted.
 */
class SceneGraphWorkloadTest
{
    private static final List<WorkerPlacement> PLACEMENTS = List.of(placement(0), placement(1));

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldDeliverEverySendToItsWholeFanOutWithOneWorker()
    {
        final SceneGraphWorkload workload = new SceneGraphWorkload(SceneSpec.SMALL, 1);
        final WorkloadResult result = run(workload, 1, 0);
        assertNull(result.error());
        assertTrue(result.checksumOk());
        assertTrue(result.messages() > 0, "messages=" + result.messages());
        assertTrue(result.deliveries() >= result.messages() * workload.scene().minTemplateFanout(),
            "deliveries=" + result.deliveries() + ", messages=" + result.messages());
        assertTrue(result.elapsedNanos() > 0);
        assertEquals(0, result.latency().getTotalCount(), "a throughput run records no latency");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldDeliverEverySendWithTwoWorkersAndTwoProducersAndRecordPacedLatency()
    {
        final SceneGraphWorkload workload = new SceneGraphWorkload(SceneSpec.SMALL, 2);
        final WorkloadResult result = run(workload, 2, TimeUnit.MICROSECONDS.toNanos(200));
        assertNull(result.error());
        assertTrue(result.checksumOk());
        assertTrue(result.messages() > 0, "messages=" + result.messages());
        assertTrue(result.deliveries() >= result.messages() * workload.scene().minTemplateFanout());
        // One sample per message; the coordinated-omission correction may add more, never fewer.
        assertTrue(result.latency().getTotalCount() >= result.messages(),
            "latency samples=" + result.latency().getTotalCount() + ", messages=" + result.messages());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRunAgainOnTheSameSceneWithFreshCounts()
    {
        final SceneGraphWorkload workload = new SceneGraphWorkload(SceneSpec.SMALL, 1);
        final WorkloadResult first = run(workload, 2, 0);
        final WorkloadResult second = run(workload, 1, 0);
        assertTrue(first.checksumOk(), first.error());
        assertTrue(second.checksumOk(), second.error());
        assertTrue(second.messages() > 0);
    }

    private static WorkloadResult run(final Workload workload, final int workers, final long interval)
    {
        return workload.run(new WorkloadRun(workers, PLACEMENTS, OptionalInt.empty(), Duration.ofSeconds(1), interval,
            new IdleStrategyConfig.Yield(), null));
    }

    private static WorkerPlacement placement(final int cpu)
    {
        return new WorkerPlacement(cpu, cpu, cpu, 0, 0, 0, 0, "test", new IdleStrategyConfig.Yield());
    }
}
