package io.quicksilver.runtime.ring;

import org.agrona.concurrent.IdleStrategy;

/**
 * Told when a blocking claim ({@link MessageRing#claim(int, IdleStrategy, StallListener)}) finds the ring full and
 * starts to wait, and when that wait is over. A claim that finds room calls neither, so timing stalls this way costs
 * the claim that does not wait nothing, not even a branch on a clock.
 * <p>
 * Called on the claiming thread; both calls of one stall come from the same claim, in order, the end even when the
 * wait ends by an exception (the ring's arena closed).
 */
public interface StallListener
{
    /**
     * The claim found no room and is about to wait.
     *
     * @param count slots being claimed.
     */
    void onStallStart(int count);

    /**
     * The wait begun by {@link #onStallStart(int)} is over: room was found, or the wait failed.
     *
     * @param count slots being claimed.
     */
    void onStallEnd(int count);
}
