package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fan-in: two producers, one receiver, FIFO checked per producer-receiver pair.
 * <pre>
 *   Quicksilver (1 worker)                                  JCTools / Agrona / Disruptor
 *
 *   producer 0 --send--> p0 --+                             producer 0 --offer/claim--+
 *                              |  p0 and p1 are both                                   v
 *                              v  parents of r (a DAG)                           +------------+   consumer thread
 *                        [sequencer ring] --> worker --> r [receiver]            | MPSC queue | --> [receiver]
 *                              ^                                                 +------------+
 *   producer 1 --send--> p1 --+                             producer 1 --offer/claim--+
 * </pre>
 * Each producer thread sends from its own node (its own queue key for the peers); the receiver checks each payload's
 * sum and that each producer's counters arrive in order, none lost or repeated ({@link Receiver}).
 * <p>
 * Peers: JCTools {@link MpscArrayQueue} of references (each producer fills one of its own pooled 64-byte objects,
 * reused only after more than a queue's worth of later sends, so the consumer has finished with it), Agrona
 * {@link ManyToOneRingBuffer} (the payload written in the claimed record), Disruptor multi-producer ring with one
 * processor. The peers' consumers run on their own thread with the same busy spin as Quicksilver's worker.
 * <p>
 * {@code pause} is the near-empty case: after each send a producer burns that many {@link Blackhole#consumeCPU}
 * tokens, so the consumer keeps up and spins on an almost empty queue, fighting the producers for the same lines;
 * {@code pause = 0} is saturation.
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar ManyToOneDispatch -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(ManyToOneDispatchBenchmark.PRODUCERS)
@State(Scope.Benchmark)
public class ManyToOneDispatchBenchmark
{
    /** Producer threads. */
    static final int PRODUCERS = 2;

    static final int CAPACITY = QuicksilverRuntimes.RING_CAPACITY;

    /** Agrona ring bytes: the bytes of Quicksilver's 1024 slots of 128 (1820 records of 72 bytes). */
    static final int AGRONA_CAPACITY = 128 * 1024;

    static final int AGRONA_MSG_TYPE_ID = 1;

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** Consumer CPU tokens after each send: 0 saturates, 100 keeps the queue near empty. */
    @Param({"0", "100"})
    public int pause;

    /** What every fan-in state has: the receiver and the ids handed to producer threads. */
    public abstract static class FanIn
    {
        final Receiver receiver = new Receiver("receiver", PRODUCERS);
        final AtomicInteger ids = new AtomicInteger();
    }

    /**
     * One producer thread: its id, its sent count, and its deliveries.
     */
    public abstract static class Sender
    {
        int id;
        long sent;
        LongSupplier delivered;

        void bind(final FanIn fanIn)
        {
            id = fanIn.ids.getAndIncrement();
            if (id >= PRODUCERS)
            {
                throw new IllegalStateException("more producer threads than producers: id=" + id +
                    ", producers=" + PRODUCERS);
            }
            final Receiver receiver = fanIn.receiver;
            final int producer = id;
            delivered = () -> receiver.delivered(producer);
        }

        long nextKey()
        {
            return DispatchPayload.key(sent, PRODUCERS, id);
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    @State(Scope.Benchmark)
    public static class Quicksilver extends FanIn
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        final int[] senders = new int[PRODUCERS];
        ParallelDispatcher dispatcher;

        @Setup(Level.Trial)
        public void setUp()
        {
            final Hierarchy hierarchy = new Hierarchy(failures::record);
            final NodeModel r = hierarchy.createNode("r", false);
            for (int p = 0; p < PRODUCERS; p++)
            {
                final NodeModel parent = hierarchy.createNode("p" + p, false);
                hierarchy.link(parent, r);
                senders[p] = parent.id();
            }
            QuicksilverRuntimes.addReceiver(hierarchy, r, receiver);
            dispatcher = QuicksilverRuntimes.parallel(hierarchy, failures, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                dispatcher.flush(DRAIN_TIMEOUT);
                receiver.checkHealthy();
                failures.check();
            }
            finally
            {
                dispatcher.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class QuicksilverSender extends Sender
    {
        Producer producer;
        int node;

        @Setup(Level.Trial)
        public void setUp(final Quicksilver state)
        {
            bind(state);
            producer = state.dispatcher.newProducer();
            node = state.senders[id];
        }

        @TearDown(Level.Trial)
        public void tearDown(final Quicksilver state)
        {
            state.receiver.awaitAndCheck(id, sent, DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void quicksilver(final QuicksilverSender sender, final Deliveries counters)
    {
        counters.track(sender.delivered);
        counters.claimsFailed += QuicksilverRuntimes.send(sender.producer, sender.node, sender.nextKey());
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }

    // ------------------------------------------------------------------------------------------------ JCTools

    @State(Scope.Benchmark)
    public static class JCTools extends FanIn
    {
        MpscArrayQueue<DispatchPayload.Event> queue;
        SpinningConsumer consumer;

        @Setup(Level.Trial)
        public void setUp()
        {
            queue = new MpscArrayQueue<>(CAPACITY);
            final Receiver r = receiver;
            final MpscArrayQueue<DispatchPayload.Event> q = queue;
            consumer = new SpinningConsumer("jctools-consumer", () -> q.drain(r::onEvent, CAPACITY));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            consumer.drainAndClose(queue::isEmpty, DRAIN_TIMEOUT);
            receiver.checkHealthy();
        }
    }

    @State(Scope.Thread)
    public static class JCToolsSender extends Sender
    {
        // More than the queue holds: an object comes back to the producer only after the consumer has moved past it.
        final DispatchPayload.Event[] pool = new DispatchPayload.Event[2 * CAPACITY];

        @Setup(Level.Trial)
        public void setUp(final JCTools state)
        {
            bind(state);
            for (int i = 0; i < pool.length; i++)
            {
                pool[i] = new DispatchPayload.Event();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown(final JCTools state)
        {
            state.receiver.awaitAndCheck(id, sent, DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void jctools(final JCTools state, final JCToolsSender sender, final Deliveries counters)
    {
        counters.track(sender.delivered);
        final DispatchPayload.Event event = sender.pool[(int)(sender.sent & (sender.pool.length - 1))];
        event.fill(sender.nextKey());
        while (!state.queue.offer(event))
        {
            counters.claimsFailed++;
            Thread.onSpinWait();
        }
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }

    // ------------------------------------------------------------------------------------------------ Agrona

    @State(Scope.Benchmark)
    public static class Agrona extends FanIn
    {
        UnsafeBuffer buffer;
        ManyToOneRingBuffer ring;
        SpinningConsumer consumer;

        @Setup(Level.Trial)
        public void setUp()
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                AGRONA_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64));
            ring = new ManyToOneRingBuffer(buffer);
            final Receiver r = receiver;
            final ManyToOneRingBuffer rb = ring;
            final org.agrona.concurrent.MessageHandler handler =
                (msgTypeId, b, index, length) -> r.check(b.getLong(index), DispatchPayload.sum(b, index));
            consumer = new SpinningConsumer("agrona-consumer", () -> rb.read(handler, CAPACITY));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            consumer.drainAndClose(() -> ring.producerPosition() == ring.consumerPosition(), DRAIN_TIMEOUT);
            receiver.checkHealthy();
        }
    }

    @State(Scope.Thread)
    public static class AgronaSender extends Sender
    {
        @Setup(Level.Trial)
        public void setUp(final Agrona state)
        {
            bind(state);
        }

        @TearDown(Level.Trial)
        public void tearDown(final Agrona state)
        {
            state.receiver.awaitAndCheck(id, sent, DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void agrona(final Agrona state, final AgronaSender sender, final Deliveries counters)
    {
        counters.track(sender.delivered);
        final ManyToOneRingBuffer ring = state.ring;
        int index;
        while ((index = ring.tryClaim(AGRONA_MSG_TYPE_ID, DispatchPayload.LENGTH)) < 0)
        {
            counters.claimsFailed++;
            Thread.onSpinWait();
        }
        DispatchPayload.write(state.buffer, index, sender.nextKey());
        ring.commit(index);
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    @State(Scope.Benchmark)
    public static class Disruptor extends FanIn
    {
        RingBuffer<DispatchPayload.Event> ring;
        DisruptorConsumer consumer;

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createMultiProducer(DispatchPayload.Event::new, CAPACITY, new BusySpinWaitStrategy());
            final Receiver r = receiver;
            consumer = new DisruptorConsumer("disruptor-consumer", ring, (event, sequence, endOfBatch) ->
                r.onEvent(event));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            consumer.close();
            receiver.checkHealthy();
        }
    }

    @State(Scope.Thread)
    public static class DisruptorSender extends Sender
    {
        @Setup(Level.Trial)
        public void setUp(final Disruptor state)
        {
            bind(state);
        }

        @TearDown(Level.Trial)
        public void tearDown(final Disruptor state)
        {
            state.receiver.awaitAndCheck(id, sent, DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void disruptor(final Disruptor state, final DisruptorSender sender, final Deliveries counters)
    {
        counters.track(sender.delivered);
        final RingBuffer<DispatchPayload.Event> ring = state.ring;
        long sequence;
        while (true)
        {
            try
            {
                // tryNext throws a pre-allocated exception when full: no allocation, and next() would park instead.
                sequence = ring.tryNext();
                break;
            }
            catch (final InsufficientCapacityException e)
            {
                counters.claimsFailed++;
                Thread.onSpinWait();
            }
        }
        ring.get(sequence).fill(sender.nextKey());
        ring.publish(sequence);
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }
}
