package io.quicksilver.runtime.jcstress;

import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publication on a {@link MultiProducerRing}: a consumer that sees a slot's sequence field equal to the sequence it
 * waits for sees every header field and payload byte the producer wrote before it.
 * <p>
 * Here the publish marker is each slot's own sequence field, stored with release once per message, so a batch of
 * two may be seen half published (message 0 only), but never a published message with a stale byte. {@code r1} is
 * the highest sequence the consumer saw published; {@code r2} the stale-field bits of message 0 (low 16 bits) and
 * message 1 (high 16 bits), see {@link Messages}.
 */
@JCStressTest
@Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "consumer looked before the publish: nothing to read")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "message 0 seen whole, message 1 not yet published")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "both messages seen, every field and payload byte visible")
@Outcome(expect = FORBIDDEN, desc = "a published message with a stale header field or payload byte (r2 bits)")
@State
public class MpscPublishVisibilityTest
{
    private final MultiProducerRing ring = new MultiProducerRing(Messages.slots(4), 1);
    private final RingConsumer consumer = ring.consumer(0);
    private final MessageWriter writer = new MessageWriter();

    @Actor
    public void producer()
    {
        final long first = ring.tryClaim(2);
        Messages.write(writer.wrap(ring, first), 1, first);
        Messages.write(writer.wrap(ring, first + 1), 1, first + 1);
        ring.publish(first, 2);
    }

    @Actor
    public void consumer(final JI_Result r)
    {
        final long available = consumer.peekAvailable(2);
        r.r1 = available;
        int stale = 0;
        for (long sequence = 0; sequence <= available; sequence++)
        {
            stale |= Messages.staleFields(consumer.view(sequence), 1, sequence) << (16 * sequence);
        }
        r.r2 = stale;
    }
}
