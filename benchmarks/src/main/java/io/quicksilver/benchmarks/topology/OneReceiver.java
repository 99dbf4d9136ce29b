package io.quicksilver.benchmarks.topology;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Duration;

/**
 * What every state with one producer and one receiver has (unicast, ping-pong, paced round trips): the receiver, the
 * producer's sent count, and how the trial ends: wait for everything sent to arrive and check it (a trial that lost,
 * repeated, reordered or tore a message fails), report, then stop the receiving side.
 */
public abstract class OneReceiver
{
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    final Receiver receiver;
    long sent;

    OneReceiver(final String receiverName)
    {
        receiver = new Receiver(receiverName, 1);
    }

    /** Checks of the receiving side beyond the receiver's own, made before it stops. */
    void check()
    {
    }

    /** What the trial prints once everything arrived; nothing by default. */
    void report(final BenchmarkParams params)
    {
    }

    /** Stop the receiving side. */
    abstract void stop();

    @TearDown(Level.Trial)
    public void tearDown(final BenchmarkParams params)
    {
        try
        {
            receiver.awaitAndCheck(0, sent, DRAIN_TIMEOUT);
            check();
            report(params);
        }
        finally
        {
            stop();
        }
    }
}
