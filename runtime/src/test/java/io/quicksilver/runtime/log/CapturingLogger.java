package io.quicksilver.runtime.log;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps what it is told.
 */
public final class CapturingLogger implements System.Logger
{
    public record Entry(Level level, String message, Throwable thrown)
    {
    }

    public final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public String getName()
    {
        return "capture";
    }

    @Override
    public boolean isLoggable(final Level level)
    {
        return true;
    }

    @Override
    public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable thrown)
    {
        entries.add(new Entry(level, msg, thrown));
    }

    @Override
    public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params)
    {
        entries.add(new Entry(level, params == null || params.length == 0 ? format :
            java.text.MessageFormat.format(format, params), null));
    }

    public List<String> messages()
    {
        return entries.stream().map(Entry::message).toList();
    }
}
