package io.quicksilver.benchmarks.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.journal.JournalConfig;
import io.quicksilver.runtime.journal.JournalMode;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The journal's cost on the producer: one producer thread sends a 4-byte payload to one responder on one worker,
 * blocking on a full ring, with the journal off, {@code async} (the workers do not wait for it) and
 * {@code before-delivery} (they do). The score is the producer's send rate, which the slowest consumer of the ring
 * sets once it is full; {@code -prof gc} shows what each journaled message allocates.
 * <pre>
 *   producer --> sequencer ring --+--> worker 0 --> responder
 *                                 +--> journaller --> Chronicle Queue (mapped file)
 *   (before-delivery: worker 0 reads no further than the journaller has appended)
 *
 * java -jar benchmarks/target/quicksilver-benchmarks.jar JournalBenchmark -prof gc
 * </pre>
 * The forked JVM gets the journal's flags (docs/journal.md); each trial journals into a fresh temporary directory,
 * deleted at its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true"})
public class JournalBenchmark
{
    @Param({"off", "async", "before-delivery"})
    public String journal;

    private ParallelDispatcher dispatcher;
    private Producer producer;
    private NodeModel root;
    private Path directory;
    private int value;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        root = h.createNode("root", false);
        h.addResponder(root, null, view -> { }, io.quicksilver.Tag.EVERYTHING, true, false, true);
        final ParallelDispatcher.Builder b = ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(1)
            .balancePeriod(java.time.Duration.ZERO)
            .idleStrategy(YieldingIdleStrategy::new)
            .log(line -> { });
        if (!journal.equals("off"))
        {
            directory = Files.createTempDirectory("quicksilver-journal-bench");
            b.journal(JournalConfig.of(directory.resolve("journal")).withMode(JournalMode.parse(journal)));
        }
        dispatcher = b.build();
        producer = dispatcher.newProducer();
    }

    @TearDown(Level.Iteration)
    public void drain()
    {
        dispatcher.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        dispatcher.close();
        if (directory != null)
        {
            try (Stream<Path> files = Files.walk(directory))
            {
                files.sorted(Comparator.reverseOrder()).forEach(f ->
                {
                    try
                    {
                        Files.delete(f);
                    }
                    catch (final IOException e)
                    {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Benchmark
    public long send()
    {
        return producer.sendInt(root.id(), Method.FIRST_APPLICATION_METHOD, value++, Metadata.DEFAULT,
            Backpressure.BLOCK);
    }
}
