package io.quicksilver.benchmarks.harness;

import io.quicksilver.Metadata;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.parallel.IdleStrategies;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.parallel.Producer;
import io.quicksilver.runtime.ring.Backpressure;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.quicksilver.benchmarks.harness.RunThreads.allocationBean;
import static io.quicksilver.benchmarks.harness.RunThreads.await;
import static io.quicksilver.benchmarks.harness.RunThreads.joinUntil;
import static io.quicksilver.benchmarks.harness.RunThreads.paceUntil;
import static io.quicksilver.benchmarks.harness.RunThreads.pin;
import static io.quicksilver.benchmarks.harness.RunThreads.thread;

/**
 * The scene graph on the parallel dispatcher: P producer threads send checksummed 64-byte messages from the root and
 * from mid-level nodes of a Mercury-shaped scene ({@link SceneGraph}), and W dispatcher workers route each one to
 * every responder it reaches (100+ for the medium and large scenes).
 * <pre>
 *   producer 0 --+                         +--> worker 0: routes every message, calls the responders it owns
 *   producer 1 --+--> sequencer ring ------+--> worker 1: routes every message, calls the responders it owns
 *   ...          |   (64 B msgs, total     +--> ...
 *   producer P-1-+    order)               +--> worker W-1
 * </pre>
 * A message is one send; a delivery is one responder call, so deliveries per message is the template's fan-out, the
 * same for every W: deliveries/s(W) / (W x deliveries/s(1)) is real scaling. Each run builds a fresh
 * {@link ParallelDispatcher} (ring, workers, default balancing) over the same scene, pinned to the step's placements
 * through the affinity plan; the scene is built once per workload.
 * <p>
 * Checks: every responder verifies the checksum and per-producer order of what it receives (see {@link SceneGraph});
 * after the run the deliveries counted by the responders must equal both the dispatcher's count and the sum over
 * sends of the template's fan-out as the single-threaded dispatcher measured it, and no responder or runtime error may
 * be reported.
 */
public final class SceneGraphWorkload implements Workload
{
    /** Most seconds a run may take beyond its duration before it is declared hung. */
    static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private static final long CLOCK_CHECK_MASK = 255;
    private static final long PACE_SPIN_NS = 20_000;
    /** Longest unrecorded start of a paced run (see {@link SceneGraph#recordLatencyFromNanos}). */
    static final long PACED_WARMUP_MAX_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final SceneGraph scene;

    /**
     * @param spec      the scene's shape.
     * @param producers producer threads (1 to 64).
     */
    public SceneGraphWorkload(final SceneSpec spec, final int producers)
    {
        this.scene = SceneGraph.build(spec, producers);
    }

    /**
     * @return the scene this workload dispatches.
     */
    public SceneGraph scene()
    {
        return scene;
    }

    @Override
    public String name()
    {
        return "scene-" + scene.spec().name();
    }

    @Override
    public String describe()
    {
        return String.format(Locale.ROOT, "%d producer %s 64-byte checksummed messages (SELF_AND_CHILDREN " +
                "from the root or a mid-level node, some tagged, some SELECTED) into the parallel dispatcher; its W " +
                "workers route each to every responder it reaches. %s. A delivery is one responder call; responders " +
                "check the checksum and per-producer order, and the total must match the single-threaded " +
                "dispatcher's fan-out of every send. Latency: send to the template's last receiver in depth-first " +
                "order.", scene.producers(), scene.producers() == 1 ? "thread sends" : "threads send", scene.summary());
    }

    @Override
    public int maxWorkers()
    {
        return ParallelDispatcher.MAX_WORKERS;
    }

    @Override
    public int producers()
    {
        return scene.producers();
    }

    @Override
    public WorkloadResult run(final WorkloadRun run)
    {
        final int producerCount = scene.producers();
        final AtomicReference<String> failure = new AtomicReference<>();
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final com.sun.management.ThreadMXBean threads = allocationBean();
        scene.reset();

        final ParallelDispatcher.Builder builder = ParallelDispatcher.builder(scene.hierarchy(), scene.failures())
            .workers(run.workers())
            // Slots sized to the 64-byte payload: a 4 KiB default slot would make each run zero 64 MiB of ring.
            .maxPayload(SceneGraph.PAYLOAD_LENGTH)
            .idleStrategy(() -> IdleStrategies.of(run.idle()))
            .log(log::add);
        if (run.pinning() != null && run.plan() != null)
        {
            builder.affinity(run.plan());
        }
        final ParallelDispatcher dispatcher = builder.build();
        final List<String> notes = new ArrayList<>();
        final long[] workerIds = workerThreadIds(run.workers());
        final long[] workersBefore = allocated(threads, workerIds);
        final SceneProducer[] producers = new SceneProducer[producerCount];
        long messages = 0;
        long measuredMessages = 0;
        long endNanos;
        long startNanos = Long.MAX_VALUE;
        long allocated = 0;
        try
        {
            final CyclicBarrier start = new CyclicBarrier(producerCount);
            final List<Thread> all = new ArrayList<>();
            for (int p = 0; p < producerCount; p++)
            {
                producers[p] = new SceneProducer(p, dispatcher, scene, run, start, failure, threads);
                all.add(thread("qs-bench-producer-" + p, producers[p], failure));
            }
            all.forEach(Thread::start);
            if (run.paced())
            {
                discardLatencyAfterWarmup(producers[0], Math.min(PACED_WARMUP_MAX_NS, run.duration().toNanos() / 2));
            }
            final long deadline = System.nanoTime() + run.duration().toNanos() + DRAIN_TIMEOUT_NS;
            for (final Thread thread : all)
            {
                joinUntil(thread, deadline);
                if (thread.isAlive())
                {
                    failure.compareAndSet(null, thread.getName() + " did not finish within " +
                        TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NS) + " s after the run's duration (hung)");
                    for (final SceneProducer producer : producers)
                    {
                        producer.abort = true;
                    }
                    joinUntil(thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                }
            }
            if (!dispatcher.flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))
            {
                failure.compareAndSet(null, "the workers did not deliver every message within " +
                    TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NS) + " s after the run's duration (hung)");
            }
            endNanos = System.nanoTime();
            final long[] workersAfter = allocated(threads, workerIds);
            for (int w = 0; w < workerIds.length; w++)
            {
                allocated = allocated < 0 || workersBefore[w] < 0 || workersAfter[w] < 0 ? -1 :
                    allocated + workersAfter[w] - workersBefore[w];
            }
            if (workerIds.length != run.workers())
            {
                allocated = -1;
            }
            for (final SceneProducer producer : producers)
            {
                messages += producer.sent;
                measuredMessages += producer.measured;
                startNanos = Math.min(startNanos, producer.startNanos);
                allocated = allocated < 0 || producer.allocatedBytes < 0 ? -1 : allocated + producer.allocatedBytes;
                notes.add("producer " + producer.index + ": " + producer.placement);
            }
        }
        finally
        {
            dispatcher.close();
        }
        for (int w = 0; w < run.workers(); w++)
        {
            notes.add("worker " + w + ": " + (run.pinning() == null ? "cpu " + run.placements().get(w).cpu() +
                " planned, not pinned (pinning off or unavailable)" : "cpu " + run.placements().get(w).cpu() +
                " (pinned by the dispatcher from the affinity plan)"));
        }
        synchronized (log)
        {
            log.forEach(line -> notes.add("dispatcher: " + line));
        }

        final long deliveries = scene.deliveries();
        long expected = 0;
        for (final SceneProducer producer : producers)
        {
            for (int t = 0; t < producer.sentPerTemplate.length; t++)
            {
                expected += producer.sentPerTemplate[t] * scene.templateFanout(t);
            }
        }
        String error = failure.get();
        if (error == null)
        {
            error = scene.firstError();
        }
        if (error == null && dispatcher.responderErrors() + dispatcher.runtimeErrors() != 0)
        {
            error = "dispatcher reported errors: responderErrors=" + dispatcher.responderErrors() +
                ", runtimeErrors=" + dispatcher.runtimeErrors();
        }
        if (error == null && deliveries != expected)
        {
            error = "deliveries do not match the scene's fan-out: messages=" + messages + ", deliveries=" +
                deliveries + ", expected=" + expected;
        }
        if (error == null && dispatcher.deliveries() != deliveries)
        {
            error = "the dispatcher counted other deliveries than the responders: dispatcher=" +
                dispatcher.deliveries() + ", responders=" + deliveries;
        }
        final Histogram[] latency = run.paced() ? scene.latency(run.paceIntervalNs(), measuredMessages) :
            new Histogram[]{ new Histogram(SceneGraph.HIGHEST_LATENCY_NS, 3), new Histogram(SceneGraph.HIGHEST_LATENCY_NS, 3) };
        // A paced run reports its measured part: the sends after the warm-up and the time since it ended.
        final long measuredFrom = run.paced() ? scene.latencyDiscardedAtNanos() : startNanos;
        final long elapsed = measuredFrom >= endNanos ? 0 : endNanos - measuredFrom;
        return new WorkloadResult(run.paced() ? measuredMessages : messages, deliveries, elapsed, error == null, error,
            latency[0], latency[1], allocated, List.copyOf(notes), Hiccups.NONE);
    }

    // ------------------------------------------------------------------------------------------------ threads

    private static final class SceneProducer implements Runnable
    {
        final int index;
        final ParallelDispatcher dispatcher;
        final SceneGraph scene;
        final WorkloadRun run;
        final CyclicBarrier start;
        final AtomicReference<String> failure;
        final com.sun.management.ThreadMXBean threads;
        final long[] sentPerTemplate;
        volatile boolean abort;
        volatile long startNanos = Long.MAX_VALUE;
        long sent;
        long measured;
        long allocatedBytes = -1;
        String placement = "not started";

        SceneProducer(
            final int index,
            final ParallelDispatcher dispatcher,
            final SceneGraph scene,
            final WorkloadRun run,
            final CyclicBarrier start,
            final AtomicReference<String> failure,
            final com.sun.management.ThreadMXBean threads)
        {
            this.index = index;
            this.dispatcher = dispatcher;
            this.scene = scene;
            this.run = run;
            this.start = start;
            this.failure = failure;
            this.threads = threads;
            this.sentPerTemplate = new long[scene.templateCount()];
        }

        @Override
        public void run()
        {
            placement = index == 0 && run.producerCpu().isPresent() ?
                pin(run.pinning(), run.producerCpu().getAsInt()) :
                index == 0 ? "not pinned (no CPU left free by the plan)" : "not pinned (only producer 0 is)";
            final IdleStrategy idle = IdleStrategies.of(run.idle());
            final Producer producer = dispatcher.newProducer(idle);
            final int templates = scene.templateCount();
            final int[] senders = new int[templates];
            final Metadata[] metadata = new Metadata[templates];
            for (int t = 0; t < templates; t++)
            {
                senders[t] = scene.templateSender(t);
                metadata[t] = scene.templateMetadata(t);
            }
            final int[] mix = scene.mixArray();
            final long[] perTemplate = sentPerTemplate;
            final long interval = run.paceIntervalNs() * scene.producers();
            final int producerId = index;
            // Producers start their mix at different points so they do not all hit the same subtree at once.
            final int mixOffset = index * (SceneGraph.MIX_LENGTH / scene.producers());
            long sequence = 0;
            long sentBeforeRecording = -1;
            try
            {
                await(start);
                final long allocatedBefore = threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
                final long begin = System.nanoTime();
                startNanos = begin;
                // A paced run sends unrecorded for a while first, then for its whole duration with latency recorded.
                final long warmup = interval > 0 ? Math.min(PACED_WARMUP_MAX_NS, run.duration().toNanos() / 2) : 0;
                final long recordFrom = begin + warmup;
                final long deadline = recordFrom + run.duration().toNanos();
                long next = begin + (interval > 0 ? interval * index / scene.producers() : 0);
                while (!abort)
                {
                    if (interval > 0)
                    {
                        if (System.nanoTime() >= deadline)
                        {
                            break;
                        }
                        paceUntil(next, PACE_SPIN_NS);
                        next += interval;
                        // Measured from the first send after the recorders were emptied: each of those is recorded.
                        if (sentBeforeRecording < 0 && scene.latencyDiscardedAtNanos() != Long.MAX_VALUE)
                        {
                            sentBeforeRecording = sequence;
                        }
                    }
                    else if ((sequence & CLOCK_CHECK_MASK) == 0 && System.nanoTime() >= deadline)
                    {
                        break;
                    }
                    final int template = mix[(int)((sequence + mixOffset) & (SceneGraph.MIX_LENGTH - 1))];
                    final long ticket = producer.begin(senders[template], SceneGraph.METHOD, metadata[template],
                        Backpressure.BLOCK);
                    if (ticket < 0)
                    {
                        failure.compareAndSet(null, "producer " + producerId + ": send refused, ticket=" + ticket);
                        break;
                    }
                    final MessageWriter writer = producer.writer();
                    SceneGraph.writePayload(writer.segment(), writer.payloadOffset(), sequence, System.nanoTime(),
                        producerId, template);
                    writer.payloadWritten(PayloadType.BYTE_ARRAY, SceneGraph.PAYLOAD_LENGTH);
                    producer.commit();
                    perTemplate[template]++;
                    sequence++;
                }
                final long allocatedAfter = threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
                allocatedBytes = allocatedBefore < 0 ? -1 : allocatedAfter - allocatedBefore;
            }
            finally
            {
                sent = sequence;
                measured = interval > 0 ? sequence - Math.max(0, sentBeforeRecording) : sequence;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Once the first producer has sent for {@code warmupNs}, drop the latency recorded so far: the dispatcher's
     * start-up, not its steady state. A bench thread waiting on the clock, not a synchronisation.
     */
    private void discardLatencyAfterWarmup(final SceneProducer first, final long warmupNs)
    {
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(RunThreads.START_TIMEOUT_S);
        long start;
        while ((start = first.startNanos) == Long.MAX_VALUE && System.nanoTime() < giveUp)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        long now;
        while ((now = System.nanoTime()) < start + warmupNs)
        {
            LockSupport.parkNanos(start + warmupNs - now);
        }
        scene.discardLatency();
    }

    /** The dispatcher's worker threads, found by name: they are the only live ones once earlier runs have closed. */
    private static long[] workerThreadIds(final int workers)
    {
        final long[] ids = new long[workers];
        int found = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            final String name = thread.getName();
            if (name.startsWith("quicksilver-worker-") && thread.isAlive() && found < workers)
            {
                ids[found++] = thread.threadId();
            }
        }
        return found == workers ? ids : java.util.Arrays.copyOf(ids, found);
    }

    private static long[] allocated(final com.sun.management.ThreadMXBean threads, final long[] ids)
    {
        if (threads == null)
        {
            final long[] none = new long[ids.length];
            java.util.Arrays.fill(none, -1);
            return none;
        }
        return threads.getThreadAllocatedBytes(ids);
    }
}
