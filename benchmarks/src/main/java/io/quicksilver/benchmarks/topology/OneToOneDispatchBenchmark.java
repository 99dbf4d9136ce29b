package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.benchmarks.ring.Payloads;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Unicast: one producer, one receiver at the bottom of a three-level tree, through the Quicksilver runtime, against
 * the three one-to-one queues users would pick instead: the Disruptor's single-producer ring with one event
 * processor, JCTools' {@link SpscArrayQueue} and Agrona's {@link OneToOneRingBuffer}.
 * <pre>
 *   Quicksilver (parallel, 1 worker)                    Disruptor 4 | JCTools SPSC | Agrona OneToOne
 *
 *   +----------+  begin/write 64 B/commit               +----------+  next/fill/publish
 *   | producer | -------------+                         | producer |  | fill a pooled object/offer
 *   +----------+              v                         +----------+  | claim/write 64 B/commit
 *                 +------------------------+                 |
 *                 | sequencer ring (1024)  |                 v
 *                 +------------------------+        +-------------------------------------------+
 *                             | worker: route       | RingBuffer (1024 events)                  |
 *                             v SelfAndChildren     | | SpscArrayQueue (1024 references)        |
 *               root --> mid --> leaf [receiver]    | | OneToOneRingBuffer (128 KiB of records) |
 *                                                   +-------------------------------------------+
 *                                                            | BatchEventProcessor | consumer thread
 *                                                            v
 *                                                       [receiver]
 *
 *   Quicksilver (single-threaded): the producer's own thread routes root --> mid --> leaf and calls the receiver.
 * </pre>
 * Every invocation sends one message, so the score is messages per second and {@code gc.alloc.rate.norm} is bytes
 * per message. The producer writes the 64-byte payload ({@link Payloads}): in the ring slot for Quicksilver, in the
 * pre-allocated event for the Disruptor, in the claimed record for Agrona, in one of its own pooled objects for
 * JCTools (a queue of references moves no bytes; an object is reused only after more than a queue's worth of later
 * sends), and into a reused array that {@code sendBytes} copies into the slot for single-threaded mode. The receiver
 * reads all of it and checks the sum and the order ({@link Receiver}); the trial fails if anything was lost,
 * repeated, reordered or torn.
 * <p>
 * Idle, the same for all: workers, the event processor and the queue peers' consumer threads busy-spin
 * ({@code BusySpinIdleStrategy}, {@code BusySpinWaitStrategy}, {@link SpinningConsumer}); a producer that finds the
 * ring or queue full spins one {@link Thread#onSpinWait()} and tries again, counted in
 * {@link Deliveries#claimsFailed}. Every ring and queue holds 1024 messages (Agrona: the 128 KiB of 1024
 * Quicksilver slots; {@link QueuePeers}).
 * <p>
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar OneToOneDispatch -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneToOneDispatchBenchmark
{
    /**
     * What every unicast state has: {@link OneReceiver}'s receiver, sent count and checked end of trial, and the
     * receiver's deliveries for {@link Deliveries}.
     */
    public abstract static class Unicast extends OneReceiver
    {
        final LongSupplier delivered = () -> receiver.delivered(0);

        Unicast(final String receiverName)
        {
            super(receiverName);
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    /** root -> mid -> leaf, the receiver on the leaf, dispatched by one worker. */
    @State(Scope.Benchmark)
    public static class QuicksilverParallel extends Unicast
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        ParallelDispatcher dispatcher;
        Producer producer;
        int root;

        public QuicksilverParallel()
        {
            super("leaf");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            final Hierarchy hierarchy = new Hierarchy(failures::record);
            final NodeModel root = hierarchy.createNode("root", false);
            final NodeModel mid = hierarchy.createNode("mid", false);
            final NodeModel leaf = hierarchy.createNode("leaf", false);
            hierarchy.link(root, mid);
            hierarchy.link(mid, leaf);
            QuicksilverRuntimes.addReceiver(hierarchy, leaf, receiver);
            this.root = root.id();
            dispatcher = QuicksilverRuntimes.parallel(hierarchy, failures, 1);
            producer = dispatcher.newProducer(new BusySpinIdleStrategy());
        }

        @Override
        void check()
        {
            failures.check();
        }

        @Override
        void stop()
        {
            dispatcher.close();
        }
    }

    @Benchmark
    public void quicksilverParallel(final QuicksilverParallel state, final Deliveries counters)
    {
        counters.track(state.delivered);
        counters.claimsFailed += QuicksilverRuntimes.send(state.producer, state.root, state.sent);
        state.sent++;
    }

    /** The same tree in single-threaded mode, through the public API. */
    @State(Scope.Benchmark)
    public static class QuicksilverSingleThreaded extends Unicast
    {
        private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

        final byte[] payload = new byte[Payloads.LENGTH];
        Quicksilver runtime;
        RelayNode root;

        public QuicksilverSingleThreaded()
        {
            super("leaf");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            runtime = Quicksilver.singleThreaded().build();
            root = runtime.createNode("root");
            final RelayNode mid = runtime.createNode("mid");
            final RelayNode leaf = runtime.createNode("leaf");
            root.addChild(mid);
            mid.addChild(leaf);
            leaf.addResponder(view -> receiver.onPayload(view.payload(), 0));
        }

        void write(final long key)
        {
            for (int i = 0; i < Payloads.WORDS; i++)
            {
                LONGS.set(payload, i * Long.BYTES, Payloads.word(key, i));
            }
        }

        @Override
        void check()
        {
            if (runtime.errors() != 0)
            {
                throw new IllegalStateException("responder errors: errors=" + runtime.errors());
            }
        }

        @Override
        void stop()
        {
            runtime.close();
        }
    }

    @Benchmark
    public void quicksilverSingleThreaded(final QuicksilverSingleThreaded state, final Deliveries counters)
    {
        counters.track(state.delivered);
        state.write(state.sent);
        state.root.sendBytes(QuicksilverRuntimes.METHOD, state.payload, 0, Payloads.LENGTH);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    /** Single-producer ring, one batch event processor calling the receiver. */
    @State(Scope.Benchmark)
    public static class Disruptor extends Unicast
    {
        RingBuffer<PayloadObject> ring;
        DisruptorConsumer consumer;

        public Disruptor()
        {
            super("processor");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(
                PayloadObject::new, QuicksilverRuntimes.RING_CAPACITY, new BusySpinWaitStrategy());
            consumer = new DisruptorConsumer("disruptor-consumer", ring,
                (event, sequence, endOfBatch) -> receiver.onEvent(event));
        }

        @Override
        void stop()
        {
            consumer.close();
        }
    }

    @Benchmark
    public void disruptor(final Disruptor state, final Deliveries counters)
    {
        counters.track(state.delivered);
        counters.claimsFailed += QueuePeers.disruptorSend(state.ring, state.sent);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ JCTools

    /** Single-producer single-consumer queue of references, drained by one consumer thread. */
    @State(Scope.Benchmark)
    public static class JCTools extends Unicast
    {
        final PayloadObject[] pool = QueuePeers.pool();
        SpscArrayQueue<PayloadObject> queue;
        SpinningConsumer consumer;

        public JCTools()
        {
            super("jctools-consumer");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            queue = new SpscArrayQueue<>(QuicksilverRuntimes.RING_CAPACITY);
            consumer = QueuePeers.jctoolsConsumer("jctools-consumer", queue, receiver);
        }

        @Override
        void stop()
        {
            consumer.drainAndClose(queue::isEmpty, DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void jctools(final JCTools state, final Deliveries counters)
    {
        counters.track(state.delivered);
        counters.claimsFailed += QueuePeers.jctoolsSend(state.queue, state.pool, state.sent, state.sent);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ Agrona

    /** One-to-one ring buffer of records, read by one consumer thread. */
    @State(Scope.Benchmark)
    public static class Agrona extends Unicast
    {
        UnsafeBuffer buffer;
        OneToOneRingBuffer ring;
        SpinningConsumer consumer;

        public Agrona()
        {
            super("agrona-consumer");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            buffer = QueuePeers.agronaBuffer();
            ring = new OneToOneRingBuffer(buffer);
            consumer = QueuePeers.agronaConsumer("agrona-consumer", ring, receiver);
        }

        @Override
        void stop()
        {
            consumer.drainAndClose(() -> QueuePeers.drained(ring), DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    public void agrona(final Agrona state, final Deliveries counters)
    {
        counters.track(state.delivered);
        counters.claimsFailed += QueuePeers.agronaSend(state.ring, state.buffer, state.sent);
        state.sent++;
    }
}
