package io.quicksilver.runtime.parallel;

import io.quicksilver.Method;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.message.PayloadType;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The single-threaded dispatcher is the oracle: for external sends (no reactions, no handled flag), the parallel
 * dispatcher must give each responder the same messages, each sender's in the same order, over the same hierarchy.
 */
class ParallelDifferentialTest
{
    private static final int METHOD = Method.FIRST_APPLICATION_METHOD;
    private static final int PRODUCERS = 2;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    @Timeout(60)
    void shouldDeliverWhatTheSingleThreadedDispatcherDelivers(final long seed) throws Exception
    {
        final Random random = new Random(seed);
        final int responders = (int)Math.round(Math.pow(10, 1 + 2.5 * random.nextDouble()));
        final int workers = 1 + random.nextInt(8);
        final int messagesPerProducer = 400;
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Hierarchy h = new Hierarchy((n, s, m, e) -> failures.add(s + ": " + e));

        // log[0]: single-threaded, log[1]: parallel; per responder, (token << 32 | sequence) in delivery order.
        final List<List<List<Long>>> log = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < responders; r++)
        {
            log.get(0).add(new ArrayList<>());
            log.get(1).add(new ArrayList<>());
        }
        final int[] mode = {0};
        final RandomHierarchy shape = new RandomHierarchy(h, random, responders, 12, rid -> view ->
            log.get(mode[0]).get(rid).add(view.payload().get(JAVA_LONG, 0) << 32 | view.payload().get(JAVA_LONG, 8)));
        final int nodes = shape.nodes.size();
        final int[][] sends = new int[PRODUCERS * messagesPerProducer][];
        for (int i = 0; i < sends.length; i++)
        {
            sends[i] = new int[] {random.nextInt(nodes), random.nextInt(RandomHierarchy.PALETTE.length)};
        }

        try (Arena arena = Arena.ofConfined())
        {
            final SingleThreadedDispatcher oracle = new SingleThreadedDispatcher(h, (n, s, m, e) -> failures.add(s),
                arena, 64, 4, SingleThreadedDispatcher.HOP_LIMIT_DEFAULT, false);
            // Interleave the two producers' messages one way; per-sender order is all that must match.
            for (int i = 0; i < messagesPerProducer; i++)
            {
                for (int t = 0; t < PRODUCERS; t++)
                {
                    final int[] send = sends[t * messagesPerProducer + i];
                    final MessageWriter w = oracle.begin(send[0], METHOD, RandomHierarchy.PALETTE[send[1]]);
                    write(w, t, i);
                    oracle.dispatch();
                }
            }
            oracle.close();
        }

        mode[0] = 1;
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> failures.add(s + ": " + e))
            .workers(workers)
            .ringCapacity(256)
            .maxPayload(64)
            // Odd seeds route SELF_AND_CHILDREN messages with the simd kernel, even seeds walk everything.
            .kernelRouting(seed % 2 == 1)
            .idleStrategy(YieldingIdleStrategy::new)
            .log(line -> { })
            .build())
        {
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++)
            {
                final int token = t;
                final Thread thread = new Thread(() ->
                {
                    final Producer p = d.newProducer();
                    for (int i = 0; i < messagesPerProducer; i++)
                    {
                        final int[] send = sends[token * messagesPerProducer + i];
                        if (p.begin(send[0], METHOD, RandomHierarchy.PALETTE[send[1]], Backpressure.BLOCK) >= 0)
                        {
                            write(p.writer(), token, i);
                            p.commit();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertTrue(d.flush(Duration.ofSeconds(30)));
        }

        long deliveries = 0;
        for (int r = 0; r < responders; r++)
        {
            for (int t = 0; t < PRODUCERS; t++)
            {
                assertEquals(ofSender(log.get(0).get(r), t), ofSender(log.get(1).get(r), t),
                    "seed " + seed + ": responder " + r + ", sender " + t);
            }
            assertEquals(log.get(0).get(r).size(), log.get(1).get(r).size(), "seed " + seed + ": responder " + r);
            deliveries += log.get(0).get(r).size();
        }
        assertTrue(deliveries > 0, "seed " + seed + " delivered nothing: a vacuous comparison");
        assertEquals(List.of(), failures);
    }

    private static List<Long> ofSender(final List<Long> log, final int token)
    {
        final List<Long> out = new ArrayList<>();
        for (final long entry : log)
        {
            if (entry >>> 32 == token)
            {
                out.add(entry);
            }
        }
        return out;
    }

    private static void write(final MessageWriter w, final long token, final long sequence)
    {
        w.segment().set(JAVA_LONG, w.payloadOffset(), token);
        w.segment().set(JAVA_LONG, w.payloadOffset() + Long.BYTES, sequence);
        w.payloadWritten(PayloadType.BYTE_ARRAY, 2 * Long.BYTES);
    }
}
