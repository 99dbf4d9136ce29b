package io.quicksilver;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Level#CUSTOM}, {@link Level#ALL} and strict mode in both modes: the same receivers, the same drops counted,
 * and strict mode stopping the same code at the same point (docs/semantics.md, "CUSTOM" and "Strict mode").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CustomLevelTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final ErrorHandler handler = (node, source, method, error) ->
    {
        reports.add((node == null ? "-" : node.name()) + "/" + source + "/" + Method.toString(method));
        errors.add(error);
    };

    private Quicksilver runtime(final boolean parallel, final boolean strict, final int hopLimit)
    {
        return parallel ?
            BothModes.parallelBuilder().strict(strict).hopLimit(hopLimit).errorHandler(handler).build() :
            Quicksilver.singleThreaded().strict(strict).hopLimit(hopLimit).errorHandler(handler).build();
    }

    private Responder log(final String name)
    {
        return message -> seen.add(name);
    }

    /** The receivers, sorted in parallel mode, where the order across responders on different workers is not fixed. */
    private List<String> take(final Quicksilver qs)
    {
        assertTrue(qs.awaitQuiescence(WAIT));
        final List<String> copy = new ArrayList<>(seen);
        seen.clear();
        if (qs.isParallel())
        {
            copy.sort(null);
        }
        return copy;
    }

    /**
     * p -> s, s -> a, s -> b, b -> bb; each node has one logging responder named after it, s's added before its
     * children are linked, the others' after: s's table is [parent p, responder s, child a, child b], b's is
     * [parent s, child bb, responder b].
     */
    private RelayNode tree(final Quicksilver qs)
    {
        final RelayNode p = qs.createNode("p");
        final RelayNode s = qs.createNode("s");
        final RelayNode a = qs.createNode("a");
        final RelayNode b = qs.createNode("b");
        final RelayNode bb = qs.createNode("bb");
        p.addChild(s);
        s.addResponder("s", log("s"));
        s.addChild(a).addChild(b);
        b.addChild(bb);
        for (final RelayNode n : List.of(p, a, b, bb))
        {
            n.addResponder(n.name(), log(n.name()));
        }
        qs.applyChanges();
        return s;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldDeliverCustomToTheAcceptedNeighboursOwnResponders(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode s = tree(qs);
            final Metadata custom = Metadata.builder().level(Level.CUSTOM)
                .customFilter(node -> node.name().startsWith("b") || node.name().equals("p")).build();

            assertTrue(s.send(APP, custom));

            // Table of s: [parent p, responder s, child a, child b]; b's child bb is not a neighbour.
            assertEquals(parallel ? List.of("b", "p") : List.of("p", "b"), take(qs));
            assertEquals(List.of(), reports);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldAskTheCustomFilterAboutTheSenderAndDeliverEachResponderOnce(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode s = tree(qs);
            final Predicate<RelayNode> everyone = node -> true;

            s.send(APP, Metadata.builder().level(Level.CUSTOM).customFilter(node -> node == s).build());
            assertEquals(List.of("s"), take(qs));

            // SELF and CHILD deliver first; the custom route then adds only the parent, the one neighbour left.
            s.send(APP, Metadata.builder().level(Level.SELF_AND_CHILDREN | Level.CUSTOM).customFilter(everyone)
                .build());
            assertEquals(parallel ? List.of("a", "b", "bb", "p", "s") : List.of("s", "a", "bb", "b", "p"), take(qs));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRouteCustomFromAHandlersReaction(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode s = tree(qs);
            final Metadata toB = Metadata.builder().level(Level.CUSTOM).customFilter(node -> node.name().equals("b"))
                .build();
            final RelayNode trigger = qs.createNode("trigger");
            trigger.addResponder(message -> s.send(APP + 1, toB));
            qs.applyChanges();

            trigger.send(APP, Metadata.SELF);

            assertEquals(List.of("b"), take(qs));
            assertEquals(List.of(), reports);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRouteLevelAllWithoutPredicateOrLateralAsEveryOtherRouteAndCountBothDrops(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode s = tree(qs);
            final RelayNode sibling = qs.createNode("sibling");
            sibling.addResponder("sibling", log("sibling"));
            qs.nodes().getFirst().addChild(sibling);
            qs.applyChanges();

            assertTrue(s.send(APP, Metadata.of(Level.ALL)));

            // Self, children, descendants, ancestors, parent: no sibling (lateral not allowed), no custom route.
            assertEquals(parallel ? List.of("a", "b", "bb", "p", "s") : List.of("s", "a", "bb", "b", "p"), take(qs));
            assertEquals(1, qs.lateralDrops());
            assertEquals(1, qs.customDrops());

            assertTrue(s.send(APP, Metadata.builder().level(Level.ALL).allowLateral()
                .customFilter(node -> true).build()));
            assertEquals(parallel ? List.of("a", "b", "bb", "p", "s", "sibling") :
                List.of("s", "a", "bb", "b", "sibling", "p"), take(qs));
            assertEquals(1, qs.lateralDrops());
            assertEquals(1, qs.customDrops());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldAskThePredicateOnTheThreadThatDeliversToTheCandidate(final boolean parallel)
    {
        final Map<String, String> askedOn = new ConcurrentHashMap<>();
        final Map<String, String> deliveredOn = new ConcurrentHashMap<>();
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode hub = qs.createNode("hub");
            for (int i = 0; i < 16; i++)
            {
                final RelayNode n = qs.createNode("n" + i);
                // Several responders per node, so the partitions (cut between nodes) spread over both workers.
                for (int r = 0; r < 4; r++)
                {
                    n.addResponder(message -> deliveredOn.merge(n.name(), Thread.currentThread().getName(),
                        (x, y) -> x.equals(y) ? x : x + "," + y));
                }
                hub.addChild(n);
            }
            hub.addChild(qs.createNode("empty"));
            qs.applyChanges();
            // A side effect for the test only: predicates must not have any (RoutingOptions).
            final Metadata custom = Metadata.builder().level(Level.CUSTOM).customFilter(node ->
            {
                askedOn.merge(node.name(), Thread.currentThread().getName(), (x, y) -> x.equals(y) ? x : x + "," + y);
                return true;
            }).build();

            for (int i = 0; i < 20; i++)
            {
                assertTrue(hub.send(APP, custom));
            }
            assertTrue(qs.awaitQuiescence(WAIT));
        }
        assertEquals(16, deliveredOn.size());
        for (int i = 0; i < 16; i++)
        {
            final String node = "n" + i;
            assertEquals(deliveredOn.get(node), askedOn.get(node), node + " was asked on another thread");
        }
        if (parallel)
        {
            assertTrue(deliveredOn.values().stream().distinct().count() > 1, "one worker delivered everything: " +
                deliveredOn);
        }
        // A neighbour without responders: single-threaded mode asks about it, parallel mode (no owner) does not.
        assertEquals(!parallel, askedOn.containsKey("empty"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReportAThrowingCustomFilterOncePerCandidateAsARejection(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 50))
        {
            final RelayNode s = tree(qs);
            s.send(APP, Metadata.builder().level(Level.CUSTOM).customFilter(node ->
            {
                if (node.name().equals("a"))
                {
                    throw new IllegalStateException("filter failed at " + node.name());
                }
                return node.name().equals("b");
            }).build());

            assertEquals(List.of("b"), take(qs));
            assertEquals(List.of("s/customFilter/APP(1000)"), reports);
            assertEquals("filter failed at a", errors.getFirst().getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ strict

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRefuseCustomWithoutPredicateAndLateralWithoutOptionAtSendInStrictMode(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, true, 50))
        {
            assertTrue(qs.isStrict());
            final RelayNode s = tree(qs);

            final RoutingException custom = assertThrows(RoutingException.class,
                () -> s.send(APP, Metadata.of(Level.SELF | Level.CUSTOM)));
            assertEquals("level CUSTOM needs RoutingOptions.customFilter: sender='s', method=APP(1000)",
                custom.getMessage());
            final RoutingException lateral = assertThrows(RoutingException.class,
                () -> s.send(APP, Metadata.of(Level.SELF_AND_SIBLINGS)));
            assertEquals("lateral routing (SIBLINGS) needs RoutingOptions.allowLateral: sender='s', method=APP(1000)",
                lateral.getMessage());
            // ALL asks for both: the lateral check comes first, as single-threaded.
            assertTrue(assertThrows(RoutingException.class, () -> s.send(APP, Metadata.of(Level.ALL)))
                .getMessage().startsWith("lateral routing (SIBLINGS|COUSINS)"));

            assertEquals(List.of(), take(qs));
            assertEquals(0, qs.sends());
            assertEquals(0, qs.lateralDrops());
            assertEquals(0, qs.customDrops());
            // The runtime is fine: the next send is delivered.
            assertTrue(s.send(APP, Metadata.SELF));
            assertEquals(List.of("s"), take(qs));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldStopAMessageAtItsHopLimitDropInStrictModeWithTheDeliveriesBeforeItStanding(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, true, 3))
        {
            // root's table: [root, deep, after]; deep -> d1 -> d2 (dropped at hop 3); after comes later in the walk.
            final RelayNode root = qs.createNode("root");
            final RelayNode deep = qs.createNode("deep");
            final RelayNode d1 = qs.createNode("d1");
            final RelayNode d2 = qs.createNode("d2");
            final RelayNode after = qs.createNode("after");
            // Responders first: each node delivers to its own before it enters its children.
            for (final RelayNode n : List.of(root, deep, d1, d2, after))
            {
                n.addResponder(n.name(), log(n.name()));
            }
            root.addChild(deep).addChild(after);
            deep.addChild(d1);
            d1.addChild(d2);
            qs.applyChanges();

            if (parallel)
            {
                // The send returned before routing: the drop goes to the error handler.
                assertTrue(root.send(APP));
            }
            else
            {
                assertThrows(RoutingException.class, () -> root.send(APP));
            }

            // Both modes: what the walk delivered before the drop stands, nothing after it (not even `after`).
            assertEquals(parallel ? List.of("d1", "deep", "root") : List.of("root", "deep", "d1"), take(qs));
            assertEquals(1, qs.hopLimitDrops());
            final String expected = "hop limit reached at node 'd2': hop=3, hopLimit=3, method=APP(1000), " +
                "sender='root'";
            if (parallel)
            {
                assertEquals(List.of("root/routing/APP(1000)"), reports);
                assertInstanceOf(RoutingException.class, errors.getFirst());
                assertEquals(expected, errors.getFirst().getMessage());
            }
            else
            {
                assertEquals(List.of(), reports);
            }

            // A route that drops nothing is untouched.
            assertTrue(after.send(APP));
            assertEquals(List.of("after"), take(qs));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldStopACustomRouteAtAHopLimitOfOneInStrictMode(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, true, 1))
        {
            final RelayNode s = tree(qs);
            final Metadata custom = Metadata.builder().level(Level.SELF | Level.CUSTOM)
                .customFilter(node -> node.name().equals("a") || node.name().equals("b")).build();
            if (parallel)
            {
                assertTrue(s.send(APP, custom));
            }
            else
            {
                assertThrows(RoutingException.class, () -> s.send(APP, custom));
            }
            // SELF delivered; the custom route's first accepted neighbour (a, at hop 1) is dropped, and b never asked.
            assertEquals(List.of("s"), take(qs));
            assertEquals(1, qs.hopLimitDrops());
            assertEquals(parallel ? 1 : 0, reports.size(), reports::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldCountEveryHopLimitDropOutsideStrictMode(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, false, 1))
        {
            final RelayNode s = tree(qs);
            s.send(APP, Metadata.builder().level(Level.SELF | Level.CUSTOM)
                .customFilter(node -> node.name().equals("a") || node.name().equals("b")).build());
            assertEquals(List.of("s"), take(qs));
            assertEquals(2, qs.hopLimitDrops());
            assertEquals(List.of(), reports);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReportAStrictRefusalInAHandlerAsItsResponderFailure(final boolean parallel)
    {
        try (Quicksilver qs = runtime(parallel, true, 50))
        {
            final RelayNode s = tree(qs);
            final RelayNode trigger = qs.createNode("trigger");
            trigger.addResponder("trigger", message -> s.send(APP + 1, Metadata.of(Level.CUSTOM)));
            qs.applyChanges();

            trigger.send(APP, Metadata.SELF);

            assertEquals(List.of(), take(qs));
            assertEquals(List.of("trigger/trigger/APP(1000)"), reports);
            assertInstanceOf(RoutingException.class, errors.getFirst());
        }
    }

    // ------------------------------------------------------------------------------------------------ registry

    @Test
    void shouldRefuseANewPredicateOnceTheParallelRegistryIsFullAndKeepRoutingTheRegisteredOnes()
    {
        try (Quicksilver qs = BothModes.parallelBuilder().maxCustomFilters(2).errorHandler(handler).build())
        {
            final RelayNode s = tree(qs);
            final Metadata toA = Metadata.builder().level(Level.CUSTOM).customFilter(node -> node.name().equals("a"))
                .build();
            final Metadata toB = Metadata.builder().level(Level.CUSTOM).customFilter(node -> node.name().equals("b"))
                .build();
            assertTrue(s.send(APP, toA));
            assertTrue(s.send(APP, toB));
            assertTrue(s.send(APP, toA));

            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.send(APP,
                Metadata.builder().level(Level.CUSTOM).customFilter(node -> true).build()));
            assertTrue(e.getMessage().startsWith("custom filter registry full: 2 distinct Level.CUSTOM predicates " +
                "registered (maxCustomFilters=2)"), e.getMessage());

            assertTrue(s.send(APP, toB));
            assertEquals(List.of("a", "a", "b", "b"), take(qs));
            assertEquals(4, qs.sends());
            assertEquals(List.of(), reports);
        }
        assertEquals("maxCustomFilters must be in [1, 32767]: maxCustomFilters=0", assertThrows(
            IllegalArgumentException.class, () -> BothModes.parallelBuilder().maxCustomFilters(0).build())
            .getMessage());
    }

    @Test
    void shouldCarryStrictIntoTheSingleThreadedRuntimeAConfigFileAsksFor(@TempDir final Path dir) throws IOException
    {
        try (Quicksilver qs = BothModes.parallelBuilder().strict(true).build())
        {
            assertTrue(qs.isStrict());
        }
        try (Quicksilver qs = BothModes.parallelBuilder().build())
        {
            assertFalse(qs.isStrict());
        }
        final Path single = dir.resolve("single.toml");
        Files.writeString(single, "mode = \"single-threaded\"\nworkers = 2\n");
        try (Quicksilver qs = Quicksilver.parallel().affinityConfig(single).strict(true).build())
        {
            assertFalse(qs.isParallel());
            assertTrue(qs.isStrict());
        }
    }
}
