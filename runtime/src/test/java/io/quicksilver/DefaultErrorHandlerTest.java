package io.quicksilver;

import io.quicksilver.runtime.log.CapturingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default error handler, as a runtime built with no {@code errorHandler(...)} has it: through System.Logger
 * (java.util.logging here), each distinct error once with its stack trace, the repeats as counts.
 */
class DefaultErrorHandlerTest
{
    private static final int SENDS = 100_000;
    private static final Pattern SUMMARY = Pattern.compile(".* again (\\d+) times? since it was last reported, (\\d+) in all");

    private final Logger jul = Logger.getLogger("io.quicksilver");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            records.add(record);
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };
    private boolean parentHandlers;

    @BeforeEach
    void capture()
    {
        parentHandlers = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
    }

    @AfterEach
    void release()
    {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(parentHandlers);
    }

    @Test
    @Timeout(120)
    void shouldSayAResponderThatAlwaysThrowsInABoundedNumberOfLinesWithTheRightCounts()
    {
        final long errors;
        final long startNanos = System.nanoTime();
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final RelayNode hud = qs.createNode("hud");
            hud.addResponder("score", message ->
            {
                throw new IllegalStateException("no score yet");
            });
            for (int i = 0; i < SENDS; i++)
            {
                hud.sendInt(Method.FIRST_APPLICATION_METHOD, i);
            }
            errors = qs.errors();
        }
        final long elapsedSeconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        assertEquals(SENDS, errors);
        checkReports(SENDS, "quicksilver: 'score' on node 'hud' threw java.lang.IllegalStateException: no score yet",
            elapsedSeconds);
    }

    @Test
    @Timeout(120)
    void shouldCountFailuresFromEveryWorkerOfAParallelRuntime()
    {
        final int sends = 20_000;
        final long errors;
        final long startNanos = System.nanoTime();
        try (Quicksilver qs = Quicksilver.parallel().workers(2).notices(NoticeHandler.silent()).build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode left = qs.createNode("left");
            final RelayNode right = qs.createNode("right");
            root.addChild(left).addChild(right);
            left.addResponder("always", message ->
            {
                throw new IllegalStateException("always");
            });
            right.addResponder("always", message ->
            {
                throw new IllegalStateException("always");
            });
            for (int i = 0; i < sends; i++)
            {
                root.sendInt(Method.FIRST_APPLICATION_METHOD, i);
            }
            qs.flush();
            errors = qs.errors();
        }
        final long elapsedSeconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        assertEquals(2L * sends, errors);
        final List<LogRecord> left = records.stream().filter(r -> r.getMessage().contains("node 'left'")).toList();
        final List<LogRecord> right = records.stream().filter(r -> r.getMessage().contains("node 'right'")).toList();
        assertEquals(records.size(), left.size() + right.size());
        records.clear();
        records.addAll(left);
        checkReports(sends, "quicksilver: 'always' on node 'left' threw java.lang.IllegalStateException: always",
            elapsedSeconds);
        records.clear();
        records.addAll(right);
        checkReports(sends, "quicksilver: 'always' on node 'right' threw java.lang.IllegalStateException: always",
            elapsedSeconds);
    }

    @Test
    void shouldSummariseThroughAnotherLoggerWhenAsked()
    {
        final CapturingLogger logger = new CapturingLogger();
        try (Quicksilver qs = Quicksilver.singleThreaded().errorHandler(ErrorHandler.logging(logger, Duration.ofHours(1))).build())
        {
            final RelayNode node = qs.createNode("n");
            node.addResponder("r", message ->
            {
                throw new IllegalArgumentException("bad");
            });
            for (int i = 0; i < 3; i++)
            {
                node.send(Method.FIRST_APPLICATION_METHOD);
            }
            assertEquals(1, logger.entries.size(), "the repeats wait for the summary");
        }
        assertEquals(List.of(
            "quicksilver: 'r' on node 'n' threw java.lang.IllegalArgumentException: bad while handling APP(1000) " +
                "(first of its kind; repeats are counted and summarised)",
            "quicksilver: 'r' on node 'n' threw java.lang.IllegalArgumentException: bad again 2 times since it was " +
                "last reported, 3 in all"), logger.messages());
        assertEquals(List.of(), records, "nothing through the default logger");
    }

    /**
     * One report with the stack trace, then summaries (one a 10 s period, at most, and the one at close) whose
     * repeats add up to the failures and whose last says them all.
     */
    private void checkReports(final long failures, final String prefix, final long elapsedSeconds)
    {
        assertTrue(records.size() >= 2, records.toString());
        final LogRecord first = records.getFirst();
        assertTrue(first.getMessage().startsWith(prefix), first.getMessage());
        assertNotNull(first.getThrown());
        assertEquals(java.util.logging.Level.SEVERE, first.getLevel());
        long repeats = 0;
        long inAll = 0;
        for (final LogRecord summary : records.subList(1, records.size()))
        {
            final Matcher m = SUMMARY.matcher(summary.getMessage());
            assertTrue(summary.getMessage().startsWith(prefix) && m.matches(), summary.getMessage());
            repeats += Long.parseLong(m.group(1));
            inAll = Long.parseLong(m.group(2));
            assertEquals(null, summary.getThrown());
        }
        assertEquals(failures - 1, repeats);
        assertEquals(failures, inAll);
        assertTrue(records.size() <= 2 + elapsedSeconds / 10, records.size() + " reports in " + elapsedSeconds + " s");
        // What a console shows: the formatted reports, stack trace included, a bounded number of lines.
        final SimpleFormatter formatter = new SimpleFormatter();
        final long lines = records.stream().mapToLong(r -> formatter.format(r).lines().count()).sum();
        assertTrue(lines < 200, lines + " lines");
    }
}
