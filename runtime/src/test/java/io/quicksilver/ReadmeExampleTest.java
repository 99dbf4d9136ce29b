package io.quicksilver;

import example.HelloQuicksilver;
import example.HelloQuicksilverParallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's examples (the files in {@code src/test/java/example}, which {@link ReadmeInSyncTest} keeps equal to
 * the README) print what the README says they print.
 */
class ReadmeExampleTest
{
    private static final int SCORE = Method.FIRST_APPLICATION_METHOD;

    @Test
    @Timeout(30)
    void shouldPrintWhatTheReadmeSays()
    {
        assertEquals(ReadmeBlocks.outputOf(HelloQuicksilver.class.getName()), capture(() -> HelloQuicksilver.main(new String[0])));
        assertEquals("hud: score 42\nplay: APP(1000)\npause: APP(1000)\nplay: REFRESH\n",
            ReadmeBlocks.outputOf(HelloQuicksilver.class.getName()));
    }

    @Test
    @Timeout(30)
    void shouldPrintWhatTheReadmeSaysForTheParallelExample()
    {
        assertEquals(ReadmeBlocks.outputOf(HelloQuicksilverParallel.class.getName()),
            capture(() -> HelloQuicksilverParallel.main(new String[0])));
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

                hud.addResponder(msg -> { if (msg.method() == SCORE) System.out.println("hud: score " + msg.getInt()); });
                play.addResponder(msg -> System.out.println("play: " + Method.toString(msg.method())));
                pause.addResponder(msg -> System.out.println("pause: " + Method.toString(msg.method())));

                game.sendInt(SCORE, 42);
                game.send(Method.REFRESH, Metadata.DEFAULT.withSelected(SelectedFilter.SELECTED));
                qs.flush();
            }
        });
        // Responders in different partitions print in any interleaving; each responder's own order is kept.
        final List<String> lines = List.of(out.split("\n"));
        assertEquals(List.of("hud: score 42", "pause: APP(1000)", "play: APP(1000)", "play: REFRESH"),
            lines.stream().sorted().toList());
        assertTrue(lines.indexOf("play: APP(1000)") < lines.indexOf("play: REFRESH"));
    }

    /**
     * @return what {@code main} printed, line ends as {@code \n} (the README's).
     */
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
        return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
