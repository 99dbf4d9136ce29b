package io.quicksilver.runtime.ring;

/**
 * What a producer does when the ring is full (the slowest gating consumer is a whole lap behind). Chosen by the
 * caller on every claim, never by the ring: nothing is ever lost silently.
 */
public enum Backpressure
{
    /** Wait, calling the caller's idle strategy, until a slot is free. */
    BLOCK,
    /** Return {@link MessageRing#CLAIM_FAILED} at once; the caller decides (retry, shed, reroute). */
    FAIL,
    /** Return {@link MessageRing#CLAIM_DROPPED} at once and count the drop in {@link MessageRing#droppedCount()}. */
    DROP
}
