package io.quicksilver.runtime.jfr;

import io.quicksilver.Method;
import io.quicksilver.runtime.ring.Backpressure;

/**
 * One thread's reusable duration events: dispatch batch, slow responder and backpressure stall. Allocation-free
 * whether JFR is recording or not: the three event objects are created once, here, and reused for every
 * begin/end pair (a JFR event may be committed many times; begin() restarts its clock and every field is
 * overwritten before each commit).
 * <p>
 * Owned by one thread (a worker, or a producer thread) and not thread-safe. Each {@code beginX()} is one enabled check;
 * each {@code endX(...)} is a branch when its begin found the event disabled, so the pair can be called
 * unconditionally on a hot path. Pairs of different kinds may nest (responders inside a batch); a pair of one kind
 * must not.
 * <pre>{@code
 * events.beginBatch();
 * for (each message) {
 *     events.beginResponder();
 *     responder.onMessage(view);
 *     events.endResponder(name, index, sequence, method);
 * }
 * events.endBatch(firstSequence, batchSize, deliveries);
 * }</pre>
 */
public final class HotPathEvents
{
    private final int worker;
    private final DispatchBatchEvent batch = new DispatchBatchEvent();
    private final SlowResponderEvent responder = new SlowResponderEvent();
    private final BackpressureStallEvent stall = new BackpressureStallEvent();

    // Set only by a begin that found the event enabled: a recording that starts between begin and end must not
    // commit an event whose begin never read the clock.
    private boolean batchTimed;
    private boolean responderTimed;
    private boolean stallTimed;
    private int batchesUntilSample = 1;
    private int callsUntilSample = 1;

    /**
     * Events for one thread.
     *
     * @param worker index of the worker that owns them, or -1 for a producer thread outside the dispatcher.
     */
    public HotPathEvents(final int worker)
    {
        this.worker = worker;
    }

    /**
     * Worker recorded in every event.
     *
     * @return the worker index, or -1.
     */
    public int worker()
    {
        return worker;
    }

    /**
     * Start timing a batch if {@code io.quicksilver.DispatchBatch} is enabled and this batch is the sampled one in
     * {@link SampleEveryControl#sampleEvery()}.
     */
    public void beginBatch()
    {
        if (batch.isEnabled() && --batchesUntilSample <= 0)
        {
            batchesUntilSample = SampleEveryControl.sampleEvery();
            batchTimed = true;
            batch.begin();
        }
    }

    /**
     * Finish the batch begun by {@link #beginBatch()} and record it if it was sampled.
     *
     * @param firstSequence ring sequence of its first message.
     * @param batchSize     messages in the batch.
     * @param deliveries    responder calls the batch made.
     */
    public void endBatch(final long firstSequence, final int batchSize, final int deliveries)
    {
        if (!batchTimed)
        {
            return;
        }
        batchTimed = false;
        final DispatchBatchEvent event = batch;
        event.end();
        if (event.shouldCommit())
        {
            event.worker = worker;
            event.firstSequence = firstSequence;
            event.batchSize = batchSize;
            event.deliveries = deliveries;
            event.commit();
        }
    }

    /**
     * Start timing one responder call if {@code io.quicksilver.SlowResponder} is enabled and this call is the sampled
     * one in {@link SlowResponderSampleEveryControl#responderSampleEvery()}.
     */
    public void beginResponder()
    {
        if (responder.isEnabled() && --callsUntilSample <= 0)
        {
            callsUntilSample = SlowResponderSampleEveryControl.responderSampleEvery();
            responderTimed = true;
            responder.begin();
        }
    }

    /**
     * Finish the call begun by {@link #beginResponder()}; JFR records it only if it took at least the
     * {@code threshold}. The method name is looked up only for a recorded call.
     *
     * @param responderName  responder name.
     * @param responderIndex depth-first index of the responder.
     * @param sequence       ring sequence of the message.
     * @param method         method id of the message.
     */
    public void endResponder(
        final String responderName, final int responderIndex, final long sequence, final int method)
    {
        if (endResponderTiming())
        {
            commitResponder(responderName, responderIndex, sequence, method);
        }
    }

    /**
     * As {@link #endResponder(String, int, long, int)}, for a caller that knows its responders by its own index:
     * the name and depth-first index are asked of {@code lookup} only for a recorded call.
     *
     * @param lookup   names and depth-first indices of the caller's responders.
     * @param index    the caller's index of the responder.
     * @param sequence ring sequence of the message.
     * @param method   method id of the message.
     */
    public void endResponder(final ResponderLookup lookup, final int index, final long sequence, final int method)
    {
        if (endResponderTiming())
        {
            commitResponder(lookup.responderName(index), lookup.depthFirstIndex(index), sequence, method);
        }
    }

    /** Stops the clock of a timed call; true when JFR will keep the event (the call took at least the threshold). */
    private boolean endResponderTiming()
    {
        if (!responderTimed)
        {
            return false;
        }
        responderTimed = false;
        responder.end();
        return responder.shouldCommit();
    }

    private void commitResponder(
        final String responderName, final int responderIndex, final long sequence, final int method)
    {
        final SlowResponderEvent event = responder;
        event.responder = responderName;
        event.responderIndex = responderIndex;
        event.worker = worker;
        event.sequence = sequence;
        event.method = method;
        event.methodName = Method.toString(method);
        event.commit();
    }

    /**
     * Start timing a wait for ring space if {@code io.quicksilver.BackpressureStall} is enabled. Call it only once
     * the claim is known to wait, so that a claim that finds room reads no clock: from
     * {@link io.quicksilver.runtime.ring.StallListener#onStallStart(int)} of a listener passed to the blocking claim
     * (its {@code onStallEnd} calls {@link #endStall}), or after {@code tryClaim(n)} returned {@code CLAIM_FAILED},
     * before {@code claim(n, idle)}.
     */
    public void beginStall()
    {
        if (stall.isEnabled())
        {
            stallTimed = true;
            stall.begin();
        }
    }

    /**
     * Finish the wait begun by {@link #beginStall()}; JFR records it only if it took at least the {@code threshold}.
     *
     * @param ring         ring name (a constant, so nothing is built).
     * @param ringId       numeric ring id.
     * @param claimedSlots slots the producer was claiming.
     * @param policy       backpressure policy of the claim.
     */
    public void endStall(final String ring, final int ringId, final int claimedSlots, final Backpressure policy)
    {
        if (!stallTimed)
        {
            return;
        }
        stallTimed = false;
        final BackpressureStallEvent event = stall;
        event.end();
        if (event.shouldCommit())
        {
            event.ring = ring;
            event.ringId = ringId;
            event.worker = worker;
            event.claimedSlots = claimedSlots;
            event.policy = policy.name();
            event.commit();
        }
    }
}
