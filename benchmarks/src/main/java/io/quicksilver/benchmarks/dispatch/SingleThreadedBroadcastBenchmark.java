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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Single-threaded dispatch: one SelfAndChildren send from a root to {@value #RESPONDERS} responders, through the public
 * API, in Mercury's synchronous depth-first meaning.
 * <pre>
 *   producer thread --send--> root
 *                              +-- group 0 (responders 0..99)     each responder reads the payload and sums it
 *                              +-- group 1 (responders 100..199)
 *                              ...                                 (10 groups of 100)
 * </pre>
 * The figure is ns per <em>delivery</em> ({@code @OperationsPerInvocation}), one send per invocation, so
 * a send's fixed cost is spread over its deliveries. {@code payload} picks the typed send: {@code int} (4 bytes),
 * {@code vector3} (12 bytes), {@code transform} (40 bytes), {@code string} (a 16-character ASCII string, read with
 * the zero-allocation {@code stringEquals}). Every responder reads the payload, so the cost of reading in place is
 * included. {@code gc.alloc.rate.norm} (with {@code -prof gc}) is bytes allocated per delivery and must be ~0.
 * <p>
 * Run: {@code java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
 * -jar benchmarks/target/quicksilver-benchmarks.jar SingleThreadedBroadcastBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SingleThreadedBroadcastBenchmark
{
    private static final int GROUP = 100;
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;
    private static final String TEXT = "quicksilver-0016";

    /** Responders reached by each send: the figure the issue asks for, and the unit of {@code @OperationsPerInvocation}. */
    static final int RESPONDERS = 1000;

    @Param({"int", "vector3", "transform", "string"})
    public String payload;

    private Quicksilver runtime;
    private RelayNode root;
    private final float[] transform = {1, 2, 3, 0, 0, 0, 1, 1, 1, 1};
    private long sum;

    @Setup(Level.Trial)
    public void setUp()
    {
        runtime = Quicksilver.singleThreaded().build();
        root = runtime.createNode("root");
        for (int g = 0; g < RESPONDERS / GROUP; g++)
        {
            final RelayNode group = runtime.createNode("group-" + g);
            root.addChild(group);
            for (int r = 0; r < GROUP; r++)
            {
                group.addResponder(this::onMessage);
            }
        }
    }

    private void onMessage(final MessageView message)
    {
        switch (message.payloadType())
        {
            case INT -> sum += message.getInt();
            case VECTOR3, TRANSFORM -> sum += (long)message.getFloat(0);
            case STRING -> sum += message.stringEquals(TEXT) ? 1 : 0;
            default -> throw new IllegalStateException("unexpected payload type: payloadType=" + message.payloadType());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long expectedDeliveries = runtime.deliveries();
        runtime.close();
        if (sum == 0 || expectedDeliveries == 0)
        {
            throw new IllegalStateException("no delivery was made: sum=" + sum + ", deliveries=" + expectedDeliveries);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RESPONDERS)
    public boolean broadcast()
    {
        return switch (payload)
        {
            case "int" -> root.sendInt(METHOD, 7);
            case "vector3" -> root.sendVector3(METHOD, 1, 2, 3);
            case "transform" -> root.sendTransform(METHOD, transform);
            case "string" -> root.sendString(METHOD, TEXT);
            default -> throw new IllegalArgumentException("unknown payload: payload=" + payload);
        };
    }
}
