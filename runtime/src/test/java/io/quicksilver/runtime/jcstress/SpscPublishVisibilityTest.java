package io.quicksilver.runtime.jcstress;

import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publication on a {@link SingleProducerRing}: a consumer that sees a published sequence sees every header field and
 * payload byte the producer wrote into its slot, for every message of a batch published with one release store.
 * <p>
 * The producer claims a batch of two, writes both slots with plain stores and publishes them with
 * {@code publish(first, 2)}: the cursor's single release store. The consumer acquires the cursor through
 * {@code peekAvailable} and reads both messages in place. {@code r1} is the highest sequence it saw published;
 * {@code r2} the stale-field bits of message 0 (low 16 bits) and message 1 (high 16 bits), see {@link Messages}.
 */
@JCStressTest
@Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "consumer looked before the publish: nothing to read")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "both messages seen, every field and payload byte visible")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "half a batch: one release store must publish both messages")
@Outcome(expect = FORBIDDEN, desc = "a published message with a stale header field or payload byte (r2 bits)")
@State
public class SpscPublishVisibilityTest
{
    private final SingleProducerRing ring = new SingleProducerRing(Messages.slots(4), 1);
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
