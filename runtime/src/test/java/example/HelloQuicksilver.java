package example;

import io.quicksilver.Metadata;
import io.quicksilver.Method;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;
import io.quicksilver.SelectedFilter;
import io.quicksilver.SwitchNode;

public final class HelloQuicksilver
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
