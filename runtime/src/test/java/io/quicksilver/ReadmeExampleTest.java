package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
