package io.quicksilver.runtime.journal;

import io.quicksilver.Metadata;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.quicksilver.runtime.journal.JournalReplayTest.APP;
import static io.quicksilver.runtime.journal.JournalReplayTest.REACTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./quicksilver journal DIR [--dump]}: the range, and each message in Mercury's terms.
 */
class JournalToolTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void shouldPrintTheRangeAndEachMessageInMercurysTerms()
    {
        final Path dir = tmp.resolve("journal");
        try (Quicksilver qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new)
            .notices(NoticeHandler.silent()).journal(dir).build())
        {
            final RelayNode world = qs.createNode("world");
            final RelayNode player = qs.createNode("player");
            world.addChild(player);
            player.addResponder(message ->
            {
                if (message.method() == APP)
                {
                    player.sendString(REACTION, "ouch", Metadata.SELF);
                }
            });
            world.sendInt(APP, 42);
            qs.awaitQuiescence(java.time.Duration.ofSeconds(10));
            qs.flush();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = JournalTool.run(new String[]{dir.toString(), "--dump"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains("sequences  0..3 (4 messages)"), report);
        assertTrue(report.contains("hierarchy  2 record(s) at [0, 1]"), report);
        assertTrue(report.contains("0  control (hierarchy layout)"), report);
        assertTrue(report.contains("2  world  APP(1000)  level SELF|CHILD tags 0xffffffffffffffff active 0 " +
            "selected 0 network 0  int 42"), report);
        // The reaction names the sender of its cause.
        assertTrue(report.contains("3  world/player  APP(1001)  level SELF tags 0xffffffffffffffff active 0 " +
            "selected 0 network 0 reaction of world  string \"ouch\""), report);
    }

    @Test
    void shouldRefuseABadCommandLineAndAMissingJournal()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, JournalTool.run(new String[]{"--bogus"}, System.out, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--bogus'"), err.toString());
        err.reset();
        assertEquals(1, JournalTool.run(new String[]{tmp.resolve("none").toString()}, System.out, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"), err.toString());
    }
}
