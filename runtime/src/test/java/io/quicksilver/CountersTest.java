package io.quicksilver;

import io.quicksilver.runtime.counters.CounterTypes;
import io.quicksilver.runtime.counters.CountersLayout;
import io.quicksilver.runtime.counters.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parallel runtime's counters file counts exactly what happened: 10,000 sends to three responders are 30,000
 * deliveries, every worker reads every sequence, the failures are the responders' throws.
 */
@Timeout(60)
class CountersTest
{
    private static final int SENDS = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldCountExactlyWhatTheRespondersReceived()
    {
        final CountersWorkload workload = new CountersWorkload(CountersWorkload.builder(2).countersDirectory(dir));
        try (Quicksilver qs = workload.qs)
        {
            final Path file = qs.countersFile();
            assertEquals(dir, file.getParent());
            assertTrue(file.getFileName().toString().startsWith(ProcessHandle.current().pid() + "-"), file.toString());
            workload.drive(SENDS);
            assertTrue(workload.awaitCounted(Duration.ofSeconds(30)));
            assertEquals(3L * SENDS, workload.received.get());
            try (CountersReader reader = CountersReader.open(file))
            {
                final long claimed = value(reader, CounterTypes.RING_CLAIMED, -1);
                assertTrue(claimed >= SENDS, "claimed=" + claimed);
                assertEquals(claimed, value(reader, CounterTypes.RING_PUBLISHED, -1));
                assertEquals(2, value(reader, CounterTypes.WORKERS, -1));
                assertEquals(1 << 14, value(reader, CounterTypes.RING_CAPACITY, -1));
                long deliveries = 0;
                long failures = 0;
                long partitions = 0;
                for (int w = 0; w < 2; w++)
                {
                    // Multicast: every worker reads every sequence, whatever it owns.
                    assertEquals(claimed, value(reader, CounterTypes.MESSAGES_READ, w), "worker " + w);
                    assertEquals(0, value(reader, CounterTypes.LAG, w));
                    assertTrue(value(reader, CounterTypes.BATCHES, w) >= 1);
                    deliveries += value(reader, CounterTypes.DELIVERIES, w);
                    failures += value(reader, CounterTypes.RESPONDER_FAILURES, w);
                    partitions += value(reader, CounterTypes.PARTITIONS, w);
                }
                assertEquals(3L * SENDS, deliveries);
                assertEquals(SENDS / CountersWorkload.FAIL_EVERY, failures);
                assertEquals(workload.failures.get(), failures);
                assertEquals(qs.responderErrors(), failures);
                assertEquals(3, partitions, "4 per worker by default, but no more partitions than responders");
                assertEquals(1, value(reader, CounterTypes.FLUSHES, -1), "the workload's one flush");
                assertEquals(0, value(reader, CounterTypes.RING_DROPS, -1));
                assertEquals(0, value(reader, CounterTypes.RING_BACKPRESSURE_WAITS, -1));
            }
        }
    }

    @Test
    void shouldGiveEachRuntimeItsOwnFileAndDeleteItOnClose()
    {
        final Path first;
        final Path second;
        final Quicksilver a = CountersWorkload.builder(1).countersDirectory(dir).build();
        try (Quicksilver b = CountersWorkload.builder(1).countersDirectory(dir).build())
        {
            first = a.countersFile();
            second = b.countersFile();
            assertNotEquals(first, second);
            assertTrue(Files.exists(first));
            assertTrue(Files.exists(second));
            try (CountersReader reader = CountersReader.open(first))
            {
                a.close();
                assertEquals(CountersLayout.STATE_CLOSED, reader.stateAcquire(), "a reader mapped it sees it closed");
            }
            assertFalse(Files.exists(first));
            assertTrue(Files.exists(second));
        }
        finally
        {
            a.close();
        }
        assertFalse(Files.exists(second));
    }

    @Test
    void shouldRefuseANameAnotherRuntimeOfThisProcessUsesAndSkipItByDefault()
    {
        try (Quicksilver named = CountersWorkload.builder(1).countersDirectory(dir).countersName("1").build())
        {
            final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> CountersWorkload.builder(1).countersDirectory(dir).countersName("1").build());
            assertTrue(e.getMessage().contains("is in use by another runtime of this process"), e.getMessage());
            try (Quicksilver unnamed = CountersWorkload.builder(1).countersDirectory(dir).build())
            {
                assertNotEquals(named.countersFile(), unnamed.countersFile());
                assertTrue(Files.exists(named.countersFile()));
            }
        }
    }

    @Test
    void shouldWriteNoFileWhenCountersAreOff() throws Exception
    {
        try (Quicksilver qs = CountersWorkload.builder(1).countersDirectory(dir).counters(false).build())
        {
            assertNull(qs.countersFile());
            try (var files = Files.list(dir))
            {
                assertEquals(0, files.count());
            }
        }
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            assertNull(qs.countersFile());
        }
    }

    static long value(final CountersReader reader, final int typeId, final long key)
    {
        for (int id = 0; id < reader.count(); id++)
        {
            if (reader.typeId(id) == typeId && reader.key(id) == key)
            {
                return reader.valueAcquire(id);
            }
        }
        throw new AssertionError("no counter of type " + typeId + " and key " + key);
    }
}
