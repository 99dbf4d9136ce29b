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
    // True from a blocking claim's reserve until its wait for room returned: an abandon must wait for the room too.
    private boolean awaitingRoom;

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
        if (backpressure == Backpressure.BLOCK)
        {
            // Two steps so that the sequence is on record before anything that can throw: the wait calls the idle
            // strategy and the stall listener, and a deep caller stack can overflow in either.
            final long first = ring.reserve(1);
            pending = first;
            awaitingRoom = true;
            ring.awaitReserved(first, 1, idle, stalls);
            awaitingRoom = false;
            return first;
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
    void checkNesting(final int method)
    {
        // A message from outside the handlers starts a chain: depth 0.
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
        if (awaitingRoom)
        {
            // The slot may still hold a message a worker has not read: it is ours to write only once there is room.
            ring.awaitReserved(ticket, 1, idle, null);
            awaitingRoom = false;
        }
        writer.wrap(ring, ticket).senderNodeId(ParallelDispatcher.SKIP_SENDER);
        ring.publish(ticket);
    }
}
