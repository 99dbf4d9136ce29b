package io.quicksilver.benchmarks.ring;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the consumer thread did per second: messages received and checked (the throughput figure), and polls that
 * found the ring empty. JMH reports both as rates.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ConsumerCounters
{
    /** Polls that found nothing to read. */
    public long pollsFailed;
    /** Messages received and checked: the figure to compare. */
    public long messagesReceived;

    @Setup(Level.Iteration)
    public void reset()
    {
        pollsFailed = 0;
        messagesReceived = 0;
    }
}
