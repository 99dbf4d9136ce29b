package io.quicksilver.runtime.jcstress.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Responder;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;

/**
 * A small invoker-mode dispatcher for the tests: one root node with one responder, no threads of its own.
 */
final class Dispatchers
{
    private Dispatchers()
    {
    }

    /**
     * @param workers   worker count.
     * @param responder the only responder, on the root.
     * @return the dispatcher; the root is node 0.
     */
    static ParallelDispatcher oneResponder(final int workers, final Responder responder)
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel root = h.createNode("root", false);
        h.addResponder(root, "r", responder, Tag.EVERYTHING, true, false, true);
        return ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(workers)
            .partitions(1)
            .ringCapacity(8)
            .stagingCapacity(2)
            .maxPayload(8)
            .invoker(true)
            .balancePeriod(java.time.Duration.ZERO)
            .log(line -> { })
            .build();
    }

    /**
     * Send an {@code int} to the root.
     */
    static void send(final Producer producer, final int value)
    {
        producer.sendInt(0, Method.FIRST_APPLICATION_METHOD, value, Metadata.SELF, Backpressure.BLOCK);
    }

    /**
     * Invoke a worker until it has read every message published so far.
     */
    static void drain(final ParallelDispatcher d, final int worker)
    {
        final long last = d.producerIndex();
        while (d.consumerSequence(worker) < last)
        {
            if (d.invoke(worker) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
