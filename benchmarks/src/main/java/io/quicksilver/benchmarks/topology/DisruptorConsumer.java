package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;

/**
 * The Disruptor's consumer, the way its own performance tests run one: a {@link BatchEventProcessor} on its own
 * thread, gating the ring.
 */
final class DisruptorConsumer implements AutoCloseable
{
    private final RingBuffer<PayloadObject> ring;
    private final BatchEventProcessor<PayloadObject> processor;
    private final Thread thread;

    DisruptorConsumer(final String name, final RingBuffer<PayloadObject> ring,
        final EventHandler<PayloadObject> handler)
    {
        this.ring = ring;
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Let the processor catch up with everything published (for up to ten seconds), then halt it: halting at once
     * would strand the last events if JMH tears this down before the producers check their deliveries.
     */
    @Override
    public void close()
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (processor.getSequence().get() < ring.getCursor() && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        processor.halt();
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
