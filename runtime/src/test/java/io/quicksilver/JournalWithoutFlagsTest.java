package io.quicksilver;

import io.quicksilver.runtime.journal.JournalException;
import io.quicksilver.runtime.journal.JournalFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs in the default test JVM, which has none of the journal's flags: the runtime works without them, and asking
 * for a journal is an error that names the missing flags, before any directory is created.
 */
class JournalWithoutFlagsTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldNameTheMissingFlagsWhenAJournalIsAskedFor()
    {
        assertEquals(JournalFlags.REQUIRED, JournalFlags.missing(getClass().getModule()),
            "the default test JVM must run without the journal's flags");
        final Path dir = tmp.resolve("journal");
        final JournalException e = assertThrows(JournalException.class,
            () -> Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).journal(dir).build());
        for (final String flag : JournalFlags.REQUIRED)
        {
            assertTrue(e.getMessage().contains(flag), e.getMessage());
        }
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(Files.exists(dir), "nothing is created for a journal that cannot open");
    }

    @Test
    void shouldRunWithoutAJournalAndWithoutItsFlags()
    {
        try (Quicksilver qs = Quicksilver.parallel().workers(1).notices(NoticeHandler.silent()).build())
        {
            final int[] got = new int[1];
            final RelayNode root = qs.createNode("root");
            root.addResponder(message -> got[0] = message.getInt());
            root.sendInt(Method.FIRST_APPLICATION_METHOD, 7);
            qs.flush();
            assertEquals(7, got[0]);
            assertEquals(-1, qs.journaledThrough());
        }
    }
}
