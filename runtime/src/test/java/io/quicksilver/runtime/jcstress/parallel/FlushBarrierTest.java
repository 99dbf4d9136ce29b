package io.quicksilver.runtime.jcstress.parallel;

import io.quicksilver.runtime.parallel.ParallelDispatcher;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Flush barrier: set-up publishes message 1; one actor runs the worker, the other polls {@code flush} with a zero
 * timeout until it reports success and then reads what the responder wrote, in a plain field. Flush returning true
 * must mean the message was delivered, and everything the responder did is visible to the flushing thread.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "flush returned after the delivery and sees its effect")
@Outcome(expect = FORBIDDEN, desc = "flush returned before the message was delivered, or without its effect")
@State
public class FlushBarrierTest
{
    private int delivered;

    private final ParallelDispatcher dispatcher = Dispatchers.oneResponder(1, view -> delivered = view.getInt());

    public FlushBarrierTest()
    {
        Dispatchers.send(dispatcher.newProducer(), 1);
    }

    @Actor
    public void flusher(final I_Result r)
    {
        while (!dispatcher.flush(Duration.ZERO))
        {
            Thread.onSpinWait();
        }
        r.r1 = delivered;
    }

    @Actor
    public void worker()
    {
        Dispatchers.drain(dispatcher, 0);
    }

    @Arbiter
    public void close()
    {
        dispatcher.close();
    }
}
