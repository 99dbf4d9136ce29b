package io.quicksilver.benchmarks.simd;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.quicksilver.simd.MessageBatch;
import io.quicksilver.simd.ResponderTable;
import io.quicksilver.simd.RoutingKernel;
import io.quicksilver.simd.RoutingKernels;
import io.quicksilver.simd.TagMask;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Vector API routing kernel against its scalar twin: one batch of {@value #MESSAGES} messages evaluated against
 * every responder of a table of 64, 1,000 or 10,000 responders.
 * <pre>
 *   batch of 16 messages ──► kernel.evaluate(table, 0, responders) ──► 16 × ceil(responders / 64) delivery words
 * </pre>
 * Workload (fixed seed {@value #SEED}, the same for both kernels), shaped after Mercury's defaults:
 * <ul>
 *     <li>Tags: {@code tags} distinct tag bits are in use: 8 is Mercury's own tag count (the table narrows them to one
 *     byte plane), 64 is the worst case for the table's narrowing (eight planes, of which a message reads those where
 *     it has a tag).</li>
 *     <li>Responders, flags drawn independently: 85% check tags (Mercury's default); 30% keep Mercury's default "every
 *     tag" mask and 70% carry one or two application tags; 90% active, 80% selected.</li>
 *     <li>Messages: 13 carry one to three tags, 2 carry "everything" (Mercury's default) and 1 "nothing"; all 16
 *     use the Active filter (Mercury's default), 4 the Selected filter as well; 6 are broadcasts over the whole table and 10 target a
 *     subtree (a random interval of 1/16 to 1/2 of the table, as a level filter such as Children compiles to).</li>
 * </ul>
 * Each invocation returns the number of deliveries, which JMH consumes, and writes every delivery word; the output
 * array is reused, so a kernel that allocates shows in {@code -prof gc}'s {@code gc.alloc.rate.norm}.
 * <p>
 * Sample-time mode: the median of single invocations stays an honest figure on the shared, 2-core machines this
 * project runs on, where a mean is inflated by whichever invocations the scheduler preempted (see
 * docs/benchmarks.md); the mean and its error are reported alongside. Eight warm-up seconds because the Vector API
 * runs thousands of times slower before C2 compiles the kernel, and C2 competes for the same two cores. For the
 * allocation figure run in average-time mode ({@code -bm avgt -prof gc}): sample-time mode's own sample buffers
 * show up in {@code gc.alloc.rate.norm} for slow operations.
 * <p>
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/quicksilver-benchmarks.jar
 * RoutingKernelBenchmark} for times, and the same with {@code -bm avgt -i 3 -prof gc} for allocation.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingKernelBenchmark
{
    static final int MESSAGES = 16;
    static final long SEED = 20_250_404L;

    @Param({"vector", "scalar"})
    String kernel;

    @Param({"64", "1000", "10000"})
    int responders;

    @Param({"8", "64"})
    int tags;

    private RoutingKernel routingKernel;
    private ResponderTable table;
    private MessageBatch batch;
    private long[] deliveries;

    @Setup(Level.Trial)
    public void setUp()
    {
        routingKernel = switch (kernel)
        {
            case "vector" -> RoutingKernels.vector().orElseThrow(
                () -> new IllegalStateException("vector kernel unavailable: run with --add-modules jdk.incubator.vector"));
            case "scalar" -> RoutingKernels.scalar();
            default -> throw new IllegalArgumentException("kernel must be vector or scalar: kernel=" + kernel);
        };

        final SplittableRandom random = new SplittableRandom(SEED);
        table = new ResponderTable(responders);
        for (int i = 0; i < responders; i++)
        {
            int flags = 0;
            flags |= random.nextInt(100) < 85 ? ResponderTable.CHECKS_TAGS : 0;
            flags |= random.nextInt(100) < 90 ? ResponderTable.ACTIVE : 0;
            flags |= random.nextInt(100) < 80 ? ResponderTable.SELECTED : 0;
            final boolean everyTag = random.nextInt(100) < 30;
            table.add(everyTag ? TagMask.EVERYTHING : randomTags(random, tags, 1 + random.nextInt(2)), flags);
        }

        batch = new MessageBatch(MESSAGES);
        for (int m = 0; m < MESSAGES; m++)
        {
            final long messageTags = m < 13 ? randomTags(random, tags, 1 + random.nextInt(3)) :
                m < 15 ? TagMask.EVERYTHING : TagMask.NOTHING;
            final int filters = MessageBatch.ACTIVE_ONLY | (m % 4 == 0 ? MessageBatch.SELECTED_ONLY : 0);
            final int from;
            final int to;
            if (m % 8 < 3)
            {
                from = 0;
                to = responders;
            }
            else
            {
                final int length = Math.max(1, responders / 16 + random.nextInt(responders / 2 - responders / 16 + 1));
                from = random.nextInt(responders - length + 1);
                to = from + length;
            }
            batch.add(messageTags, filters, from, to);
        }

        deliveries = new long[MESSAGES * RoutingKernel.wordsPerMessage(0, responders)];
    }

    private static long randomTags(final SplittableRandom random, final int tagCount, final int count)
    {
        long mask = 0;
        for (int i = 0; i < count; i++)
        {
            mask |= TagMask.of(random.nextInt(tagCount));
        }
        return mask;
    }

    /**
     * One batch against the whole table.
     *
     * @return deliveries in the batch.
     */
    @Benchmark
    public long evaluateBatch()
    {
        return routingKernel.evaluate(table, 0, responders, batch, deliveries, 0);
    }
}
