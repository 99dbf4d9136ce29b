package io.quicksilver.benchmarks.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.benchmarks.ring.Payloads.Checker;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ring.MessageHandler;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One producer, one consumer (SPSC): Quicksilver's {@link SingleProducerRing} against Agrona's
 * {@link OneToOneRingBuffer}, JCTools' {@link SpscArrayQueue} and the Disruptor's single-producer
 * {@link RingBuffer}, each a JMH group of two threads.
 * <pre>
 *   +----------+  claim, write 64 B, publish   +----------------------+  poll, read 64 B, check   +----------+
 *   | producer | ----------------------------> |  ring (1024 slots)   | ------------------------> | consumer |
 *   +----------+  one message per invocation   +----------------------+  up to 1024 per call     +----------+
 * </pre>
 * Workload, the same for every ring: the producer writes a 64-byte payload of eight longs into the ring (in place
 * where the ring allows it: Quicksilver's slot, Agrona's claimed record, the Disruptor's pre-allocated event) and
 * publishes it; the consumer reads the eight longs in place and checks the checksum and the order (see
 * {@link Payloads}). JCTools' queue carries a reference to one pre-filled 64-byte object, as a queue of references
 * is used; its producer writes no payload and its consumer reads a line that never changes.
 * <p>
 * Quicksilver's producer writes the whole message through {@link MessageWriter}: the 64-byte header line as well as
 * the payload, as any user does: two cache lines per message where Agrona's record is 72 bytes and the Disruptor's
 * event 64 bytes of fields. The {@code quicksilverPayloadOnly} group is the analysis twin that leaves the header out.
 * <p>
 * Idle: a producer that finds the ring full, or a consumer that finds it empty, calls {@link Thread#onSpinWait()}
 * and returns (one busy-spin step, the same for all); the refusals are counted in {@link ProducerCounters} and
 * {@link ConsumerCounters}. The figure to compare is {@code messagesReceived}, in messages per second; the group's
 * primary score mixes both threads' invocation rates and is not a message rate.
 * <p>
 * Rings hold 1024 messages (Agrona: 128 KiB of data, the same bytes as Quicksilver's 1024 slots of 128 bytes, which
 * is 1820 records of 72 bytes).
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar OneToOneRingBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneToOneRingBenchmark
{
    static final int CAPACITY = 1024;
    static final int AGRONA_CAPACITY = 128 * 1024;
    static final int AGRONA_MSG_TYPE_ID = 1;

    // ------------------------------------------------------------------------------------------------ Quicksilver

    @State(Scope.Group)
    public static class QuicksilverRing
    {
        Arena arena;
        SingleProducerRing ring;
        RingConsumer consumer;

        @Setup(Level.Trial)
        public void setUp()
        {
            arena = Arena.ofShared();
            ring = new SingleProducerRing(SlotArena.allocate(arena, CAPACITY, Payloads.LENGTH), 1);
            consumer = ring.consumer(0);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            arena.close();
        }
    }

    @State(Scope.Thread)
    public static class QuicksilverProducer
    {
        final MessageWriter writer = new MessageWriter();
    }

    @State(Scope.Thread)
    public static class QuicksilverConsumer implements MessageHandler
    {
        final Checker checker = new Checker(1);

        @Override
        public void onMessage(final MessageView message)
        {
            final MemorySegment payload = message.payload();
            checker.check(payload.get(JAVA_LONG, 0), Payloads.sum(payload, 0));
        }
    }

    @Benchmark
    @Group("quicksilver")
    @GroupThreads(1)
    public void quicksilverProducer(final QuicksilverRing state, final QuicksilverProducer producer,
        final ProducerCounters counters)
    {
        final SingleProducerRing ring = state.ring;
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        final MessageWriter writer = producer.writer.wrap(ring, sequence);
        Payloads.write(writer.segment(), writer.payloadOffset(), sequence);
        writer.payloadWritten(PayloadType.BYTE_ARRAY, Payloads.LENGTH);
        ring.publish(sequence);
        counters.offersMade++;
    }

    @Benchmark
    @Group("quicksilver")
    @GroupThreads(1)
    public void quicksilverConsumer(final QuicksilverRing state, final QuicksilverConsumer consumer,
        final ConsumerCounters counters)
    {
        final int received = state.consumer.poll(consumer, CAPACITY);
        if (received == 0)
        {
            counters.pollsFailed++;
            Thread.onSpinWait();
            return;
        }
        counters.messagesReceived += received;
    }

    /**
     * Analysis twin of the {@code quicksilver} group: the producer writes only the payload, its type and its length,
     * leaving the rest of the header line as it was. The difference from {@code quicksilver} is what the 64-byte
     * header (a second cache line per message) costs; compare to peers only with that in mind.
     */
    @Benchmark
    @Group("quicksilverPayloadOnly")
    @GroupThreads(1)
    public void quicksilverPayloadOnlyProducer(final QuicksilverRing state, final ProducerCounters counters)
    {
        final SingleProducerRing ring = state.ring;
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        final MemorySegment segment = ring.segment();
        final long slotOffset = ring.slotOffset(sequence);
        Payloads.write(segment, slotOffset + MessageLayout.PAYLOAD_OFFSET, sequence);
        segment.set(JAVA_BYTE, slotOffset + MessageLayout.PAYLOAD_TYPE_OFFSET, PayloadType.BYTE_ARRAY.code());
        segment.set(JAVA_INT, slotOffset + MessageLayout.PAYLOAD_LENGTH_OFFSET, Payloads.LENGTH);
        ring.publish(sequence);
        counters.offersMade++;
    }

    @Benchmark
    @Group("quicksilverPayloadOnly")
    @GroupThreads(1)
    public void quicksilverPayloadOnlyConsumer(final QuicksilverRing state, final QuicksilverConsumer consumer,
        final ConsumerCounters counters)
    {
        quicksilverConsumer(state, consumer, counters);
    }

    // ------------------------------------------------------------------------------------------------ Agrona

    @State(Scope.Group)
    public static class AgronaRing
    {
        UnsafeBuffer buffer;
        OneToOneRingBuffer ring;

        @Setup(Level.Trial)
        public void setUp()
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                AGRONA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64));
            ring = new OneToOneRingBuffer(buffer);
        }
    }

    @State(Scope.Thread)
    public static class AgronaProducer
    {
        long next;
    }

    @State(Scope.Thread)
    public static class AgronaConsumer implements org.agrona.concurrent.MessageHandler
    {
        final Checker checker = new Checker(1);

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checker.check(buffer.getLong(index), Payloads.sum(buffer, index));
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaProducer(final AgronaRing state, final AgronaProducer producer, final ProducerCounters counters)
    {
        final OneToOneRingBuffer ring = state.ring;
        final int index = ring.tryClaim(AGRONA_MSG_TYPE_ID, Payloads.LENGTH);
        if (index < 0)
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        Payloads.write(state.buffer, index, producer.next++);
        ring.commit(index);
        counters.offersMade++;
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaConsumer(final AgronaRing state, final AgronaConsumer consumer, final ConsumerCounters counters)
    {
        final int received = state.ring.read(consumer, CAPACITY);
        if (received == 0)
        {
            counters.pollsFailed++;
            Thread.onSpinWait();
            return;
        }
        counters.messagesReceived += received;
    }

    // ------------------------------------------------------------------------------------------------ JCTools

    @State(Scope.Group)
    public static class JCToolsQueue
    {
        SpscArrayQueue<PayloadObject> queue;
        PayloadObject payload;

        @Setup(Level.Trial)
        public void setUp()
        {
            queue = new SpscArrayQueue<>(CAPACITY);
            payload = new PayloadObject().fill(0);
        }
    }

    @State(Scope.Thread)
    public static class JCToolsConsumer implements MessagePassingQueue.Consumer<PayloadObject>
    {
        @Override
        public void accept(final PayloadObject payload)
        {
            Checker.checkSum(payload.w0 >>> 3, payload.sum());
        }
    }

    @Benchmark
    @Group("jctools")
    @GroupThreads(1)
    public void jctoolsProducer(final JCToolsQueue state, final ProducerCounters counters)
    {
        if (!state.queue.offer(state.payload))
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        counters.offersMade++;
    }

    @Benchmark
    @Group("jctools")
    @GroupThreads(1)
    public void jctoolsConsumer(final JCToolsQueue state, final JCToolsConsumer consumer,
        final ConsumerCounters counters)
    {
        final int received = state.queue.drain(consumer, CAPACITY);
        if (received == 0)
        {
            counters.pollsFailed++;
            Thread.onSpinWait();
            return;
        }
        counters.messagesReceived += received;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    @State(Scope.Group)
    public static class DisruptorRing
    {
        RingBuffer<PayloadObject> ring;
        EventPoller<PayloadObject> poller;

        @Setup(Level.Trial)
        public void setUp()
        {
            // The wait strategy is never used: the poller does not block and the producer only claims when there is
            // room. Busy spin names the intent.
            ring = RingBuffer.createSingleProducer(PayloadObject::new, CAPACITY, new BusySpinWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
        }
    }

    @State(Scope.Thread)
    public static class DisruptorConsumer implements EventPoller.Handler<PayloadObject>
    {
        final Checker checker = new Checker(1);
        long received;

        @Override
        public boolean onEvent(final PayloadObject event, final long sequence, final boolean endOfBatch)
        {
            checker.check(event.w0, event.sum());
            received++;
            return true;
        }
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorProducer(final DisruptorRing state, final ProducerCounters counters)
    {
        final RingBuffer<PayloadObject> ring = state.ring;
        if (!ring.hasAvailableCapacity(1))
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        final long sequence = ring.next();
        ring.get(sequence).fill(sequence);
        ring.publish(sequence);
        counters.offersMade++;
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorConsumer(final DisruptorRing state, final DisruptorConsumer consumer,
        final ConsumerCounters counters) throws Exception
    {
        final long before = consumer.received;
        state.poller.poll(consumer);
        final long received = consumer.received - before;
        if (received == 0)
        {
            counters.pollsFailed++;
            Thread.onSpinWait();
            return;
        }
        counters.messagesReceived += received;
    }
}
