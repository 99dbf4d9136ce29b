package io.quicksilver.runtime.journal;

import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;

import java.nio.file.Path;

/**
 * The child JVM of {@link JournalCrashTest}: journals a stream of ints ({@code first}, {@code first + 1}, ...) under
 * load until it is killed, saying "started SEQUENCE" once and "sent N" every 20,000 sends on standard output.
 * Arguments: journal directory, {@link JournalMode} name, first value.
 */
public final class JournalCrashChild
{
    private JournalCrashChild()
    {
    }

    /**
     * @param args directory, mode, first value.
     */
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final JournalMode mode = JournalMode.valueOf(args[1]);
        final int first = Integer.parseInt(args[2]);
        try (Quicksilver qs = Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).journal(dir)
            .journalMode(mode).build())
        {
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> { });
            qs.applyChanges();
            System.out.println("started " + qs.journalStartSequence());
            System.out.flush();
            for (int i = 0; ; i++)
            {
                root.sendInt(JournalReplayTest.APP, first + i);
                if (i % 20_000 == 0)
                {
                    System.out.println("sent " + i);
                    System.out.flush();
                }
            }
        }
    }
}
