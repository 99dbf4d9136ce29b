package io.quicksilver.runtime.parallel;

import io.quicksilver.Method;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.Backpressure;

/**
 * A worker's producer for its responders' reactions: stages into the worker's {@link StagingBuffer}, stamps the
 * message being handled as the causal predecessor. {@link Backpressure#BLOCK} is refused.
 */
final class ReactionProducer extends Producer
{
    private final Worker worker;
    private final StagingBuffer staging;

    ReactionProducer(final ParallelDispatcher dispatcher, final Worker worker, final StagingBuffer staging)
    {
        super(dispatcher);
        this.worker = worker;
        this.staging = staging;
    }

    @Override
    long claim(final Backpressure backpressure)
    {
        // A thread replaced while its responder ran must not write into the staging its replacement now drains.
        worker.checkRescueInCall();
        if (backpressure == Backpressure.BLOCK)
        {
            throw new IllegalArgumentException("a reaction cannot use Backpressure.BLOCK (a worker must never wait " +
                "for the ring it gates): use FAIL or DROP, worker=" + worker.index());
        }
        if (!worker.isHandling())
        {
            throw new IllegalStateException(
                "a reaction must be sent while a message is being handled: worker=" + worker.index());
        }
        if (staging.isFull())
        {
            if (backpressure == Backpressure.DROP)
            {
                dispatcher.reactionDrops.getAndAdd(1);
                return CLAIM_DROPPED;
            }
            dispatcher.reactionFailures.getAndAdd(1);
            return CLAIM_FAILED;
        }
        return staging.nextTicket();
    }

    @Override
    MessageWriter wrap(final long ticket)
    {
        return writer.wrapAt(staging.slots(), staging.slotOffset(ticket), ticket);
    }

    @Override
    void checkNesting(final int method)
    {
        final int depth = worker.currentReactionDepth() + 1;
        if (depth >= dispatcher.maxNestingDepth)
        {
            throw new IllegalStateException("sends nested too deep (a responder that keeps sending to itself?): " +
                "depth=" + depth + ", maxNestingDepth=" + dispatcher.maxNestingDepth + ", method=" +
                Method.toString(method) + " (a chain of reactions, parallel mode)");
        }
    }

    @Override
    void stamp(final MessageWriter writer)
    {
        writer.causalStamp(worker.currentSender(), worker.currentSequence())
            .flags((worker.currentReactionDepth() + 1) << MessageLayout.REACTION_DEPTH_SHIFT);
    }

    @Override
    void publish(final long ticket)
    {
        worker.checkRescueInCall();
        if (dispatcher.isReplaying())
        {
            // The journal being replayed holds this reaction already, and replays it in its place: not staged.
            dispatcher.replayDroppedReactions.getAndAdd(1);
            return;
        }
        staging.commit(worker.currentSequence());
    }

    @Override
    void abandon(final long ticket)
    {
        // Never committed: the staging entry is simply reused.
    }
}
