package io.quicksilver.benchmarks.ring;

import io.quicksilver.benchmarks.ring.Payloads.Checker;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ring.MessageHandler;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
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
import org.openjdk.jmh.infra.ThreadParams;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Two producers, one consumer (MPSC): Quicksilver's {@link MultiProducerRing} against Agrona's
 * {@link ManyToOneRingBuffer} and JCTools' {@link MpscArrayQueue}, each a JMH group of three threads.
 * <pre>
 *   +------------+  claim (CAS), write 64 B, publish
 *   | producer 0 | ----------------------------------+
 *   +------------+                                   v
 *                                         +----------------------+  poll, read 64 B, check   +----------+
 *                                         |  ring (1024 slots)   | ------------------------> | consumer |
 *                                         +----------------------+  up to 1024 per call     +----------+
 *   +------------+                                   ^
 *   | producer 1 | ----------------------------------+
 *   +------------+
 * </pre>
 * The workload is {@link OneToOneRingBenchmark}'s: a 64-byte payload written in place by the producer, read in place
 * and checked by the consumer (checksum, and order per producer, see {@link Payloads}); JCTools carries a reference
 * to a pre-filled object per producer, so its consumer checks the checksum only. Every producer claims with a
 * failing claim (compare-and-set); when the ring is full it counts the refusal, calls {@link Thread#onSpinWait()}
 * and returns. The figure to compare is the consumer's {@code messagesReceived} per second.
 * <p>
 * Three spinning threads on a two-core machine share cores: the figures then measure the rings under preemption as
 * much as under contention. Say so next to any figure from such a machine.
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar ManyToOneRing -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ManyToOneRingBenchmark
{
    static final int PRODUCERS = 2;
    static final int CAPACITY = 1024;
    static final int AGRONA_CAPACITY = 128 * 1024;
    static final int AGRONA_MSG_TYPE_ID = 1;

    /** One producer thread's identity and message counter; its keys are {@code counter * PRODUCERS + id}. */
    @State(Scope.Thread)
    public static class Producer
    {
        final MessageWriter writer = new MessageWriter();
        int id;
        long counter;
        PayloadObject payload;

        @Setup(Level.Trial)
        public void setUp(final ThreadParams threads)
        {
            id = threads.getSubgroupThreadIndex();
            if (id >= PRODUCERS)
            {
                throw new IllegalStateException("more producer threads than PRODUCERS: id=" + id);
            }
            payload = new PayloadObject().fill(id);
        }

        long nextKey()
        {
            return counter++ * PRODUCERS + id;
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    @State(Scope.Group)
    public static class QuicksilverRing
    {
        Arena arena;
        MultiProducerRing ring;
        RingConsumer consumer;

        @Setup(Level.Trial)
        public void setUp()
        {
            arena = Arena.ofShared();
            ring = new MultiProducerRing(SlotArena.allocate(arena, CAPACITY, Payloads.LENGTH), 1);
            consumer = ring.consumer(0);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            arena.close();
        }
    }

    @State(Scope.Thread)
    public static class QuicksilverConsumer implements MessageHandler
    {
        final Checker checker = new Checker(PRODUCERS);

        @Override
        public void onMessage(final MessageView message)
        {
            final MemorySegment payload = message.payload();
            checker.check(payload.get(JAVA_LONG, 0), Payloads.sum(payload, 0));
        }
    }

    @Benchmark
    @Group("quicksilver")
    @GroupThreads(PRODUCERS)
    public void quicksilverProducer(final QuicksilverRing state, final Producer producer,
        final ProducerCounters counters)
    {
        final MultiProducerRing ring = state.ring;
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        final MessageWriter writer = producer.writer.wrap(ring, sequence);
        Payloads.write(writer.segment(), writer.payloadOffset(), producer.nextKey());
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

    // ------------------------------------------------------------------------------------------------ Agrona

    @State(Scope.Group)
    public static class AgronaRing
    {
        UnsafeBuffer buffer;
        ManyToOneRingBuffer ring;

        @Setup(Level.Trial)
        public void setUp()
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                AGRONA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64));
            ring = new ManyToOneRingBuffer(buffer);
        }
    }

    @State(Scope.Thread)
    public static class AgronaConsumer implements org.agrona.concurrent.MessageHandler
    {
        final Checker checker = new Checker(PRODUCERS);

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checker.check(buffer.getLong(index), Payloads.sum(buffer, index));
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(PRODUCERS)
    public void agronaProducer(final AgronaRing state, final Producer producer, final ProducerCounters counters)
    {
        final ManyToOneRingBuffer ring = state.ring;
        final int index = ring.tryClaim(AGRONA_MSG_TYPE_ID, Payloads.LENGTH);
        if (index < 0)
        {
            counters.offersFailed++;
            Thread.onSpinWait();
            return;
        }
        Payloads.write(state.buffer, index, producer.nextKey());
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
        MpscArrayQueue<PayloadObject> queue;

        @Setup(Level.Trial)
        public void setUp()
        {
            queue = new MpscArrayQueue<>(CAPACITY);
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
    @GroupThreads(PRODUCERS)
    public void jctoolsProducer(final JCToolsQueue state, final Producer producer, final ProducerCounters counters)
    {
        if (!state.queue.offer(producer.payload))
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
}
