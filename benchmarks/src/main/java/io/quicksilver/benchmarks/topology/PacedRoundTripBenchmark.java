package io.quicksilver.benchmarks.topology;

import com.lmax.disruptor.RingBuffer;
import io.quicksilver.benchmarks.ring.Payloads.PayloadObject;
import io.quicksilver.benchmarks.topology.PingPongLatencyBenchmark.RoundTrips;
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

/**
 * Paced round trips, corrected for coordinated omission: the sender sends 64-byte pings on a fixed schedule of
 * {@code rate} messages per second, a receiver on another thread reads and checks each one and answers with a pong,
 * and each round trip is measured from the ping's <em>intended</em> send time to the moment the sender sees its pong.
 * <pre>
 *   schedule: ping i is due at t0 + i / rate       (t0: the iteration's first send)
 *
 *   Quicksilver (parallel, 1 worker)                        Disruptor 4
 *
 *   sender --ping i: begin/write/commit--> [sequencer ring]  sender --ping i: next/fill/publish--> [ring buffer]
 *     ^  (never waits for a pong)              | worker        ^                                    | processor
 *     |                                        v               |                                    v
 *     |                             ping --> pong [responder]  |                               [handler]
 *     +---- pong: release store of i + 1 -----+                +------ pong: release store --------+
 *
 *   latency(i) = (time the sender first sees a pong >= i + 1) - (t0 + i / rate)
 * </pre>
 * The echoing side is {@link PingPongLatencyBenchmark}'s, state for state (same topology, same receiver check, same
 * pong); only the sender differs. It is open loop: between sends it spins until the next ping is due, reading the
 * pong counter as it spins and recording, for every ping answered since it last looked, the time from that ping's
 * due time to now. A pong carries the count of pings answered, so one look can answer several pings.
 * <p>
 * <b>Coordinated omission.</b> A load generator that waits for each answer before sending the next request (or that
 * is itself held up: a full ring, a pause of its own thread) stops sending while the system stalls. The requests it
 * should have sent during the stall are never sent, so the stall appears as one slow sample instead of the many that
 * a client sending at that rate would have seen, and a latency taken from the moment a late request actually left
 * hides how late it was. The generator has coordinated with the system to omit the bad samples: the percentiles,
 * p99 and above especially, come out far better than the truth. The correction here is by construction: the
 * schedule is fixed before the run and never waits for a pong; a ping that leaves late (the ring was full, the
 * sender was descheduled, a safepoint) is sent as soon as it can be, the overdue ones back to back, and each one's
 * latency is counted from when it was due, so the waiting is in the figure. That is what HdrHistogram's
 * {@code recordValueWithExpectedInterval} reconstructs after the fact for a closed loop; measured from the schedule,
 * no reconstruction is needed.
 * <p>
 * Figures: every measurement iteration's round trips go into one HdrHistogram per trial, printed at the end of the
 * trial as p50, p99, p99.99 and max (and written as a {@code .hgrm} with {@code -Dquicksilver.hgrm=DIR}, as for
 * {@link PingPongLatencyBenchmark}). The JMH score is the rate the sender achieved, pings per second: below
 * {@code rate} means the sender could not keep to the schedule (the latencies then include the queueing that
 * follows). The Quicksilver trial also prints the C floor's ping-pong median when {@code native/build/floor} is
 * built. Pacing above what the echoing side sustains only measures a growing queue, so keep {@code rate} below the
 * saturated throughput of {@link OneToOneDispatchBenchmark}.
 * <p>
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar PacedRoundTrip} ({@code -p rate=20000} for
 * another rate; {@code java -Dquicksilver.hgrm=target/hgrm -jar ...} for the {@code .hgrm} files).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// No jdk.internal.misc export: no peer here (Disruptor, Pekko) needs one; only Agrona's buffers do.
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class PacedRoundTripBenchmark
{
    static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * The sender's schedule and its view of the pongs, for one iteration at a time. The first invocation of an
     * iteration starts the schedule ({@link #track}); the iteration's tear-down waits for the last pongs, so every
     * ping sent in an iteration is recorded in it and the next iteration starts with nothing in flight.
     */
    @State(Scope.Thread)
    public static class Pacing
    {
        /** Pings per second. */
        @Param({"10000", "100000"})
        public int rate;

        private RoundTrips trips;
        private long start;
        private long first;
        private long answered;

        @Setup(Level.Trial)
        public void checkRate()
        {
            if (rate <= 0 || rate > NANOS_PER_SECOND)
            {
                throw new IllegalArgumentException("rate must be 1 to 1000000000 pings per second: rate=" + rate);
            }
        }

        /**
         * Start the schedule on the iteration's first invocation; cheap enough to call on every one.
         *
         * @param roundTrips the echoing side.
         */
        void track(final RoundTrips roundTrips)
        {
            if (trips == null)
            {
                trips = roundTrips;
                first = roundTrips.sent;
                answered = first;
                start = System.nanoTime();
            }
        }

        /**
         * @param counter a ping.
         * @return when it is due.
         */
        long dueTime(final long counter)
        {
            // From the iteration's start, not the previous ping: an integer interval would drift at rates that do not
            // divide a second.
            return start + (counter - first) * NANOS_PER_SECOND / rate;
        }

        /**
         * Record every ping answered since the last look, from its due time to now.
         */
        void recordPongs()
        {
            final long pongs = trips.pong.getAcquire();
            if (pongs > answered)
            {
                final long now = System.nanoTime();
                for (long counter = answered; counter < pongs; counter++)
                {
                    trips.recordLatency(now - dueTime(counter));
                }
                answered = pongs;
            }
        }

        /**
         * Spin, recording pongs, until a ping is due (at once when it is overdue).
         *
         * @param counter the ping.
         */
        void awaitDue(final long counter)
        {
            final long due = dueTime(counter);
            while (System.nanoTime() - due < 0)
            {
                recordPongs();
                Thread.onSpinWait();
            }
        }

        /**
         * Wait for the iteration's last pongs and record them.
         */
        @TearDown(Level.Iteration)
        public void endIteration()
        {
            if (trips == null)
            {
                return;
            }
            final long deadline = System.nanoTime() + OneReceiver.DRAIN_TIMEOUT.toNanos();
            while (answered < trips.sent && System.nanoTime() - deadline < 0)
            {
                recordPongs();
                Thread.onSpinWait();
            }
            if (answered != trips.sent)
            {
                throw new IllegalStateException("pongs missing at the end of an iteration: sent=" + trips.sent +
                    ", answered=" + answered);
            }
            trips = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ Quicksilver

    @Benchmark
    public void quicksilver(final PingPongLatencyBenchmark.Quicksilver state, final Pacing pacing)
    {
        pacing.track(state);
        final long counter = state.sent;
        pacing.awaitDue(counter);
        while (!QuicksilverRuntimes.trySend(state.producer, state.ping, counter))
        {
            pacing.recordPongs();
            Thread.onSpinWait();
        }
        state.sent = counter + 1;
    }

    // ------------------------------------------------------------------------------------------------ Disruptor

    @Benchmark
    public void disruptor(final PingPongLatencyBenchmark.Disruptor state, final Pacing pacing)
    {
        pacing.track(state);
        final long counter = state.sent;
        pacing.awaitDue(counter);
        final RingBuffer<PayloadObject> ring = state.ring;
        // next() parks when the ring is full; ask first, so a full ring costs a spin (and a look at the pongs).
        while (!ring.hasAvailableCapacity(1))
        {
            pacing.recordPongs();
            Thread.onSpinWait();
        }
        final long sequence = ring.next();
        ring.get(sequence).fill(counter);
        ring.publish(sequence);
        state.sent = counter + 1;
    }
}
