package io.quicksilver.runtime.journal;

import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal that cannot be what it was asked to be is a clear error at start, naming the path, and the runtime is not
 * built: it never runs without the journal it was asked for.
 */
class JournalStartTest
{
    @TempDir
    Path tmp;

    private static Quicksilver.ParallelBuilder runtime()
    {
        return Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent());
    }

    @Test
    void shouldFindEveryRequiredFlagInThisJvm()
    {
        // The journal execution runs with quicksilver.journal.jvm.flags; the default one without (JournalWithoutFlagsTest).
        assertEquals(List.of(), JournalFlags.missing(JournalStartTest.class.getModule()));
    }

    @Test
    void shouldRefuseADirectoryWhoseParentIsMissing()
    {
        final Path dir = tmp.resolve("no-such-parent").resolve("journal");
        final JournalException e = assertThrows(JournalException.class, () -> runtime().journal(dir).build());
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("does not exist"),
            e.getMessage());
    }

    @Test
    void shouldRefuseAPathThatIsAFile() throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("a-file"), "x");
        final JournalException e = assertThrows(JournalException.class, () -> runtime().journal(file).build());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"),
            e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownRollCycleNamingTheAcceptedOnes()
    {
        final Path dir = tmp.resolve("journal");
        final JournalException e = assertThrows(JournalException.class,
            () -> runtime().journal(dir).journalRollCycle("FORTNIGHTLY").build());
        assertTrue(e.getMessage().contains("unknown roll cycle 'FORTNIGHTLY'") && e.getMessage().contains("FAST_DAILY"),
            e.getMessage());
    }

    @Test
    void shouldRefuseAModeOtherThanTheTwo()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> JournalMode.parse("eventually"));
        assertEquals("journal mode must be before-delivery or async: mode=eventually", e.getMessage());
        assertEquals(JournalMode.ASYNC, JournalMode.parse("ASYNC"));
        assertEquals(JournalMode.BEFORE_DELIVERY, JournalMode.parse("before-delivery"));
    }

    @Test
    @Timeout(60)
    void shouldRefuseADirectoryAnotherRuntimeJournalsInto()
    {
        final Path dir = tmp.resolve("shared");
        try (Quicksilver first = runtime().journal(dir).build())
        {
            first.createNode("root");
            final JournalException e = assertThrows(JournalException.class, () -> runtime().journal(dir).build());
            assertTrue(e.getMessage().contains("in use by another runtime") && e.getMessage().contains(dir.toString()),
                e.getMessage());
        }
        // Closed: the lock is gone, and a new runtime opens the directory.
        try (Quicksilver again = runtime().journal(dir).build())
        {
            assertTrue(again.journalStartSequence() >= 0);
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseAQueueWrittenByAnotherProgram()
    {
        final Path dir = tmp.resolve("foreign");
        ChronicleJournal.disableAnalytics();
        try (net.openhft.chronicle.queue.ChronicleQueue queue =
                 net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).build();
             net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender())
        {
            appender.writeText("not a quicksilver journal, but long enough to look like a document header");
        }
        final JournalException e = assertThrows(JournalException.class, () -> runtime().journal(dir).build());
        assertTrue(e.getMessage().contains("not a Quicksilver journal") && e.getMessage().contains(dir.toString()),
            e.getMessage());
        final JournalException read = assertThrows(JournalException.class,
            () -> JournalReader.open(dir, notice -> { }).read(0, Long.MAX_VALUE, (s, t, m, l) -> { }));
        assertTrue(read.getMessage().contains("not a Quicksilver journal"), read.getMessage());
    }

    @Test
    @Timeout(60)
    void shouldContinueTheNumberingOfAReopenedJournal()
    {
        final Path dir = tmp.resolve("reopened");
        final long last;
        try (Quicksilver qs = runtime().journal(dir).build())
        {
            final io.quicksilver.RelayNode root = qs.createNode("root");
            for (int i = 0; i < 100; i++)
            {
                root.sendInt(JournalReplayTest.APP, i);
            }
            qs.flush();
            last = qs.journaledThrough();
            assertEquals(0, qs.journalStartSequence());
            assertTrue(last >= 100, "journaled through " + last);
        }
        try (Quicksilver qs = runtime().journal(dir).build())
        {
            assertEquals(last + 1, qs.journalStartSequence());
            qs.createNode("root").sendInt(JournalReplayTest.APP, 100);
            qs.flush();
            assertTrue(qs.journaledThrough() > last + 1);
        }
        try (JournalReader reader = JournalReader.open(dir, notice -> { }))
        {
            final JournalReader.JournalRange range = reader.range();
            assertEquals(0, range.firstSequence());
            assertEquals(range.lastSequence() + 1, range.count(), "gap-free from 0: " + range);
        }
    }

    @Test
    void shouldRefuseAJournalInAnInvokerDispatcher()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> io.quicksilver.runtime.parallel.ParallelDispatcher.builder(
                    new io.quicksilver.runtime.hierarchy.Hierarchy((n, s, m, t) -> { }), (n, s, m, t) -> { })
                .invoker(true).journal(JournalConfig.of(tmp.resolve("j"))).closeTimeout(Duration.ofSeconds(1))
                .build());
        assertTrue(e.getMessage().contains("invoker"), e.getMessage());
    }
}
