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
import java.util.List;

import static io.quicksilver.runtime.jfr.RecordedEvents.dump;
import static io.quicksilver.runtime.jfr.RecordedEvents.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Single-threaded mode records a throwing responder as {@code io.quicksilver.ResponderFailed} (worker -1), as the
 * parallel workers do.
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
}
