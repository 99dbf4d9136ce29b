package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.Backpressure;
import io.quicksilver.runtime.ring.MultiProducerRing;
import org.agrona.concurrent.IdleStrategy;

/**
 * A producer for a thread that is not a worker: claims sequencer-ring slots directly. A {@link Backpressure#BLOCK}
 * claim that has to wait is recorded as a JFR {@code BackpressureStall} (worker -1).
 */
final class ExternalProducer extends Producer
{
    private final MultiProducerRing ring;
    private final IdleStrategy idle;
    private final SequencerStalls stalls = new SequencerStalls();

    ExternalProducer(final ParallelDispatcher dispatcher, final MultiProducerRing ring, final IdleStrategy idle)
    {
        super(dispatcher);
        this.ring = ring;
        this.idle = idle;
    }

    @Override
    long claim(final Backpressure backpressure)
    {
        if (Thread.currentThread() instanceof WorkerRunner.WorkerThread)
        {
            throw new IllegalStateException("an external producer used on worker thread '" +
                Thread.currentThread().getName() + "' could wait on the ring its worker gates: use " +
                "ParallelDispatcher.reactionProducer() inside responders");
        }
        final long ticket = ring.claim(1, backpressure, idle, stalls);
        if (ticket == CLAIM_FAILED)
        {
            // The ring counts DROP refusals itself; FAIL ones only here (refusal path, so a shared counter is fine).
            dispatcher.ringFailures.getAndAdd(1);
        }
        return ticket;
    }

    @Override
    MessageWriter wrap(final long ticket)
    {
        return writer.wrap(ring, ticket);
    }

    @Override
    void stamp(final MessageWriter writer)
    {
        // Not a reaction: the causal fields keep the writer's defaults (no predecessor).
    }

    @Override
    void publish(final long ticket)
    {
        ring.publish(ticket);
    }

    @Override
    void abandon(final long ticket)
    {
        writer.wrap(ring, ticket).senderNodeId(ParallelDispatcher.SKIP_SENDER);
        ring.publish(ticket);
    }
}
