package io.quicksilver.runtime.jfr;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

import io.quicksilver.Method;
import io.quicksilver.runtime.ring.Backpressure;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.quicksilver.runtime.jfr.RecordedEvents.dump;
import static io.quicksilver.runtime.jfr.RecordedEvents.named;
import static io.quicksilver.runtime.jfr.RecordedEvents.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records each Quicksilver event through its emitter under the shipped {@code quicksilver.jfc}, dumps the recording
 * and reads it back with {@code jdk.jfr.consumer}. Durations are made long by spinning on the clock (never by
 * sleeping): over a threshold by a wide margin, or under it by doing nothing between begin and end. The under-threshold
 * call comes after an over-threshold one on the same instance, because the first begin/end pair of an event class
 * pays one-time linking (measured at 0.6 ms for a no-op stall) that would cross a sub-millisecond threshold.
 */
@Timeout(60)
class JfrRecordingTest
{
    private static final int APP_METHOD = Method.FIRST_APPLICATION_METHOD + 42;

    @TempDir
    Path dir;

    @Test
    void shouldRecordEveryEventWithItsFields() throws Exception
    {
        final List<RecordedEvent> events;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.enable(QuicksilverEvents.DISPATCH_BATCH).with(SampleEveryControl.NAME, "1");
            recording.enable(QuicksilverEvents.SLOW_RESPONDER).with(SampleEveryControl.NAME, "1");
            recording.start();

            QuicksilverEvents.workerStarted(3, 5, 1, true, null);
            QuicksilverEvents.workerStarted(4, -1, -1, false, "libnuma unavailable");
            QuicksilverEvents.partitionMoved(7, 1, 2, 1000, 2000, 2999, 123_456L, MoveReason.STEAL);
            QuicksilverEvents.responderFailed(
                "orders", 17, 2, 99L, Method.MESSAGE_INT, new IllegalStateException("bad order id: 5"));

            final HotPathEvents hot = new HotPathEvents(2);
            hot.beginBatch();
            hot.beginResponder();
            spin(Duration.ofMillis(5));
            hot.endResponder("pricer", 11, 500L, APP_METHOD);
            hot.beginResponder();
            hot.endResponder("fast", 12, 501L, Method.MESSAGE_INT);
            hot.endBatch(500L, 2, 9);

            hot.beginStall();
            spin(Duration.ofMillis(2));
            hot.endStall("worker-2-inbox", 2, 4, Backpressure.BLOCK);

            recording.stop();
            events = dump(recording, dir);
        }

        final List<RecordedEvent> started = named(events, QuicksilverEvents.WORKER_STARTED);
        assertEquals(2, started.size(), "WorkerStarted events: " + started);
        final RecordedEvent pinned = started.stream().filter(e -> e.getInt("worker") == 3).findFirst().orElseThrow();
        assertEquals(5, pinned.getInt("cpu"));
        assertEquals(1, pinned.getInt("numaNode"));
        assertTrue(pinned.getBoolean("pinned"));
        assertEquals("", pinned.getString("reason"));
        assertEquals(Thread.currentThread().getName(), pinned.getThread().getJavaName());
        final RecordedEvent unpinned = started.stream().filter(e -> e.getInt("worker") == 4).findFirst().orElseThrow();
        assertFalse(unpinned.getBoolean("pinned"));
        assertEquals(-1, unpinned.getInt("cpu"));
        assertEquals("libnuma unavailable", unpinned.getString("reason"));

        final RecordedEvent moved = only(events, QuicksilverEvents.PARTITION_MOVED);
        assertEquals(7, moved.getInt("partition"));
        assertEquals(1, moved.getInt("fromWorker"));
        assertEquals(2, moved.getInt("toWorker"));
        assertEquals(1000, moved.getInt("responderCount"));
        assertEquals(2000, moved.getInt("firstResponder"));
        assertEquals(2999, moved.getInt("lastResponder"));
        assertEquals(123_456L, moved.getLong("barrierSequence"));
        assertEquals("steal", moved.getString("reason"));

        final RecordedEvent failed = only(events, QuicksilverEvents.RESPONDER_FAILED);
        assertEquals("orders", failed.getString("responder"));
        assertEquals(17, failed.getInt("responderIndex"));
        assertEquals(2, failed.getInt("worker"));
        assertEquals(99L, failed.getLong("sequence"));
        assertEquals(Method.MESSAGE_INT, failed.getInt("method"));
        assertEquals(IllegalStateException.class.getName(), failed.getClass("exceptionClass").getName());
        assertEquals("bad order id: 5", failed.getString("message"));

        // Only the 5 ms call: the no-op call is under the shipped 1 ms threshold.
        final RecordedEvent slow = only(events, QuicksilverEvents.SLOW_RESPONDER);
        assertEquals("pricer", slow.getString("responder"));
        assertEquals(11, slow.getInt("responderIndex"));
        assertEquals(2, slow.getInt("worker"));
        assertEquals(500L, slow.getLong("sequence"));
        assertEquals(APP_METHOD, slow.getInt("method"));
        assertEquals(Method.toString(APP_METHOD), slow.getString("methodName"));
        assertTrue(slow.getDuration().compareTo(Duration.ofMillis(5)) >= 0, "duration " + slow.getDuration());

        final RecordedEvent batch = only(events, QuicksilverEvents.DISPATCH_BATCH);
        assertEquals(2, batch.getInt("worker"));
        assertEquals(500L, batch.getLong("firstSequence"));
        assertEquals(2, batch.getInt("batchSize"));
        assertEquals(9, batch.getInt("deliveries"));
        assertTrue(batch.getDuration().compareTo(slow.getDuration()) >= 0, "batch encloses the slow call");

        final RecordedEvent stall = only(events, QuicksilverEvents.BACKPRESSURE_STALL);
        assertEquals("worker-2-inbox", stall.getString("ring"));
        assertEquals(2, stall.getInt("ringId"));
        assertEquals(2, stall.getInt("worker"));
        assertEquals(4, stall.getInt("claimedSlots"));
        assertEquals("BLOCK", stall.getString("policy"));
        assertTrue(stall.getDuration().compareTo(Duration.ofMillis(2)) >= 0, "duration " + stall.getDuration());
    }

    @Test
    void shouldTimeOneResponderCallInEverySampleEvery() throws Exception
    {
        final List<RecordedEvent> events;
        try (Recording recording = new Recording())
        {
            recording.enable(QuicksilverEvents.SLOW_RESPONDER).withThreshold(Duration.ZERO)
                .with(SampleEveryControl.NAME, "4");
            recording.start();
            final HotPathEvents hot = new HotPathEvents(1);
            for (int call = 0; call < 40; call++)
            {
                hot.beginResponder();
                hot.endResponder("r" + call, call, call, APP_METHOD);
            }
            recording.stop();
            events = dump(recording, dir);
        }

        final List<Long> timed = named(events, QuicksilverEvents.SLOW_RESPONDER).stream()
            .map(e -> e.getLong("sequence")).sorted().toList();
        assertEquals(List.of(0L, 4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L, 36L), timed);
    }

    @Test
    void shouldShipSlowResponderSampledOneCallInSixtyFour() throws Exception
    {
        assertEquals(Integer.toString(SlowResponderSampleEveryControl.DEFAULT_SAMPLE_EVERY),
            QuicksilverJfc.configuration().getSettings().get(QuicksilverEvents.SLOW_RESPONDER + "#sampleEvery"));
        assertEquals(64, SlowResponderSampleEveryControl.DEFAULT_SAMPLE_EVERY);
    }

    @Test
    void shouldNotRecordDispatchBatchUnderShippedDefaults() throws Exception
    {
        final List<RecordedEvent> events;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.start();
            final HotPathEvents hot = new HotPathEvents(0);
            for (int i = 0; i < 100; i++)
            {
                hot.beginBatch();
                hot.endBatch(i, 1, 1);
            }
            QuicksilverEvents.workerStarted(0, 0, 0, true, "");

            recording.stop();
            events = dump(recording, dir);
        }

        assertEquals(0, named(events, QuicksilverEvents.DISPATCH_BATCH).size());
        // The recording itself worked: an enabled event from the same thread is there.
        assertEquals(1, named(events, QuicksilverEvents.WORKER_STARTED).size());
    }

    @Test
    void shouldRecordOneBatchInEverySampleEveryPerWorker() throws Exception
    {
        final List<RecordedEvent> events;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.enable(QuicksilverEvents.DISPATCH_BATCH).with(SampleEveryControl.NAME, "4");
            recording.start();
            final HotPathEvents worker0 = new HotPathEvents(0);
            final HotPathEvents worker1 = new HotPathEvents(1);
            final IntConsumer batch = i ->
            {
                worker0.beginBatch();
                worker0.endBatch(i, 1, 1);
                worker1.beginBatch();
                worker1.endBatch(1000 + i, 1, 1);
            };
            for (int i = 0; i < 12; i++)
            {
                batch.accept(i);
            }
            recording.stop();
            events = dump(recording, dir);
        }

        final List<Long> sequences = named(events, QuicksilverEvents.DISPATCH_BATCH).stream()
            .map(e -> e.getLong("firstSequence"))
            .sorted()
            .toList();
        assertEquals(List.of(0L, 4L, 8L, 1000L, 1004L, 1008L), sequences);
    }

    @Test
    void shouldEmitNothingAndReportDisabledWithoutARecording()
    {
        assertFalse(QuicksilverEvents.isWorkerStartedEnabled());
        assertFalse(QuicksilverEvents.isPartitionMovedEnabled());
        assertFalse(QuicksilverEvents.isResponderFailedEnabled());
    }

    @Test
    void shouldLayQuicksilverSettingsOverAJdkConfiguration() throws IOException, ParseException
    {
        final var settings = QuicksilverJfc.settingsOver("default");

        assertEquals("1 ms", settings.get(QuicksilverEvents.SLOW_RESPONDER + "#threshold"));
        assertEquals("100 us", settings.get(QuicksilverEvents.BACKPRESSURE_STALL + "#threshold"));
        assertEquals("false", settings.get(QuicksilverEvents.DISPATCH_BATCH + "#enabled"));
        assertEquals("1024", settings.get(QuicksilverEvents.DISPATCH_BATCH + "#sampleEvery"));
        assertEquals("true", settings.get("jdk.GarbageCollection#enabled"), "the JDK's own settings are kept");
    }

    @Test
    void shouldExtractTheShippedFile() throws IOException, ParseException
    {
        final Path file = QuicksilverJfc.extractTo(dir.resolve("quicksilver.jfc"));

        final var fromFile = jdk.jfr.Configuration.create(file).getSettings();
        assertEquals(QuicksilverJfc.configuration().getSettings(), fromFile);
        assertEquals("Quicksilver", jdk.jfr.Configuration.create(file).getLabel());
    }

    private static void spin(final Duration duration)
    {
        final long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0)
        {
            Thread.onSpinWait();
        }
    }
}
