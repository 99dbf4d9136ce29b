package example;

import io.quicksilver.Method;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;

public final class HelloQuicksilverParallel
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
