package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.hierarchy.Hierarchy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watchdog's handshake with a worker thread it suspects: a thread that reaches a check refuses the request (it is
 * not stuck), and a request that stood until confirmed makes the thread's next check unwind it.
 */
class RescueHandshakeTest
{
    @Test
    @Timeout(30)
    void aThreadThatReachesACheckRefusesAndAConfirmedOneUnwinds()
    {
        final AtomicInteger failures = new AtomicInteger();
        final Hierarchy hierarchy = new Hierarchy((node, source, method, error) -> failures.incrementAndGet());
        try (ParallelDispatcher dispatcher = ParallelDispatcher.builder(hierarchy,
            (node, source, method, error) -> failures.incrementAndGet()).workers(1).invoker(true).build())
        {
            final Worker worker = dispatcher.worker(0);
            assertTrue(worker.requestRescue());
            assertFalse(worker.requestRescue(), "one request at a time");
            dispatcher.invoke(0);                  // a duty cycle reaches a check: the request is refused
            assertEquals(Worker.RUNNING, worker.lvRescueState());
            assertFalse(worker.confirmRescue(), "a refused request cannot be confirmed");

            assertTrue(worker.requestRescue());
            assertTrue(worker.confirmRescue());
            assertSame(Worker.Replaced.INSTANCE, assertThrows(Worker.Replaced.class, worker::checkRescue));
            assertEquals(Worker.REPLACED, worker.lvRescueState());
            assertFalse(worker.requestRescue(), "a replaced worker is never asked again");
        }
        assertEquals(0, failures.get());
    }
}
