package io.quicksilver;

import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.ring.Backpressure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The examples of docs/api.md, verbatim between the markers, so the guide keeps compiling and saying the truth.
 */
class ApiGuideExamplesTest
{
    static final int DAMAGE = Method.FIRST_APPLICATION_METHOD;
    static final int HEAL = Method.FIRST_APPLICATION_METHOD + 1;
    static final List<String> OUT = new ArrayList<>();

    static void print(final String line)
    {
        OUT.add(line);
    }

    // --- api.md: handler ---
    static final class Health implements Responder
    {
        private int points = 100;

        @Override
        public void onMessage(final MessageView message)
        {
            switch (message.method())
            {
                case DAMAGE -> points -= message.getInt();
                case HEAL -> points += message.getInt();
                case Method.INITIALIZE -> points = 100;
                default -> { }                          // not for us: ignore, as Mercury's responders do
            }
            print("health " + points);
        }
    }
    // --- end ---

    @Test
    void shouldRunTheGuideExamples()
    {
        OUT.clear();
        // --- api.md: tour ---
        try (Quicksilver qs = Quicksilver.singleThreaded()
            .hopLimit(50)                                   // Mercury's maxMessageHops; 0 turns it off
            .strict(false)                                  // true: drops throw RoutingException
            .errorHandler((node, source, method, error) -> print(source + " failed: " + error.getMessage()))
            .build())
        {
            RelayNode world = qs.createNode("world");
            RelayNode player = qs.createNode("player");
            RelayNode enemies = qs.createNode("enemies").setTags(Tag.TAG_1);   // a tagged node gates its subtree
            RelayNode orc = qs.createNode("orc");
            world.addChild(player).addChild(enemies);
            enemies.addChild(orc);

            player.addResponder("health", new Health());
            orc.addResponder(ResponderOptions.builder().name("orc").tags(Tag.TAG_1).build(),
                message -> print("orc hit for " + message.getInt()));

            world.sendInt(DAMAGE, 10);                                  // self and children: health 90, orc hit for 10
            world.sendInt(DAMAGE, 5, Metadata.of(Level.CHILD, Tag.TAG_2)); // TAG_2: enemies gates it; health 85
            orc.sendInt(HEAL, 1, Metadata.of(Level.ANCESTORS));          // every node above: nobody listens there
        }
        // --- end ---
        assertEquals(List.of("health 90", "orc hit for 10", "health 85"), OUT);
    }

    @Test
    void shouldRunTheHandledExample()
    {
        OUT.clear();
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            RelayNode ui = qs.createNode("ui");
            // --- api.md: handled ---
            ui.addResponder(message -> { print("button"); message.markHandled(); });
            ui.addResponder(message -> print("background"));             // skipped: already handled
            ui.addResponder(ResponderOptions.builder().receiveHandled(true).build(),
                message -> print("analytics"));                             // opted in: still called
            ui.send(Method.MESSAGE);                                        // button, analytics
            // --- end ---
        }
        assertEquals(List.of("button", "analytics"), OUT);
    }

    @Test
    void shouldRunTheSwitchExample()
    {
        OUT.clear();
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            // --- api.md: switch ---
            SwitchNode screens = qs.createSwitchNode("screens");
            RelayNode title = qs.createNode("title");
            RelayNode game = qs.createNode("game");
            screens.addChild(title).addChild(game);
            screens.onGlobalExit(() -> print("GlobalExit"))
                .onExit(title, () -> print("Exit title"))
                .onEnter(game, () -> print("Enter game"))
                .onGlobalEnter(() -> print("GlobalEnter " + screens.currentName()));
            title.addResponder(message -> print("title got it"));
            game.addResponder(message -> print("game got it"));

            screens.jumpTo(title);                     // Enter/GlobalEnter of title (nothing to leave yet)
            screens.jumpTo("game");                    // GlobalExit, Exit title, Enter game, GlobalEnter game
            screens.jumpTo(game);                      // already current: no events
            Metadata selected = Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED);
            screens.send(Method.REFRESH, selected);    // game got it (only the current state)
            // --- end ---
        }
        assertEquals(List.of("GlobalEnter title", "GlobalExit", "Exit title", "Enter game", "GlobalEnter game",
            "game got it"), OUT);
    }

    @Test
    void shouldRunTheSafePointExample()
    {
        OUT.clear();
        try (Quicksilver qs = Quicksilver.singleThreaded().build())
        {
            RelayNode spawner = qs.createNode("spawner");
            // --- api.md: safe point ---
            spawner.addResponder(message ->
            {
                if (message.method() == Method.INITIALIZE)
                {
                    RelayNode minion = qs.createNode("minion");
                    minion.addResponder(m -> print("minion got " + Method.toString(m.method())));
                    spawner.addChild(minion);              // in the model now, routed from the next send
                    spawner.sendInt(DAMAGE, 1);            // nested send, delivered now: the minion misses it
                }
            });
            spawner.send(Method.INITIALIZE);               // prints nothing
            spawner.send(Method.REFRESH);                  // minion got REFRESH
            // --- end ---
        }
        assertEquals(List.of("minion got REFRESH"), OUT);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void shouldRunTheParallelExample()
    {
        final List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        // --- api.md: parallel ---
        try (Quicksilver qs = Quicksilver.parallel()
            .workers(2)                                   // or .affinityConfig(Path.of("affinity.toml"))
            .backpressure(Backpressure.BLOCK)             // external sends wait for room (the default)
            .reactionBackpressure(Backpressure.FAIL)      // a handler's send returns false when full (the default)
            .errorHandler((node, source, method, error) -> out.add(source + " failed"))   // called on workers
            .build())
        {
            RelayNode world = qs.createNode("world");
            RelayNode player = qs.createNode("player");
            RelayNode hud = qs.createNode("hud");
            world.addChild(player).addChild(hud);
            player.addResponder(message ->
            {
                if (message.method() == DAMAGE)
                {
                    player.sendInt(HEAL, 1, Metadata.SELF);   // a reaction: delivered after its cause
                }
                out.add("player " + Method.toString(message.method()) + " " + message.getInt());
            });
            hud.addResponder(message -> out.add("hud " + message.getInt()));

            boolean sent = world.sendInt(DAMAGE, 10);     // published; false only if refused (FAIL/DROP)
            world.sendInt(DAMAGE, 5, Metadata.DEFAULT.withBackpressure(Backpressure.FAIL));   // per send
            qs.flush();                                   // both delivered (reactions maybe not yet)
            qs.awaitQuiescence(Duration.ofSeconds(5));    // ... and every reaction they caused
            print("sent " + sent + ", deliveries " + qs.deliveries());
        }
        // --- end ---
        assertEquals(List.of("sent true, deliveries 6"), OUT.subList(OUT.size() - 1, OUT.size()));
        final List<String> player = out.stream().filter(line -> line.startsWith("player")).toList();
        // Each reaction follows its cause; whether the first reaction comes before the second cause is the ring's call.
        assertEquals(List.of("player APP(1000) 10", "player APP(1000) 5", "player APP(1001) 1", "player APP(1001) 1"),
            player.stream().sorted().toList());
        assertEquals("player APP(1000) 10", player.getFirst());
        assertEquals("player APP(1001) 1", player.getLast());
        assertEquals(List.of("hud 10", "hud 5"), out.stream().filter(line -> line.startsWith("hud")).toList());
    }
}
