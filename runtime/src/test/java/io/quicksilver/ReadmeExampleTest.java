package io.quicksilver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's example, kept compiling and checked for the output the README shows.
 */
class ReadmeExampleTest
{
    // --- README example begins -------------------------------------------------------------------------------
    static final class HelloQuicksilver
    {
        static final int SCORE = Method.FIRST_APPLICATION_METHOD;      // application methods start at 1000

        public static void main(final String[] args)
        {
            try (Quicksilver qs = Quicksilver.singleThreaded().build())
            {
                RelayNode game = qs.createNode("game");
                RelayNode hud = qs.createNode("hud");
                SwitchNode screens = qs.createSwitchNode("screens");
                RelayNode play = qs.createNode("play");
                RelayNode pause = qs.createNode("pause");
                game.addChild(hud).addChild(screens);
                screens.addChild(play).addChild(pause);
                screens.jumpTo(play);

                hud.addResponder(msg -> { if (msg.method() == SCORE) System.out.println("hud: score " + msg.getInt()); });
                play.addResponder(msg -> System.out.println("play: " + Method.toString(msg.method())));
                pause.addResponder(msg -> System.out.println("pause: " + Method.toString(msg.method())));

                game.sendInt(SCORE, 42);                         // self and children, depth first: hud, play, pause
                game.send(Method.REFRESH, Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED)); // current screen only
            }
        }
    }
    // --- README example ends ---------------------------------------------------------------------------------

    // --- README parallel example begins ----------------------------------------------------------------------
    static final class HelloQuicksilverParallel
    {
        static final int SCORE = Method.FIRST_APPLICATION_METHOD;

        public static void main(final String[] args)
        {
            try (Quicksilver qs = Quicksilver.parallel().workers(2).build())   // or Quicksilver.fromConfig(path)
            {
                RelayNode game = qs.createNode("game");
                RelayNode hud = qs.createNode("hud");
                game.addChild(hud);
                hud.addResponder(msg -> System.out.println("hud: score " + msg.getInt()));   // runs on a worker
                game.sendInt(SCORE, 42);                         // publishes and returns; a worker delivers
                qs.flush();                                      // returns once it is delivered
            }
        }
    }
    // --- README parallel example ends ------------------------------------------------------------------------

    @Test
    @Timeout(30)
    void shouldPrintWhatTheParallelReadmeExampleSays()
    {
        assertEquals("hud: score 42" + System.lineSeparator(), capture(HelloQuicksilverParallel::main));
    }

    @Test
    @Timeout(30)
    void shouldPrintTheSameLinesWhenTheReadmeExampleRunsOnTwoWorkers()
    {
        final String out = capture(() ->
        {
            try (Quicksilver qs = Quicksilver.parallel().workers(2).build())
            {
                RelayNode game = qs.createNode("game");
                RelayNode hud = qs.createNode("hud");
                SwitchNode screens = qs.createSwitchNode("screens");
                RelayNode play = qs.createNode("play");
                RelayNode pause = qs.createNode("pause");
                game.addChild(hud).addChild(screens);
                screens.addChild(play).addChild(pause);
                screens.jumpTo(play);

                hud.addResponder(msg -> { if (msg.method() == HelloQuicksilver.SCORE) System.out.println("hud: score " + msg.getInt()); });
                play.addResponder(msg -> System.out.println("play: " + Method.toString(msg.method())));
                pause.addResponder(msg -> System.out.println("pause: " + Method.toString(msg.method())));

                game.sendInt(HelloQuicksilver.SCORE, 42);
                game.send(Method.REFRESH, Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED));
                qs.flush();
            }
        });
        // Responders in different partitions print in any interleaving; each responder's own order is kept.
        final List<String> lines = List.of(out.split(System.lineSeparator()));
        assertEquals(List.of("hud: score 42", "pause: APP(1000)", "play: APP(1000)", "play: REFRESH"),
            lines.stream().sorted().toList());
        assertTrue(lines.indexOf("play: APP(1000)") < lines.indexOf("play: REFRESH"));
    }

    private static String capture(final Runnable main)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            main.run();
        }
        finally
        {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface Main
    {
        void main(String[] args);
    }

    private static String capture(final Main main)
    {
        return capture(() -> main.main(new String[0]));
    }

    @Test
    void shouldPrintWhatTheReadmeSays()
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            HelloQuicksilver.main(new String[0]);
        }
        finally
        {
            System.setOut(original);
        }

        assertEquals(String.join(System.lineSeparator(),
            "hud: score 42",
            "play: APP(1000)",
            "pause: APP(1000)",
            "play: REFRESH",
            ""), captured.toString(StandardCharsets.UTF_8));
    }
}
