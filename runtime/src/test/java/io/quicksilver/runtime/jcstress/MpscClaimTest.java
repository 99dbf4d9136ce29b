package io.quicksilver.runtime.jcstress;

import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Concurrent claims on a {@link MultiProducerRing}: two producers never get the same sequence (hence the same slot),
 * and each message arrives whole, from the producer that claimed it.
 * <p>
 * Producer 1 claims one sequence with {@code tryClaim()} (the compare-and-set path), producer 2 a batch of two with
 * {@code claim(2, idle)} (the atomic-add path), so the two claim paths race each other; the ring has room for both,
 * so neither waits. Both write and publish. The arbiter then reads sequences 0 to 2.
 * {@code r1}: producer 1's sequence; {@code r2}: producer 2's first sequence; {@code r3}: the senders of sequences
 * 0, 1, 2 as decimal digits (a 9 marks a slot not published); {@code r4}: stale-field bits over the three messages.
 */
@JCStressTest
@Outcome(id = "0, 1, 122, 0", expect = ACCEPTABLE, desc = "producer 1 claimed first")
@Outcome(id = "2, 0, 221, 0", expect = ACCEPTABLE, desc = "producer 2 claimed its batch first")
@Outcome(expect = FORBIDDEN, desc = "overlapping or lost claims, or a message overwritten by the other producer")
@State
public class MpscClaimTest
{
    private static final int SENDER_1 = 1;
    private static final int SENDER_2 = 2;

    private final MultiProducerRing ring = new MultiProducerRing(Messages.slots(4), 1);
    private final RingConsumer consumer = ring.consumer(0);
    private final MessageWriter writer1 = new MessageWriter();
    private final MessageWriter writer2 = new MessageWriter();
    private final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();

    @Actor
    public void producer1(final IIII_Result r)
    {
        final long sequence = ring.tryClaim();
        r.r1 = (int)sequence;
        if (sequence >= 0)
        {
            Messages.write(writer1.wrap(ring, sequence), SENDER_1, sequence);
            ring.publish(sequence);
        }
    }

    @Actor
    public void producer2(final IIII_Result r)
    {
        final long first = ring.claim(2, idle);
        r.r2 = (int)first;
        Messages.write(writer2.wrap(ring, first), SENDER_2, first);
        Messages.write(writer2.wrap(ring, first + 1), SENDER_2, first + 1);
        ring.publish(first, 2);
    }

    @Arbiter
    public void arbiter(final IIII_Result r)
    {
        final long available = consumer.peekAvailable(3);
        int senders = 0;
        int stale = 0;
        for (long sequence = 0; sequence < 3; sequence++)
        {
            int sender = 9;
            if (sequence <= available)
            {
                sender = consumer.view(sequence).senderNodeId();
                stale |= Messages.staleFields(consumer.view(sequence), sender, sequence);
            }
            senders = senders * 10 + sender;
        }
        r.r3 = senders;
        r.r4 = stale;
    }
}
