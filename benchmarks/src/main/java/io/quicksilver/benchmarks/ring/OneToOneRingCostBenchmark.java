package io.quicksilver.benchmarks.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static io.quicksilver.benchmarks.ring.OneToOneRingBenchmark.AGRONA_CAPACITY;
import static io.quicksilver.benchmarks.ring.OneToOneRingBenchmark.AGRONA_MSG_TYPE_ID;
import static io.quicksilver.benchmarks.ring.OneToOneRingBenchmark.CAPACITY;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The rings of {@link OneToOneRingBenchmark}, both ends on one thread: what one message costs in instructions and
 * in the core's own caches, with no line crossing to another core.
 * <pre>
 *   +-------------------------------------------------------------------------------+
 *   | one thread: claim, write 64 B, publish  x 256  -->  poll, read 64 B, check x 256 |  (repeat)
 *   +-------------------------------------------------------------------------------+
 * </pre>
 * Same workload and checks as {@link OneToOneRingBenchmark}; a batch of {@value #BATCH} messages is produced, then
 * consumed, per invocation, and the score is per message. The figure isolates the work each ring does per message
 * from the cross-core traffic that dominates the two-thread benchmark, and it holds up better than that one on a
 * shared, overcommitted machine, where two threads are seldom on two cores at once.
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar OneToOneRingCost -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OperationsPerInvocation(OneToOneRingCostBenchmark.BATCH)
public class OneToOneRingCostBenchmark
{
    static final int BATCH = 256;

    @State(Scope.Thread)
    public static class QuicksilverState
    {
        final MessageWriter writer = new MessageWriter();
        final OneToOneRingBenchmark.QuicksilverConsumer handler = new OneToOneRingBenchmark.QuicksilverConsumer();
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
    public static class AgronaState
    {
        final OneToOneRingBenchmark.AgronaConsumer handler = new OneToOneRingBenchmark.AgronaConsumer();
        UnsafeBuffer buffer;
        OneToOneRingBuffer ring;
        long next;

        @Setup(Level.Trial)
        public void setUp()
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                AGRONA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64));
            ring = new OneToOneRingBuffer(buffer);
        }
    }

    @State(Scope.Thread)
    public static class JCToolsState
    {
        final OneToOneRingBenchmark.JCToolsConsumer handler = new OneToOneRingBenchmark.JCToolsConsumer();
        final SpscArrayQueue<PayloadObject> queue = new SpscArrayQueue<>(CAPACITY);
        final PayloadObject payload = new PayloadObject().fill(0);
    }

    @State(Scope.Thread)
    public static class DisruptorState
    {
        final OneToOneRingBenchmark.DisruptorConsumer handler = new OneToOneRingBenchmark.DisruptorConsumer();
        RingBuffer<PayloadObject> ring;
        EventPoller<PayloadObject> poller;

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(PayloadObject::new, CAPACITY, new BusySpinWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
        }
    }

    private static void checkBatch(final long received)
    {
        if (received != BATCH)
        {
            throw new IllegalStateException("consumer did not get the whole batch: received=" + received);
        }
    }

    @Benchmark
    public void quicksilver(final QuicksilverState state)
    {
        final SingleProducerRing ring = state.ring;
        final MessageWriter writer = state.writer;
        for (int i = 0; i < BATCH; i++)
        {
            final long sequence = ring.tryClaim();
            writer.wrap(ring, sequence);
            Payloads.write(writer.segment(), writer.payloadOffset(), sequence);
            writer.payloadWritten(PayloadType.BYTE_ARRAY, Payloads.LENGTH);
            ring.publish(sequence);
        }
        checkBatch(state.consumer.poll(state.handler, CAPACITY));
    }

    /**
     * Analysis twin of {@link #quicksilver}: the producer writes only the payload, its type and its length, not the
     * rest of the header line that {@link MessageWriter#wrap} resets. The difference is the cost of the header.
     */
    @Benchmark
    public void quicksilverPayloadOnly(final QuicksilverState state)
    {
        final SingleProducerRing ring = state.ring;
        final MemorySegment segment = ring.segment();
        for (int i = 0; i < BATCH; i++)
        {
            final long sequence = ring.tryClaim();
            final long slotOffset = ring.slotOffset(sequence);
            Payloads.write(segment, slotOffset + MessageLayout.PAYLOAD_OFFSET, sequence);
            segment.set(JAVA_BYTE, slotOffset + MessageLayout.PAYLOAD_TYPE_OFFSET, PayloadType.BYTE_ARRAY.code());
            segment.set(JAVA_INT, slotOffset + MessageLayout.PAYLOAD_LENGTH_OFFSET, Payloads.LENGTH);
            ring.publish(sequence);
        }
        checkBatch(state.consumer.poll(state.handler, CAPACITY));
    }

    @Benchmark
    public void agrona(final AgronaState state)
    {
        final OneToOneRingBuffer ring = state.ring;
        for (int i = 0; i < BATCH; i++)
        {
            final int index = ring.tryClaim(AGRONA_MSG_TYPE_ID, Payloads.LENGTH);
            Payloads.write(state.buffer, index, state.next++);
            ring.commit(index);
        }
        // A read stops at the end of the buffer (after skipping the padding record there), so a batch that wraps
        // takes a second read, which may be the first to return a message.
        int received = ring.read(state.handler, CAPACITY);
        if (received < BATCH)
        {
            received += ring.read(state.handler, CAPACITY);
        }
        checkBatch(received);
    }

    @Benchmark
    public void jctools(final JCToolsState state)
    {
        final SpscArrayQueue<PayloadObject> queue = state.queue;
        for (int i = 0; i < BATCH; i++)
        {
            queue.offer(state.payload);
        }
        checkBatch(queue.drain(state.handler, CAPACITY));
    }

    @Benchmark
    public void disruptor(final DisruptorState state) throws Exception
    {
        final RingBuffer<PayloadObject> ring = state.ring;
        for (int i = 0; i < BATCH; i++)
        {
            final long sequence = ring.next();
            ring.get(sequence).fill(sequence);
            ring.publish(sequence);
        }
        final long before = state.handler.received;
        state.poller.poll(state.handler);
        checkBatch(state.handler.received - before);
    }
}
