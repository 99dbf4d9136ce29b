package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.quicksilver.Tag;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import org.HdrHistogram.Histogram;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ping-pong: the benchmark thread sends a 64-byte ping, a receiver on another thread reads and checks it and answers
 * with a pong, and the round trip ends when the pinger sees the pong. One round trip per invocation.
 * <pre>
 *   Quicksilver (parallel, 1 worker)                        Disruptor 4
 *
 *   pinger --ping: begin/write/commit--> [sequencer ring]   pinger --ping: next/fill/publish--> [ring buffer]
 *     ^                                       | worker                ^                             | processor
 *     |                                       v                       |                             v
 *     |                            ping --> pong [responder]          |                        [handler]
 *     +------ pong: release store of the ping's counter --+           +--- pong: release store ---+
 *
 *   C floor (native/build/floor): two threads bounce one cache line; pingpong_rtt_ns_median.
 * </pre>
 * The pong is a release store that the pinger reads with acquire: only responders receive messages, and the pinger
 * is an external thread, so the answer cannot come back as a message. The Disruptor answers the same way, and the C
 * floor is the same two transfers of a line without the ring between them, so the distance to it is what each
 * ring and dispatcher adds.
 * <p>
 * JMH's {@code SampleTime} gives its own percentiles; each measurement iteration also records every round trip in an
 * HdrHistogram, printed at the end of the trial as p50, p99, p99.99 and max. Round trips are back to back (a closed
 * loop: the next ping leaves when the pong arrives), so there is no schedule to be late against and no coordinated
 * omission to correct. Paced round trips, where there is one, are {@link PacedRoundTripBenchmark}, which sends
 * through these same states. The Quicksilver trial first runs the C floor, when it is built, and prints its median
 * next to the histogram. With {@code -Dquicksilver.hgrm=DIR} given to the launching JVM (JMH hands its flags to the
 * forks; a command-line {@code -jvmArgsAppend} would replace this suite's own) each fork also writes its histogram's
 * percentile distribution, in microseconds, to {@code DIR/<Class>.<method>[-<param>-<value>...]-<pid>.hgrm}.
 * <p>
 * Run: {@code native/build.sh && java -jar benchmarks/target/quicksilver-benchmarks.jar PingPongLatency}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// No jdk.internal.misc export: no peer here (Disruptor, Pekko) needs one; only Agrona's buffers do.
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPongLatencyBenchmark
{
    /** Where the C floor is, relative to the directory the benchmarks run from. */
    static final String FLOOR_PROP_NAME = "quicksilver.floor";
    static final String FLOOR_DEFAULT = "native/build/floor";

    /** Directory for each fork's {@code .hgrm} percentile distribution; none written when unset. */
    static final String HGRM_DIR_PROP_NAME = "quicksilver.hgrm";

    /**
     * The pong: a counter on its own cache lines, written by the receiver, read by the pinger.
     */
    static final class Pong
    {
        private static final VarHandle VALUE;

        static
        {
            try
            {
                VALUE = MethodHandles.lookup().findVarHandle(Pong.class, "value", long.class);
            }
            catch (final ReflectiveOperationException e)
            {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        private long value;
        @SuppressWarnings("unused")
        private long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        void putRelease(final long v)
        {
            VALUE.setRelease(this, v);
        }

        long getAcquire()
        {
            return (long)VALUE.getAcquire(this);
        }
    }

    /**
     * Round trips of the measurement iterations, and how the trial prints them once everything sent has arrived.
     */
    public abstract static class RoundTrips extends OneReceiver
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Pong pong = new Pong();
        boolean measuring;

        RoundTrips(final String receiverName)
        {
            super(receiverName);
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration)
        {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        void awaitPong(final long counter)
        {
            while (pong.getAcquire() != counter + 1)
            {
                Thread.onSpinWait();
            }
        }

        void record(final long start)
        {
            recordLatency(System.nanoTime() - start);
        }

        /**
         * @param nanos a round trip, recorded when this is a measurement iteration.
         */
        void recordLatency(final long nanos)
        {
            if (measuring)
            {
                histogram.recordValue(Math.min(nanos, histogram.getHighestTrackableValue()));
            }
        }

        @Override
        void report(final BenchmarkParams params)
        {
            final String label = label(params);
            System.out.printf("%n%s round trip (HdrHistogram, %d samples): p50=%d ns p99=%d ns p99.99=%d ns " +
                "max=%d ns%n", label, histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.99), histogram.getMaxValue());
            final String dir = System.getProperty(HGRM_DIR_PROP_NAME);
            if (dir != null)
            {
                final Path file = Path.of(dir).resolve(label.replace(' ', '-').replace('=', '-') + "-" +
                    ProcessHandle.current().pid() + ".hgrm");
                try
                {
                    Files.createDirectories(Path.of(dir));
                    try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
                    {
                        histogram.outputPercentileDistribution(out, 1000.0);
                    }
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException("cannot write the histogram: file=" + file.toAbsolutePath(), e);
                }
                System.out.println("histogram (us): " + file.toAbsolutePath());
            }
        }

        /**
         * @return the benchmark's class and method, then its parameters: {@code PingPongLatencyBenchmark.quicksilver}.
         */
        static String label(final BenchmarkParams params)
        {
            final String benchmark = params.getBenchmark();
            final StringBuilder label =
                new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
            for (final String key : params.getParamsKeys())
            {
                label.append(' ').append(key).append('=').append(params.getParam(key));
            }
            return label.toString();
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    /** ping -> pong, the responder on pong answering, one worker. */
    @State(Scope.Benchmark)
    public static class Quicksilver extends RoundTrips
    {
        final QuicksilverRuntimes.Failures failures = new QuicksilverRuntimes.Failures();
        ParallelDispatcher dispatcher;
        Producer producer;
        int ping;

        public Quicksilver()
        {
            super("pong");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            printFloor();
            final Hierarchy hierarchy = new Hierarchy(failures::record);
            final NodeModel pingNode = hierarchy.createNode("ping", false);
            final NodeModel pongNode = hierarchy.createNode("pong", false);
            hierarchy.link(pingNode, pongNode);
            final Receiver r = receiver;
            final Pong p = pong;
            hierarchy.addResponder(pongNode, "pong", view ->
            {
                r.onPayload(view.payload(), 0);
                p.putRelease(r.delivered(0));
            }, Tag.EVERYTHING, true, false, true);
            ping = pingNode.id();
            dispatcher = QuicksilverRuntimes.parallel(hierarchy, failures, 1);
            producer = dispatcher.newProducer(new BusySpinIdleStrategy());
        }

        @Override
        void check()
        {
            failures.check();
        }

        @Override
        void stop()
        {
            dispatcher.close();
        }
    }

    @Benchmark
    public void quicksilver(final Quicksilver state)
    {
        final long counter = state.sent;
        final long start = System.nanoTime();
        QuicksilverRuntimes.send(state.producer, state.ping, counter);
        state.awaitPong(counter);
        state.record(start);
        state.sent = counter + 1;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    /** Single-producer ring, one processor whose handler answers. */
    @State(Scope.Benchmark)
    public static class Disruptor extends RoundTrips
    {
        RingBuffer<PayloadObject> ring;
        DisruptorConsumer consumer;

        public Disruptor()
        {
            super("processor");
        }

        @Setup(Level.Trial)
        public void setUp()
        {
            ring = RingBuffer.createSingleProducer(
                PayloadObject::new, QuicksilverRuntimes.RING_CAPACITY, new BusySpinWaitStrategy());
            final Receiver r = receiver;
            final Pong p = pong;
            consumer = new DisruptorConsumer("disruptor-pong", ring, (event, sequence, endOfBatch) ->
            {
                r.onEvent(event);
                p.putRelease(r.delivered(0));
            });
        }

        @Override
        void stop()
        {
            consumer.close();
        }
    }

    @Benchmark
    public void disruptor(final Disruptor state)
    {
        final long counter = state.sent;
        final long start = System.nanoTime();
        final RingBuffer<PayloadObject> ring = state.ring;
        final long sequence = ring.next();
        ring.get(sequence).fill(counter);
        ring.publish(sequence);
        state.awaitPong(counter);
        state.record(start);
        state.sent = counter + 1;
    }

    // ------------------------------------------------------------------------------------------------ the floor

    /**
     * Run the C floor for a second and print its ping-pong median, so the report has it from the same run.
     */
    static void printFloor()
    {
        final Path floor = Path.of(System.getProperty(FLOOR_PROP_NAME, FLOOR_DEFAULT));
        if (!Files.isExecutable(floor))
        {
            System.out.println("\nC floor not built (" + floor.toAbsolutePath() + "): run native/build.sh");
            return;
        }
        try
        {
            final Process process = new ProcessBuilder(floor.toString(), "--seconds", "1")
                .redirectErrorStream(true).start();
            final String output;
            try (InputStream in = process.getInputStream())
            {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            process.waitFor(30, TimeUnit.SECONDS);
            for (final String line : output.split("\n"))
            {
                if (line.startsWith("pingpong_rtt_ns"))
                {
                    System.out.println("\nC floor: " + line);
                }
            }
        }
        catch (final IOException e)
        {
            System.out.println("\nC floor failed to run: " + e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
