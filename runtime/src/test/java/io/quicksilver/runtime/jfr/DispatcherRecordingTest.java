package io.quicksilver.runtime.jfr;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import io.quicksilver.runtime.ring.SignallingIdleStrategy;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.quicksilver.runtime.jfr.RecordedEvents.dump;
import static io.quicksilver.runtime.jfr.RecordedEvents.named;
import static io.quicksilver.runtime.jfr.RecordedEvents.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A two-worker {@link ParallelDispatcher} under an in-process recording, read back with {@link RecordingFile}: every
 * responder call, batch and producer stall the dispatcher makes shows up with the fields the run implies, and nothing
 * shows up while the three hot-path events are disabled.
 * <p>
 * The scene: a root with a child; {@code deep} on the child, then {@code top} and {@code gate} on the root, linked
 * before the root's responders are added, so the depth-first order (deep, top, gate) differs from the snapshot's
 * responder order (top, gate, deep) and an index taken from the wrong table would show. Every call spins on the clock
 * for a few microseconds, so its duration is positive by construction. The stall is a handshake, not a race: the
 * {@code gate} responder holds its worker on one message until the producer's idle strategy has been called, which
 * happens only inside a blocking claim that found the 16-slot ring full; the producer sends more than a ring's worth
 * after that message, so it must block.
 */
@Timeout(60)
class DispatcherRecordingTest
{
    private static final int RING_CAPACITY = 16;
    private static final int FIRST_BURST = 10;
    private static final int FAILING_VALUE = 5;
    private static final int GATE_VALUE = 1000;
    private static final int SECOND_BURST = RING_CAPACITY + 1;
    private static final long CALL_SPIN_NANOS = 5_000;
    private static final List<String> DEPTH_FIRST = List.of("deep", "top", "gate");

    @TempDir
    Path dir;

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch producerBlocked = new CountDownLatch(1);
    private final AtomicBoolean gateGaveUp = new AtomicBoolean();

    @Test
    void shouldRecordResponderCallsBatchesAndStallsOfAParallelDispatcher() throws Exception
    {
        final Scene scene;
        final List<RecordedEvent> events;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.enable(QuicksilverEvents.SLOW_RESPONDER).withThreshold(Duration.ZERO)
                .with(SampleEveryControl.NAME, "1");
            recording.enable(QuicksilverEvents.BACKPRESSURE_STALL).withThreshold(Duration.ZERO);
            recording.enable(QuicksilverEvents.DISPATCH_BATCH).with(SampleEveryControl.NAME, "1");
            recording.start();
            scene = run();
            recording.stop();
            events = dump(recording, dir);
        }

        // Every call of every message, once, with the calling worker and the depth-first index.
        final List<RecordedEvent> calls = named(events, QuicksilverEvents.SLOW_RESPONDER);
        final Map<String, RecordedEvent> byCall = new HashMap<>();
        for (final RecordedEvent call : calls)
        {
            final String responder = call.getString("responder");
            final int index = DEPTH_FIRST.indexOf(responder);
            assertTrue(index >= 0, "unknown responder: " + call);
            assertNull(byCall.put(responder + "@" + call.getLong("sequence"), call), "recorded twice: " + call);
            assertEquals(index, call.getInt("responderIndex"), "depth-first index: " + call);
            assertEquals(scene.ownerByPosition[index], call.getInt("worker"), "owner: " + call);
            assertEquals("quicksilver-worker-" + call.getInt("worker"), call.getThread().getJavaName());
            assertEquals(Method.MESSAGE_INT, call.getInt("method"));
            assertEquals("MESSAGE_INT", call.getString("methodName"));
            assertPositive(call.getDuration(), call);
        }
        for (final long ticket : scene.tickets)
        {
            for (final String responder : DEPTH_FIRST)
            {
                assertNotNull(byCall.get(responder + "@" + ticket), "no call recorded: " + responder + "@" + ticket);
            }
        }
        assertEquals(scene.tickets.size() * DEPTH_FIRST.size(), calls.size());
        assertEquals(Set.of(0, 1), Set.copyOf(calls.stream().map(e -> e.getInt("worker")).toList()),
            "both workers called responders");

        // The failing call is reported with the same coordinates.
        final RecordedEvent failed = only(events, QuicksilverEvents.RESPONDER_FAILED);
        assertEquals("deep", failed.getString("responder"));
        assertEquals(0, failed.getInt("responderIndex"));
        assertEquals(scene.ownerByPosition[0], failed.getInt("worker"));
        assertEquals((long)scene.tickets.get(FAILING_VALUE), failed.getLong("sequence"));
        assertEquals(Method.MESSAGE_INT, failed.getInt("method"));
        assertEquals(IllegalStateException.class.getName(), failed.getClass("exceptionClass").getName());
        assertEquals("boom " + FAILING_VALUE, failed.getString("message"));

        // Each worker's batches (sampleEvery=1: all of them) tile the ring from the first layout message on, and
        // their deliveries add up to that worker's calls; each call lies inside a batch of its worker.
        final long lastTicket = scene.tickets.getLast();
        final List<RecordedEvent> batches = named(events, QuicksilverEvents.DISPATCH_BATCH);
        for (int worker = 0; worker < 2; worker++)
        {
            final int w = worker;
            final List<RecordedEvent> own = batches.stream()
                .filter(e -> e.getInt("worker") == w)
                .sorted(Comparator.comparingLong(e -> e.getLong("firstSequence")))
                .toList();
            assertFalse(own.isEmpty(), "no batch of worker " + w);
            long next = 0;
            int deliveries = 0;
            for (final RecordedEvent batch : own)
            {
                assertEquals(next, batch.getLong("firstSequence"), "batches of worker " + w + " tile the ring");
                assertTrue(batch.getInt("batchSize") > 0, batch.toString());
                assertEquals("quicksilver-worker-" + w, batch.getThread().getJavaName());
                next += batch.getInt("batchSize");
                deliveries += batch.getInt("deliveries");
            }
            assertTrue(next > lastTicket, "worker " + w + " batches end at " + next + ", last message " + lastTicket);
            final List<RecordedEvent> ownCalls = calls.stream().filter(e -> e.getInt("worker") == w).toList();
            assertEquals(ownCalls.size(), deliveries, "deliveries of worker " + w);
            for (final RecordedEvent call : ownCalls)
            {
                final long sequence = call.getLong("sequence");
                final RecordedEvent batch = own.stream()
                    .filter(b -> b.getLong("firstSequence") <= sequence &&
                        sequence < b.getLong("firstSequence") + b.getInt("batchSize"))
                    .findFirst()
                    .orElseThrow();
                assertTrue(batch.getDuration().compareTo(call.getDuration()) >= 0, "batch encloses " + call);
            }
        }

        // The producer's waits for room: at least the one the gate forced.
        final List<RecordedEvent> stalls = named(events, QuicksilverEvents.BACKPRESSURE_STALL);
        assertFalse(stalls.isEmpty(), "no BackpressureStall recorded");
        for (final RecordedEvent stall : stalls)
        {
            assertEquals("sequencer", stall.getString("ring"));
            assertEquals(0, stall.getInt("ringId"));
            assertEquals(-1, stall.getInt("worker"));
            assertEquals(1, stall.getInt("claimedSlots"));
            assertEquals("BLOCK", stall.getString("policy"));
            assertEquals(Thread.currentThread().getName(), stall.getThread().getJavaName());
            assertPositive(stall.getDuration(), stall);
        }
    }

    @Test
    void shouldCommitNoHotPathEventWhileTheyAreDisabled() throws Exception
    {
        final Scene scene;
        final List<RecordedEvent> events;
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            recording.disable(QuicksilverEvents.SLOW_RESPONDER);
            recording.disable(QuicksilverEvents.BACKPRESSURE_STALL);
            recording.disable(QuicksilverEvents.DISPATCH_BATCH);
            recording.start();
            scene = run();
            recording.stop();
            events = dump(recording, dir);
        }

        assertEquals(List.of(), named(events, QuicksilverEvents.SLOW_RESPONDER));
        assertEquals(List.of(), named(events, QuicksilverEvents.BACKPRESSURE_STALL));
        assertEquals(List.of(), named(events, QuicksilverEvents.DISPATCH_BATCH));
        // The run did stall and fail, and the recording worked: the events left on are there.
        assertEquals(2, named(events, QuicksilverEvents.WORKER_STARTED).size());
        assertEquals((long)scene.tickets.get(FAILING_VALUE),
            only(events, QuicksilverEvents.RESPONDER_FAILED).getLong("sequence"));
    }

    /**
     * Build the scene, send the first burst (one failing call), the gate, and more than a ring's worth behind it,
     * flush, close.
     */
    private Scene run() throws InterruptedException
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> failures.add(source + ": " + error));
        final NodeModel root = h.createNode("root", false);
        final NodeModel child = h.createNode("child", false);
        h.link(root, child);
        h.addResponder(child, "deep", view ->
        {
            spin(CALL_SPIN_NANOS);
            if (view.getInt() == FAILING_VALUE)
            {
                throw new IllegalStateException("boom " + FAILING_VALUE);
            }
        }, Tag.EVERYTHING, true, false, true);
        h.addResponder(root, "top", view -> spin(CALL_SPIN_NANOS), Tag.EVERYTHING, true, false, true);
        h.addResponder(root, "gate", view ->
        {
            spin(CALL_SPIN_NANOS);
            if (view.getInt() == GATE_VALUE)
            {
                awaitProducerBlocked();
            }
        }, Tag.EVERYTHING, true, false, true);

        final List<Long> tickets = new ArrayList<>();
        final int[] ownerByPosition = new int[DEPTH_FIRST.size()];
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) ->
                failures.add(source + ": " + error))
            .workers(2)
            .ringCapacity(RING_CAPACITY)
            .idleStrategy(YieldingIdleStrategy::new)
            .balancePeriod(Duration.ZERO)
            .watchdogThreshold(Duration.ofSeconds(30))
            .closeTimeout(Duration.ofSeconds(5))
            .log(line -> { })
            .build())
        {
            int position = 0;
            for (int p = 0; p < d.partitionCount(); p++)
            {
                for (int i = 0; i < d.partitionSize(p); i++)
                {
                    ownerByPosition[position++] = d.partitionOwner(p);
                }
            }
            assertEquals(DEPTH_FIRST.size(), position);

            final Producer producer = d.newProducer(new SignallingIdleStrategy(producerBlocked));
            for (int value = 0; value < FIRST_BURST; value++)
            {
                tickets.add(send(producer, root, value));
            }
            tickets.add(send(producer, root, GATE_VALUE));
            for (int value = GATE_VALUE + 1; value <= GATE_VALUE + SECOND_BURST; value++)
            {
                tickets.add(send(producer, root, value));
            }
            d.flush();
        }

        assertEquals(0, producerBlocked.getCount(), "the producer never waited for room");
        assertFalse(gateGaveUp.get(), "the gate gave up waiting for the producer to block");
        assertEquals(1, failures.size(), "failures: " + failures);
        assertTrue(failures.getFirst().startsWith("deep: java.lang.IllegalStateException: boom"), failures.toString());
        assertEquals(tickets.size(), new HashSet<>(tickets).size());
        return new Scene(tickets, ownerByPosition);
    }

    private static long send(final Producer producer, final NodeModel sender, final int value)
    {
        final long ticket = producer.sendInt(sender.id(), Method.MESSAGE_INT, value, Metadata.DEFAULT, Backpressure.BLOCK);
        assertTrue(ticket >= 0, "send refused: value=" + value + ", ticket=" + ticket);
        return ticket;
    }

    private void awaitProducerBlocked()
    {
        try
        {
            if (!producerBlocked.await(30, TimeUnit.SECONDS))
            {
                gateGaveUp.set(true);
            }
        }
        catch (final InterruptedException e)
        {
            gateGaveUp.set(true);
            Thread.currentThread().interrupt();
        }
    }

    private static void assertPositive(final Duration duration, final RecordedEvent event)
    {
        assertTrue(!duration.isNegative() && !duration.isZero(), "duration " + duration + " of " + event);
    }

    private static void spin(final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0)
        {
            Thread.onSpinWait();
        }
    }

    private record Scene(List<Long> tickets, int[] ownerByPosition)
    {
    }
}
