package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.agrona.concurrent.BusySpinIdleStrategy;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Unicast: one producer, one receiver at the bottom of a three-level tree, through the Quicksilver runtime, against
 * the Disruptor's single-producer ring with one event processor.
 * <pre>
 *   Quicksilver (parallel, 1 worker)                       Disruptor 4 (single producer)
 *
 *   +----------+  begin/write 64 B/commit                  +----------+  next/write 64 B/publish
 *   | producer | ------------------+                       | producer | --------------+
 *   +----------+                   v                       +----------+               v
 *                      +------------------------+                        +---------------------+
 *                      | sequencer ring (1024)  |                        |  ring buffer (1024) |
 *                      +------------------------+                        +---------------------+
 *                                  | worker: route SelfAndChildren                    | BatchEventProcessor
 *                                  v                                                  v
 *                   root --> mid --> leaf [receiver]                              [receiver]
 *
 *   Quicksilver (single-threaded): the producer's own thread routes root --> mid --> leaf and calls the receiver.
 * </pre>
 * Every invocation sends one message, so the score is messages per second and {@code gc.alloc.rate.norm} is bytes
 * per message. The producer writes the 64-byte payload (in the ring slot for Quicksilver, in the pre-allocated event
 * for the Disruptor; into a reused array that {@code sendBytes} copies into the slot for single-threaded mode); the
 * receiver reads all of it and checks the sum and the order ({@link Receiver}); the trial fails if anything was lost.
 * <p>
 * Idle, the same for both: workers and the event processor busy-spin ({@code BusySpinIdleStrategy},
 * {@code BusySpinWaitStrategy}); a producer that finds the ring full spins one {@link Thread#onSpinWait()} and tries
 * again, counted in {@link Deliveries#claimsFailed}.
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
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    // ------------------------------------------------------------------------------------------------ Quicksilver

    /** root -> mid -> leaf, the receiver on the leaf, dispatched by one worker. */
    @State(Scope.Benchmark)
    public static class QuicksilverParallel
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        final Receiver receiver = new Receiver("leaf", 1);
        final LongSupplier delivered = () -> receiver.delivered(0);
        ParallelDispatcher dispatcher;
        Producer producer;
        int root;
        long sent;

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

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                receiver.awaitAndCheck(0, sent, DRAIN_TIMEOUT);
                failures.check();
            }
            finally
            {
                dispatcher.close();
            }
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
    public static class QuicksilverSingleThreaded
    {
        private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

        final Receiver receiver = new Receiver("leaf", 1);
        final LongSupplier delivered = () -> receiver.delivered(0);
        final byte[] payload = new byte[DispatchPayload.LENGTH];
        Quicksilver runtime;
        RelayNode root;
        long sent;

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
            for (int i = 0; i < DispatchPayload.WORDS; i++)
            {
                LONGS.set(payload, i * Long.BYTES, DispatchPayload.word(key, i));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                receiver.awaitAndCheck(0, sent, DRAIN_TIMEOUT);
                if (runtime.errors() != 0)
                {
                    throw new IllegalStateException("responder errors: errors=" + runtime.errors());
                }
            }
            finally
            {
                runtime.close();
            }
        }
    }

    @Benchmark
    public void quicksilverSingleThreaded(final QuicksilverSingleThreaded state, final Deliveries counters)
    {
        counters.track(state.delivered);
        state.write(state.sent);
        state.root.sendBytes(QuicksilverRuntimes.METHOD, state.payload, 0, DispatchPayload.LENGTH);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    /** Single-producer ring, one batch event processor calling the receiver. */
    @State(Scope.Benchmark)
    public static class Disruptor
    {
        final Receiver receiver = new Receiver("processor", 1);
        final LongSupplier delivered = () -> receiver.delivered(0);
        RingBuffer<DispatchPayload.Event> ring;
        DisruptorConsumer consumer;
        long sent;

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(
                DispatchPayload.Event::new, QuicksilverRuntimes.RING_CAPACITY, new BusySpinWaitStrategy());
            consumer = new DisruptorConsumer("disruptor-consumer", ring,
                (event, sequence, endOfBatch) -> receiver.onEvent(event));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                receiver.awaitAndCheck(0, sent, DRAIN_TIMEOUT);
            }
            finally
            {
                consumer.close();
            }
        }
    }

    @Benchmark
    public void disruptor(final Disruptor state, final Deliveries counters)
    {
        counters.track(state.delivered);
        final RingBuffer<DispatchPayload.Event> ring = state.ring;
        // next() parks for a nanosecond when the ring is full; ask first so a full ring costs a spin, as for all.
        while (!ring.hasAvailableCapacity(1))
        {
            counters.claimsFailed++;
            Thread.onSpinWait();
        }
        final long sequence = ring.next();
        ring.get(sequence).fill(state.sent);
        ring.publish(sequence);
        state.sent++;
    }
}
