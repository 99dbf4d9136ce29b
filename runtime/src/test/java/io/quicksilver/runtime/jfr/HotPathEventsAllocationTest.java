package io.quicksilver.runtime.jfr;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emitters allocate nothing on the heap while JFR is off, and the per-thread duration events allocate nothing
 * while recording either; nor does a parallel dispatcher's worker that emits them, recording or not (measured in
 * invoker mode, so the worker runs on the measuring thread).
 */
@Timeout(60)
class HotPathEventsAllocationTest
{
    private static final int ROUNDS = 20_000;
    private static final int DISPATCH_ROUNDS = 5_000;
    private static final int RESPONDERS = 4;
    private static final int MEASURED_WINDOWS = 3;
    private static final ResponderLookup LOOKUP = new ResponderLookup()
    {
        @Override
        public String responderName(final int responder)
        {
            return "r";
        }

        @Override
        public int depthFirstIndex(final int responder)
        {
            return responder;
        }
    };

    /**
     * Bytes a measured window may show without any emitter allocating: the JIT and class initialisation on the
     * measuring thread can account for a few hundred bytes once (224 were seen). One 16-byte object per round would
     * show as {@code 16 * ROUNDS} = 320,000 bytes, far above this.
     */
    private static final long ONE_TIME_NOISE_BYTES = 1024;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final IllegalStateException failure = new IllegalStateException("boom");
    private long checksum;

    @Test
    void shouldNotAllocateWhenJfrIsOff()
    {
        assertTrue(threads.isThreadAllocatedMemoryEnabled());
        final HotPathEvents events = new HotPathEvents(1);
        emitAll(events);
        final long before = threads.getCurrentThreadAllocatedBytes();
        emitAll(events);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < ONE_TIME_NOISE_BYTES,
            "bytes allocated by " + ROUNDS + " rounds of every emitter: allocated=" + allocated);
        assertTrue(checksum != 0);
    }

    @Test
    void shouldNotAllocateInHotPathPairsWhileRecording() throws Exception
    {
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            // Every batch committed, every responder call and stall timed (and dropped under the threshold).
            recording.enable(QuicksilverEvents.DISPATCH_BATCH).with(SampleEveryControl.NAME, "1");
            recording.start();
            final HotPathEvents events = new HotPathEvents(1);
            hotPairs(events);
            // A responder call can cross the 1 ms threshold in the measured rounds (a safepoint, a compilation):
            // commit that path once first, so that its one-time class loading is not counted.
            events.beginResponder();
            spin(2_000_000L);
            events.endResponder("slow", 4, -1L, Method.MESSAGE_INT);
            final long before = threads.getCurrentThreadAllocatedBytes();
            hotPairs(events);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            recording.stop();

            assertTrue(allocated < ONE_TIME_NOISE_BYTES,
                "bytes allocated by " + ROUNDS + " recorded batches: allocated=" + allocated);
        }
    }

    @Test
    void shouldNotAllocateInADispatcherWorkerWhenJfrIsOff()
    {
        assertDispatchAllocatesNothing(null);
    }

    @Test
    void shouldNotAllocateInADispatcherWorkerThatRecordsEveryBatchAndCall() throws Exception
    {
        try (Recording recording = new Recording(QuicksilverJfc.configuration()))
        {
            // Every batch and every responder call committed: the name and index lookups run on every call.
            recording.enable(QuicksilverEvents.DISPATCH_BATCH).with(SampleEveryControl.NAME, "1");
            recording.enable(QuicksilverEvents.SLOW_RESPONDER).withThreshold(Duration.ZERO)
                .with(SampleEveryControl.NAME, "1");
            recording.start();
            assertDispatchAllocatesNothing(recording);
            recording.stop();
        }
    }

    private void assertDispatchAllocatesNothing(final Recording recording)
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel root = h.createNode("root", false);
        final long[] received = new long[1];
        for (int r = 0; r < RESPONDERS; r++)
        {
            h.addResponder(root, "r" + r, view -> received[0] += view.getInt(), Tag.EVERYTHING, true, false, true);
        }
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(2)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .log(line -> { })
            .build())
        {
            final Producer producer = d.newProducer();
            // The first rounds install the layout and load and link what the measured rounds use.
            dispatch(d, producer, root);
            // The least of three windows: a window in which the JIT deoptimizes (more likely on a loaded machine)
            // runs a while interpreted, where escape-analysed objects are real; allocation per message would show in
            // every window (5,000 messages, so at least 5,000 bytes each).
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < MEASURED_WINDOWS; window++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                dispatch(d, producer, root);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }

            assertTrue(allocated < ONE_TIME_NOISE_BYTES, "bytes allocated by " + DISPATCH_ROUNDS + " messages to " +
                RESPONDERS + " responders on 2 workers, recording=" + (recording != null) + ", least of " +
                MEASURED_WINDOWS + " windows: allocated=" + allocated);
            assertEquals((1L + MEASURED_WINDOWS) * DISPATCH_ROUNDS * RESPONDERS, d.deliveries());
            assertTrue(received[0] != 0);
        }
    }

    private static void dispatch(final ParallelDispatcher d, final Producer producer, final NodeModel sender)
    {
        for (int i = 0; i < DISPATCH_ROUNDS; i++)
        {
            final long ticket = producer.sendInt(sender.id(), Method.MESSAGE_INT, i, Metadata.DEFAULT, Backpressure.BLOCK);
            assertTrue(ticket >= 0);
            d.invoke(0);
            d.invoke(1);
        }
    }

    private static void spin(final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0)
        {
            Thread.onSpinWait();
        }
    }

    private void emitAll(final HotPathEvents events)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            QuicksilverEvents.workerStarted(1, 2, 0, true, "");
            QuicksilverEvents.partitionMoved(1, 0, 1, 10, 0, 9, i, MoveReason.BALANCE);
            QuicksilverEvents.responderFailed("r", 3, 1, i, Method.MESSAGE_INT, failure);
            hotPair(events, i);
            events.beginResponder();
            events.endResponder(LOOKUP, 3, i, Method.MESSAGE_INT);
            events.beginStall();
            events.endStall("inbox", 1, 1, Backpressure.BLOCK);
            checksum += i;
        }
    }

    private void hotPairs(final HotPathEvents events)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            hotPair(events, i);
        }
    }

    private void hotPair(final HotPathEvents events, final int i)
    {
        events.beginBatch();
        events.beginResponder();
        checksum += i;
        events.endResponder("r", 3, i, Method.MESSAGE_INT);
        events.endBatch(i, 1, 1);
    }
}
