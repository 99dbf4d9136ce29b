package io.quicksilver.runtime.jcstress.parallel;

import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Partition hand-over at a sequence barrier: two workers, one responder. Set-up publishes message 1, a move of the
 * responder's partition from worker 0 to worker 1 (the barrier), then message 2. Racing: each actor runs one worker
 * until it has read everything; worker 0 must deliver message 1, worker 1 message 2, and worker 1 must not start
 * before worker 0 is past the barrier.
 * <p>
 * The responder keeps plain fields (no synchronisation of its own, as a responder may): {@code r1} is the order it
 * saw (1 then 2 reads 12), {@code r2} is 1 when it found itself already inside a call (called by two threads at
 * once). Anything else than {@code 12, 0} is lost, reordered, duplicated or concurrent delivery.
 */
@JCStressTest
@Outcome(id = "12, 0", expect = ACCEPTABLE, desc = "1 then 2, one call at a time")
@Outcome(expect = FORBIDDEN, desc = "the new owner delivered before the old one was past the barrier")
@State
public class PartitionHandOverTest
{
    private int inside;
    private int seen;
    private int overlap;

    private final ParallelDispatcher dispatcher = Dispatchers.oneResponder(2, view ->
    {
        if (inside != 0)
        {
            overlap = 1;
        }
        inside = 1;
        seen = seen * 10 + view.getInt();
        inside = 0;
    });

    public PartitionHandOverTest()
    {
        final Producer producer = dispatcher.newProducer();
        Dispatchers.send(producer, 1);
        dispatcher.movePartition(0, 1);
        Dispatchers.send(producer, 2);
    }

    @Actor
    public void oldOwner()
    {
        Dispatchers.drain(dispatcher, 0);
    }

    @Actor
    public void newOwner()
    {
        Dispatchers.drain(dispatcher, 1);
    }

    @Arbiter
    public void arbiter(final II_Result r)
    {
        r.r1 = seen;
        r.r2 = overlap;
        dispatcher.close();
    }
}
