package io.quicksilver.runtime.parallel;

import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An error handler that never returns must not hang {@code close()} nor stop the watchdog: their reports go through
 * the reporter thread, which it holds instead. Each test runs on a thread of its own under its timeout, so old code
 * that hangs fails instead of hanging the build; the latches are released in cleanup.
 */
class StuckErrorHandlerTest
{
    private final CountDownLatch releaseHandler = new CountDownLatch(1);
    private final CountDownLatch releaseResponders = new CountDownLatch(1);
    private final CountDownLatch handlerEntered = new CountDownLatch(1);
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void release()
    {
        releaseHandler.countDown();
        releaseResponders.countDown();
    }

    /** Records the report, then blocks until cleanup, interrupts or not. */
    private final FailureSink stuckHandler = (node, source, method, error) ->
    {
        reports.add(source + ": " + error.getMessage());
        handlerEntered.countDown();
        awaitUninterruptibly(releaseHandler);
    };

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                latch.await();
                break;
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The notices of close(), without the one about running unpinned. */
    private List<String> closeNotices()
    {
        return notices.stream().filter(n -> n.contains("close()")).toList();
    }

    private ParallelDispatcher.Builder builder(final Hierarchy h)
    {
        return ParallelDispatcher.builder(h, stuckHandler)
            .workers(1)
            .ringCapacity(1024)
            .idleStrategy(YieldingIdleStrategy::new)
            .balancePeriod(Duration.ZERO)
            .log(notices::add);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldCloseWithinItsTimeoutWhenTheErrorHandlerNeverReturnsFromTheStuckWorkerReport() throws Exception
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final CountDownLatch responderEntered = new CountDownLatch(1);
        h.addResponder(root, "stuck", view ->
        {
            responderEntered.countDown();
            awaitUninterruptibly(releaseResponders);
        }, Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher d = builder(h)
            // No watchdog report: close's own report is the one the handler gets stuck in.
            .watchdogThreshold(Duration.ofMinutes(10))
            .closeTimeout(Duration.ofMillis(200))
            .build();
        ParallelDispatcherTest.send(d.newProducer(), root.id(), 0, 0);
        responderEntered.await();

        d.close();

        assertTrue(d.isClosed());
        assertTrue(handlerEntered.await(10, TimeUnit.SECONDS), "the handler got close's report");
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.getFirst().contains("did not stop within 200 ms"), reports.toString());
        final List<String> closeNotices = closeNotices();
        assertEquals(1, closeNotices.size(), notices.toString());
        assertTrue(closeNotices.getFirst().startsWith("quicksilver: close() returns without waiting longer for the error " +
            "handler: 1 report(s) not handled within 200 ms"), closeNotices.getFirst());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldKeepTheWatchdogScanningWhenTheErrorHandlerNeverReturnsFromItsFirstReport() throws Exception
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final CountDownLatch firstRelease = new CountDownLatch(1);
        final CountDownLatch secondEntered = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        h.addResponder(root, "slow", view ->
        {
            if (calls.incrementAndGet() == 1)
            {
                awaitUninterruptibly(firstRelease);
            }
            else
            {
                secondEntered.countDown();
                awaitUninterruptibly(releaseResponders);
            }
        }, Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher d = builder(h)
            .watchdogThreshold(Duration.ofMillis(50))
            .closeTimeout(Duration.ofMillis(200))
            .build();
        final Producer producer = d.newProducer();
        ParallelDispatcherTest.send(producer, root.id(), 0, 0);
        ParallelDispatcherTest.send(producer, root.id(), 0, 1);

        // The first stuck message is reported, and the handler never returns from that report.
        handlerEntered.await();
        assertTrue(reports.getFirst().contains("stuck on message"), reports.toString());
        firstRelease.countDown();
        secondEntered.await();
        // The second stuck message is seen and reported too (queued behind the stuck handler): the watchdog scans on.
        while (d.stuckReports() < 2)
        {
            Thread.onSpinWait();
        }
        assertEquals(1, reports.size(), "the handler is still stuck in the first report: " + reports);

        releaseResponders.countDown();
        assertTrue(d.flush(Duration.ofSeconds(10)));
        d.close();

        assertTrue(d.isClosed());
        final List<String> closeNotices = closeNotices();
        assertEquals(1, closeNotices.size(), notices.toString());
        assertTrue(closeNotices.getFirst().contains("2 report(s) not handled within 200 ms"), closeNotices.getFirst());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldBoundTheReportsWaitingForAStuckHandlerAndCountTheDropped() throws Exception
    {
        final Reporter reporter = new Reporter(stuckHandler);
        assertTrue(reporter.awaitDelivered(0), "nothing offered, nothing to wait for");
        assertEquals(null, reporter.thread(), "no thread before the first report");
        assertTrue(reporter.offer(null, "first", -1, new IllegalStateException("one")));
        handlerEntered.await();
        for (int i = 0; i < Reporter.MAX_QUEUED; i++)
        {
            assertTrue(reporter.offer(null, "queued", -1, new IllegalStateException("queued " + i)));
        }

        assertFalse(reporter.offer(null, "over", -1, new IllegalStateException("over")));
        assertEquals(1, reporter.dropped());
        assertEquals(Reporter.MAX_QUEUED + 1, reporter.pending());
        assertFalse(reporter.awaitDelivered(TimeUnit.MILLISECONDS.toNanos(10)));

        // Interrupting the waiting caller does not cut its wait short, and its flag is kept.
        Thread.currentThread().interrupt();
        assertFalse(reporter.awaitDelivered(TimeUnit.MILLISECONDS.toNanos(10)));
        assertTrue(Thread.interrupted());

        final Thread thread = reporter.thread();
        reporter.stop();
        releaseHandler.countDown();
        assertTrue(reporter.awaitDelivered(TimeUnit.SECONDS.toNanos(20)));
        thread.join();
        assertEquals(Reporter.MAX_QUEUED + 1, reports.size());
        assertEquals(0, reporter.pending());
        assertEquals(null, reporter.thread());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldKeepTheReporterThreadThroughAnInterruptWhileItWaits() throws Exception
    {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final CountDownLatch second = new CountDownLatch(1);
        final Reporter reporter = new Reporter((node, source, method, error) ->
        {
            delivered.add(source);
            if (source.equals("second"))
            {
                second.countDown();
            }
        });
        reporter.offer(null, "first", -1, new IllegalStateException());
        assertTrue(reporter.awaitDelivered(TimeUnit.SECONDS.toNanos(20)));
        final Thread thread = reporter.thread();
        while (thread.getState() != Thread.State.WAITING)
        {
            Thread.yield();
        }

        thread.interrupt();
        reporter.offer(null, "second", -1, new IllegalStateException());
        second.await();

        assertTrue(reporter.awaitDelivered(TimeUnit.SECONDS.toNanos(20)));
        assertEquals(List.of("first", "second"), delivered);
        assertTrue(thread.isAlive(), "not stopped, so still there after the interrupt");
        assertEquals(thread, reporter.thread());
        reporter.stop();
        thread.join();
    }
}
