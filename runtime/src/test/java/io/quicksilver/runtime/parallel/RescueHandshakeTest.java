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
 * A worker marked replaced stops at its next check and records where, so its replacement can start exactly there;
 * it is marked once.
 */
class RescueHandshakeTest
{
    @Test
    @Timeout(30)
    void aReplacedWorkerStopsAtItsNextCheckAndSaysWhere()
    {
        final AtomicInteger failures = new AtomicInteger();
        final Hierarchy hierarchy = new Hierarchy((node, source, method, error) -> failures.incrementAndGet());
        try (ParallelDispatcher dispatcher = ParallelDispatcher.builder(hierarchy,
            (node, source, method, error) -> failures.incrementAndGet()).workers(1).invoker(true).build())
        {
            final Worker worker = dispatcher.worker(0);
            assertEquals(1, dispatcher.invoke(0), "installs the first layout, message 0");
            worker.checkRescue();                                   // running: a check is one load, nothing else
            assertEquals(0, worker.lvStopKind());

            assertTrue(worker.markReplaced());
            assertFalse(worker.markReplaced(), "marked once");
            assertSame(Worker.Replaced.INSTANCE, assertThrows(Worker.Replaced.class, worker::checkRescue));
            assertEquals(Worker.STOP_BEFORE_MESSAGE, worker.lvStopKind());
            assertEquals(1, worker.stopSequence(), "stopped before the next message it would read");
            assertEquals(Worker.REPLACED, worker.lvRescueState());
        }
        assertEquals(0, failures.get());
    }
}
