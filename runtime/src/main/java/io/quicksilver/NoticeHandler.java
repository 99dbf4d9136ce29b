package io.quicksilver;

import io.quicksilver.runtime.log.Notices;

import java.lang.System.Logger.Level;

/**
 * Told the runtime's notices about itself: workers that run unpinned, memory not bound to the plan's NUMA nodes, a
 * capability this JVM lacks (the Vector API module, native access) with the flag that adds it, a {@code close()}
 * that stopped waiting for the error handler. Failures of responders go to the {@link ErrorHandler}, not here.
 * <p>
 * Called on the thread that builds or closes the runtime, or on a worker as it starts; it should record and return.
 */
@FunctionalInterface
public interface NoticeHandler
{
    /**
     * One notice.
     *
     * @param level  how much it matters: {@link Level#WARNING} for what costs performance or was not done as asked,
     *               {@link Level#DEBUG} for what is as configured (workers unpinned because no plan was given).
     * @param notice the text, starting {@code "quicksilver: "}.
     */
    void onNotice(Level level, String notice);

    /**
     * The default: through the {@link System.Logger} named {@code io.quicksilver} (java.util.logging unless the
     * application installs another {@link System.LoggerFinder}), each distinct notice once per JVM however many
     * runtimes are built.
     *
     * @return the handler.
     */
    static NoticeHandler logging()
    {
        return Notices::sayOnce;
    }

    /**
     * @return a handler that says nothing.
     */
    static NoticeHandler silent()
    {
        return (level, notice) ->
        {
        };
    }
}
