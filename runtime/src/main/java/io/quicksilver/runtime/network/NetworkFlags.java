package io.quicksilver.runtime.network;

/**
 * The JVM flag Aeron needs on JDK 25, checked when the network starts so that a missing one is a clear error instead
 * of an {@code IllegalAccessError} from inside the media driver.
 */
public final class NetworkFlags
{
    /** Agrona's {@code UnsafeApi} reads {@code jdk.internal.misc.Unsafe}; without it the media driver fails at start. */
    public static final String EXPORT_MISC = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private NetworkFlags()
    {
    }

    /**
     * @param module where Agrona's classes are (the unnamed module on a class path).
     * @return true when this JVM exports {@code jdk.internal.misc} to it.
     */
    public static boolean hasExportMisc(final Module module)
    {
        return Object.class.getModule().isExported("jdk.internal.misc", module);
    }

    /**
     * Throw unless Aeron is on the class path and this JVM has the flag it needs.
     *
     * @param name the runtime joining the network, for the message.
     * @throws NetworkException naming the missing flag, or saying Aeron is not on the class path.
     */
    static void check(final String name)
    {
        final Class<?> aeron;
        try
        {
            aeron = Class.forName("io.aeron.Aeron", false, NetworkFlags.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError e)
        {
            throw new NetworkException("network of runtime '" + name + "' needs Aeron on the class path " +
                "(io.aeron:aeron-client and io.aeron:aeron-driver, optional dependencies of quicksilver-runtime): " + e,
                e);
        }
        if (!hasExportMisc(aeron.getModule()))
        {
            throw new NetworkException("network of runtime '" + name + "' needs a JVM flag this JVM was not started " +
                "with: " + EXPORT_MISC + " (Aeron on JDK 25; it is the quicksilver.network.jvm.flags property of the " +
                "parent pom, docs/network.md)");
        }
    }
}
