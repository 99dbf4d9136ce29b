package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.affinity.WorkerPlacement;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-second runs of the ring fan-out, unpinned and yielding so they progress on a loaded 2-core machine: counts must
 * be nonzero and consistent, every check must pass. No timing is asserted.
 */
class RingFanOutWorkloadTest
{
    private static final List<WorkerPlacement> PLACEMENTS = List.of(placement(0), placement(1));

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryMessageToOneWorkerWithChecksumsIntact()
    {
        final WorkloadResult result = run(new RingFanOutWorkload(), 1, 0);
        assertNull(result.error());
        assertTrue(result.checksumOk());
        assertTrue(result.messages() > 0, "messages=" + result.messages());
        assertEquals(result.messages(), result.deliveries());
        assertTrue(result.elapsedNanos() > 0);
        assertEquals(0, result.latency().getTotalCount(), "a throughput run records no latency");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryMessageToBothWorkersAndRecordPacedLatency()
    {
        final long interval = TimeUnit.MICROSECONDS.toNanos(100);
        final WorkloadResult result = run(new RingFanOutWorkload(), 2, interval);
        assertNull(result.error());
        assertTrue(result.checksumOk());
        assertTrue(result.messages() > 0, "messages=" + result.messages());
        assertEquals(2 * result.messages(), result.deliveries());
        // Every delivery is recorded; the coordinated-omission correction may add more, never fewer.
        assertTrue(result.latency().getTotalCount() >= result.deliveries(),
            "latency samples=" + result.latency().getTotalCount() + ", deliveries=" + result.deliveries());
        assertEquals(3, result.notes().size(), "producer and two workers: " + result.notes());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRunOnTheMultiProducerRingToo()
    {
        final WorkloadResult result = run(new RingFanOutWorkload(true, 1024), 2, 0);
        assertNull(result.error());
        assertTrue(result.messages() > 0);
        assertEquals(2 * result.messages(), result.deliveries());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldWriteAPayloadTheCheckAcceptsAndDetectACorruptedWord()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MessageRing ring = new SingleProducerRing(SlotArena.allocate(arena, 4, RingFanOutWorkload.PAYLOAD_LENGTH), 1);
            final MessageWriter writer = new MessageWriter();
            long corruptOffset = -1;
            for (long sequence = 0; sequence < 2; sequence++)
            {
                final long claimed = ring.tryClaim();
                writer.wrap(ring, claimed);
                RingFanOutWorkload.writePayload(writer.segment(), writer.payloadOffset(), sequence, 42);
                writer.payloadWritten(PayloadType.BYTE_ARRAY, RingFanOutWorkload.PAYLOAD_LENGTH);
                corruptOffset = writer.payloadOffset() + 3 * Long.BYTES;
                ring.publish(claimed);
            }
            // Flip one derived word of the second message after it is published.
            ring.segment().set(ValueLayout.JAVA_LONG, corruptOffset, 7L);

            final RingFanOutWorkload.Check check = new RingFanOutWorkload.Check(0);
            assertEquals(2, ring.consumer(0).poll(check, 10));
            assertEquals(2, check.received);
            assertEquals("corrupt payload at sequence=1 (checksum, derived word or length)", check.error);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReportAMessageOutOfSequence()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MessageRing ring = new SingleProducerRing(SlotArena.allocate(arena, 4, RingFanOutWorkload.PAYLOAD_LENGTH), 1);
            final MessageWriter writer = new MessageWriter();
            final long claimed = ring.tryClaim();
            writer.wrap(ring, claimed);
            RingFanOutWorkload.writePayload(writer.segment(), writer.payloadOffset(), 5, 42);
            writer.payloadWritten(PayloadType.BYTE_ARRAY, RingFanOutWorkload.PAYLOAD_LENGTH);
            ring.publish(claimed);

            final RingFanOutWorkload.Check check = new RingFanOutWorkload.Check(0);
            ring.consumer(0).poll(check, 10);
            assertEquals("sequence=5 where 0 was expected (lost, duplicated or reordered)", check.error);
        }
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
