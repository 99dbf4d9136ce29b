package io.quicksilver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoticeHandlerTest
{
    private record Notice(Level level, String text)
    {
    }

    @Test
    @Timeout(30)
    void shouldTellTheBuildersHandlerThatWorkersWithoutAPlanRunUnpinnedAtDebugLevel()
    {
        final List<Notice> notices = new CopyOnWriteArrayList<>();
        try (Quicksilver qs = Quicksilver.parallel().workers(2).notices((level, text) -> notices.add(new Notice(level, text))).build())
        {
            qs.flush();
        }
        // The test JVM has the Vector API module, so no capability is missing; without a plan nothing is pinned.
        assertEquals(List.of(new Notice(Level.DEBUG, "quicksilver: workers run unpinned (no affinity plan)")), notices);
    }

    @Test
    void shouldSayEachNoticeOncePerJvmThroughTheDefaultLogger()
    {
        final Logger jul = Logger.getLogger("io.quicksilver");
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Handler capture = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final boolean parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
        try
        {
            final String text = "quicksilver: a notice of this test, " + System.nanoTime();
            NoticeHandler.logging().onNotice(Level.WARNING, text);
            NoticeHandler.logging().onNotice(Level.WARNING, text);
            NoticeHandler.silent().onNotice(Level.WARNING, text + " (silent)");
            assertEquals(List.of(text), records.stream().map(LogRecord::getMessage).toList());
            assertEquals(java.util.logging.Level.WARNING, records.getFirst().getLevel());
        }
        finally
        {
            jul.removeHandler(capture);
            jul.setUseParentHandlers(parents);
        }
    }
}
