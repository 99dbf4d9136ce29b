package io.quicksilver.benchmarks.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broadcast ({@code Metadata.DEFAULT} from the root) through a two-level tree, routed by each worker with the simd
 * kernel over the partitions it owns ({@code kernel=true}) or with the scalar walk over the whole tree, keeping its
 * own responders ({@code kernel=false}). The producer blocks on a full ring, so the score is the dispatcher's
 * message rate; deliveries per second are the score times {@code responders}. One in four leaf nodes is tagged and
 * the message carries one tag, so gates are cleared too.
 * <pre>
 * java -jar benchmarks/target/quicksilver-benchmarks.jar KernelRoutingBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class KernelRoutingBenchmark
{
    @Param({"1024", "16384"})
    public int responders;

    @Param({"2"})
    public int workers;

    @Param({"true", "false"})
    public boolean kernel;

    private final AtomicLong delivered = new AtomicLong();
    private ParallelDispatcher dispatcher;
    private Producer producer;
    private NodeModel root;
    private Metadata metadata;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        root = h.createNode("root", false);
        final int leaves = 64;
        for (int i = 0; i < leaves; i++)
        {
            final NodeModel leaf = h.createNode("leaf-" + i, false);
            h.link(root, leaf);
            if (i % 4 == 3)
            {
                h.setTags(leaf, Tag.TAG_3);
            }
            for (int r = 0; r < responders / leaves; r++)
            {
                h.addResponder(leaf, null, view -> { }, Tag.EVERYTHING, true, false, true);
            }
        }
        metadata = Metadata.DEFAULT.withTags(Tag.TAG_0);
        dispatcher = ParallelDispatcher.builder(h, (node, source, method, error) -> delivered.incrementAndGet())
            .workers(workers)
            .kernelRouting(kernel)
            .balancePeriod(java.time.Duration.ZERO)
            .idleStrategy(YieldingIdleStrategy::new)
            .log(line -> { })
            .build();
        producer = dispatcher.newProducer();
    }

    @TearDown(Level.Iteration)
    public void drain()
    {
        dispatcher.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dispatcher.close();
    }

    @Benchmark
    public long broadcast()
    {
        return producer.send(root.id(), Method.FIRST_APPLICATION_METHOD, metadata, Backpressure.BLOCK);
    }
}
