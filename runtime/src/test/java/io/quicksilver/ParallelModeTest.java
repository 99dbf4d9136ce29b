package io.quicksilver;

import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API in parallel mode: the same sends, the meaning docs/semantics.md gives the parallel column.
 */
class ParallelModeTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int REACTION = APP + 1;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Quicksilver.ParallelBuilder parallel(final int workers)
    {
        return Quicksilver.parallel().workers(workers).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------------------------------------ differential

    /** One external send: which node, which level and tags, which value. */
    private record Send(int sender, Metadata metadata, int value)
    {
    }

    private static final Metadata[] METADATA = {
        Metadata.DEFAULT,
        Metadata.CHILD,
        Metadata.SELF,
        Metadata.of(Level.DESCENDANTS),
        Metadata.of(Level.SELF_AND_PARENTS),
        Metadata.of(Level.ANCESTORS),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_1),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_2).withActive(ActiveFilter.ALL),
        Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED),
    };

    /**
     * Builds the same random tree in any runtime: nodes, some tagged or inactive, one switch node, responders that
     * record (sending thread's stream, value) per responder.
     */
    private static List<List<Long>> build(final Quicksilver qs, final long seed, final int nodeCount)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<RelayNode> nodes = new ArrayList<>();
        final List<List<Long>> received = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++)
        {
            final RelayNode node = i == 3 ? qs.createSwitchNode("switch-" + i) : qs.createNode("node-" + i);
            if (i > 0)
            {
                nodes.get(random.nextInt(i)).addChild(node);
            }
            if (random.nextInt(8) == 0)
            {
                node.setTags(Tag.TAG_1);
            }
            if (random.nextInt(12) == 0)
            {
                node.setActive(false);
            }
            for (int r = random.nextInt(3); r >= 0; r--)
            {
                final List<Long> log = Collections.synchronizedList(new ArrayList<>());
                received.add(log);
                node.addResponder(
                    ResponderOptions.builder().tags(random.nextInt(4) == 0 ? Tag.TAG_2 : Tag.EVERYTHING).build(),
                    message -> log.add(((long)message.senderNodeId() << 32) | message.getInt()));
            }
            nodes.add(node);
        }
        final SwitchNode switchNode = (SwitchNode)nodes.get(3);
        if (!switchNode.states().isEmpty())
        {
            switchNode.jumpTo(switchNode.states().getFirst());
        }
        return received;
    }

    private static List<Send> sends(final long seed, final int nodeCount, final int count, final int stream)
    {
        final SplittableRandom random = new SplittableRandom(seed * 31 + stream);
        final List<Send> sends = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            sends.add(new Send(random.nextInt(nodeCount), METADATA[random.nextInt(METADATA.length)],
                stream << 20 | i));
        }
        return sends;
    }

    private static void play(final Quicksilver qs, final List<Send> sends)
    {
        final List<RelayNode> nodes = qs.nodes();
        for (final Send send : sends)
        {
            assertTrue(nodes.get(send.sender).sendInt(APP, send.value, send.metadata));
        }
    }

    /** A responder's deliveries split by the stream (sending thread) that made them, in the order received. */
    private static Map<Long, List<Long>> byStream(final List<Long> deliveries)
    {
        final Map<Long, List<Long>> split = new HashMap<>();
        for (final long d : deliveries)
        {
            split.computeIfAbsent((d & 0xFFFF_FFFFL) >>> 20, k -> new ArrayList<>()).add(d);
        }
        return split;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    @Timeout(60)
    void shouldDeliverTheSameMultisetInTheSamePerSenderOrderAsSingleThreaded(final int workers) throws Exception
    {
        final int nodeCount = 60;
        final int streams = 2;
        final int perStream = 2_000;
        for (final long seed : new long[] {1, 2, 3})
        {
            final List<List<Long>> oracle;
            try (Quicksilver qs = Quicksilver.singleThreaded().build())
            {
                oracle = build(qs, seed, nodeCount);
                for (int s = 0; s < streams; s++)
                {
                    play(qs, sends(seed, nodeCount, perStream, s));
                }
            }

            final List<List<Long>> actual;
            final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            try (Quicksilver qs = parallel(workers).errorHandler((n, s, m, e) -> failures.add(e)).build())
            {
                actual = build(qs, seed, nodeCount);
                qs.applyChanges();                      // the other sending thread must route with the built tree
                final List<Thread> threads = new ArrayList<>();
                final List<Throwable> senderFailures = Collections.synchronizedList(new ArrayList<>());
                for (int s = 0; s < streams; s++)
                {
                    final List<Send> stream = sends(seed, nodeCount, perStream, s);
                    final Thread thread = new Thread(() -> play(qs, stream), "sender-" + s);
                    thread.setUncaughtExceptionHandler((t, e) -> senderFailures.add(e));
                    threads.add(thread);
                    thread.start();
                }
                for (final Thread thread : threads)
                {
                    thread.join();
                }
                assertEquals(List.of(), senderFailures);
                assertTrue(qs.flush(WAIT), "flush timed out");
                assertEquals((long)streams * perStream, qs.sends());
                assertEquals(0, qs.refusedSends());
            }
            assertEquals(List.of(), List.copyOf(failures));

            assertEquals(oracle.size(), actual.size());
            assertTrue(oracle.stream().mapToInt(List::size).sum() > streams * perStream, "too few deliveries to compare");
            for (int r = 0; r < oracle.size(); r++)
            {
                // Each stream's order at a responder is the single-threaded order; the interleaving of streams is
                // the ring's, so the multiset is compared as the union of the per-stream sequences.
                assertEquals(byStream(oracle.get(r)), byStream(actual.get(r)), "seed " + seed + ", responder " + r);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ handled

    /**
     * Within one worker's partition the handled flag keeps the single-threaded meaning: responders after the marking
     * one skip the message unless they opted in, on the kernel path (SELF_AND_CHILDREN from the root) and on the walk
     * (DESCENDANTS), and the next message starts unhandled again.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    @Timeout(30)
    void shouldSkipLaterRespondersOfOnePartitionOnceHandled(final boolean kernelPath)
    {
        try (Quicksilver qs = parallel(1).build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode child = qs.createNode("child");
            final List<String> names = Collections.synchronizedList(new ArrayList<>());
            root.addResponder(ResponderOptions.named("before"), message -> names.add("before"));
            root.addResponder(ResponderOptions.named("handler"), message ->
            {
                names.add("handler");
                if (message.getInt() == 0)
                {
                    message.markHandled();
                }
            });
            root.addResponder(ResponderOptions.named("after"), message -> names.add("after"));
            root.addResponder(ResponderOptions.builder().name("audit").receiveHandled(true).build(),
                message -> names.add("audit"));
            child.addResponder(ResponderOptions.named("child"), message -> names.add("child"));
            child.addResponder(ResponderOptions.builder().name("childAudit").receiveHandled(true).build(),
                message -> names.add("childAudit"));
            root.addChild(child);

            final Metadata metadata = kernelPath ? Metadata.DEFAULT : Metadata.of(Level.SELF | Level.DESCENDANTS);
            assertTrue(root.sendInt(APP, 0, metadata));
            assertTrue(root.sendInt(APP, 1, metadata));
            assertTrue(qs.flush(WAIT));

            assertEquals(List.of("before", "handler", "audit", "childAudit",
                "before", "handler", "after", "audit", "child", "childAudit"), names);
        }
    }

    // ------------------------------------------------------------------------------------------------ reactions

    @Test
    @Timeout(30)
    void shouldDeliverAReactionAfterItsCause()
    {
        try (Quicksilver qs = parallel(2).build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode echo = qs.createNode("echo");
            final RelayNode leaf = qs.createNode("leaf");
            root.addChild(echo).addChild(leaf);
            final List<String> atLeaf = Collections.synchronizedList(new ArrayList<>());
            final List<Boolean> reactionResults = Collections.synchronizedList(new ArrayList<>());
            echo.addResponder(message ->
            {
                if (message.method() == APP)
                {
                    // A reaction from the parent's subtree back to the root: CHILD of root reaches the leaf too.
                    reactionResults.add(root.sendInt(REACTION, message.getInt(), Metadata.CHILD));
                }
            });
            leaf.addResponder(message -> atLeaf.add((message.method() == APP ? "cause " : "reaction ") +
                message.getInt()));

            for (int i = 0; i < 500; i++)
            {
                assertTrue(root.sendInt(APP, i));
            }
            assertTrue(qs.awaitQuiescence(WAIT));

            assertEquals(500, reactionResults.size());
            assertFalse(reactionResults.contains(false), "a reaction was refused by backpressure");
            assertEquals(1000, atLeaf.size());
            final Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < atLeaf.size(); i++)
            {
                position.put(atLeaf.get(i), i);
            }
            int previousCause = -1;
            for (int i = 0; i < 500; i++)
            {
                final int cause = position.get("cause " + i);
                assertTrue(cause < position.get("reaction " + i), "reaction " + i + " before its cause");
                assertTrue(cause > previousCause, "causes out of order at " + i);
                previousCause = cause;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ failures

    @Test
    @Timeout(30)
    void shouldReportAThrowingResponderAndKeepDelivering()
    {
        final ConcurrentLinkedQueue<String> reports = new ConcurrentLinkedQueue<>();
        try (Quicksilver qs = parallel(2)
            .errorHandler((node, source, method, error) ->
                reports.add(node.name() + "/" + source + "/" + Method.toString(method) + "/" + error.getMessage()))
            .build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode bad = qs.createNode("bad");
            final RelayNode good = qs.createNode("good");
            root.addChild(bad).addChild(good);
            bad.addResponder("thrower", message -> { throw new IllegalStateException("boom " + message.getInt()); });
            final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            good.addResponder(message -> seen.add(message.getInt()));

            for (int i = 0; i < 10; i++)
            {
                root.sendInt(APP, i);
            }
            qs.flush();

            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.copyOf(seen));
            assertEquals(10, reports.size());
            assertEquals("bad/thrower/APP(1000)/boom 0", reports.peek());
            assertEquals(10, qs.responderErrors());
            assertEquals(10, qs.errors());
        }
    }

    @Test
    @Timeout(30)
    void shouldRefuseAHierarchyChangeFromAHandlerThatCannotBeDeferred()
    {
        final ConcurrentLinkedQueue<Throwable> reports = new ConcurrentLinkedQueue<>();
        try (Quicksilver qs = parallel(1).errorHandler((node, source, method, error) -> reports.add(error)).build())
        {
            final RelayNode root = qs.createNode("root");
            final RelayNode child = qs.createNode("child");
            root.addChild(child);
            root.addResponder(message -> root.removeChild(child));
            root.send(APP, Metadata.SELF);
            qs.flush();

            assertEquals(1, reports.size());
            assertInstanceOf(IllegalStateException.class, reports.peek());
            assertTrue(reports.peek().getMessage().startsWith("a handler must not make this change in parallel mode"),
                reports.peek().getMessage());
            assertEquals(List.of(child), root.children());
        }
    }

    // ------------------------------------------------------------------------------------------------ backpressure

    @Test
    @Timeout(30)
    void shouldReturnFalseWhenTheRingIsFullUnderFailAndDeliverEveryAcceptedSend() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        try (Quicksilver qs = parallel(1).ringCapacity(8).backpressure(Backpressure.FAIL).build())
        {
            final RelayNode node = qs.createNode("node");
            final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            node.addResponder(message ->
            {
                entered.countDown();
                awaitUninterruptibly(release);
                seen.add(message.getInt());
            });
            assertTrue(node.sendInt(APP, 0));
            assertTrue(entered.await(20, TimeUnit.SECONDS));

            int accepted = 1;
            boolean refused = false;
            for (int i = 1; i < 100 && !refused; i++)
            {
                if (node.sendInt(APP, i))
                {
                    accepted++;
                }
                else
                {
                    refused = true;
                }
            }
            assertTrue(refused, "a ring of 8 held by a blocked worker never refused a send");
            assertEquals(1, qs.refusedSends());
            // The per-send choice overrides the runtime's: DROP refuses too, and is counted the same way.
            assertFalse(node.sendInt(APP, -1, Metadata.DEFAULT.withBackpressure(Backpressure.DROP)));
            assertEquals(2, qs.refusedSends());

            release.countDown();
            qs.flush();
            assertEquals(accepted, seen.size());
            for (int i = 0; i < accepted; i++)
            {
                assertEquals(i, seen.get(i));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ refusals

    @Test
    @Timeout(30)
    void shouldRefuseBlockingReactionsAtBuild()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Quicksilver.parallel().reactionBackpressure(Backpressure.BLOCK));
        assertEquals("reactionBackpressure must be FAIL or DROP (a worker must never wait for the ring it gates): " +
            "reactionBackpressure=BLOCK", e.getMessage());
    }

    @Test
    @Timeout(30)
    void shouldThrowOnSendAfterClose()
    {
        final Quicksilver qs = parallel(1).build();
        final RelayNode node = qs.createNode("node");
        node.send(APP);
        qs.close();
        assertTrue(qs.isClosed());
        assertThrows(IllegalStateException.class, () -> node.send(APP));
    }

    // ------------------------------------------------------------------------------------------------ config

    @Test
    @Timeout(30)
    void shouldChooseTheModeFromTheConfig(@TempDir final Path dir) throws IOException
    {
        final Path single = dir.resolve("single.toml");
        Files.writeString(single, "mode = \"single-threaded\"\nworkers = 2\n");
        try (Quicksilver qs = Quicksilver.fromConfig(single))
        {
            assertFalse(qs.isParallel());
            assertEquals(0, qs.workers());
            assertRoundTrip(qs);
        }

        final Path parallel = dir.resolve("parallel.toml");
        Files.writeString(parallel, "workers = 2\nallow_oversubscribe = true\n[idle]\nstrategy = \"yield\"\n");
        try (Quicksilver qs = Quicksilver.fromConfig(parallel))
        {
            assertTrue(qs.isParallel());
            assertEquals(2, qs.workers());
            assertRoundTrip(qs);
        }
    }

    private static void assertRoundTrip(final Quicksilver qs)
    {
        final RelayNode root = qs.createNode("root");
        final RelayNode child = qs.createNode("child");
        root.addChild(child);
        final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        child.addResponder(message -> seen.add(message.getInt()));
        assertTrue(root.sendInt(APP, 7));
        qs.flush();
        assertEquals(List.of(7), List.copyOf(seen));
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        try
        {
            latch.await(20, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
