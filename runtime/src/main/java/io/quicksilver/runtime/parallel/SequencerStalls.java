package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.jfr.HotPathEvents;
import io.quicksilver.runtime.ring.Backpressure;
import io.quicksilver.runtime.ring.StallListener;

/**
 * Times one thread's waits for room in the sequencer ring as JFR {@code BackpressureStall} events. Handed to the
 * ring's blocking claim, which calls it only when the claim has to wait, so a claim that finds room pays nothing.
 * Owned by one thread (an external producer's, or the control thread under the control lock), like the
 * {@link HotPathEvents} it holds.
 */
final class SequencerStalls implements StallListener
{
    /** Ring name in {@code BackpressureStall} events: the dispatcher has one ring, the sequencer. */
    static final String RING_NAME = "sequencer";

    /** Ring id in {@code BackpressureStall} events. */
    static final int RING_ID = 0;

    private final HotPathEvents events = new HotPathEvents(-1);

    @Override
    public void onStallStart(final int count)
    {
        events.beginStall();
    }

    @Override
    public void onStallEnd(final int count)
    {
        events.endStall(RING_NAME, RING_ID, count, Backpressure.BLOCK);
    }
}
