package io.quicksilver.benchmarks.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.benchmarks.harness.SceneGraph;
import io.quicksilver.benchmarks.harness.SceneSpec;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
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

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cost of one scene-graph send on one thread, without a second thread's cache traffic or the host's scheduling:
 * a batch of {@value #BATCH} sends of the bench's scene (the same responders, checks and send mix as
 * {@code ./quicksilver bench}) written and then delivered by the same thread, either by one parallel worker driven in
 * invoker mode ({@code mode=worker}: sequencer ring, kernel routing, partition bookkeeping, every delivery) or by the
 * single-threaded dispatcher ({@code mode=single}: the walk, nothing else). Divide the score by the scene's mean
 * fan-out (printed at set-up) for nanoseconds per delivery. With {@code responders=counting} the responders only count
 * their calls, so the score is the dispatcher's own cost; the difference to {@code checking} is what the bench's
 * responders spend reading and checking the payload. {@code counters=on} (worker mode) adds the live counters file
 * and a thread sampling it every 100 ms: its cost is the difference to {@code counters=off}.
 * <pre>
 *   this thread: write 64 sends --&gt; sequencer ring --&gt; worker 0 (invoked here) --&gt; responders (mean 218 per send)
 *   this thread: write 1 send   --&gt; single-threaded dispatcher walk             --&gt; responders
 * </pre>
 * <pre>
 * java -jar benchmarks/target/quicksilver-benchmarks.jar SceneDeliveryCostBenchmark -f 3 -wi 3 -i 5 -prof gc
 * </pre>
 * The responders fail a send whose checksum or per-producer order is wrong; the trial ends with an exception if any
 * did.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SceneDeliveryCostBenchmark
{
    /** Sends written before the worker runs. */
    public static final int BATCH = 64;

    @Param({"large"})
    public String scene;

    @Param({"worker", "single"})
    public String mode;

    /** {@code checking}: the bench's responders (read and check the payload); {@code counting}: count calls only. */
    @Param({"checking", "counting"})
    public String responders;

    /**
     * {@code mode=worker} only. {@code off}: no counters file; {@code on}: the live counters file (docs/counters.md),
     * sampled every 100 ms by a thread of its own, as the runtime's sampler thread does outside invoker mode.
     */
    @Param({"off"})
    public String counters;

    private Thread sampler;
    private volatile boolean sampling;
    private SceneGraph graph;
    private int[] senders;
    private Metadata[] metadata;
    private int[] mix;
    private long sequence;
    private ParallelDispatcher dispatcher;
    private Producer producer;
    private Arena arena;
    private SingleThreadedDispatcher single;

    @Setup(Level.Trial)
    public void setUp()
    {
        if (!responders.equals("checking") && !responders.equals("counting"))
        {
            throw new IllegalArgumentException("responders must be checking or counting: responders=" + responders);
        }
        graph = SceneGraph.build(SceneSpec.named(scene), 1, responders.equals("checking"));
        final int templates = graph.templateCount();
        senders = new int[templates];
        metadata = new Metadata[templates];
        for (int t = 0; t < templates; t++)
        {
            senders[t] = graph.templateSender(t);
            metadata[t] = graph.templateMetadata(t);
        }
        mix = new int[SceneGraph.MIX_LENGTH];
        for (int i = 0; i < mix.length; i++)
        {
            mix[i] = graph.mix(i);
        }
        graph.reset();
        System.out.println(graph.summary());
        switch (mode)
        {
            case "worker" ->
            {
                dispatcher = ParallelDispatcher.builder(graph.hierarchy(), graph.failures())
                    .workers(1)
                    .invoker(true)
                    .maxPayload(SceneGraph.PAYLOAD_LENGTH)
                    .log(line -> { })
                    .counters(counters.equals("on"))
                    .countersName("jmh-scene")
                    .build();
                producer = dispatcher.newProducer();
                startSampler();
            }
            case "single" ->
            {
                arena = Arena.ofConfined();
                single = new SingleThreadedDispatcher(graph.hierarchy(), graph.failures(), arena,
                    SceneGraph.PAYLOAD_LENGTH, 4, SingleThreadedDispatcher.HOP_LIMIT_DEFAULT, false);
            }
            default -> throw new IllegalArgumentException("mode must be worker or single: mode=" + mode);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final String error = graph.firstError();
        if (sampler != null)
        {
            sampling = false;
            LockSupport.unpark(sampler);
            try
            {
                sampler.join();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (dispatcher != null)
        {
            dispatcher.close();
        }
        if (single != null)
        {
            single.close();
            arena.close();
        }
        if (error != null)
        {
            throw new IllegalStateException("scene check failed: " + error);
        }
    }

    private void startSampler()
    {
        if (!counters.equals("on") && !counters.equals("off"))
        {
            throw new IllegalArgumentException("counters must be on or off: counters=" + counters);
        }
        if (counters.equals("off"))
        {
            return;
        }
        sampling = true;
        sampler = new Thread(() ->
        {
            while (sampling)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                dispatcher.sampleCounters();
            }
        }, "jmh-counters-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int send()
    {
        if (single != null)
        {
            for (int i = 0; i < BATCH; i++)
            {
                final int template = mix[(int)(sequence & (SceneGraph.MIX_LENGTH - 1))];
                final MessageWriter writer = single.begin(senders[template], SceneGraph.METHOD, metadata[template]);
                SceneGraph.writePayload(writer.segment(), writer.payloadOffset(), sequence++, 0, 0, template);
                writer.payloadWritten(PayloadType.BYTE_ARRAY, SceneGraph.PAYLOAD_LENGTH);
                single.dispatch();
            }
            return 0;
        }
        for (int i = 0; i < BATCH; i++)
        {
            final int template = mix[(int)(sequence & (SceneGraph.MIX_LENGTH - 1))];
            if (producer.begin(senders[template], SceneGraph.METHOD, metadata[template], Backpressure.FAIL) < 0)
            {
                throw new IllegalStateException("ring full with " + BATCH + " sends outstanding: sequence=" + sequence);
            }
            final MessageWriter writer = producer.writer();
            SceneGraph.writePayload(writer.segment(), writer.payloadOffset(), sequence++, 0, 0, template);
            writer.payloadWritten(PayloadType.BYTE_ARRAY, SceneGraph.PAYLOAD_LENGTH);
            producer.commit();
        }
        int work = 0;
        int read;
        while ((read = dispatcher.invoke(0)) > 0)
        {
            work += read;
        }
        return work;
    }
}
