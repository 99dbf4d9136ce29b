package io.quicksilver.runtime.journal;

import io.quicksilver.Quicksilver;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay equivalence at scale: a random tree of 48 nodes, two producer threads, reactions, two workers (the
 * balancer free to move partitions), at least 10^6 deliveries recorded; the replay must deliver the same sequence
 * to every responder. Prints the recorded and replayed message rates.
 */
class JournalReplayStressTest
{
    private static final long MIN_DELIVERIES = 1_000_000;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    @Timeout(300)
    void shouldReplayAMillionDeliveriesExactly(final JournalMode mode) throws InterruptedException
    {
        final Path journal = tmp.resolve("journal");
        final long seed = 1_000 + mode.ordinal();
        final int nodeCount = 48;
        final List<List<Long>> recorded;
        final long recordedDeliveries;
        final long recordNanos;
        final long journaled;
        try (Quicksilver qs = JournalReplayTest.runtime(2).journal(journal).journalMode(mode).build())
        {
            recorded = JournalReplayTest.build(qs, seed, nodeCount);
            final long start = System.nanoTime();
            JournalReplayTest.play(qs, seed, nodeCount, 100_000);
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(120)));
            qs.flush();
            recordNanos = System.nanoTime() - start;
            recordedDeliveries = qs.deliveries();
            journaled = qs.journaledThrough() + 1;
        }
        assertTrue(recordedDeliveries >= MIN_DELIVERIES, "the workload must reach 10^6 deliveries: " +
            recordedDeliveries);
        try (Quicksilver replay = JournalReplayTest.runtime(2).build())
        {
            final List<List<Long>> replayed = JournalReplayTest.build(replay, seed, nodeCount);
            final long start = System.nanoTime();
            final long messages = replay.replay(journal);
            final long replayNanos = System.nanoTime() - start;
            for (int r = 0; r < recorded.size(); r++)
            {
                assertEquals(recorded.get(r), replayed.get(r), "responder " + r + " received a different sequence");
            }
            assertEquals(recordedDeliveries, replay.deliveries());
            System.out.printf("journal replay stress, %s: %d deliveries; recorded %d messages at %.2f M msg/s, " +
                "replayed %d at %.2f M msg/s%n", mode.configName(), recordedDeliveries, journaled,
                journaled * 1e3 / recordNanos, messages, messages * 1e3 / replayNanos);
        }
    }
}
