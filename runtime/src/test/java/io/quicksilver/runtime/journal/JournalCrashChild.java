package io.quicksilver.runtime.journal;

import io.quicksilver.NoticeHandler;
import io.quicksilver.Quicksilver;
import io.quicksilver.RelayNode;

import java.nio.file.Path;

/**
 * The child JVM of {@link JournalCrashTest}: journals a stream of ints ({@code first}, {@code first + 1}, ...) under
 * load until it is killed, saying "started SEQUENCE" once and "sent N" every 20,000 sends on standard output.
 * Arguments: journal directory, {@link JournalMode} name, first value; or journal directory and {@code hold-lock}:
 * die inside a Chronicle document, holding its write lock.
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
        if (args[1].equals("hold-lock"))
        {
            holdLock(Path.of(args[0]));
            return;
        }
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

    /**
     * Die inside a document: open the queue as the journal does, start a document, write half a journal document
     * header into it, say "locked" and wait to be killed, leaving the write lock held and the document unfinished.
     */
    private static void holdLock(final Path dir)
    {
        ChronicleJournal.disableAnalytics();
        final net.openhft.chronicle.queue.ChronicleQueue queue =
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).build();
        final net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender();
        final net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeInt(JournalLayout.MAGIC).writeInt(64);
        System.out.println("locked");
        System.out.flush();
        while (true)
        {
            java.util.concurrent.locks.LockSupport.park();
        }
    }
}
