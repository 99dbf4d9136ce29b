package io.quicksilver.runtime.jcstress;

import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Multicast gating: a producer lapping a full ring never overwrites a slot that a gating consumer has not released,
 * even when another consumer is already past it.
 * <p>
 * Each ring (one {@link SingleProducerRing}, one {@link MultiProducerRing}, exercised in the same iteration) has two
 * slots and two consumers. Set-up publishes messages 0 and 1, and consumer 0 (the fast one) releases both; consumer
 * 1 (the slow one, last in the gating scan) has read nothing, so the ring is full. Then, racing: the slow consumer
 * reads message 0 in place and releases it; the producer tries to claim sequence 2, which lives in message 0's slot,
 * and, if it gets it, overwrites the slot with message 2 and publishes it.
 * <p>
 * {@code r1}, {@code r3}: stale-field bits of message 0 as the slow consumer read it before releasing, on the single-
 * and multi-producer ring (0: read whole and unchanged); {@code r2}, {@code r4}: the producer's claim (-1: ring full,
 * 2: claimed after the release).
 */
@JCStressTest
@Outcome(id = "0, -1, 0, -1", expect = ACCEPTABLE, desc = "both producers found the ring full")
@Outcome(id = "0, 2, 0, -1", expect = ACCEPTABLE, desc = "single-producer claim after the release; multi found it full")
@Outcome(id = "0, -1, 0, 2", expect = ACCEPTABLE, desc = "multi-producer claim after the release; single found it full")
@Outcome(id = "0, 2, 0, 2", expect = ACCEPTABLE, desc = "both producers claimed after the slow consumer released")
@Outcome(expect = FORBIDDEN, desc = "a producer overwrote a slot the slow consumer was still reading")
@State
public class GatingTest
{
    private static final int OLD_SENDER = 1;
    private static final int NEW_SENDER = 2;

    private final MessageWriter writer = new MessageWriter();
    private final SingleProducerRing single = fullRing(new SingleProducerRing(Messages.slots(2), 2), writer);
    private final MultiProducerRing multi = fullRing(new MultiProducerRing(Messages.slots(2), 2), writer);

    private static <R extends MessageRing> R fullRing(final R ring, final MessageWriter writer)
    {
        final long first = ring.tryClaim(2);
        Messages.write(writer.wrap(ring, first), OLD_SENDER, first);
        Messages.write(writer.wrap(ring, first + 1), OLD_SENDER, first + 1);
        ring.publish(first, 2);
        final RingConsumer fast = ring.consumer(0);
        fast.release(fast.peekAvailable(2));
        return ring;
    }

    private static int readAndRelease(final MessageRing ring)
    {
        final RingConsumer slow = ring.consumer(1);
        if (slow.peekAvailable(1) != 0)
        {
            return -1;
        }
        final int stale = Messages.staleFields(slow.view(0), OLD_SENDER, 0);
        slow.release(0);
        return stale;
    }

    private static int claimAndOverwrite(final MessageRing ring, final MessageWriter writer)
    {
        final long sequence = ring.tryClaim();
        if (sequence >= 0)
        {
            Messages.write(writer.wrap(ring, sequence), NEW_SENDER, sequence);
            ring.publish(sequence);
        }
        return (int)sequence;
    }

    @Actor
    public void slowConsumer(final IIII_Result r)
    {
        r.r1 = readAndRelease(single);
        r.r3 = readAndRelease(multi);
    }

    @Actor
    public void producer(final IIII_Result r)
    {
        r.r2 = claimAndOverwrite(single, writer);
        r.r4 = claimAndOverwrite(multi, writer);
    }
}
