package io.quicksilver.benchmarks.topology;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.function.LongSupplier;

/**
 * Per benchmark thread, per iteration: responder calls (deliveries) that happened on the receiving side while this
 * thread sent, and claims refused because the ring or queue was full.
 * <p>
 * The receiving side runs on threads JMH does not own (workers, event processors, actors), so deliveries are read
 * from the receivers' counters at the start and the end of the iteration. Each thread reads only its own producer's
 * deliveries, so the sum JMH prints over threads counts each delivery once.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Deliveries
{
    /** Receiver calls per second. */
    public long deliveries;

    /** Claims refused per second (ring or queue full); each is followed by one busy-spin step. */
    public long claimsFailed;

    private LongSupplier source;
    private long start;

    /**
     * Start counting from a source, once per iteration; cheap enough to call on every invocation.
     *
     * @param deliveredSoFar deliveries of this thread's messages so far.
     */
    void track(final LongSupplier deliveredSoFar)
    {
        if (source == null)
        {
            source = deliveredSoFar;
            start = deliveredSoFar.getAsLong();
        }
    }

    /**
     * Read the iteration's deliveries.
     */
    @TearDown(Level.Iteration)
    public void endIteration()
    {
        if (source != null)
        {
            deliveries = source.getAsLong() - start;
            source = null;
        }
    }
}
