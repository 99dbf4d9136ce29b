package io.quicksilver.benchmarks.ring;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a producer thread did per second: messages it got into the ring, and offers refused because the ring was
 * full (JCTools' {@code @AuxCounters} habit). JMH reports both as rates.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ProducerCounters
{
    /** Offers refused: the ring was full. */
    public long offersFailed;
    /** Messages published. */
    public long offersMade;

    @Setup(Level.Iteration)
    public void reset()
    {
        offersFailed = 0;
        offersMade = 0;
    }
}
