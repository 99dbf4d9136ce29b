package io.quicksilver.runtime.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistinctErrorLogTest
{
    private final CapturingLogger logger = new CapturingLogger();
    private final AtomicLong now = new AtomicLong(1_000);
    private final DistinctErrorLog log = new DistinctErrorLog(logger, Duration.ofSeconds(10), now::get);

    @Test
    void shouldSayTheFirstOfEachKindWithItsStackTraceAndCountTheRest()
    {
        final IllegalStateException first = new IllegalStateException("boom");
        log.record("hud", "score", "APP(1000)", first);
        for (int i = 0; i < 999; i++)
        {
            log.record("hud", "score", "APP(1000)", new IllegalStateException("boom"));
        }
        log.record("hud", "score", null, new IllegalStateException("other"));
        log.record("play", "score", null, new IllegalStateException("boom"));
        log.record("hud", "score", null, new IllegalArgumentException("boom"));

        assertEquals(List.of(
            "quicksilver: 'score' on node 'hud' threw java.lang.IllegalStateException: boom while handling APP(1000) " +
                "(first of its kind; repeats are counted and summarised)",
            "quicksilver: 'score' on node 'hud' threw java.lang.IllegalStateException: other " +
                "(first of its kind; repeats are counted and summarised)",
            "quicksilver: 'score' on node 'play' threw java.lang.IllegalStateException: boom " +
                "(first of its kind; repeats are counted and summarised)",
            "quicksilver: 'score' on node 'hud' threw java.lang.IllegalArgumentException: boom " +
                "(first of its kind; repeats are counted and summarised)"), logger.messages());
        assertSame(first, logger.entries.getFirst().thrown());
        assertEquals(System.Logger.Level.ERROR, logger.entries.getFirst().level());
        assertEquals(1000, log.count("hud", "score", IllegalStateException.class, "boom"));
        assertEquals(1, log.count("play", "score", IllegalStateException.class, "boom"));
        assertEquals(0, log.count("pause", "score", IllegalStateException.class, "boom"));
    }

    @Test
    void shouldSummariseTheRepeatsOncePerPeriodAndAtFlush()
    {
        for (int i = 0; i < 5; i++)
        {
            log.record(null, "close", null, new IllegalStateException("stuck"));
        }
        assertEquals(1, logger.entries.size());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.record(null, "close", null, new IllegalStateException("stuck"));   // the sixth: the period is over
        assertEquals("quicksilver: 'close' threw java.lang.IllegalStateException: stuck again 5 times since it was " +
            "last reported, 6 in all", logger.messages().getLast());
        assertNull(logger.entries.getLast().thrown());

        log.record(null, "close", null, new IllegalStateException("stuck"));   // within the new period: counted only
        assertEquals(2, logger.entries.size());
        log.flush();
        assertEquals("quicksilver: 'close' threw java.lang.IllegalStateException: stuck again 1 time since it was " +
            "last reported, 7 in all", logger.messages().getLast());
        log.flush();
        assertEquals(3, logger.entries.size(), "nothing new to summarise");
    }

    @Test
    void shouldCountKindsBeyondTheLimitTogether()
    {
        for (int i = 0; i < DistinctErrorLog.MAX_DISTINCT + 10; i++)
        {
            log.record("n", "r", null, new RuntimeException("kind " + i));
        }
        assertEquals(DistinctErrorLog.MAX_DISTINCT, logger.entries.size());
        assertEquals(10, log.others());
        log.flush();
        assertTrue(logger.messages().getLast().contains("10 more failure(s) of kinds beyond the first 256"),
            logger.messages().getLast());
    }

    @Test
    void shouldRejectANonPositivePeriod()
    {
        assertThrows(IllegalArgumentException.class, () -> new DistinctErrorLog(logger, Duration.ZERO, now::get));
    }

    @Test
    @Timeout(30)
    void shouldCountEveryFailureFromConcurrentThreads() throws InterruptedException
    {
        final int threads = 4;
        final int each = 25_000;
        final CountDownLatch start = new CountDownLatch(1);
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            final int kind = t % 2;
            workers[t] = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException e)
                {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++)
                {
                    log.record("n", "r", null, new IllegalStateException("kind " + kind));
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join();
        }
        assertEquals(2L * each, log.count("n", "r", IllegalStateException.class, "kind 0"));
        assertEquals(2L * each, log.count("n", "r", IllegalStateException.class, "kind 1"));
        assertEquals(2, logger.entries.size(), logger.messages().toString());
    }
}
