package io.quicksilver.runtime.journal;

import io.quicksilver.Method;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.runtime.counters.CounterTypes;
import io.quicksilver.runtime.counters.CountersReader;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaling runtime's counters file has the journal's counters (type ids 300-303): every claimed sequence
 * appended, no lag, bytes appended, no failure. (In the journal's surefire execution: it needs the journal's flags.)
 */
@Timeout(60)
class JournalCountersTest
{
    private static final int SENDS = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldCountWhatTheJournalAppended()
    {
        final AtomicLong received = new AtomicLong();
        try (Quicksilver qs = Quicksilver.parallel().workers(2).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent()).journal(dir.resolve("journal")).countersDirectory(dir).build())
        {
            final RelayNode node = qs.createNode("node");
            node.addResponder(message -> received.incrementAndGet());
            for (int i = 0; i < SENDS; i++)
            {
                assertTrue(node.send(Method.FIRST_APPLICATION_METHOD));
            }
            qs.flush();
            assertEquals(SENDS, received.get());
            try (CountersReader reader = CountersReader.open(qs.countersFile()))
            {
                // The sampler copies every 100 ms: wait (bounded) for a sample taken after the flush.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (value(reader, CounterTypes.DELIVERIES, 0) + value(reader, CounterTypes.DELIVERIES, 1) < SENDS &&
                    System.nanoTime() - deadline < 0)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                final long claimed = value(reader, CounterTypes.RING_CLAIMED, -1);
                assertTrue(claimed > SENDS, "the sends and the layout messages: " + claimed);
                // Before-delivery mode: a message is journaled before any worker delivers it.
                assertEquals(claimed, value(reader, CounterTypes.JOURNALED, -1));
                assertEquals(0, value(reader, CounterTypes.JOURNAL_LAG, -1));
                assertTrue(value(reader, CounterTypes.JOURNAL_BYTES, -1) > SENDS, "bytes appended");
                assertEquals(0, value(reader, CounterTypes.JOURNAL_FAILED, -1));
            }
        }
        try (Quicksilver qs = Quicksilver.parallel().workers(1).notices(NoticeHandler.silent())
            .countersDirectory(dir).build();
            CountersReader reader = CountersReader.open(qs.countersFile()))
        {
            for (int id = 0; id < reader.count(); id++)
            {
                assertTrue(reader.typeId(id) < CounterTypes.JOURNAL_FIRST, "no journal, no journal counters");
            }
        }
    }

    private static long value(final CountersReader reader, final int typeId, final long key)
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
