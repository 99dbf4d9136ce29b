package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.benchmarks.ring.Payloads;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fan-in: two or four producers, one receiver, FIFO checked per producer-receiver pair.
 * <pre>
 *   Quicksilver (1 worker)                                 JCTools / Agrona / Disruptor
 *
 *   producer 0   --send--> p0   --+                        producer 0   --offer/claim--+
 *   producer 1   --send--> p1   --+  p0 .. pN-1 are all    producer 1   --offer/claim--+
 *   ...                           |  parents of r (a DAG)  ...                         |
 *   producer N-1 --send--> pN-1 --+                        producer N-1 --offer/claim--+
 *                                 v                                                    v
 *                         [sequencer ring]                                     +--------------+
 *                                 | worker                                     |  MPSC queue  |
 *                                 v                                            +--------------+
 *                           r [receiver]                                   (or ring)   | consumer thread
 *                                                                                      v
 *                                                                                 [receiver]
 *
 *   N = 2: quicksilver, jctools, agrona, disruptor             (@Threads(2))
 *   N = 4: quicksilverFourProducers, jctoolsFourProducers,     (one @Group of 4 threads each)
 *          agronaFourProducers, disruptorFourProducers
 * </pre>
 * Each producer thread sends from its own node (its own queue key for the peers); the receiver checks each payload's
 * sum and that each producer's counters arrive in order, none lost or repeated ({@link Receiver}). The shared state
 * sizes itself by the benchmark's thread count ({@link BenchmarkParams#getThreads()}), so the four-producer methods
 * are the two-producer ones run by a group of four threads; {@code -t N} runs the two-producer ones with N.
 * <p>
 * Peers: JCTools {@link MpscArrayQueue} of references (each producer fills one of its own pooled 64-byte objects,
 * reused only after more than a queue's worth of later sends, so the consumer has finished with it), Agrona
 * {@link ManyToOneRingBuffer} (the payload written in the claimed record), Disruptor multi-producer ring with one
 * processor. The peers' consumers run on their own thread with the same busy spin as Quicksilver's worker; a
 * producer that finds the ring or queue full spins one {@link Thread#onSpinWait()} and tries again
 * ({@link Deliveries#claimsFailed}).
 * <p>
 * {@code pause} is the near-empty case: after each send a producer burns that many {@link Blackhole#consumeCPU}
 * tokens, so the consumer keeps up and spins on an almost empty queue, fighting the producers for the same lines;
 * {@code pause = 0} is saturation.
 * <p>
 * Four producers and the spinning consumer are five busy threads. On fewer free CPUs than that, producers sit
 * descheduled through stretches of an iteration, and JMH, which divides each thread's counts by that thread's own
 * time in the measurement loop, reports nonsense for a thread that ran only microseconds of it (smoke runs on the
 * 2-core development VM showed deliveries above 10^9 per second). Read the four-producer figures from a machine with
 * at least five free CPUs.
 * <p>
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar ManyToOneDispatch -prof gc}
 * (four producers only: {@code 'ManyToOneDispatch.*FourProducers'}).
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
    /** Producer threads of the plain methods. */
    static final int PRODUCERS = 2;

    /** Producer threads of the {@code *FourProducers} groups. */
    static final int FOUR_PRODUCERS = 4;

    static final int CAPACITY = QuicksilverRuntimes.RING_CAPACITY;

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** Consumer CPU tokens after each send: 0 saturates, 100 keeps the queue near empty. */
    @Param({"0", "100"})
    public int pause;

    /** What every fan-in state has: the receiver and the ids handed to producer threads. */
    public abstract static class FanIn
    {
        final AtomicInteger ids = new AtomicInteger();
        int producers;
        Receiver receiver;

        /**
         * Size the fan-in for the benchmark's threads, each one a producer; first thing in every trial set-up.
         */
        void size(final BenchmarkParams params)
        {
            producers = params.getThreads();
            receiver = new Receiver("receiver", producers);
        }
    }

    /**
     * One producer thread: its id, its sent count, and its deliveries.
     */
    public abstract static class Sender
    {
        int id;
        int producers;
        long sent;
        LongSupplier delivered;

        void bind(final FanIn fanIn)
        {
            id = fanIn.ids.getAndIncrement();
            producers = fanIn.producers;
            if (id >= producers)
            {
                throw new IllegalStateException("more producer threads than producers: id=" + id +
                    ", producers=" + producers);
            }
            final Receiver receiver = fanIn.receiver;
            final int producer = id;
            delivered = () -> receiver.delivered(producer);
        }

        long nextKey()
        {
            return Payloads.key(sent, producers, id);
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    @State(Scope.Benchmark)
    public static class Quicksilver extends FanIn
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        int[] senders;
        ParallelDispatcher dispatcher;

        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            size(params);
            final Hierarchy hierarchy = new Hierarchy(failures::record);
            final NodeModel r = hierarchy.createNode("r", false);
            senders = new int[producers];
            for (int p = 0; p < producers; p++)
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

    @Benchmark
    @Group("quicksilverFourProducers")
    @GroupThreads(FOUR_PRODUCERS)
    public void quicksilverFourProducers(final QuicksilverSender sender, final Deliveries counters)
    {
        quicksilver(sender, counters);
    }

    // ------------------------------------------------------------------------------------------------ JCTools

    @State(Scope.Benchmark)
    public static class JCTools extends FanIn
    {
        MpscArrayQueue<PayloadObject> queue;
        SpinningConsumer consumer;

        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            size(params);
            queue = new MpscArrayQueue<>(CAPACITY);
            consumer = QueuePeers.jctoolsConsumer("jctools-consumer", queue, receiver);
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
        final PayloadObject[] pool = QueuePeers.pool();

        @Setup(Level.Trial)
        public void setUp(final JCTools state)
        {
            bind(state);
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
        counters.claimsFailed += QueuePeers.jctoolsSend(state.queue, sender.pool, sender.sent, sender.nextKey());
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }

    @Benchmark
    @Group("jctoolsFourProducers")
    @GroupThreads(FOUR_PRODUCERS)
    public void jctoolsFourProducers(final JCTools state, final JCToolsSender sender, final Deliveries counters)
    {
        jctools(state, sender, counters);
    }

    // ------------------------------------------------------------------------------------------------ Agrona

    @State(Scope.Benchmark)
    public static class Agrona extends FanIn
    {
        UnsafeBuffer buffer;
        ManyToOneRingBuffer ring;
        SpinningConsumer consumer;

        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            size(params);
            buffer = QueuePeers.agronaBuffer();
            ring = new ManyToOneRingBuffer(buffer);
            consumer = QueuePeers.agronaConsumer("agrona-consumer", ring, receiver);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            consumer.drainAndClose(() -> QueuePeers.drained(ring), DRAIN_TIMEOUT);
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
        counters.claimsFailed += QueuePeers.agronaSend(state.ring, state.buffer, sender.nextKey());
        sender.sent++;
        Blackhole.consumeCPU(pause);
    }

    @Benchmark
    @Group("agronaFourProducers")
    @GroupThreads(FOUR_PRODUCERS)
    public void agronaFourProducers(final Agrona state, final AgronaSender sender, final Deliveries counters)
    {
        agrona(state, sender, counters);
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    @State(Scope.Benchmark)
    public static class Disruptor extends FanIn
    {
        RingBuffer<PayloadObject> ring;
        DisruptorConsumer consumer;

        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            size(params);
            ring = RingBuffer.createMultiProducer(PayloadObject::new, CAPACITY, new BusySpinWaitStrategy());
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
        final RingBuffer<PayloadObject> ring = state.ring;
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

    @Benchmark
    @Group("disruptorFourProducers")
    @GroupThreads(FOUR_PRODUCERS)
    public void disruptorFourProducers(final Disruptor state, final DisruptorSender sender, final Deliveries counters)
    {
        disruptor(state, sender, counters);
    }
}
