package io.quicksilver.runtime.jfr;

import io.quicksilver.Method;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.quicksilver.runtime.jfr.RecordedEvents.dump;
import static io.quicksilver.runtime.jfr.RecordedEvents.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single-threaded mode records a throwing responder as {@code io.quicksilver.ResponderFailed} and a slow call as
 * {@code io.quicksilver.SlowResponder} (worker -1), as the parallel workers do; a call that sends is timed with the
 * nested dispatch it makes, and the nested calls are timed on their own.
 */
@Timeout(60)
class SingleThreadedRecordingTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD + 7;

    @TempDir
    Path dir;

    @Test
    void shouldRecordAThrowingResponderWithItsFields() throws Exception
    {
        final List<RecordedEvent> failed;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.start();
            try (Quicksilver qs = Quicksilver.singleThreaded().build())
            {
                final RelayNode root = qs.createNode("root");
                final RelayNode child = qs.createNode("child");
                // Routing-table order: root's responder item, then its child item, so "thrower" is second.
                root.addResponder("calm", message -> { });
                root.addChild(child);
                child.addResponder("thrower", message ->
                {
                    throw new IllegalStateException("boom " + message.getInt());
                });
                root.sendInt(APP, 42);
                assertEquals(1, qs.errors());
            }
            recording.stop();
            failed = named(dump(recording, dir), QuicksilverEvents.RESPONDER_FAILED);
        }

        assertEquals(1, failed.size(), failed.toString());
        final RecordedEvent event = failed.get(0);
        assertEquals("thrower", event.getString("responder"));
        assertEquals(1, event.getInt("responderIndex"), "depth-first, in routing-table order");
        assertEquals(-1, event.getInt("worker"));
        assertEquals(APP, event.getInt("method"));
        assertEquals(IllegalStateException.class.getName(), event.getClass("exceptionClass").getName());
        assertEquals("boom 42", event.getString("message"));
    }

    @Test
    void shouldRecordSlowCallsOfEachNestingDepthWithTheirFields() throws Exception
    {
        final int nested = APP + 1;
        final List<RecordedEvent> slow;
        final Thread sender = Thread.currentThread();
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.enable(QuicksilverEvents.SLOW_RESPONDER).withThreshold(Duration.ZERO)
                .with(SampleEveryControl.NAME, "1");
            recording.start();
            try (Quicksilver qs = Quicksilver.singleThreaded().build())
            {
                final RelayNode root = qs.createNode("root");
                final RelayNode side = qs.createNode("side");
                root.addResponder("outer", message ->
                {
                    side.sendInt(nested, message.getInt() + 1);
                    spin(SPIN_NANOS);
                });
                side.addResponder("inner", message -> spin(SPIN_NANOS));
                root.sendInt(APP, 1);
                assertEquals(0, qs.errors());
            }
            recording.stop();
            slow = named(dump(recording, dir), QuicksilverEvents.SLOW_RESPONDER);
        }

        assertEquals(2, slow.size(), slow.toString());
        final RecordedEvent inner = slow.get(0).getString("responder").equals("inner") ? slow.get(0) : slow.get(1);
        final RecordedEvent outer = inner == slow.get(0) ? slow.get(1) : slow.get(0);
        assertEquals("outer", outer.getString("responder"));
        assertEquals(APP, outer.getInt("method"));
        assertEquals(nested, inner.getInt("method"));
        assertEquals(0, outer.getInt("responderIndex"), "depth-first: root's responder first");
        assertEquals(1, inner.getInt("responderIndex"));
        for (final RecordedEvent event : slow)
        {
            assertEquals(-1, event.getInt("worker"), event.toString());
            assertEquals(sender.getName(), event.getThread().getJavaName());
            assertTrue(event.getDuration().toNanos() >= SPIN_NANOS, "spun at least that long: " + event);
        }
        assertTrue(outer.getDuration().compareTo(inner.getDuration()) > 0,
            "the outer call includes the nested one: outer=" + outer.getDuration() + ", inner=" + inner.getDuration());
        assertTrue(outer.getLong("sequence") != inner.getLong("sequence"), "each call's own message");
    }

    private static final long SPIN_NANOS = 20_000;

    private static void spin(final long nanos)
    {
        final long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until)
        {
            Thread.onSpinWait();
        }
    }
}
