package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Fan-out: one send from the root of a 4 x 4 x 4 tree reaches the 64 receivers at its leaves; the figure is
 * deliveries (receiver calls) per second, 64 per send.
 * <pre>
 *   Quicksilver: one SelfAndChildren send             Disruptor: one event, one processor     Pekko: actors forward
 *
 *   producer --> sequencer ring --> worker(s)          producer --> ring --> processor        producer --> root actor
 *                                     |                                         |                          | tell x4
 *                root                 v                          handler calls 64 receivers     4 actors ---+
 *          /    /    \    \       route, call                                                  | tell x4 each
 *        n0    n1    n2    n3     64 responders                                               16 actors ---+
 *       /||\  /||\  /||\  /||\    in depth-first order                                         | tell x4 each
 *      16 nodes, each with 4 leaf nodes                                                      64 leaf actors [receivers]
 *      64 leaves [receivers]
 * </pre>
 * Each receiver reads the 64-byte payload and checks its sum and order ({@link Receiver}); the trial fails if any of
 * the 64 missed a message.
 * <p>
 * Peers, and the choices made for them:
 * <ul>
 *   <li>Quicksilver with 1 worker and with 2 workers (the responders split into partitions owned by each; both
 *   workers read every message of the ring).</li>
 *   <li>Disruptor multicast: the Disruptor multicasts by giving each consumer its own {@code BatchEventProcessor}
 *   thread, and 64 spinning threads on this 2-core machine would measure the scheduler, so one processor's handler
 *   calls the 64 receivers in turn: the same work on one thread as Quicksilver's single worker.</li>
 *   <li>Pekko: a typed actor hierarchy where each parent forwards every message to its four children, the leaves
 *   are the receivers. Actor messages are immutable, so the producer allocates one per send, as Pekko users do;
 *   the mailboxes are unbounded, so the producer keeps at most {@link #PEKKO_WINDOW} sends in flight. Pekko's
 *   dispatcher parks idle threads (it has no busy-spin mode to match); its pool is capped at the machine's cores.</li>
 * </ul>
 * Every invocation is one send; {@code deliveries} is the figure to compare.
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar OneToManyDispatch -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// No jdk.internal.misc export: no peer here (Disruptor, Pekko) needs one; only Agrona's buffers do.
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneToManyDispatchBenchmark
{
    /** Children per node. */
    static final int FAN = 4;

    /** Levels below the root. */
    static final int DEPTH = 3;

    /** Leaves: 64. */
    static final int RECEIVERS = FAN * FAN * FAN;

    /** Pekko sends in flight at most, the same as the rings' capacity. */
    static final int PEKKO_WINDOW = QuicksilverRuntimes.RING_CAPACITY;

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    static Receiver[] receivers()
    {
        final Receiver[] receivers = new Receiver[RECEIVERS];
        for (int i = 0; i < RECEIVERS; i++)
        {
            receivers[i] = new Receiver("leaf-" + i, 1);
        }
        return receivers;
    }

    static long delivered(final Receiver[] receivers)
    {
        long total = 0;
        for (final Receiver r : receivers)
        {
            total += r.delivered(0);
        }
        return total;
    }

    static void awaitAndCheck(final Receiver[] receivers, final long sent)
    {
        for (final Receiver r : receivers)
        {
            r.awaitAndCheck(0, sent, DRAIN_TIMEOUT);
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    /** The 4 x 4 x 4 tree with a receiver on each leaf. */
    public abstract static class QuicksilverTree
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        final Receiver[] receivers = receivers();
        final LongSupplier delivered = () -> delivered(receivers);
        ParallelDispatcher dispatcher;
        Producer producer;
        int root;
        long sent;

        abstract int workers();

        @Setup(Level.Trial)
        public void setUp()
        {
            final Hierarchy hierarchy = new Hierarchy(failures::record);
            final NodeModel rootNode = hierarchy.createNode("root", false);
            List<NodeModel> level = List.of(rootNode);
            for (int depth = 1; depth <= DEPTH; depth++)
            {
                final List<NodeModel> next = new ArrayList<>();
                for (final NodeModel parent : level)
                {
                    for (int i = 0; i < FAN; i++)
                    {
                        final NodeModel child = hierarchy.createNode(parent.name() + "/" + i, false);
                        hierarchy.link(parent, child);
                        next.add(child);
                    }
                }
                level = next;
            }
            for (int i = 0; i < RECEIVERS; i++)
            {
                QuicksilverRuntimes.addReceiver(hierarchy, level.get(i), receivers[i]);
            }
            root = rootNode.id();
            dispatcher = QuicksilverRuntimes.parallel(hierarchy, failures, workers());
            producer = dispatcher.newProducer(new BusySpinIdleStrategy());
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                awaitAndCheck(receivers, sent);
                failures.check();
            }
            finally
            {
                dispatcher.close();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class QuicksilverOneWorker extends QuicksilverTree
    {
        @Override
        int workers()
        {
            return 1;
        }
    }

    @State(Scope.Benchmark)
    public static class QuicksilverTwoWorkers extends QuicksilverTree
    {
        @Override
        int workers()
        {
            return 2;
        }
    }

    @Benchmark
    public void quicksilver1Worker(final QuicksilverOneWorker state, final Deliveries counters)
    {
        send(state, counters);
    }

    @Benchmark
    public void quicksilver2Workers(final QuicksilverTwoWorkers state, final Deliveries counters)
    {
        send(state, counters);
    }

    private static void send(final QuicksilverTree state, final Deliveries counters)
    {
        counters.track(state.delivered);
        counters.claimsFailed += QuicksilverRuntimes.send(state.producer, state.root, state.sent);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    /** One processor whose handler calls the 64 receivers. */
    @State(Scope.Benchmark)
    public static class Disruptor
    {
        final Receiver[] receivers = receivers();
        final LongSupplier delivered = () -> delivered(receivers);
        RingBuffer<PayloadObject> ring;
        DisruptorConsumer consumer;
        long sent;

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(
                PayloadObject::new, QuicksilverRuntimes.RING_CAPACITY, new BusySpinWaitStrategy());
            final Receiver[] rs = receivers;
            consumer = new DisruptorConsumer("disruptor-multicast", ring, (event, sequence, endOfBatch) ->
            {
                for (final Receiver r : rs)
                {
                    r.onEvent(event);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            try
            {
                awaitAndCheck(receivers, sent);
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
        counters.claimsFailed += QueuePeers.disruptorSend(state.ring, state.sent);
        state.sent++;
    }

    // ------------------------------------------------------------------------------------------------ Pekko

    /** Actors 4 x 4 x 4, each parent forwarding to its children. */
    @State(Scope.Benchmark)
    public static class Pekko
    {
        final Receiver[] receivers = receivers();
        final LongAdder deliveredAdder = new LongAdder();
        final LongSupplier delivered = deliveredAdder::sum;
        ActorSystem<DispatchPayload.ImmutableMessage> system;
        long sent;

        @Setup(Level.Trial)
        public void setUp()
        {
            final int cores = Runtime.getRuntime().availableProcessors();
            final Config config = ConfigFactory.parseString(
                "pekko.loglevel = WARNING\n" +
                "pekko.log-dead-letters = off\n" +
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 1\n" +
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + cores + "\n")
                .withFallback(ConfigFactory.load());
            system = ActorSystem.create(relay(0, 0), "fan-out", config);
        }

        /**
         * @param depth levels above this actor.
         * @param index of the first leaf below it.
         */
        Behavior<DispatchPayload.ImmutableMessage> relay(final int depth, final int index)
        {
            if (depth == DEPTH)
            {
                final Receiver receiver = receivers[index];
                final LongAdder count = deliveredAdder;
                return Behaviors.receiveMessage(message ->
                {
                    receiver.onMessage(message);
                    count.increment();
                    return Behaviors.same();
                });
            }
            return Behaviors.setup(context ->
            {
                int leavesBelowChild = 1;
                for (int d = depth + 1; d < DEPTH; d++)
                {
                    leavesBelowChild *= FAN;
                }
                final List<ActorRef<DispatchPayload.ImmutableMessage>> children = new ArrayList<>(FAN);
                for (int i = 0; i < FAN; i++)
                {
                    children.add(context.spawn(relay(depth + 1, index + i * leavesBelowChild), "n" + i));
                }
                return Behaviors.receiveMessage(message ->
                {
                    for (int i = 0; i < FAN; i++)
                    {
                        children.get(i).tell(message);
                    }
                    return Behaviors.same();
                });
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception
        {
            try
            {
                awaitAndCheck(receivers, sent);
            }
            finally
            {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Benchmark
    public void pekko(final Pekko state, final Deliveries counters)
    {
        counters.track(state.delivered);
        // Unbounded mailboxes: hold the producer back once a window of sends is in flight (checked every 64 sends).
        if ((state.sent & 63) == 0)
        {
            final long limit = (state.sent - PEKKO_WINDOW) * RECEIVERS;
            while (state.deliveredAdder.sum() < limit)
            {
                counters.claimsFailed++;
                Thread.onSpinWait();
            }
        }
        state.system.tell(DispatchPayload.ImmutableMessage.of(state.sent));
        state.sent++;
    }
}
