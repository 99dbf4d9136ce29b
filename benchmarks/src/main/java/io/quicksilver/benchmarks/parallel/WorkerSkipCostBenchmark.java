package io.quicksilver.benchmarks.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What W workers together spend on one message, all driven on one thread in invoker mode, so that the figure holds no
 * cache-line transfer and no host stall: {@value #BATCH} messages are published, then every worker runs until it has
 * read them all. Every worker reads every message of the sequencer ring and routes it over the partitions it owns;
 * only the owners of a receiver deliver. So the score at W, against the score at 1, is the work W workers do for one
 * message, and {@code W x score(1) / score(W)} is the most W workers on W cores can deliver against one: the scaling
 * bound this design allows, before any cache traffic (docs/architecture.md, "What a worker pays for a message it does
 * not deliver").
 * <ul>
 * <li>{@code traffic=unicast}: each message goes from one of {@value #LEAVES} leaves to that leaf's own
 *     {@value #PER_LEAF} responders ({@code Metadata.SELF}); one worker delivers it, the others only read and skip
 *     it.</li>
 * <li>{@code traffic=broadcast}: each message goes from the root to every responder ({@code Metadata.DEFAULT}); each
 *     worker delivers to the responders it owns.</li>
 * </ul>
 * <pre>
 * java -jar benchmarks/target/quicksilver-benchmarks.jar WorkerSkipCostBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class WorkerSkipCostBenchmark
{
    /** Messages published before the workers run. */
    public static final int BATCH = 64;
    /** Leaf nodes under the root. */
    public static final int LEAVES = 256;
    /** Responders per leaf. */
    public static final int PER_LEAF = 4;

    @Param({"1", "2", "4", "8"})
    public int workers;

    @Param({"unicast", "broadcast"})
    public String traffic;

    private ParallelDispatcher dispatcher;
    private Producer producer;
    private int[] senders;
    private Metadata metadata;
    private long delivered;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel root = h.createNode("root", false);
        final int[] leaves = new int[LEAVES];
        for (int i = 0; i < LEAVES; i++)
        {
            final NodeModel leaf = h.createNode("leaf-" + i, false);
            h.link(root, leaf);
            leaves[i] = leaf.id();
            for (int r = 0; r < PER_LEAF; r++)
            {
                h.addResponder(leaf, null, view -> delivered++, io.quicksilver.Tag.EVERYTHING, true, false, true);
            }
        }
        switch (traffic)
        {
            case "unicast" ->
            {
                // A fixed scramble of the leaves, so consecutive messages land on different workers' partitions.
                senders = new int[LEAVES];
                for (int i = 0; i < LEAVES; i++)
                {
                    senders[i] = leaves[(int)((i * 0x9E3779B1L) & (LEAVES - 1))];
                }
                metadata = Metadata.SELF;
            }
            case "broadcast" ->
            {
                senders = new int[]{ root.id() };
                metadata = Metadata.DEFAULT;
            }
            default -> throw new IllegalArgumentException("traffic must be unicast or broadcast: traffic=" + traffic);
        }
        dispatcher = ParallelDispatcher.builder(h, (node, source, method, error) ->
            {
                throw new IllegalStateException("responder failed at node " + node, error);
            })
            .workers(workers)
            .invoker(true)
            .balancePeriod(Duration.ZERO)
            .maxPayload(64)
            .log(line -> { })
            .build();
        producer = dispatcher.newProducer();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dispatcher.close();
        final long expected = traffic.equals("unicast") ? sequence * PER_LEAF : sequence * LEAVES * PER_LEAF;
        if (delivered != expected)
        {
            throw new IllegalStateException("deliveries do not match: delivered=" + delivered + ", expected=" + expected);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int send()
    {
        for (int i = 0; i < BATCH; i++)
        {
            final int sender = senders[(int)(sequence++ % senders.length)];
            if (producer.send(sender, Method.FIRST_APPLICATION_METHOD, metadata, Backpressure.FAIL) < 0)
            {
                throw new IllegalStateException("ring full with " + BATCH + " messages outstanding: sequence=" + sequence);
            }
        }
        int work = 0;
        for (int w = 0; w < workers; w++)
        {
            int read;
            while ((read = dispatcher.invoke(w)) > 0)
            {
                work += read;
            }
        }
        return work;
    }
}
