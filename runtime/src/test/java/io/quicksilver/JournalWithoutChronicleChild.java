package io.quicksilver;

import io.quicksilver.runtime.journal.JournalException;

import java.nio.file.Path;

/**
 * The child JVM of {@link JournalWithoutChronicleTest}, run on a class path without Chronicle Queue: a runtime
 * without a journal works, and asking for one is a {@link JournalException}, not a linkage error.
 */
public final class JournalWithoutChronicleChild
{
    private JournalWithoutChronicleChild()
    {
    }

    /**
     * @param args the journal directory to ask for.
     */
    public static void main(final String[] args)
    {
        try (Quicksilver qs = Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).build())
        {
            final int[] got = new int[1];
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> got[0] = message.getInt());
            root.sendInt(Method.FIRST_APPLICATION_METHOD, 5);
            qs.flush();
            System.out.println("without a journal: delivered " + got[0]);
            System.out.println("replay: " + refusal(() -> qs.replay(Path.of(args[0]))));
        }
        System.out.println("journal: " + refusal(() ->
            Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).journal(Path.of(args[0])).build()));
    }

    private static String refusal(final Runnable attempt)
    {
        try
        {
            attempt.run();
            return "not refused";
        }
        catch (final Throwable t)
        {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
    }
}
