package io.quicksilver.runtime.journal;

import io.quicksilver.ErrorHandler;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.quicksilver.runtime.journal.JournalReplayTest.APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal that cannot write (a full disk, injected as an {@link java.io.IOException} after a number of messages):
 * reported once to the error handler, every later send refused with an error that says why, {@code flush()} throws
 * instead of waiting for ever, {@code close()} returns, and in before-delivery mode nothing the journal lacks was
 * delivered.
 */
class JournalFailureTest
{
    private static final int FAIL_AFTER = 300;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    @Timeout(60)
    void shouldReportOnceRefuseSendsAndNeverWaitForEver(final JournalMode mode) throws InterruptedException
    {
        final Path dir = tmp.resolve("journal");
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch reported = new CountDownLatch(1);
        final List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
        final Quicksilver qs;
        System.setProperty(ChronicleJournal.FAIL_AFTER_PROPERTY, Integer.toString(FAIL_AFTER));
        try
        {
            qs = Quicksilver.parallel().workers(1).idleStrategy(YieldingIdleStrategy::new).ringCapacity(1 << 9)
                .notices(NoticeHandler.silent()).closeTimeout(Duration.ofSeconds(5))
                .errorHandler((node, source, method, error) ->
                {
                    errors.add(error);
                    reported.countDown();
                })
                .journal(dir).journalMode(mode).build();
        }
        finally
        {
            System.clearProperty(ChronicleJournal.FAIL_AFTER_PROPERTY);
        }
        int sent = 0;
        IllegalStateException refused = null;
        try
        {
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> delivered.add(message.getInt()));
            // Until refused: the journal fails after FAIL_AFTER messages, the ring holds 512, so a send is refused
            // either at once (the failure was seen) or while it waits for room the journaller will never free.
            for (int i = 0; i < 100_000 && refused == null; i++)
            {
                try
                {
                    root.sendInt(APP, i);
                    sent++;
                }
                catch (final IllegalStateException e)
                {
                    refused = e;
                }
            }
            assertTrue(refused != null, "sends must be refused once the journal has failed");
            assertTrue(refused.getMessage().contains("journal " + dir.toAbsolutePath() + " failed at sequence"),
                refused.getMessage());
            assertTrue(reported.await(30, TimeUnit.SECONDS), "the failure must reach the error handler");
            final IllegalStateException flush = assertThrows(IllegalStateException.class, qs::flush);
            // Said by flush itself, or by the abandoned send it settles first (a send refused while it waited).
            assertTrue(flush.getMessage().contains("journal " + dir.toAbsolutePath() + " failed at sequence"),
                flush.getMessage());
            final IllegalStateException again = assertThrows(IllegalStateException.class, () -> root.sendInt(APP, -1));
            assertTrue(again.getMessage().contains("refuses sends"), again.getMessage());
        }
        finally
        {
            qs.close();
        }
        final long journalErrors = errors.stream().filter(e -> e instanceof JournalException).count();
        assertEquals(1, journalErrors, "reported once: " + errors);
        assertTrue(errors.getFirst().getCause().getMessage().contains("injected journal write failure"),
            String.valueOf(errors.getFirst().getCause()));

        final List<Integer> journaled = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir, notice -> { }))
        {
            reader.read(0, Long.MAX_VALUE, (sequence, time, message, length) ->
            {
                if (message.get(ValueLayout.JAVA_INT_UNALIGNED, io.quicksilver.runtime.message.MessageLayout.METHOD_OFFSET) == APP)
                {
                    journaled.add(message.get(ValueLayout.JAVA_INT_UNALIGNED,
                        io.quicksilver.runtime.message.MessageLayout.PAYLOAD_OFFSET));
                }
            });
        }
        assertTrue(journaled.size() < FAIL_AFTER, "journaled " + journaled.size());
        assertEquals(List.copyOf(range(journaled.size())), journaled, "the journal holds a gap-free prefix");
        assertTrue(sent > journaled.size(), "sent " + sent + ", journaled " + journaled.size());
        final List<Integer> got = List.copyOf(delivered);
        if (mode == JournalMode.BEFORE_DELIVERY)
        {
            assertTrue(got.size() <= journaled.size(), "delivered " + got.size() + " > journaled " + journaled.size());
            assertEquals(journaled.subList(0, got.size()), got, "nothing delivered that the journal lacks");
        }
        else
        {
            assertEquals(range(got.size()), got, "async: delivery goes on in ring order");
        }
    }

    private static List<Integer> range(final int n)
    {
        final List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            values.add(i);
        }
        return values;
    }
}
