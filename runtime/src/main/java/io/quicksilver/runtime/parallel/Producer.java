package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.RoutingException;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.Backpressure;
import io.quicksilver.runtime.ring.MessageRing;

/**
 * Sends messages into a {@link ParallelDispatcher}: claim with {@link #begin}, write the payload in place with
 * {@link #writer()}, then {@link #commit()}.
 * <pre>{@code
 * Producer p = dispatcher.newProducer();                   // one per external thread
 * if (p.begin(node.id(), Method.MESSAGE_INT, Metadata.DEFAULT, Backpressure.BLOCK) >= 0)
 * {
 *     p.writer().putInt(42);
 *     p.commit();
 * }
 * }</pre>
 * Two kinds: an external producer ({@link ParallelDispatcher#newProducer()}) claims a slot of the sequencer ring
 * directly and may block; a worker's reaction producer ({@link ParallelDispatcher#reactionProducer()}, for
 * responders that send while handling a message) writes into the worker's staging buffer, stamps the message being
 * handled as the causal predecessor, and refuses {@link Backpressure#BLOCK}: a worker must never wait for the ring
 * it gates.
 * <p>
 * Not thread-safe: a producer belongs to one thread. Sending allocates nothing, but for the first send with a new
 * {@code CUSTOM} predicate, which registers it.
 */
public abstract sealed class Producer permits ExternalProducer, ReactionProducer
{
    /** {@link #begin} result under {@link Backpressure#FAIL}: no room now. */
    public static final long CLAIM_FAILED = MessageRing.CLAIM_FAILED;

    /** {@link #begin} result under {@link Backpressure#DROP}: no room now, the drop was counted. */
    public static final long CLAIM_DROPPED = MessageRing.CLAIM_DROPPED;

    /**
     * {@link #begin} result for a {@code NETWORK}-only message in a dispatcher without a network: nothing to deliver
     * locally, counted. With a network the message is started like any other (and not delivered locally).
     */
    public static final long NOT_LOCAL = -3L;

    private static final long NONE = Long.MIN_VALUE;
    private static final int LATERAL = Level.SIBLINGS | Level.COUSINS;

    final ParallelDispatcher dispatcher;
    final MessageWriter writer = new MessageWriter();
    // The sequence this producer has taken and not yet published, or NONE. Set by a subclass's claim with a plain
    // field store the moment the sequence is taken (no call in between, so not even a StackOverflowError can lose
    // it), cleared only once the publish or the abandon has happened: whatever throws in between, the producer
    // still knows it owes the consumers that sequence, and hasPending()/abandon() settle the debt.
    long pending = NONE;

    Producer(final ParallelDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    /**
     * Start a message: check it, claim room for it (the sender's backpressure decides what happens when there is
     * none) and write its header. Then write the payload with {@link #writer()} and {@link #commit()}.
     *
     * @param sender       id of the sending node; it must be part of the applied hierarchy.
     * @param method       method id.
     * @param metadata     routing metadata; lateral levels without {@code allowLateral} and {@code CUSTOM} without a
     *                     predicate are dropped and counted as in single-threaded mode (strict: refused); a
     *                     {@code CUSTOM} predicate is registered with the dispatcher (by identity, once) and the
     *                     message carries its id.
     * @param backpressure what to do when there is no room.
     * @return a non-negative ticket when the message was started, or {@link #CLAIM_FAILED}, {@link #CLAIM_DROPPED}
     * or {@link #NOT_LOCAL}.
     * @throws IllegalStateException    if a message is already started, or the dispatcher is closed, or the metadata
     *                                  brings a new custom predicate and the dispatcher's registry is full.
     * @throws IllegalArgumentException for an unknown sender or a negative method.
     * @throws RoutingException         in strict mode, for a lateral level without {@code allowLateral} or
     *                                  {@code CUSTOM} without a predicate; nothing is claimed.
     */
    public final long begin(final int sender, final int method, final Metadata metadata, final Backpressure backpressure)
    {
        if (pending != NONE)
        {
            throw new IllegalStateException("a message is already started and not committed: ticket=" + pending);
        }
        dispatcher.checkSend(sender, method);
        // Before anything is counted, as a single-threaded send refuses a nested send past its limit first.
        checkNesting(method);
        if (!metadata.network().deliversLocally())
        {
            dispatcher.networkOnlySends.getAndAdd(1);
            if (dispatcher.network == null)
            {
                return NOT_LOCAL;
            }
            // With a network it enters the ring, in the one order the egress, the journal and the workers share;
            // the workers skip it.
        }
        int level = metadata.level();
        final boolean lateralDropped = (level & LATERAL) != 0 && !metadata.options().allowLateral();
        if (lateralDropped)
        {
            if (dispatcher.strict)
            {
                throw new RoutingException("lateral routing (" + Level.toString(level & LATERAL) + ") needs " +
                    "RoutingOptions.allowLateral: sender='" + dispatcher.nodeName(sender) + "', method=" +
                    Method.toString(method));
            }
            level &= ~LATERAL;
        }
        int customFilter = MessageLayout.NO_CUSTOM_FILTER;
        boolean customDropped = false;
        if ((level & Level.CUSTOM) != 0)
        {
            final Object filter = metadata.options().customFilter();
            if (filter != null)
            {
                customFilter = dispatcher.customFilters.idOf(filter);
            }
            else if (dispatcher.strict)
            {
                throw new RoutingException("level CUSTOM needs RoutingOptions.customFilter: sender='" +
                    dispatcher.nodeName(sender) + "', method=" + Method.toString(method));
            }
            else
            {
                customDropped = true;
                level &= ~Level.CUSTOM;
            }
        }
        final long ticket = claim(backpressure);
        if (ticket < 0)
        {
            return ticket;
        }
        pending = ticket;
        // Counted once the message has its room, as a single-threaded send counts them while it routes.
        if (lateralDropped)
        {
            dispatcher.lateralDrops.getAndAdd(1);
        }
        if (customDropped)
        {
            dispatcher.customDrops.getAndAdd(1);
        }
        wrap(ticket)
            .method(method)
            .levelFilter(level)
            .activeFilter(metadata.active().code())
            .selectedFilter(metadata.selected().code())
            .networkFilter(metadata.network().code())
            .tagMask(metadata.tags())
            .senderNodeId(sender);
        stamp(writer);
        if (customFilter != MessageLayout.NO_CUSTOM_FILTER)
        {
            writer.customFilterId(customFilter);
        }
        return ticket;
    }

    /**
     * @return the writer over the started message, for its payload.
     */
    public final MessageWriter writer()
    {
        return writer;
    }

    /**
     * Make the started message visible (external) or stage it for publication (reaction).
     */
    public final void commit()
    {
        final long ticket = pending;
        if (ticket == NONE)
        {
            throw new IllegalStateException("commit without a started message");
        }
        publish(ticket);
        pending = NONE;
    }

    /**
     * Whether a message was started and neither committed nor abandoned: a send that threw between the claim and the
     * publish (a payload that did not fit, a codec or a {@code CharSequence} that failed, a
     * {@link StackOverflowError} in the send path). {@link #abandon()} settles it.
     *
     * @return true while a started message is pending.
     */
    public final boolean hasPending()
    {
        return pending != NONE;
    }

    /**
     * Give up a started message (a payload that did not fit, say): an external producer has already taken its
     * sequence, so it publishes a skip that no responder receives (waiting for room first if the claim threw while
     * it waited); a reaction is simply not staged. Does nothing when no message is pending. If this throws too (a
     * {@link StackOverflowError} again), the message stays pending and a later call settles it.
     */
    public final void abandon()
    {
        final long ticket = pending;
        if (ticket == NONE)
        {
            return;
        }
        abandon(ticket);
        pending = NONE;
    }

    /**
     * Send a message without payload.
     *
     * @return as {@link #begin}.
     */
    public final long send(final int sender, final int method, final Metadata metadata, final Backpressure backpressure)
    {
        final long ticket = begin(sender, method, metadata, backpressure);
        if (ticket >= 0)
        {
            writer.putNone();
            commit();
        }
        return ticket;
    }

    /**
     * Send a message with an {@code int} payload.
     *
     * @return as {@link #begin}.
     */
    public final long sendInt(
        final int sender, final int method, final int value, final Metadata metadata, final Backpressure backpressure)
    {
        final long ticket = begin(sender, method, metadata, backpressure);
        if (ticket >= 0)
        {
            writer.putInt(value);
            commit();
        }
        return ticket;
    }

    /**
     * Take room for one message: a ticket (which the caller stores in {@link #pending}; a claim that can throw after
     * its sequence was taken stores it there itself, first) or a negative sentinel.
     */
    abstract long claim(Backpressure backpressure);

    /** Refuse a reaction that would make its chain longer than the dispatcher's {@code maxNestingDepth}. */
    abstract void checkNesting(int method);

    abstract MessageWriter wrap(long ticket);

    abstract void stamp(MessageWriter writer);

    abstract void publish(long ticket);

    abstract void abandon(long ticket);
}
