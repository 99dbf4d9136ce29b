package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.CheckedMode;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageSlots;
import org.agrona.concurrent.IdleStrategy;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_OFFSET;
import static io.quicksilver.runtime.message.MessageLayout.SEQUENCE_VH;

/**
 * A ring of message slots in a {@link SlotArena}, written in place by producers and read in place by a fixed set of
 * consumers, every one of which sees every message (multicast).
 * <p>
 * <b>Sequences.</b> Messages are numbered from 0; message {@code s} lives in slot {@code s & (capacity - 1)}. Each
 * consumer owns a padded sequence: the last message it is done with. A producer may claim {@code s} only when every
 * consumer's sequence is at least {@code s - capacity}, so a slot is reused only once every gating consumer has moved
 * past it; the producer reads the minimum rarely, caching it between laps.
 * <p>
 * <b>Producing.</b> Claim one or a batch of sequences ({@link #tryClaim(int)}, {@link #claim(int, IdleStrategy)},
 * {@link #claimOrDrop(int)}, or {@link #claim(int, Backpressure, IdleStrategy)}; a {@link StallListener} passed to a
 * blocking claim hears about its waits), write each slot with a
 * {@link io.quicksilver.runtime.message.MessageWriter}, then {@link #publish(long, int)}. Claims return the first
 * sequence of the batch, or a negative sentinel: {@link #CLAIM_FAILED} or {@link #CLAIM_DROPPED}.
 * <p>
 * <b>Consuming.</b> Each {@link RingConsumer} polls on one thread: {@link RingConsumer#poll(MessageHandler, int)},
 * or peek a batch, read views, release.
 * <p>
 * The producer hot path allocates nothing and takes no lock; in {@link CheckedMode} a claim also stamps every
 * claimed slot so stale views fail loudly.
 */
public abstract sealed class MessageRing implements MessageSlots permits SingleProducerRing, MultiProducerRing
{
    /** Claim result under {@link Backpressure#FAIL}: no room now. */
    public static final long CLAIM_FAILED = -1L;

    private static final VarHandle CONSUMERS = java.lang.invoke.MethodHandles.arrayElementVarHandle(RingConsumer[].class);

    /** Claim result under {@link Backpressure#DROP}: no room now, the drop was counted. */
    public static final long CLAIM_DROPPED = -2L;

    /** Most consumers a ring accepts: the gating scan is linear, and a multicast ring wider than this is a bus. */
    public static final int MAX_CONSUMERS = 64;

    final SlotArena slots;
    final MemorySegment segment;
    final int capacity;
    final int slotLength;
    final long mask;
    final RingConsumer[] consumers;
    private final Sequence dropped = new Sequence(0);
    private final Sequence backpressureWaits = new Sequence(0);
    /** Why blocked claims must stop waiting (a journal that can no longer write), or null. */
    private volatile String claimRefusal;

    MessageRing(final SlotArena slots, final int consumerCount)
    {
        if (consumerCount <= 0 || consumerCount > MAX_CONSUMERS)
        {
            throw new IllegalArgumentException(
                "consumerCount must be in [1, " + MAX_CONSUMERS + "]: consumerCount=" + consumerCount);
        }
        if (!slots.isAlive())
        {
            throw new IllegalStateException("slot arena is closed: " + slots);
        }
        this.slots = slots;
        this.segment = slots.segment();
        this.capacity = slots.capacity();
        this.slotLength = slots.slotLength();
        this.mask = capacity - 1L;
        this.consumers = new RingConsumer[consumerCount];
        for (int i = 0; i < consumerCount; i++)
        {
            consumers[i] = new RingConsumer(this, i);
        }
    }

    // ------------------------------------------------------------------------------------------------ geometry

    @Override
    public final MemorySegment segment()
    {
        return segment;
    }

    @Override
    public final int capacity()
    {
        return capacity;
    }

    @Override
    public final int slotLength()
    {
        return slotLength;
    }

    @Override
    public final int maxPayload()
    {
        return slots.maxPayload();
    }

    @Override
    public final long slotOffset(final long sequence)
    {
        return (sequence & mask) * slotLength;
    }

    @Override
    public final MemorySegment payloadSegment(final long slotOffset)
    {
        return slots.payloadSegment(slotOffset);
    }

    /**
     * The arena the slots live in.
     *
     * @return slot arena.
     */
    public final SlotArena slots()
    {
        return slots;
    }

    /**
     * Whether the arena is still open; once closed every claim, publish and read throws.
     *
     * @return true while the slots can be used.
     */
    public final boolean isAlive()
    {
        return segment.scope().isAlive();
    }

    // ------------------------------------------------------------------------------------------------ consumers

    /**
     * Number of gating consumers, fixed at construction.
     *
     * @return consumer count.
     */
    public final int consumerCount()
    {
        return consumers.length;
    }

    /**
     * A gating consumer; each must be polled by one thread at a time.
     *
     * @param index in {@code [0, consumerCount)}.
     * @return the consumer.
     */
    public final RingConsumer consumer(final int index)
    {
        if (index < 0 || index >= consumers.length)
        {
            throw new IllegalArgumentException(
                "consumer index must be in [0, " + consumers.length + "): index=" + index);
        }
        return (RingConsumer)CONSUMERS.getAcquire(consumers, index);
    }

    /**
     * Sequence of the slowest gating consumer (the last message every consumer is done with).
     *
     * @return minimum consumer sequence, -1 before any release.
     */
    public final long lvMinimumConsumerSequence()
    {
        final RingConsumer[] consumers = this.consumers;
        long minimum = Long.MAX_VALUE;
        for (int i = 0; i < consumers.length; i++)
        {
            // Acquire on the element: a consumer replaced by replaceConsumer is seen with its starting sequence.
            minimum = Math.min(minimum, ((RingConsumer)CONSUMERS.getAcquire(consumers, i)).lvSequence());
        }
        return minimum;
    }

    /**
     * Put a new consumer in the place of consumer {@code index}, positioned after {@code sequence}: producers gate on
     * the new one from then on and never look at the old one again, whatever the old one's thread does with it. For
     * a worker whose thread is stuck in a responder and is replaced by a new thread (the old thread must never read
     * through the new consumer, and the new one never through the old).
     * <p>
     * {@code sequence} must not be behind the old consumer's released sequence (slots the old consumer released may
     * already be reused) nor ahead of what the old consumer has read (the new one would skip messages): the caller
     * picks a point the old consumer's thread has reached and stays at.
     *
     * @param index    in {@code [0, consumerCount)}.
     * @param sequence last message the new consumer counts as done with.
     * @return the new consumer.
     */
    public final RingConsumer replaceConsumer(final int index, final long sequence)
    {
        final RingConsumer old = consumer(index);
        if (sequence < old.lvSequence())
        {
            throw new IllegalArgumentException("a replacement consumer cannot start behind the old one: sequence=" +
                sequence + ", old=" + old.lvSequence() + ", consumer=" + index);
        }
        final RingConsumer fresh = new RingConsumer(this, index);
        fresh.startAfter(sequence);
        fresh.gateOn(old.gate());
        CONSUMERS.setRelease(consumers, index, fresh);
        return fresh;
    }

    // ------------------------------------------------------------------------------------------------ producers

    /**
     * Claim {@code count} consecutive sequences if there is room now ({@link Backpressure#FAIL}).
     *
     * @param count of slots, in {@code [1, capacity]}.
     * @return the first claimed sequence, or {@link #CLAIM_FAILED}.
     */
    public abstract long tryClaim(int count);

    /**
     * Claim {@code count} consecutive sequences, waiting with the idle strategy while the ring is full
     * ({@link Backpressure#BLOCK}).
     *
     * @param count of slots, in {@code [1, capacity]}.
     * @param idle  called while waiting; reset before returning.
     * @return the first claimed sequence.
     * @throws IllegalStateException if the arena is closed while waiting.
     */
    public final long claim(final int count, final IdleStrategy idle)
    {
        return claim(count, idle, null);
    }

    /**
     * As {@link #claim(int, IdleStrategy)}, telling {@code stalls} when the claim has to wait and when the wait is
     * over; a claim that finds room does not call it.
     *
     * @param count  of slots, in {@code [1, capacity]}.
     * @param idle   called while waiting; reset before returning.
     * @param stalls told about a wait, or null.
     * @return the first claimed sequence.
     * @throws IllegalStateException if the arena is closed while waiting.
     */
    public abstract long claim(int count, IdleStrategy idle, StallListener stalls);

    /**
     * Publish claimed sequences {@code [first, first + count)} once their slots are written: one release store
     * makes header and payload visible to every consumer.
     *
     * @param first sequence of the batch, as a claim returned it.
     * @param count of sequences, as claimed.
     */
    public abstract void publish(long first, int count);

    /**
     * Highest sequence claimed so far by any producer (published or not).
     *
     * @return last claimed sequence, -1 before any claim.
     */
    public abstract long lvProducerIndex();

    /**
     * Highest sequence in {@code [next, limit]} such that every sequence from {@code next} to it is published, or
     * {@code next - 1} if {@code next} is not published yet. Acquire semantics: the slots up to the result are safe
     * to read.
     */
    abstract long lvHighestPublished(long next, long limit);

    /**
     * Claim one sequence if there is room now.
     *
     * @return the claimed sequence, or {@link #CLAIM_FAILED}.
     */
    public final long tryClaim()
    {
        return tryClaim(1);
    }

    /**
     * Claim {@code count} sequences, or count a drop when the ring is full ({@link Backpressure#DROP}).
     *
     * @param count of slots, in {@code [1, capacity]}.
     * @return the first claimed sequence, or {@link #CLAIM_DROPPED}.
     */
    public final long claimOrDrop(final int count)
    {
        final long sequence = tryClaim(count);
        if (sequence < 0)
        {
            dropped.getAndAdd(1);
            return CLAIM_DROPPED;
        }
        return sequence;
    }

    /**
     * Claim {@code count} sequences with the caller's backpressure.
     *
     * @param count        of slots, in {@code [1, capacity]}.
     * @param backpressure what to do when the ring is full.
     * @param idle         used only by {@link Backpressure#BLOCK}.
     * @return the first claimed sequence, {@link #CLAIM_FAILED} or {@link #CLAIM_DROPPED}.
     */
    public final long claim(final int count, final Backpressure backpressure, final IdleStrategy idle)
    {
        return claim(count, backpressure, idle, null);
    }

    /**
     * Claim {@code count} sequences with the caller's backpressure, telling {@code stalls} when a
     * {@link Backpressure#BLOCK} claim has to wait.
     *
     * @param count        of slots, in {@code [1, capacity]}.
     * @param backpressure what to do when the ring is full.
     * @param idle         used only by {@link Backpressure#BLOCK}.
     * @param stalls       told about a {@link Backpressure#BLOCK} claim's wait, or null.
     * @return the first claimed sequence, {@link #CLAIM_FAILED} or {@link #CLAIM_DROPPED}.
     */
    public final long claim(
        final int count, final Backpressure backpressure, final IdleStrategy idle, final StallListener stalls)
    {
        return switch (backpressure)
        {
            case BLOCK -> claim(count, idle, stalls);
            case FAIL -> tryClaim(count);
            case DROP -> claimOrDrop(count);
        };
    }

    /**
     * Publish one claimed sequence.
     *
     * @param sequence as a claim returned it.
     */
    public final void publish(final long sequence)
    {
        publish(sequence, 1);
    }

    /**
     * Number of claims refused under {@link Backpressure#DROP} since the ring was created.
     *
     * @return drop count.
     */
    public final long droppedCount()
    {
        return dropped.getOpaque();
    }

    /**
     * Number of blocking claims that found the ring full and waited for room (counted once per claim, on the wait's
     * path only: a claim that finds room never touches it).
     *
     * @return wait count.
     */
    public final long backpressureWaitCount()
    {
        return backpressureWaits.getOpaque();
    }

    /**
     * Highest sequence published contiguously from the slowest consumer's place: a sample for monitoring, at most
     * {@link #lvProducerIndex()}, that may lag a publication in flight.
     *
     * @return last published sequence, -1 before any.
     */
    public final long lvPublishedThrough()
    {
        final long minimum = lvMinimumConsumerSequence();
        return lvHighestPublished(minimum + 1, lvProducerIndex());
    }

    // ------------------------------------------------------------------------------------------------ internals

    final void checkCount(final int count)
    {
        if (count <= 0 || count > capacity)
        {
            MessageLayout.checkBatchCount(count, capacity);
        }
    }

    /**
     * In checked mode, stamp each claimed slot before any byte of it is rewritten, so a view still bound to the
     * slot's previous message fails instead of reading the new one. The store-store fence keeps the stamp ahead of
     * the writer's plain stores.
     */
    final void markClaimed(final long first, final int count)
    {
        final MemorySegment segment = this.segment;
        for (long sequence = first, last = first + count; sequence < last; sequence++)
        {
            SEQUENCE_VH.setOpaque(segment, slotOffset(sequence) + SEQUENCE_OFFSET, MessageLayout.claimedMarker(sequence));
        }
        VarHandle.storeStoreFence();
    }

    /**
     * A blocking claim's wait for room, shared by both rings and kept out of their claim methods, so the claim that
     * finds room stays small and never touches the listener.
     *
     * @param wrapPoint sequence every consumer must reach before the claim fits.
     * @param sequence  first sequence being claimed, for the error message.
     * @param count     slots being claimed.
     * @param idle      called while waiting.
     * @param stalls    told when the wait starts and ends, or null.
     * @return the minimum consumer sequence that let the claim through.
     */
    final long awaitRoom(
        final long wrapPoint, final long sequence, final int count, final IdleStrategy idle, final StallListener stalls)
    {
        backpressureWaits.getAndAdd(1);
        if (null != stalls)
        {
            stalls.onStallStart(count);
        }
        try
        {
            idle.reset();
            long minimum;
            do
            {
                checkAliveWhileBlocked(sequence);
                idle.idle();
            }
            while (wrapPoint > (minimum = lvMinimumConsumerSequence()));
            return minimum;
        }
        finally
        {
            if (null != stalls)
            {
                stalls.onStallEnd(count);
            }
        }
    }

    /**
     * Make every blocking claim that is waiting for room, or comes to wait, throw {@link IllegalStateException} with
     * {@code reason} instead of waiting for ever: for a consumer that has stopped for good (a journal that can no
     * longer write). A claim that finds room is not affected; refusing new sends is the caller's business.
     *
     * @param reason said in the exception.
     */
    public final void refuseBlockedClaims(final String reason)
    {
        claimRefusal = java.util.Objects.requireNonNull(reason, "reason");
    }

    private void checkAliveWhileBlocked(final long sequence)
    {
        final String refusal = claimRefusal;
        if (refusal != null)
        {
            throw new IllegalStateException(refusal + ": a producer waiting for a free slot gives up, sequence=" +
                sequence);
        }
        if (!segment.scope().isAlive())
        {
            throw new IllegalStateException(
                "ring's arena was closed while a producer waited for a free slot: sequence=" + sequence);
        }
    }

    final long lvSlotSequence(final long sequence)
    {
        return (long)SEQUENCE_VH.getAcquire(segment, slotOffset(sequence) + SEQUENCE_OFFSET);
    }

    static boolean checked()
    {
        return CheckedMode.ENABLED;
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{capacity=" + capacity + ", slotLength=" + slotLength +
            ", consumers=" + consumers.length + ", producerIndex=" + lvProducerIndex() +
            ", minimumConsumerSequence=" + lvMinimumConsumerSequence() + ", dropped=" + droppedCount() + '}';
    }
}
