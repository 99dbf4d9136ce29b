package io.quicksilver.runtime.parallel;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Tag;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.ResponderModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ordering.OrderingChecker;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Randomized stress: random hierarchies (10 to 10,000 responders, depth up to 12, tags, inactive and switch nodes),
 * 1 to 8 workers, several external producers, responders that react, forced partition moves and hierarchy changes
 * applied with {@code applyChanges()} during the run (new root nodes with responders, removals, activation toggles:
 * changes no send of the round can observe, so the expected deliveries stay exact, but each one installs a new
 * snapshot, depth-first order and partitioning at a barrier under traffic); every delivery recorded and checked for
 * FIFO, total order, causality, loss and duplication.
 * <p>
 * {@code -Dquicksilver.stress.deliveries=N} sets the total deliveries over all rounds; {@code
 * -Dquicksilver.stress.seed=S} the first round's seed. The default, 10^7 (the CI short mode), took 16 s on the 2-core
 * development machine at load average about 2 (625,000 deliveries/s; 58,000 to 118,000 deliveries/s when other
 * builds held the load average at 13 to 20, which would make it 85 to 170 s). Long mode, 10^9 deliveries (about half
 * an hour on that machine when quiet, hours under load):
 * <pre>
 * mvn -pl runtime test -Dtest=ParallelStressTest -Dquicksilver.stress.deliveries=1000000000
 * </pre>
 * The time limit grows with the deliveries asked for, so a long run is not cut short while CI keeps a bound.
 */
class ParallelStressTest
{
    private static final long DELIVERIES = Long.getLong("quicksilver.stress.deliveries", 10_000_000L);
    private static final long SEED = Long.getLong("quicksilver.stress.seed", 1L);
    private static final int ROUND_DELIVERIES = 1_000_000;
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;

    @Test
    void shouldKeepEveryGuaranteeUnderRandomizedStress()
    {
        // A fixed @Timeout would cut a long run short: ten minutes plus a millisecond per 20 deliveries.
        assertTimeoutPreemptively(Duration.ofMinutes(10).plusMillis(DELIVERIES / 20), this::stress);
    }

    private void stress() throws Exception
    {
        long total = 0;
        long rounds = 0;
        long moves = 0;
        long changes = 0;
        final long started = System.nanoTime();
        for (long seed = SEED; total < DELIVERIES; seed++)
        {
            final Round round = new Round(seed, (int)Math.min(ROUND_DELIVERIES, DELIVERIES - total));
            round.run();
            total += round.deliveries;
            moves += round.moves;
            changes += round.changes;
            rounds++;
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("parallel stress: %d deliveries in %d rounds, %d partition moves, %d hierarchy changes, " +
            "%.1f s (%.0f deliveries/s)%n", total, rounds, moves, changes, seconds, total / seconds);
        assertTrue(total >= DELIVERIES);
        assertTrue(changes >= rounds, "every round should apply hierarchy changes: changes=" + changes);
    }

    private static final class Round
    {
        private final long seed;
        private final int budget;
        private final Random random;
        private final int producers;
        private final int workers;
        private final int responderCount;
        private long deliveries;
        private long moves;
        private long changes;

        Round(final long seed, final int budget)
        {
            this.seed = seed;
            this.budget = budget;
            this.random = new Random(seed);
            this.responderCount = (int)Math.round(Math.pow(10, 1 + 3 * random.nextDouble()));
            this.workers = 1 + random.nextInt(8);
            this.producers = 2 + random.nextInt(2);
        }

        void run() throws Exception
        {
            final List<String> failures = new CopyOnWriteArrayList<>();
            final Hierarchy h = new Hierarchy((n, s, m, e) -> failures.add(s + ": " + e));
            final OrderingChecker checker = new OrderingChecker(responderCount, 16);
            final ParallelDispatcher[] holder = new ParallelDispatcher[1];
            // Per reacting responder: its reactions' sender node and palette index, by its own sequence.
            final int[][] reactionRoute = new int[responderCount][];
            final int[] reactionCount = new int[responderCount];
            final RandomHierarchy[] shape = new RandomHierarchy[1];
            shape[0] = new RandomHierarchy(h, random, responderCount, 12, rid -> view ->
            {
                final long token = view.payload().get(JAVA_LONG, 0);
                final long senderSequence = view.payload().get(JAVA_LONG, 8);
                checker.record(rid, (int)token, senderSequence, view.sequence(), view.causalSequence());
                if (view.causalSequence() == MessageLayout.NO_SEQUENCE && react(view.sequence(), rid))
                {
                    final int node = shape[0].responders.get(rid).node().id();
                    final int palette = (int)((view.sequence() + rid) % RandomHierarchy.PALETTE.length);
                    final long sequence = reactionCount[rid];
                    final long ticket = send(holder[0].reactionProducer(), node, RandomHierarchy.PALETTE[palette],
                        Backpressure.FAIL, producers + rid, sequence);
                    if (ticket >= 0)
                    {
                        int[] route = reactionRoute[rid];
                        if (route == null || route.length == 2 * reactionCount[rid])
                        {
                            route = Arrays.copyOf(route == null ? new int[0] : route,
                                Math.max(8, 4 * reactionCount[rid]));
                            reactionRoute[rid] = route;
                        }
                        route[2 * reactionCount[rid]] = node;
                        route[2 * reactionCount[rid] + 1] = palette;
                        reactionCount[rid]++;
                    }
                }
            });
            final RandomHierarchy hierarchy = shape[0];
            final int nodes = hierarchy.nodes.size();

            try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> failures.add(s + ": " + e))
                .workers(workers)
                .partitions(1 + random.nextInt(4 * workers))
                .ringCapacity(1 << (8 + random.nextInt(6)))
                .stagingCapacity(1 << 12)
                .maxPayload(64)
                .idleStrategy(YieldingIdleStrategy::new)
                .log(line -> { })
                .build())
            {
                holder[0] = d;
                final RoutingSnapshot snapshot = d.snapshot();
                final int[] receiverId = hierarchy.receiverIds(snapshot);
                final Router router = new Router(SingleThreadedDispatcher.HOP_LIMIT_DEFAULT);
                router.install(snapshot);
                final int[] fanOut = new int[RandomHierarchy.PALETTE.length * nodes];
                for (int node = 0; node < nodes; node++)
                {
                    for (int p = 0; p < RandomHierarchy.PALETTE.length; p++)
                    {
                        final int[] n = {0};
                        route(router, node, RandomHierarchy.PALETTE[p], r -> n[0]++);
                        fanOut[node * RandomHierarchy.PALETTE.length + p] = n[0];
                    }
                }
                final double meanFanOut = Math.max(1, Arrays.stream(fanOut).average().orElse(1));
                final int perProducer = (int)Math.max(10, budget / meanFanOut / producers / 1.1);

                final List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < producers; t++)
                {
                    final int token = t;
                    final Thread thread = new Thread(() ->
                    {
                        final Producer p = d.newProducer();
                        for (int i = 0; i < perProducer; i++)
                        {
                            final long mix = mix(seed, token, i);
                            send(p, node(mix, nodes), RandomHierarchy.PALETTE[palette(mix)], Backpressure.BLOCK, token,
                                i);
                        }
                    }, "stress-producer-" + t);
                    thread.start();
                    threads.add(thread);
                }
                long lastMove = -1;
                long lastChange = -1;
                final long moveEvery = Math.max(64, (long)perProducer * producers / 20);
                final long changeEvery = Math.max(128, (long)perProducer * producers / 8);
                final List<ResponderModel> extra = new ArrayList<>();
                while (threads.stream().anyMatch(Thread::isAlive))
                {
                    final long index = d.producerIndex();
                    if (d.partitionCount() > 0 && index - lastMove >= moveEvery)
                    {
                        final int partition = random.nextInt(d.partitionCount());
                        d.movePartition(partition, random.nextInt(workers));
                        lastMove = d.producerIndex();
                        moves++;
                    }
                    if (index - lastChange >= changeEvery)
                    {
                        changeHierarchy(h, extra, failures);
                        if (d.applyChanges() >= 0)
                        {
                            changes++;
                        }
                        lastChange = d.producerIndex();
                    }
                    Thread.yield();
                }
                for (final Thread thread : threads)
                {
                    thread.join();
                }
                assertTrue(d.awaitQuiescence(Duration.ofMinutes(2)), () -> "not quiescent: " + d);

                for (int t = 0; t < producers; t++)
                {
                    for (int i = 0; i < perProducer; i++)
                    {
                        final long mix = mix(seed, t, i);
                        final int token = t;
                        final int sequence = i;
                        route(router, node(mix, nodes), RandomHierarchy.PALETTE[palette(mix)],
                            r -> checker.expect(receiverId[r], token, sequence));
                    }
                }
                for (int rid = 0; rid < responderCount; rid++)
                {
                    for (int i = 0; i < reactionCount[rid]; i++)
                    {
                        final int token = producers + rid;
                        final int sequence = i;
                        route(router, reactionRoute[rid][2 * i], RandomHierarchy.PALETTE[reactionRoute[rid][2 * i + 1]],
                            r -> checker.expect(receiverId[r], token, sequence));
                    }
                }
                final OrderingChecker.Report report = checker.check();
                if (!report.isClean())
                {
                    throw new AssertionError("seed " + seed + " (" + responderCount + " responders, " + workers +
                        " workers): " + report);
                }
                assertEquals(checker.deliveries(), d.deliveries(), "seed " + seed);
                deliveries = checker.deliveries();
            }
            assertEquals(List.of(), failures, "seed " + seed);
        }

        /**
         * A hierarchy change that no send of the round can observe, so the expected deliveries stay those of the
         * first snapshot: a new root node (sometimes a switch) with a responder, removing one such responder, or
         * toggling such a node's active flag. Each still changes the snapshot, the depth-first order and the
         * partitions, so {@code applyChanges()} installs a new layout at a barrier, with hand-overs, under traffic.
         * A responder of these nodes that is ever called fails the round.
         */
        private void changeHierarchy(final Hierarchy h, final List<ResponderModel> extra, final List<String> failures)
        {
            final int choice = random.nextInt(3);
            if (choice == 0 && !extra.isEmpty())
            {
                h.removeResponder(extra.remove(random.nextInt(extra.size())));
            }
            else if (choice == 1 && !extra.isEmpty())
            {
                final NodeModel node = extra.get(random.nextInt(extra.size())).node();
                h.setActive(node, !node.isActive());
            }
            else
            {
                final NodeModel node =
                    h.createNode("unreached-" + changes + "-" + extra.size(), random.nextInt(4) == 0);
                extra.add(h.addResponder(node, null,
                    view -> failures.add("a responder no send can reach was called: sequence=" + view.sequence()),
                    Tag.EVERYTHING, false, false, true));
            }
        }

        private boolean react(final long sequence, final int rid)
        {
            return ((sequence * 0x9E3779B97F4A7C15L + rid * 31L + seed) >>> 58) == 0;
        }
    }

    private static long mix(final long seed, final int token, final int i)
    {
        long x = seed * 0x9E3779B97F4A7C15L + token * 0xC2B2AE3D27D4EB4FL + i;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return x;
    }

    private static int node(final long mix, final int nodes)
    {
        return (int)Math.floorMod(mix, (long)nodes);
    }

    private static int palette(final long mix)
    {
        return (int)Math.floorMod(mix >>> 20, (long)RandomHierarchy.PALETTE.length);
    }

    static void route(final Router router, final int node, final Metadata metadata, final RecipientSink sink)
    {
        router.route(node, metadata.level(), metadata.tags(),
            metadata.active() == io.quicksilver.ActiveFilter.ACTIVE,
            metadata.selected() == io.quicksilver.SelectedFilter.SELECTED, sink);
    }

    static long send(
        final Producer producer, final int node, final Metadata metadata, final Backpressure backpressure,
        final long token, final long sequence)
    {
        final long ticket = producer.begin(node, METHOD, metadata, backpressure);
        if (ticket >= 0)
        {
            final MessageWriter w = producer.writer();
            w.segment().set(JAVA_LONG, w.payloadOffset(), token);
            w.segment().set(JAVA_LONG, w.payloadOffset() + Long.BYTES, sequence);
            w.payloadWritten(PayloadType.BYTE_ARRAY, 2 * Long.BYTES);
            producer.commit();
        }
        return ticket;
    }
}
