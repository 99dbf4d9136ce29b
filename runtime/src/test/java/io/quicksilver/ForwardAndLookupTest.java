package io.quicksilver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mercury's relay habits: forwarding a received message from another node, and finding a node by name or path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardAndLookupTest
{
    private static final int APP = Method.FIRST_APPLICATION_METHOD;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aForwardedMessageCarriesMethodPayloadAndHandledFlag(final boolean parallel)
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode inbox = qs.createNode("inbox");
            final RelayNode relay = qs.createNode("relay");
            final RelayNode outbox = qs.createNode("outbox");
            relay.addChild(outbox);
            inbox.addResponder(message ->
            {
                if (message.getString().startsWith("mark"))
                {
                    message.markHandled();
                }
                relay.forward(message);
            });
            outbox.addResponder(message -> seen.add("plain " + message.method() + " " + message.getString()));
            outbox.addResponder(message -> seen.add("handled-too " + message.method() + " " + message.getString() +
                " " + message.isHandled())).setReceiveHandled(true);
            qs.applyChanges();

            inbox.sendString(APP, "hello", Metadata.SELF);
            inbox.sendString(APP + 1, "marked", Metadata.SELF);
            assertTrue(qs.awaitQuiescence(Duration.ofSeconds(20)));
        }
        assertEquals(List.of(
            "plain " + APP + " hello", "handled-too " + APP + " hello false",
            "handled-too " + (APP + 1) + " marked true"), seen);
    }

    @Test
    void aNodeIsFoundByNameOrPathOrTheErrorSaysWhyNot()
    {
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            final RelayNode game = qs.createNode("game");
            final RelayNode hud = qs.createNode("hud");
            final RelayNode menu = qs.createNode("menu");
            final RelayNode menuHud = qs.createNode("hud");
            game.addChild(hud).addChild(menu);
            menu.addChild(menuHud);

            assertSame(game, qs.node("game"));
            assertSame(hud, qs.node("game/hud"));
            assertSame(menuHud, qs.node("game/menu/hud"));
            assertSame(menuHud, qs.node("menu/hud"));

            final IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class, () -> qs.node("hud"));
            assertEquals("2 nodes are named 'hud' in this runtime: name one by a path from an ancestor with a unique " +
                "name, e.g. 'parent/hud'", ambiguous.getMessage());
            final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> qs.node("nope"));
            assertEquals("no node named 'nope'", missing.getMessage());
            final IllegalArgumentException child =
                assertThrows(IllegalArgumentException.class, () -> qs.node("game/pause"));
            assertEquals("no child named 'pause' under 'game' (path 'game/pause'; its children: [hud, menu])",
                child.getMessage());
            final IllegalArgumentException root =
                assertThrows(IllegalArgumentException.class, () -> qs.node("hud/x"));
            assertTrue(root.getMessage().startsWith("2 nodes are named 'hud' in this runtime (path 'hud/x')"),
                root.getMessage());

            // A name that contains the separator is found as a name first.
            final RelayNode slashed = qs.createNode("a/b");
            assertSame(slashed, qs.node("a/b"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void selfAndBidirectionalReachesEveryDirectionInBothModes(final boolean parallel)
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (Quicksilver qs = BothModes.runtime(parallel))
        {
            final RelayNode top = qs.createNode("top");
            final RelayNode middle = qs.createNode("middle");
            final RelayNode sibling = qs.createNode("sibling");
            final RelayNode below = qs.createNode("below");
            final RelayNode bottom = qs.createNode("bottom");
            top.addChild(middle).addChild(sibling);
            middle.addChild(below);
            below.addChild(bottom);
            for (final RelayNode node : List.of(top, middle, sibling, below, bottom))
            {
                node.addResponder(message -> seen.add(node.name()));
            }
            qs.applyChanges();
            middle.send(APP, Metadata.of(Level.SELF_AND_BIDIRECTIONAL));
            middle.send(APP + 1, Metadata.builder().level(Level.SELF_AND_BIDIRECTIONAL).allowLateral().build());
            qs.flush();
            assertEquals(1, qs.lateralDrops(), "the first send's lateral levels, without allowLateral");
        }
        final List<String> sorted = new java.util.ArrayList<>(seen);
        java.util.Collections.sort(sorted);
        assertEquals(List.of("below", "below", "bottom", "bottom", "middle", "middle", "sibling", "top", "top"), sorted);
    }
}
