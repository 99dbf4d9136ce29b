package io.quicksilver.runtime.parallel;

import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting the runtime's own threads, as executors and test frameworks do, is not a stop request: each thread
 * clears its flag and goes on parking (a park returns at once while the flag is set, so a thread that kept it would
 * spin). Asserted on the flag and the thread state, not on CPU time: the flag of a thread that does not clear it
 * stays set however long one waits.
 */
class RuntimeThreadInterruptTest
{
    /** Far longer than any park of the threads here (the watchdog parks a quarter of its 1 s threshold). */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    @Timeout(60)
    void shouldClearTheFlagAndKeepParkingWhenAWorkerTheWatchdogOrTheBalancerIsInterruptedWithBackoff()
    {
        interruptAndCheck(BackoffIdleStrategy::new);
    }

    @Test
    @Timeout(60)
    void shouldClearTheFlagAndKeepParkingWhenAWorkerIsInterruptedWithTheSleepingStrategy()
    {
        interruptAndCheck(() -> new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1)));
    }

    private void interruptAndCheck(final Supplier<IdleStrategy> idle)
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        final NodeModel root = h.createNode("root", false);
        final AtomicInteger interruptedResponders = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        h.addResponder(root, "r", view ->
        {
            calls.incrementAndGet();
            if (Thread.currentThread().isInterrupted())
            {
                interruptedResponders.incrementAndGet();
            }
        }, Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) ->
                failures.add(source + ": " + error))
            .workers(2)
            .ringCapacity(1024)
            .idleStrategy(idle)
            .watchdogThreshold(Duration.ofSeconds(1))
            .balancePeriod(Duration.ofMillis(100))
            .log(line -> { })
            .build())
        {
            assertTrue(d.flush(Duration.ofSeconds(10)));
            final Thread[] threads = d.threads();
            assertEquals(4, threads.length, "two workers, the watchdog and the balancer");

            for (int round = 0; round < 3; round++)
            {
                for (final Thread thread : threads)
                {
                    thread.interrupt();
                }
                for (final Thread thread : threads)
                {
                    awaitClearedAndParked(thread);
                }
            }

            // Still working, and no stale interrupt reached a responder.
            final Producer producer = d.newProducer();
            for (int i = 0; i < 10; i++)
            {
                ParallelDispatcherTest.send(producer, root.id(), 0, i);
            }
            assertTrue(d.flush(Duration.ofSeconds(10)));
            assertEquals(10, calls.get());
            assertEquals(0, interruptedResponders.get());
            for (final Thread thread : threads)
            {
                assertTrue(thread.isAlive(), thread.getName());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldStopEveryWorkerWhenClosedFromAnInterruptedThreadAndKeepItsFlag()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        h.addResponder(h.createNode("root", false), "r", view -> { }, Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) ->
                failures.add(source + ": " + error))
            .workers(2)
            .ringCapacity(1024)
            // Parked for a long while: a join that gave up at once would find them alive.
            .idleStrategy(() -> new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(200)))
            .balancePeriod(Duration.ofSeconds(1))
            .closeTimeout(Duration.ofSeconds(20))
            .log(line -> { })
            .build();
        assertTrue(d.flush(Duration.ofSeconds(10)));
        final Thread[] threads = d.threads();

        Thread.currentThread().interrupt();
        d.close();

        assertTrue(Thread.interrupted(), "close() keeps the caller's interrupt");
        assertEquals(0, d.stuckReports());
        assertEquals(List.of(), failures);
        for (final Thread thread : threads)
        {
            assertFalse(thread.isAlive(), thread.getName() + " stopped before close() returned");
        }
    }

    /**
     * The flag is cleared within one park period of the thread, and the thread then parks again (seen in
     * {@code TIMED_WAITING}); old code left the flag set for good.
     */
    private static void awaitClearedAndParked(final Thread thread)
    {
        final long deadline = System.nanoTime() + SETTLE_NANOS;
        while (thread.isInterrupted())
        {
            assertTrue(System.nanoTime() - deadline < 0, thread.getName() + " kept its interrupt flag: it spins");
            Thread.onSpinWait();
        }
        while (thread.getState() != Thread.State.TIMED_WAITING)
        {
            assertTrue(System.nanoTime() - deadline < 0, thread.getName() + " never parks again: " +
                thread.getState());
            Thread.yield();
        }
        assertFalse(thread.isInterrupted(), thread.getName());
    }
}
