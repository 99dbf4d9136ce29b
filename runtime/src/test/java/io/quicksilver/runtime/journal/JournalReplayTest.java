package io.quicksilver.runtime.journal;

import io.quicksilver.Level;
import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.ReplayOptions;
import io.quicksilver.Tag;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Record a run with the journal on, replay the journal into a fresh runtime with the same hierarchy, and compare
 * what every responder received: the same messages, in the same order. The workload has reactions (so the replay
 * must drop the ones its responders send, or every reaction would arrive twice), two producer threads and several
 * levels and tags.
 */
class JournalReplayTest
{
    static final int APP = Method.FIRST_APPLICATION_METHOD;
    static final int REACTION = APP + 1;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Metadata[] METADATA = {
        Metadata.DEFAULT, Metadata.CHILD, Metadata.SELF, Metadata.of(Level.DESCENDANTS),
        Metadata.of(Level.SELF_AND_PARENTS), Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_1),
    };

    @TempDir
    Path tmp;

    static Stream<Arguments> runs()
    {
        return Stream.of(
            Arguments.of(1, JournalMode.BEFORE_DELIVERY), Arguments.of(2, JournalMode.BEFORE_DELIVERY),
            Arguments.of(1, JournalMode.ASYNC), Arguments.of(2, JournalMode.ASYNC));
    }

    static Quicksilver.ParallelBuilder runtime(final int workers)
    {
        return Quicksilver.parallel().workers(workers).idleStrategy(YieldingIdleStrategy::new)
            .ringCapacity(1 << 10).notices(NoticeHandler.silent());
    }

    /**
     * The same tree in any runtime: each responder logs (method, sender, value) and reacts to every fifth
     * application message by sending to its node's children.
     */
    static List<List<Long>> build(final Quicksilver qs, final long seed, final int nodeCount)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<RelayNode> nodes = new ArrayList<>();
        final List<List<Long>> received = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++)
        {
            final RelayNode node = qs.createNode("node-" + i);
            if (i > 0)
            {
                nodes.get(random.nextInt(i)).addChild(node);
            }
            if (random.nextInt(5) == 0)
            {
                node.setTags(Tag.TAG_1);
            }
            for (int r = random.nextInt(2); r >= 0; r--)
            {
                final List<Long> log = Collections.synchronizedList(new ArrayList<>());
                received.add(log);
                node.addResponder(message ->
                {
                    final int value = message.getInt();
                    log.add((long)(message.method() - APP) << 56 | (long)message.senderNodeId() << 32 | value & 0xFFFFFFFFL);
                    if (message.method() == APP && value % 5 == 0)
                    {
                        node.sendInt(REACTION, value + 1, Metadata.CHILD);
                    }
                });
            }
            nodes.add(node);
        }
        qs.applyChanges();
        return received;
    }

    static void play(final Quicksilver qs, final long seed, final int nodeCount, final int perThread)
        throws InterruptedException
    {
        final List<RelayNode> nodes = qs.nodes();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++)
        {
            final int stream = t;
            threads[t] = new Thread(() ->
            {
                try
                {
                    final SplittableRandom random = new SplittableRandom(seed * 31 + stream);
                    for (int i = 0; i < perThread; i++)
                    {
                        nodes.get(random.nextInt(nodeCount)).sendInt(APP, stream << 24 | i,
                            METADATA[random.nextInt(METADATA.length)]);
                    }
                }
                catch (final Throwable e)
                {
                    failed.set(e);
                }
            }, "producer-" + t);
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        if (failed.get() != null)
        {
            throw new AssertionError("a producer failed", failed.get());
        }
    }

    @ParameterizedTest(name = "workers={0}, mode={1}")
    @MethodSource("runs")
    @Timeout(120)
    void shouldDeliverToEveryResponderWhatTheRecordedRunDelivered(final int workers, final JournalMode mode)
        throws InterruptedException
    {
        final Path journal = tmp.resolve("journal");
        final long seed = 11 * workers + mode.ordinal();
        final int nodeCount = 24;
        final List<List<Long>> recorded;
        final long recordedDeliveries;
        try (Quicksilver qs = runtime(workers).journal(journal).journalMode(mode).build())
        {
            recorded = build(qs, seed, nodeCount);
            play(qs, seed, nodeCount, 4_000);
            assertTrue(qs.awaitQuiescence(WAIT));
            qs.flush();
            recordedDeliveries = qs.deliveries();
            assertTrue(qs.journaledThrough() > 8_000, "journaled through " + qs.journaledThrough());
        }

        try (Quicksilver replay = runtime(workers).build())
        {
            final List<List<Long>> replayed = build(replay, seed, nodeCount);
            final long messages = replay.replay(journal);
            assertTrue(messages > 8_000, "replayed " + messages);
            assertEquals(recorded.size(), replayed.size());
            for (int r = 0; r < recorded.size(); r++)
            {
                assertEquals(recorded.get(r), replayed.get(r), "responder " + r + " received a different sequence");
            }
            assertEquals(recordedDeliveries, replay.deliveries());
            assertTrue(replay.replayDroppedReactions() > 0, "the workload must have reactions to drop");
        }
    }

    @Test
    @Timeout(60)
    void shouldReplayOnlyTheSequenceRangeAsked() throws InterruptedException
    {
        final Path journal = tmp.resolve("range");
        final List<Long> all;
        try (Quicksilver qs = runtime(1).journal(journal).build())
        {
            final RelayNode root = qs.createNode("root");
            final List<Long> log = Collections.synchronizedList(new ArrayList<>());
            root.addResponder(message -> log.add((long)message.getInt()));
            for (int i = 0; i < 500; i++)
            {
                root.sendInt(APP, i);
            }
            qs.flush();
            all = List.copyOf(log);
        }
        assertEquals(500, all.size());
        final long first;
        try (JournalReader reader = JournalReader.open(journal, notice -> { }))
        {
            final long[] firstApp = {-1};
            reader.read(0, Long.MAX_VALUE, (sequence, time, message, length) ->
            {
                if (firstApp[0] < 0 && message.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED,
                    io.quicksilver.runtime.message.MessageLayout.METHOD_OFFSET) == APP)
                {
                    firstApp[0] = sequence;
                }
            });
            first = firstApp[0];
        }
        try (Quicksilver replay = runtime(1).build())
        {
            final RelayNode root = replay.createNode("root");
            final List<Long> log = Collections.synchronizedList(new ArrayList<>());
            root.addResponder(message -> log.add((long)message.getInt()));
            final long replayed = replay.replay(journal, ReplayOptions.all().from(first + 100).to(first + 199));
            assertEquals(100, replayed);
            assertEquals(all.subList(100, 200), log);
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseToReplayIntoARuntimeThatJournals()
    {
        final Path journal = tmp.resolve("self");
        try (Quicksilver qs = runtime(1).journal(journal).build())
        {
            qs.createNode("root");
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> qs.replay(journal));
            assertTrue(e.getMessage().contains("would journal the replayed messages again"), e.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseAReplayIntoAnotherHierarchyNamingTheFirstDifference()
    {
        final Path journal = tmp.resolve("other");
        try (Quicksilver qs = runtime(1).journal(journal).build())
        {
            final RelayNode a = qs.createNode("a");
            final RelayNode b = qs.createNode("b");
            a.addChild(b);
            b.addResponder(message -> { });
            a.sendInt(APP, 1);
            qs.flush();
        }
        try (Quicksilver replay = runtime(1).build())
        {
            replay.createNode("a");
            final List<Integer> got = Collections.synchronizedList(new ArrayList<>());
            replay.createNode("b").addResponder(message -> got.add(message.getInt()));   // b not linked under a
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay.replay(journal));
            assertTrue(e.getMessage().contains("differs from this runtime's") &&
                e.getMessage().contains("journaled \"node 1 'b': parents [0]") &&
                e.getMessage().contains("this runtime \"node 1 'b': parents []"), e.getMessage());
            replay.flush();
            assertEquals(List.of(), got, "nothing replayed into the wrong hierarchy");
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseToReplayPastAHierarchyChangeTheRecordedRunMade()
    {
        final Path journal = tmp.resolve("changed");
        try (Quicksilver qs = runtime(1).journal(journal).build())
        {
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> { });
            root.sendInt(APP, 1);
            qs.flush();
            root.addChild(qs.createNode("late"));
            root.sendInt(APP, 2);
            qs.flush();
        }
        try (Quicksilver replay = runtime(1).build())
        {
            final List<Integer> got = Collections.synchronizedList(new ArrayList<>());
            replay.createNode("root").addResponder(message -> got.add(message.getInt()));
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay.replay(journal));
            assertTrue(e.getMessage().contains("a change made while the recorded run ran") &&
                e.getMessage().contains("journaled \"nodes 2, responders 1\", this runtime \"nodes 1, responders 1\""),
                e.getMessage());
            replay.flush();
            assertEquals(List.of(1), got, "replayed up to the change, not past it");
        }
    }

    @Test
    @Timeout(60)
    void shouldRefuseAJournaledSenderOutsideTheReplayHierarchy()
    {
        final Path journal = tmp.resolve("bigger");
        try (Quicksilver qs = runtime(1).journal(journal).build())
        {
            qs.createNode("a");
            final RelayNode b = qs.createNode("b");
            b.sendInt(APP, 1);
            qs.flush();
        }
        try (Quicksilver replay = runtime(1).build())
        {
            replay.createNode("a");
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay.replay(journal));
            assertTrue(e.getMessage().contains("journaled \"nodes 2, responders 0\", this runtime \"nodes 1, " +
                "responders 0\""), e.getMessage());
        }
    }
}
