package io.quicksilver.benchmarks.topology;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.benchmarks.ring.Payloads;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How every topology builds and feeds the parallel runtime, so the settings that make the comparison fair are in one
 * place: rings of {@link #RING_CAPACITY} slots sized for the 64-byte payload, busy-spinning workers, and a send that
 * claims with {@link Backpressure#FAIL} so a full ring costs one busy-spin step, as it does for every peer.
 */
final class QuicksilverRuntimes
{
    /** Ring slots, the same as every peer's ring or queue. */
    static final int RING_CAPACITY = 1024;

    /** The benchmark method; an application method, so nothing in the runtime treats it specially. */
    static final int METHOD = Method.FIRST_APPLICATION_METHOD;

    private QuicksilverRuntimes()
    {
    }

    /**
     * A failure sink that keeps the first failure, to be thrown on the benchmark thread.
     */
    static final class Failures
    {
        final AtomicReference<String> first = new AtomicReference<>();

        void record(final NodeModel node, final String source, final int method, final Throwable error)
        {
            first.compareAndSet(null, source + " at node '" + node.name() + "' failed: " + error);
        }

        void check()
        {
            final String f = first.get();
            if (f != null)
            {
                throw new IllegalStateException(f);
            }
        }
    }

    /**
     * @param hierarchy the topology.
     * @param failures  where responder failures go.
     * @param workers   worker threads.
     * @return a started dispatcher with the benchmark settings.
     */
    static ParallelDispatcher parallel(final Hierarchy hierarchy, final Failures failures, final int workers)
    {
        return ParallelDispatcher.builder(hierarchy, failures::record)
            .workers(workers)
            .ringCapacity(RING_CAPACITY)
            .maxPayload(Payloads.LENGTH)
            .idleStrategy(BusySpinIdleStrategy::new)
            // A worker descheduled for a while on a loaded 2-core machine is not stuck.
            .watchdogThreshold(Duration.ofSeconds(30))
            .log(line -> { })
            .build();
    }

    /**
     * A responder that checks every payload at a receiver.
     *
     * @param hierarchy the topology.
     * @param node      where the responder goes.
     * @param receiver  the check.
     */
    static void addReceiver(final Hierarchy hierarchy, final NodeModel node, final Receiver receiver)
    {
        hierarchy.addResponder(node, node.name(), view -> receiver.onPayload(view.payload(), 0),
            Tag.EVERYTHING, true, false, true);
    }

    /**
     * Send one message with the 64-byte payload, self and children, refusing when the ring is full.
     *
     * @return true if sent; false when the ring was full (nothing was claimed).
     */
    static boolean trySend(final Producer producer, final int sender, final long key)
    {
        final long ticket = producer.begin(sender, METHOD, Metadata.DEFAULT, Backpressure.FAIL);
        if (ticket < 0)
        {
            return false;
        }
        final MessageWriter writer = producer.writer();
        Payloads.write(writer.segment(), writer.payloadOffset(), key);
        writer.payloadWritten(PayloadType.BYTE_ARRAY, Payloads.LENGTH);
        producer.commit();
        return true;
    }

    /**
     * Send, busy-spinning while the ring is full.
     *
     * @return claims refused before it was sent.
     */
    static long send(final Producer producer, final int sender, final long key)
    {
        long refused = 0;
        while (!trySend(producer, sender, key))
        {
            refused++;
            Thread.onSpinWait();
        }
        return refused;
    }
}
