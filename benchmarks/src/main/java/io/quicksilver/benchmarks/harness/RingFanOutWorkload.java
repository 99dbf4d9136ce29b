package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.WorkerPlacement;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.parallel.IdleStrategies;
import io.quicksilver.runtime.ring.MessageHandler;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.SingleProducerRing;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import static io.quicksilver.benchmarks.harness.RunThreads.allocationBean;
import static io.quicksilver.benchmarks.harness.RunThreads.await;
import static io.quicksilver.benchmarks.harness.RunThreads.joinUntil;
import static io.quicksilver.benchmarks.harness.RunThreads.paceUntil;
import static io.quicksilver.benchmarks.harness.RunThreads.pin;
import static io.quicksilver.benchmarks.harness.RunThreads.thread;

/**
 * Ring fan-out: one producer publishes checksummed 64-byte messages into a multicast ring gated by W consumers, each
 * a worker pinned per the affinity plan; every consumer sees every message.
 * <pre>
 *                       +--> worker 0 (cpu of placement 0): check, record latency
 *   producer --> ring --+--> worker 1 (cpu of placement 1): check, record latency
 *   (64 B msgs)         +--> ...
 *                       +--> worker W-1
 * </pre>
 * A message is one publish; a delivery is one handler call, so W deliveries per message. Payload: eight longs,
 * {@code [sequence, sendNanos, five words derived from the sequence, checksum of the seven]}; each worker checks the
 * sequence is the next it expects (nothing lost, duplicated or reordered), the derived words and the checksum.
 * <p>
 * Throughput runs publish as fast as the slowest worker drains (claims wait with the idle strategy when the ring is
 * full). Paced runs publish one message every interval; each worker records {@code now - sendNanos} per delivery,
 * and the result is corrected for coordinated omission with the pacing interval
 * ({@link Histogram#copyCorrectedForCoordinatedOmission(long)}, the after-the-fact twin of
 * {@link Histogram#recordValueWithExpectedInterval(long, long)}): a delivery later than one interval also counts the
 * deliveries a steady stream would have had waiting behind it. The correction is applied after the run, not per
 * delivery, because back-filling a long stall inside the handler (one record per missed interval) would slow the
 * worker, which delays the next delivery, which back-fills more: a feedback loop that measures itself.
 */
public final class RingFanOutWorkload implements Workload
{
    /** Payload bytes per message: one cache line, the size every peer in docs/benchmarks.md is measured with. */
    public static final int PAYLOAD_LENGTH = 64;

    /** Slots in the ring unless the constructor says otherwise. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** Largest latency the histograms hold, in nanoseconds: anything longer is recorded as this. */
    public static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);

    private static final int PAYLOAD_WORDS = PAYLOAD_LENGTH / Long.BYTES;
    private static final int POLL_LIMIT = 256;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** How often, in messages, a saturating producer reads the clock to see whether its time is up. */
    private static final int CLOCK_CHECK_MASK = 255;
    /** Below this much time to the next paced send the producer spins; above, it yields the CPU. */
    private static final long PACE_SPIN_NS = 2_000;
    /** A run that has not drained this long after its duration is declared hung. */
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final boolean multiProducer;
    private final int capacity;

    /**
     * Single-producer ring of {@link #DEFAULT_CAPACITY} slots.
     */
    public RingFanOutWorkload()
    {
        this(false, DEFAULT_CAPACITY);
    }

    /**
     * @param multiProducer use a {@link MultiProducerRing} (claims by atomic add, per-slot publish flags) instead of a
     *                      {@link SingleProducerRing}, to measure what the multi-producer protocol costs one producer.
     * @param capacity      ring slots, a power of two.
     */
    public RingFanOutWorkload(final boolean multiProducer, final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of 2: capacity=" + capacity);
        }
        this.multiProducer = multiProducer;
        this.capacity = capacity;
    }

    @Override
    public String name()
    {
        return multiProducer ? "ring-fan-out-mp" : "ring-fan-out";
    }

    @Override
    public String describe()
    {
        return "Ring fan-out: one producer publishes " + PAYLOAD_LENGTH + "-byte checksummed messages into a " +
            (multiProducer ? "MultiProducerRing" : "SingleProducerRing") + " of " + capacity + " slots gated by W " +
            "consumers (multicast: every worker sees every message), each worker pinned per the affinity plan. " +
            "A message is one publish, a delivery one handler call (W per message). Every worker checks each " +
            "message's sequence (nothing lost, duplicated or reordered), derived words and checksum.";
    }

    @Override
    public int maxWorkers()
    {
        return MessageRing.MAX_CONSUMERS;
    }

    @Override
    public WorkloadResult run(final WorkloadRun run)
    {
        final int workers = run.workers();
        final com.sun.management.ThreadMXBean threads = allocationBean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final List<String> notes = new ArrayList<>();

        try (Arena arena = Arena.ofShared())
        {
            final SlotArena slots = SlotArena.allocate(arena, capacity, PAYLOAD_LENGTH);
            final MessageRing ring = multiProducer ? new MultiProducerRing(slots, workers) :
                new SingleProducerRing(slots, workers);
            final CyclicBarrier start = new CyclicBarrier(workers + 1);
            final Producer producer = new Producer(ring, run, start, failure, threads);
            final Consumer[] consumers = new Consumer[workers];
            final List<Thread> all = new ArrayList<>();
            for (int w = 0; w < workers; w++)
            {
                consumers[w] = new Consumer(ring.consumer(w), run.placements().get(w), run, producer, start, failure, threads);
                all.add(thread("qs-bench-worker-" + w, consumers[w], failure));
            }
            all.add(thread("qs-bench-producer", producer, failure));
            all.forEach(Thread::start);

            final long deadline = System.nanoTime() + run.duration().toNanos() + DRAIN_TIMEOUT_NS;
            for (final Thread thread : all)
            {
                joinUntil(thread, deadline);
                if (thread.isAlive())
                {
                    failure.compareAndSet(null, thread.getName() + " did not finish within " +
                        TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NS) + " s after the run's duration (hung)");
                    producer.abort = true;
                    joinUntil(thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                }
            }

            long deliveries = 0;
            long endNanos = producer.startNanos;
            long allocated = producer.allocatedBytes;
            final Histogram latency = new Histogram(HIGHEST_LATENCY_NS, 3);
            final Histogram raw = new Histogram(HIGHEST_LATENCY_NS, 3);
            notes.add("producer: " + producer.placement);
            for (final Consumer consumer : consumers)
            {
                deliveries += consumer.check.received;
                endNanos = Math.max(endNanos, consumer.endNanos);
                allocated = allocated < 0 || consumer.allocatedBytes < 0 ? -1 : allocated + consumer.allocatedBytes;
                if (consumer.check.error != null)
                {
                    failure.compareAndSet(null, "worker " + consumer.consumer.index() + ": " + consumer.check.error);
                }
                if (run.paced())
                {
                    latency.add(consumer.check.histogram.copyCorrectedForCoordinatedOmission(run.paceIntervalNs()));
                    raw.add(consumer.check.histogram);
                }
                notes.add("worker " + consumer.consumer.index() + ": " + consumer.placementNote);
            }
            final long messages = producer.published;
            if (failure.get() == null && deliveries != messages * workers)
            {
                failure.set("lost deliveries: messages=" + messages + ", workers=" + workers +
                    ", deliveries=" + deliveries + ", expected=" + messages * workers);
            }
            return new WorkloadResult(messages, deliveries, endNanos - producer.startNanos, failure.get() == null,
                failure.get(), latency, raw, allocated, List.copyOf(notes), Hiccups.NONE);
        }
    }

    // ------------------------------------------------------------------------------------------------ payload

    static long derivedWord(final long sequence, final int index)
    {
        return (sequence * GOLDEN) ^ ((long)index << 56);
    }

    static void writePayload(final MemorySegment segment, final long offset, final long sequence, final long sendNanos)
    {
        segment.set(JAVA_LONG, offset, sequence);
        segment.set(JAVA_LONG, offset + Long.BYTES, sendNanos);
        long checksum = sequence * 31 + sendNanos;
        for (int i = 2; i < PAYLOAD_WORDS - 1; i++)
        {
            final long word = derivedWord(sequence, i);
            segment.set(JAVA_LONG, offset + (long)i * Long.BYTES, word);
            checksum = checksum * 31 + word;
        }
        segment.set(JAVA_LONG, offset + (PAYLOAD_WORDS - 1) * Long.BYTES, checksum);
    }

    // ------------------------------------------------------------------------------------------------ threads

    private static final class Producer implements Runnable
    {
        final MessageRing ring;
        final WorkloadRun run;
        final CyclicBarrier start;
        final AtomicReference<String> failure;
        final com.sun.management.ThreadMXBean threads;
        volatile long published;
        volatile boolean done;
        volatile boolean abort;
        volatile long startNanos;
        long allocatedBytes = -1;
        String placement = "not started";

        Producer(
            final MessageRing ring,
            final WorkloadRun run,
            final CyclicBarrier start,
            final AtomicReference<String> failure,
            final com.sun.management.ThreadMXBean threads)
        {
            this.ring = ring;
            this.run = run;
            this.start = start;
            this.failure = failure;
            this.threads = threads;
        }

        @Override
        public void run()
        {
            placement = run.producerCpu().isPresent() ?
                pin(run.pinning(), run.producerCpu().getAsInt()) : "not pinned (no CPU left free by the plan)";
            final IdleStrategy idle = IdleStrategies.of(run.idle());
            final MessageWriter writer = new MessageWriter();
            final long interval = run.paceIntervalNs();
            long sequence = 0;
            try
            {
                await(start);
                final long allocatedBefore = allocated(threads);
                final long begin = System.nanoTime();
                startNanos = begin;
                final long deadline = begin + run.duration().toNanos();
                long next = begin;
                produce:
                while (true)
                {
                    if (interval > 0)
                    {
                        if (System.nanoTime() >= deadline)
                        {
                            break;
                        }
                        paceUntil(next, PACE_SPIN_NS);
                        next += interval;
                    }
                    else if ((sequence & CLOCK_CHECK_MASK) == 0 && System.nanoTime() >= deadline)
                    {
                        break;
                    }

                    long claimed;
                    while ((claimed = ring.tryClaim(1)) < 0)
                    {
                        if (abort || failure.get() != null)
                        {
                            break produce;
                        }
                        idle.idle();
                    }
                    idle.reset();
                    writer.wrap(ring, claimed);
                    writePayload(writer.segment(), writer.payloadOffset(), sequence, System.nanoTime());
                    writer.payloadWritten(PayloadType.BYTE_ARRAY, PAYLOAD_LENGTH);
                    ring.publish(claimed);
                    sequence++;
                }
                final long allocatedAfter = allocated(threads);
                allocatedBytes = allocatedBefore < 0 ? -1 : allocatedAfter - allocatedBefore;
            }
            finally
            {
                published = sequence;
                done = true;
            }
        }
    }

    private static final class Consumer implements Runnable
    {
        final RingConsumer consumer;
        final WorkerPlacement placement;
        final WorkloadRun run;
        final Producer producer;
        final CyclicBarrier start;
        final AtomicReference<String> failure;
        final com.sun.management.ThreadMXBean threads;
        final Check check;
        String placementNote = "not started";
        long endNanos;
        long allocatedBytes = -1;

        Consumer(
            final RingConsumer consumer,
            final WorkerPlacement placement,
            final WorkloadRun run,
            final Producer producer,
            final CyclicBarrier start,
            final AtomicReference<String> failure,
            final com.sun.management.ThreadMXBean threads)
        {
            this.consumer = consumer;
            this.placement = placement;
            this.run = run;
            this.producer = producer;
            this.start = start;
            this.failure = failure;
            this.threads = threads;
            this.check = new Check(run.paceIntervalNs());
        }

        @Override
        public void run()
        {
            placementNote = pin(run.pinning(), placement.cpu());
            final IdleStrategy idle = IdleStrategies.of(run.idle());
            final RingConsumer consumer = this.consumer;
            final Check check = this.check;
            final Producer producer = this.producer;
            await(start);
            final long allocatedBefore = allocated(threads);
            while (true)
            {
                final int handled = consumer.poll(check, POLL_LIMIT);
                if (handled == 0)
                {
                    // done is written after published, so published is final once done reads true.
                    if (producer.done && check.received >= producer.published)
                    {
                        break;
                    }
                    if (producer.abort || (failure.get() != null && producer.done))
                    {
                        break;
                    }
                }
                idle.idle(handled);
            }
            endNanos = System.nanoTime();
            final long allocatedAfter = allocated(threads);
            allocatedBytes = allocatedBefore < 0 ? -1 : allocatedAfter - allocatedBefore;
        }
    }

    /** Per-worker check and latency recorder; only its worker thread touches it until the run is joined. */
    static final class Check implements MessageHandler
    {
        final Histogram histogram = new Histogram(HIGHEST_LATENCY_NS, 3);
        final long interval;
        long received;
        String error;

        Check(final long interval)
        {
            this.interval = interval;
        }

        @Override
        public void onMessage(final MessageView message)
        {
            final long now = interval > 0 ? System.nanoTime() : 0;
            final MemorySegment payload = message.payload();
            final long sequence = payload.get(JAVA_LONG, 0);
            final long sendNanos = payload.get(JAVA_LONG, Long.BYTES);
            long checksum = sequence * 31 + sendNanos;
            boolean derivedOk = true;
            for (int i = 2; i < PAYLOAD_WORDS - 1; i++)
            {
                final long word = payload.get(JAVA_LONG, (long)i * Long.BYTES);
                derivedOk &= word == derivedWord(sequence, i);
                checksum = checksum * 31 + word;
            }
            if (error == null)
            {
                if (sequence != received)
                {
                    error = "sequence=" + sequence + " where " + received + " was expected (lost, duplicated or reordered)";
                }
                else if (!derivedOk || checksum != payload.get(JAVA_LONG, (PAYLOAD_WORDS - 1) * Long.BYTES) ||
                    message.payloadLength() != PAYLOAD_LENGTH)
                {
                    error = "corrupt payload at sequence=" + sequence + " (checksum, derived word or length)";
                }
            }
            received++;
            if (interval > 0)
            {
                histogram.recordValue(Math.min(Math.max(now - sendNanos, 0), HIGHEST_LATENCY_NS));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long allocated(final com.sun.management.ThreadMXBean threads)
    {
        return threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
    }
}
