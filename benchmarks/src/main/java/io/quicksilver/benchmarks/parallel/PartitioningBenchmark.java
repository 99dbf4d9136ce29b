package io.quicksilver.benchmarks.parallel;

import io.quicksilver.Tag;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.parallel.Partitioning;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Partitioning a large hierarchy (issue target: 100,000 responders in under 10 ms): what the parallel dispatcher
 * computes at start and on every applied change, from an already compiled snapshot.
 * <ul>
 *     <li>{@code partition}: depth-first order, partitions balanced by responder count, owners (the issue's
 *     target);</li>
 *     <li>{@code partitionWithKernelRoutes}: plus the snapshot's kernel routing data (responder table in
 *     depth-first order, node intervals, gates), which a dispatcher with kernel routing builds once per
 *     snapshot;</li>
 *     <li>{@code repartition}: the same after a change, plus the hand-over masks against the previous partitioning
 *     (the path {@code applyChanges()} takes);</li>
 *     <li>{@code compileAndPartition}: compiling the hierarchy too, for scale (the compiler is not the
 *     dispatcher's).</li>
 * </ul>
 * The hierarchy: a random tree of {@code responders / 10} nodes (each node's parent drawn among the earlier
 * ones, depth at most 12), 10 responders per node, one node in 5 tagged.
 * <pre>
 * java -jar benchmarks/target/quicksilver-benchmarks.jar PartitioningBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PartitioningBenchmark
{
    @Param({"100000"})
    public int responders;

    @Param({"8"})
    public int workers;

    private Hierarchy hierarchy;
    private RoutingSnapshot snapshot;
    private Partitioning previous;

    @Setup
    public void setUp()
    {
        final Random random = new Random(42);
        hierarchy = new Hierarchy((node, source, method, error) -> { });
        final int nodeCount = Math.max(1, responders / 10);
        final List<NodeModel> nodes = new ArrayList<>(nodeCount);
        final int[] depth = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            final NodeModel node = hierarchy.createNode("n" + i, false);
            nodes.add(node);
            if (i > 0)
            {
                int parent;
                do
                {
                    parent = random.nextInt(i);
                }
                while (depth[parent] >= 12);
                depth[i] = depth[parent] + 1;
                hierarchy.link(nodes.get(parent), node);
                if (random.nextInt(5) == 0)
                {
                    hierarchy.setTags(node, 1L << random.nextInt(8));
                }
            }
        }
        for (int r = 0; r < responders; r++)
        {
            hierarchy.addResponder(nodes.get(r % nodeCount), null, view -> { }, Tag.EVERYTHING, true, false, true);
        }
        snapshot = hierarchy.compile();
        // From a separate compilation: a changed hierarchy gives a new snapshot, so the hand-over masks take the
        // lookup path, as on applyChanges().
        previous = Partitioning.of(hierarchy.compile(), workers, 4 * workers);
    }

    @Benchmark
    public Partitioning partition()
    {
        return Partitioning.of(snapshot, workers, 4 * workers);
    }

    @Benchmark
    public Partitioning partitionWithKernelRoutes()
    {
        return Partitioning.of(snapshot, workers, 4 * workers, true);
    }

    @Benchmark
    public Partitioning repartition()
    {
        return previous.next(snapshot, 4 * workers + 1);
    }

    @Benchmark
    public Partitioning compileAndPartition()
    {
        return Partitioning.of(hierarchy.compile(), workers, 4 * workers);
    }
}
