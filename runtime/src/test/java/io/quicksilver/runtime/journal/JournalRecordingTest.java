package io.quicksilver.runtime.journal;

import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.quicksilver.runtime.journal.JournalReplayTest.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's JFR events in a recording: the sampled lag with the appended totals, and a roll per new file.
 */
class JournalRecordingTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void shouldRecordTheLagAndEachRoll() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final Path file = tmp.resolve("journal.jfr");
        final long journaled;
        try (Recording recording = new Recording())
        {
            recording.enable(JournalLagEvent.NAME).withPeriod(Duration.ofMillis(20));
            recording.enable(JournalRolledEvent.NAME);
            recording.start();
            try (Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
                .notices(NoticeHandler.silent()).journal(dir).build())
            {
                final RelayNode root = qs.createNode("root");
                for (int i = 0; i < 1_000; i++)
                {
                    root.sendInt(APP, i);
                }
                qs.flush();
                journaled = qs.journaledThrough();
                // Until the sampler has seen the journal caught up: a sample is taken every 20 ms.
                final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() - deadline < 0 && !sawCaughtUp(recording, tmp.resolve("partial.jfr"), journaled))
                {
                    Thread.onSpinWait();
                }
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        final List<RecordedEvent> rolls = events.stream()
            .filter(e -> e.getEventType().getName().equals(JournalRolledEvent.NAME)).toList();
        assertFalse(rolls.isEmpty(), "a new journal acquires its first file");
        assertEquals(dir.toAbsolutePath().toString(), rolls.getFirst().getString("directory"));
        assertTrue(rolls.getFirst().getString("file").endsWith(".cq4"), rolls.getFirst().getString("file"));
        assertTrue(sawCaughtUp(events, journaled), "a lag sample with the journal caught up at " + journaled);
    }

    private static boolean sawCaughtUp(final Recording recording, final Path partial, final long journaled)
        throws java.io.IOException
    {
        recording.dump(partial);
        return sawCaughtUp(RecordingFile.readAllEvents(partial), journaled);
    }

    private static boolean sawCaughtUp(final List<RecordedEvent> events, final long journaled)
    {
        return events.stream().anyMatch(e -> e.getEventType().getName().equals(JournalLagEvent.NAME) &&
            e.getLong("lag") == 0 && e.getLong("journaledThrough") == journaled &&
            e.getLong("appendedMessages") == journaled + 1 && e.getLong("appendedBytes") > 1_000 * 68L);
    }

    /** The shipped quicksilver.jfc carries the journal's events with the settings their annotations give. */
    @Test
    void shouldShipTheJournalEventsInTheJfc() throws Exception
    {
        final java.util.Map<String, String> jfc =
            io.quicksilver.runtime.jfr.QuicksilverJfc.configuration().getSettings();
        for (final Class<? extends jdk.jfr.Event> type : List.of(JournalLagEvent.class, JournalRolledEvent.class))
        {
            final String name = type.getAnnotation(jdk.jfr.Name.class).value();
            assertEquals(Boolean.toString(type.getAnnotation(jdk.jfr.Enabled.class).value()),
                jfc.get(name + "#enabled"), name + "#enabled");
            assertEquals("false", jfc.get(name + "#stackTrace"), name + "#stackTrace");
            final jdk.jfr.Period period = type.getAnnotation(jdk.jfr.Period.class);
            if (period != null)
            {
                assertEquals(period.value(), jfc.get(name + "#period"), name + "#period");
            }
        }
    }
}
