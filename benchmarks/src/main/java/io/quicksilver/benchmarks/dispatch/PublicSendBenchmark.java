package io.quicksilver.benchmarks.dispatch;

import io.quicksilver.Method;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.runtime.message.MessageView;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One send through the public API ({@code RelayNode.sendInt}) from a root to one responder on a child: the fixed cost
 * of a send, which the broadcast benchmarks spread over many deliveries.
 * <p>
 * {@code mode=single}: a single-threaded runtime, one thread, the send and its delivery (the stable figure).
 * {@code mode=parallel}: a parallel runtime with one worker; the figure is the producer's time per send (claim, removed
 * check, header and payload, publish) while the worker delivers on the other core, so it holds two busy threads and is
 * compared only in interleaved pairs. Sends refused by backpressure are counted and checked at teardown.
 * <p>
 * Run: {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -jar benchmarks/target/quicksilver-benchmarks.jar PublicSendBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PublicSendBenchmark
{
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;

    @Param({"single", "parallel"})
    public String mode;

    private Quicksilver runtime;
    private RelayNode root;
    // Written by the delivering thread only, at indices 16 and 17: at least 128 bytes from either end of the array,
    // so the producer's fields (sent, refused) never share a cache line with them.
    private final long[] received = new long[34];
    private long sent;
    private long refused;

    @Setup(Level.Trial)
    public void setUp()
    {
        runtime = switch (mode)
        {
            case "single" -> Quicksilver.singleThreaded().build();
            case "parallel" -> Quicksilver.parallel().workers(1).build();
            default -> throw new IllegalArgumentException("unknown mode: mode=" + mode);
        };
        root = runtime.createNode("root");
        final RelayNode leaf = runtime.createNode("leaf");
        root.addChild(leaf);
        leaf.addResponder(this::onMessage);
        runtime.applyChanges();
    }

    private void onMessage(final MessageView message)
    {
        received[16] += message.getInt();
        received[17]++;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (!runtime.awaitQuiescence(Duration.ofSeconds(30)))
        {
            throw new IllegalStateException("the runtime did not drain: sent=" + sent + ", refused=" + refused);
        }
        runtime.close();
        // close() joined the workers: their writes to received happen-before this read.
        if (received[17] != sent - refused || sent == 0 || received[16] == 0)
        {
            throw new IllegalStateException("deliveries do not match sends: delivered=" + received[17] +
                ", sent=" + sent + ", refused=" + refused);
        }
    }

    @Benchmark
    public boolean send()
    {
        sent++;
        final boolean accepted = root.sendInt(METHOD, (int)sent);
        if (!accepted)
        {
            refused++;
        }
        return accepted;
    }
}
