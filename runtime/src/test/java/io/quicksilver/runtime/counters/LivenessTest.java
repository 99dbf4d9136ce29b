package io.quicksilver.runtime.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A counters file reads live only while its writer runs: closed once closed, stale once its process is gone, its pid
 * belongs to another process or its heartbeat stopped.
 */
@Timeout(60)
class LivenessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBeLiveWhileTheWriterBeats()
    {
        final Path file = dir.resolve("1-live.counters");
        try (CountersWriter writer = CountersWriter.create(file, "live", 2, 100);
            CountersReader reader = open(writer, file))
        {
            final long now = System.currentTimeMillis();
            writer.heartbeatRelease(now);
            assertEquals(new Liveness(Liveness.State.LIVE, ""), Liveness.of(reader, now + 1000));
        }
    }

    @Test
    void shouldBeStaleWhenTheHeartbeatStopped()
    {
        final Path file = dir.resolve("1-quiet.counters");
        try (CountersWriter writer = CountersWriter.create(file, "quiet", 2, 100);
            CountersReader reader = open(writer, file))
        {
            final long now = System.currentTimeMillis();
            writer.heartbeatRelease(now - Liveness.STALE_AFTER_MIN_MILLIS - 1);
            final Liveness liveness = Liveness.of(reader, now);
            assertEquals(Liveness.State.STALE, liveness.state());
            assertEquals("no heartbeat for " + (Liveness.STALE_AFTER_MIN_MILLIS + 1) + " ms (limit " +
                Liveness.STALE_AFTER_MIN_MILLIS + " ms)", liveness.reason());
        }
    }

    @Test
    void shouldBeStaleWhenThePidBelongsToAnotherProcess() throws Exception
    {
        final Path file = dir.resolve("1-reused.counters");
        try (CountersWriter writer = CountersWriter.create(file, "reused", 2, 100))
        {
            writer.publish();
            // This process's pid with a start time a day earlier: the pid was reused since the file was written.
            final long start;
            try (CountersReader reader = CountersReader.open(file))
            {
                start = reader.processStartMillis();
            }
            CountersFileTest.patchLong(file, CountersLayout.START_TIME_OFFSET, start - TimeUnit.DAYS.toMillis(1));
            try (CountersReader reader = CountersReader.open(file))
            {
                final Liveness liveness = Liveness.of(reader, System.currentTimeMillis());
                assertEquals(Liveness.State.STALE, liveness.state());
                assertTrue(liveness.reason().startsWith("pid " + ProcessHandle.current().pid() +
                    " is another process now"), liveness.reason());
            }
        }
    }

    @Test
    void shouldBeStaleOnceTheWritingProcessHalted() throws Exception
    {
        final Path file = dir.resolve("child.counters");
        final Process child = ChildJvm.start(HaltingWriter.class, file.toString());
        final String ready = ChildJvm.awaitLine(child, "ready ");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child halts");
        try (CountersReader reader = CountersReader.open(file))
        {
            assertEquals(CountersLayout.STATE_LIVE, reader.stateAcquire(), "nobody closed it");
            assertEquals(Long.parseLong(ready.substring(6)), reader.pid());
            final Liveness liveness = Liveness.of(reader, System.currentTimeMillis());
            assertEquals(new Liveness(Liveness.State.STALE, "process " + reader.pid() + " is gone"), liveness);
            assertEquals(42, reader.valueAcquire(0), "its last values stay readable");
        }
    }

    @Test
    void shouldSweepOnlyFilesOfProcessesGoneLongerThanTheLimit() throws Exception
    {
        final Path old = dir.resolve("old.counters");
        final Path recent = dir.resolve("recent.counters");
        for (final Path file : new Path[] {old, recent})
        {
            final Process child = ChildJvm.start(HaltingWriter.class, file.toString());
            ChildJvm.awaitLine(child, "ready ");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        final Path oldDescription = java.nio.file.Files.writeString(dir.resolve("old.dot"), "digraph {}");
        CountersFileTest.patchLong(old, CountersLayout.HEARTBEAT_OFFSET,
            System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
        final Path notOurs = java.nio.file.Files.writeString(dir.resolve("notes.counters"), "x".repeat(200));
        try (CountersWriter live = CountersWriter.create(dir.resolve("1-live.counters"), "live", 2, 100))
        {
            live.publish();
            live.heartbeatRelease(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
            assertEquals(1, CountersFiles.sweepStale(dir, TimeUnit.HOURS.toMillis(1)));
            assertTrue(java.nio.file.Files.exists(recent), "gone for less than the limit: kept for a post-mortem");
            assertTrue(java.nio.file.Files.exists(notOurs), "not a counters file: not touched");
            assertTrue(java.nio.file.Files.exists(live.file()), "this process runs: never swept, however quiet");
            assertTrue(!java.nio.file.Files.exists(old) && !java.nio.file.Files.exists(oldDescription),
                "gone for two hours: deleted with its description");
        }
    }

    private static CountersReader open(final CountersWriter writer, final Path file)
    {
        writer.publish();
        return CountersReader.open(file);
    }
}
