package io.quicksilver.runtime.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags Chronicle Queue needs on JDK 25, checked when a journal opens so that a missing one is a clear
 * error instead of a failed mapping or a queue that silently opens read-only.
 */
public final class JournalFlags
{
    /** Without it the first mapping fails inside {@code UnixFileDispatcherImpl.map0}. */
    public static final String OPEN_REFLECT = "--add-opens java.base/java.lang.reflect=ALL-UNNAMED";

    /** Without it the queue opens read-only and fails at the first append. */
    public static final String EXPORT_NIO = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    /** Every flag a journal needs and why is in docs/journal.md; these are the ones it cannot run without. */
    public static final List<String> REQUIRED = List.of(OPEN_REFLECT, EXPORT_NIO);

    private JournalFlags()
    {
    }

    /**
     * The required flags this JVM lacks, for code in {@code module} (Chronicle's; the unnamed module on a class path).
     *
     * @param module where Chronicle Queue's classes are.
     * @return missing flags, empty when none.
     */
    public static List<String> missing(final Module module)
    {
        final Module base = Object.class.getModule();
        final List<String> missing = new ArrayList<>(2);
        if (!base.isOpen("java.lang.reflect", module))
        {
            missing.add(OPEN_REFLECT);
        }
        if (!base.isExported("sun.nio.ch", module))
        {
            missing.add(EXPORT_NIO);
        }
        return missing;
    }

    /**
     * Throw unless this JVM has every required flag for Chronicle Queue's module.
     *
     * Called before any class that names Chronicle's types is loaded, so that a class path without Chronicle Queue
     * is this error and not a {@link NoClassDefFoundError}.
     *
     * @param directory the journal being opened, for the message.
     * @throws JournalException naming the missing flags, or saying Chronicle Queue is not on the class path.
     */
    public static void check(final java.nio.file.Path directory)
    {
        final Class<?> queue;
        try
        {
            queue = Class.forName("net.openhft.chronicle.queue.ChronicleQueue", false,
                JournalFlags.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError e)
        {
            throw new JournalException("journal " + directory + " needs Chronicle Queue on the class path " +
                "(net.openhft:chronicle-queue, an optional dependency of quicksilver-runtime): " + e, e);
        }
        final List<String> missing = missing(queue.getModule());
        if (!missing.isEmpty())
        {
            throw new JournalException("journal " + directory + " needs JVM flags this JVM was not started with: " +
                String.join(" ", missing) + " (Chronicle Queue on JDK 25; all of the journal's flags are the " +
                "quicksilver.journal.jvm.flags property of the parent pom, docs/journal.md)");
        }
    }
}
