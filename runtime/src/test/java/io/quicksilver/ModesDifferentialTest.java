package io.quicksilver;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single-threaded mode is the oracle: one random hierarchy and one script of sends, run single-threaded and on 2 and
 * 4 workers, give every responder the same multiset of messages, the sends from outside the handlers in the same
 * order, and the same drop and error counts. The script has every level ({@code CUSTOM} and {@code Level.ALL}
 * among them, with and without predicate or {@code allowLateral}), tags and the active and selected filters,
 * hierarchy changes that a handler requests (activity, tags, a new link, a switch node's jump: Mercury's "on Complete,
 * JumpTo"), reaction chains that run into the nesting limit, and routes deep enough to reach the hop limit.
 * <p>
 * What the modes order differently is left out of the order comparison, by design (docs/semantics.md, "What still
 * differs"): a reaction is delivered inside its cause's dispatch in single-threaded mode, after it in parallel mode;
 * parallel mode's own promise, each chain in causal order at every responder, is checked instead.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModesDifferentialTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final int CHAIN = APP + 1;
    private static final int CHANGE = APP + 2;
    private static final int NODES = 40;
    private static final int STEPS = 700;
    private static final int HOP_LIMIT = 6;
    private static final int NESTING = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Predicate<RelayNode> EVERY_THIRD = node -> node.name().hashCode() % 3 == 0;
    private static final Predicate<RelayNode> ODD = node -> (node.id() & 1) == 1;
    private static final Predicate<RelayNode> EVERYONE = node -> true;

    /** What external sends and chain reactions use; chains need SELF in every level so the echo hears its own. */
    private static final Metadata[] SENDS = {
        Metadata.DEFAULT,
        Metadata.CHILD,
        Metadata.SELF,
        Metadata.of(Level.DESCENDANTS),
        Metadata.of(Level.SELF_AND_PARENTS),
        Metadata.of(Level.ANCESTORS),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_1),
        Metadata.of(Level.SELF_AND_CHILDREN, Tag.TAG_2).withActive(ActiveFilter.ALL),
        Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED),
        Metadata.builder().level(Level.CUSTOM).customFilter(EVERY_THIRD).build(),
        Metadata.builder().level(Level.SELF_AND_CHILDREN | Level.CUSTOM).customFilter(ODD).build(),
        Metadata.builder().level(Level.PARENT | Level.CUSTOM).customFilter(EVERYONE).build(),
        Metadata.of(Level.SELF | Level.CUSTOM),                                   // no predicate: counted
        Metadata.of(Level.ALL),                                                   // neither: both counted
        Metadata.builder().level(Level.ALL).allowLateral().customFilter(EVERY_THIRD).build(),
        Metadata.builder().level(Level.SELF_AND_BIDIRECTIONAL).allowLateral().build(),
        Metadata.of(Level.SELF_AND_SIBLINGS),                                     // lateral not allowed: counted
    };

    private static final Metadata[] CHAINS = {
        Metadata.SELF.withActive(ActiveFilter.ALL),
        Metadata.of(Level.SELF_AND_ANCESTORS).withActive(ActiveFilter.ALL),
        Metadata.builder().level(Level.SELF | Level.CUSTOM).customFilter(EVERYONE).build(),
        Metadata.builder().level(Level.ALL).allowLateral().customFilter(ODD).build(),
        Metadata.of(Level.SELF_AND_DESCENDANTS, Tag.TAG_1),
    };

    /** One step of the script. */
    private sealed interface Step permits Send, StartChain, RequestChange
    {
    }

    private record Send(int sender, int metadata, int value) implements Step
    {
    }

    private record StartChain(int echo, int chain) implements Step
    {
    }

    private record RequestChange(int change) implements Step
    {
    }

    /** A hierarchy change a handler asks for: 0 setActive(node, arg != 0), 1 setTags(node, arg), 2 jumpTo, 3 link. */
    private record Change(int op, int node, long arg)
    {
    }

    /** The shape, built the same way in any runtime. */
    private record Shape(List<int[]> links, List<long[]> nodeFlags, List<long[]> responderTags, int switchNode,
        List<Integer> echoes)
    {
    }

    private record Script(Shape shape, List<Step> steps, List<Change> changes)
    {
    }

    /** A run's outcome: per responder, its deliveries in order; and the counters. */
    private record Outcome(List<List<Long>> received, long hopLimitDrops, long lateralDrops, long customDrops,
        long errors, long deliveries)
    {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldMatchTheSingleThreadedOracleOnTwoAndFourWorkers(final long seed)
    {
        final Script script = script(seed);
        final Outcome oracle = run(Quicksilver.singleThreaded().hopLimit(HOP_LIMIT).maxNestingDepth(NESTING), null,
            script);
        long chainDeliveries = 0;
        for (final List<Long> r : oracle.received)
        {
            chainDeliveries += r.stream().filter(d -> method(d) == CHAIN && step(d) > 0).count();
        }
        assertTrue(oracle.hopLimitDrops > 0, "seed " + seed + ": no hop-limit drop to compare");
        assertTrue(oracle.customDrops > 0 && oracle.lateralDrops > 0, "seed " + seed + ": no drops to compare");
        assertTrue(oracle.errors > 0, "seed " + seed + ": no chain reached the nesting limit");
        assertTrue(chainDeliveries > 0, "seed " + seed + ": no reaction delivered");
        assertTrue(oracle.deliveries > 5L * STEPS, "seed " + seed + ": too few deliveries to compare");

        for (final int workers : new int[] {2, 4})
        {
            final Outcome parallel = run(null, BothModes.parallelBuilder().workers(workers).hopLimit(HOP_LIMIT)
                .maxNestingDepth(NESTING).reactionBackpressure(io.quicksilver.runtime.ring.Backpressure.FAIL),
                script);
            final String where = "seed " + seed + ", " + workers + " workers";
            assertEquals(oracle.received.size(), parallel.received.size(), where);
            for (int r = 0; r < oracle.received.size(); r++)
            {
                final List<Long> expected = oracle.received.get(r);
                final List<Long> actual = parallel.received.get(r);
                assertEquals(sorted(expected), sorted(actual), where + ": messages of responder " + r);
                assertEquals(external(expected), external(actual), where + ": external order at responder " + r);
                assertCausal(actual, where + ", responder " + r);
            }
            assertEquals(oracle.deliveries, parallel.deliveries, where + ": deliveries");
            assertEquals(oracle.hopLimitDrops, parallel.hopLimitDrops, where + ": hop-limit drops");
            assertEquals(oracle.lateralDrops, parallel.lateralDrops, where + ": lateral drops");
            assertEquals(oracle.customDrops, parallel.customDrops, where + ": custom drops");
            assertEquals(oracle.errors, parallel.errors, where + ": reports (one nesting refusal per chain)");
        }
    }

    // ------------------------------------------------------------------------------------------------ script

    private static Script script(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<int[]> links = new ArrayList<>();
        final Set<Long> linked = new HashSet<>();
        final List<long[]> nodeFlags = new ArrayList<>();
        final List<long[]> responderTags = new ArrayList<>();
        final List<List<Integer>> children = new ArrayList<>();
        final int switchNode = 3;
        for (int i = 0; i < NODES; i++)
        {
            children.add(new ArrayList<>());
            if (i > 0)
            {
                // Parents among the last few nodes: a deep, narrow tree, so routes reach the hop limit.
                final int parent = Math.max(0, i - 1 - random.nextInt(3));
                links.add(new int[] {parent, i});
                linked.add((long)parent << 32 | i);
                children.get(parent).add(i);
            }
            // Inactive nodes only in the lower half, rarely: in a deep tree one inactive node silences a long chain.
            nodeFlags.add(new long[] {random.nextInt(8) == 0 ? Tag.TAG_1 : 0,
                i >= NODES / 2 && random.nextInt(10) == 0 ? 0 : 1});
            final int responders = 1 + random.nextInt(3);
            final long[] tags = new long[responders];
            for (int r = 0; r < responders; r++)
            {
                tags[r] = random.nextInt(4) == 0 ? Tag.TAG_2 : Tag.EVERYTHING;
            }
            responderTags.add(tags);
        }
        final List<Integer> echoes = new ArrayList<>();
        while (echoes.size() < 4)
        {
            final int echo = NODES / 2 + random.nextInt(NODES / 2);
            if (!echoes.contains(echo))
            {
                echoes.add(echo);
            }
        }

        final List<Step> steps = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        int chains = 0;
        for (int s = 0; s < STEPS; s++)
        {
            final int kind = random.nextInt(20);
            if (kind == 0)
            {
                final Change change = change(random, linked, children, switchNode);
                if (change != null)
                {
                    steps.add(new RequestChange(changes.size()));
                    changes.add(change);
                    continue;
                }
            }
            if (kind <= 2)
            {
                steps.add(new StartChain(echoes.get(random.nextInt(echoes.size())), chains++));
                continue;
            }
            steps.add(new Send(random.nextInt(NODES), random.nextInt(SENDS.length), s));
        }
        return new Script(new Shape(links, nodeFlags, responderTags, switchNode, echoes), steps, changes);
    }

    private static Change change(
        final SplittableRandom random, final Set<Long> linked, final List<List<Integer>> children, final int switchNode)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return new Change(0, NODES / 2 + random.nextInt(NODES / 2), random.nextInt(3) == 0 ? 0 : 1);
            case 1:
                return new Change(1, random.nextInt(NODES), random.nextBoolean() ? Tag.TAG_1 : 0);
            case 2:
            {
                final List<Integer> states = children.get(switchNode);
                return states.isEmpty() ? null : new Change(2, switchNode, states.get(random.nextInt(states.size())));
            }
            default:
            {
                // Only forward links (lower index to higher): never a cycle, sometimes a second parent (a DAG).
                final int parent = random.nextInt(NODES - 1);
                final int child = parent + 1 + random.nextInt(NODES - 1 - parent);
                if (!linked.add((long)parent << 32 | child))
                {
                    return null;
                }
                children.get(parent).add(child);
                return new Change(3, parent, child);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ run

    private static Outcome run(
        final Quicksilver.Builder single, final Quicksilver.ParallelBuilder parallel, final Script script)
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final ErrorHandler handler = (node, source, method, error) -> errors.add(error);
        final List<List<Long>> received = new ArrayList<>();
        final Shape shape = script.shape;
        try (Quicksilver qs = single != null ? single.errorHandler(handler).build() :
            parallel.errorHandler(handler).build())
        {
            final List<RelayNode> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++)
            {
                final RelayNode node = i == shape.switchNode ? qs.createSwitchNode("n" + i) : qs.createNode("n" + i);
                nodes.add(node);
                final long[] flags = shape.nodeFlags.get(i);
                if (flags[0] != 0)
                {
                    node.setTags(flags[0]);
                }
                if (flags[1] == 0)
                {
                    node.setActive(false);
                }
                for (final long tags : shape.responderTags.get(i))
                {
                    final List<Long> log = Collections.synchronizedList(new ArrayList<>());
                    received.add(log);
                    node.addResponder(ResponderOptions.builder().tags(tags).build(),
                        message -> log.add((long)message.method() << 32 | message.getInt()));
                }
                if (shape.echoes.contains(i))
                {
                    // Keeps a chain going: each chain message from its own node causes the next, until the nesting
                    // limit refuses one (reported in its responder, once per chain in both modes).
                    node.addResponder(message ->
                    {
                        if (message.method() == CHAIN && message.senderNodeId() == node.id())
                        {
                            final int value = message.getInt();
                            node.sendInt(CHAIN, value + 1, CHAINS[(value / 1000) % CHAINS.length]);
                        }
                    });
                }
            }
            for (final int[] link : shape.links)
            {
                nodes.get(link[0]).addChild(nodes.get(link[1]));
            }
            final SwitchNode switchNode = (SwitchNode)nodes.get(shape.switchNode);
            if (!switchNode.states().isEmpty())
            {
                switchNode.jumpTo(switchNode.states().getFirst());
            }
            // A node of its own, with one responder that makes the change a CHANGE message names: from a handler,
            // so applied after that message, in both modes.
            final RelayNode control = qs.createNode("control");
            control.addResponder(message ->
            {
                final Change change = script.changes.get(message.getInt());
                final RelayNode target = nodes.get(change.node);
                switch (change.op)
                {
                    case 0 -> target.setActive(change.arg != 0);
                    case 1 -> target.setTags(change.arg);
                    case 2 -> ((SwitchNode)target).jumpTo(nodes.get((int)change.arg));
                    default -> target.addChild(nodes.get((int)change.arg));
                }
            });
            qs.applyChanges();

            for (final Step step : script.steps)
            {
                switch (step)
                {
                    case Send send -> assertTrue(nodes.get(send.sender).sendInt(APP, send.value,
                        SENDS[send.metadata]));
                    case StartChain chain -> assertTrue(nodes.get(chain.echo).sendInt(CHAIN, chain.chain * 1000,
                        Metadata.SELF.withActive(ActiveFilter.ALL)));
                    case RequestChange change ->
                    {
                        // Everything before routed with the old shape, everything after with the new one.
                        assertTrue(qs.awaitQuiescence(WAIT));
                        assertTrue(control.sendInt(CHANGE, change.change, Metadata.SELF));
                        assertTrue(qs.awaitQuiescence(WAIT));
                    }
                }
            }
            assertTrue(qs.awaitQuiescence(WAIT), "never quiescent");
            assertEquals(0, qs.refusedSends());
            final List<List<Long>> copy = new ArrayList<>();
            for (final List<Long> log : received)
            {
                synchronized (log)
                {
                    copy.add(List.copyOf(log));
                }
            }
            for (final Throwable error : errors)
            {
                assertTrue(error instanceof IllegalStateException &&
                    error.getMessage().startsWith("sends nested too deep"), "unexpected report: " + error);
            }
            return new Outcome(copy, qs.hopLimitDrops(), qs.lateralDrops(), qs.customDrops(), errors.size(),
                qs.deliveries());
        }
    }

    // ------------------------------------------------------------------------------------------------ compare

    private static int method(final long delivery)
    {
        return (int)(delivery >>> 32);
    }

    private static int step(final long delivery)
    {
        return (int)delivery % 1000;
    }

    private static List<Long> sorted(final List<Long> deliveries)
    {
        final List<Long> copy = new ArrayList<>(deliveries);
        Collections.sort(copy);
        return copy;
    }

    /** The messages sent from outside the handlers (the script's own sends), in the order received. */
    private static List<Long> external(final List<Long> deliveries)
    {
        return deliveries.stream().filter(d -> method(d) != CHAIN || step(d) == 0).toList();
    }

    /** Parallel mode's promise: within a chain, each message reaches a responder after the one that caused it. */
    private static void assertCausal(final List<Long> deliveries, final String where)
    {
        final java.util.Map<Integer, Integer> last = new java.util.HashMap<>();
        for (final long d : deliveries)
        {
            if (method(d) == CHAIN)
            {
                final int chain = (int)d / 1000;
                final Integer before = last.put(chain, step(d));
                assertTrue(before == null || before < step(d), where + ": chain " + chain + " out of causal order");
            }
        }
    }
}
