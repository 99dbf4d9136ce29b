package io.quicksilver.runtime.log;

import io.quicksilver.simd.RoutingKernels;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The runtime's notices (running unpinned, memory not bound, a capability this JVM lacks): said through the
 * {@link System.Logger} named {@value #LOGGER_NAME}, each distinct text once per JVM however many runtimes are built.
 */
public final class Notices
{
    /** The logger the runtime's notices and its default error handler use. */
    public static final String LOGGER_NAME = "io.quicksilver";

    /** Distinct texts remembered; past that a notice is said again rather than the set growing without bound. */
    static final int MAX_REMEMBERED = 4096;

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Notices()
    {
    }

    /**
     * Say {@code text} at {@code level} unless this JVM already has.
     *
     * @param level how loud.
     * @param text  the notice.
     * @return true if it was said now.
     */
    public static boolean sayOnce(final Level level, final String text)
    {
        if (SAID.size() < MAX_REMEMBERED ? !SAID.add(text) : SAID.contains(text))
        {
            return false;
        }
        System.getLogger(LOGGER_NAME).log(level, text);
        return true;
    }

    /**
     * Tell {@code sink} what this JVM lacks for a parallel runtime that routes with the simd kernels: the Vector API
     * module, when {@code -Dquicksilver.simd} leaves the choice to the runtime.
     *
     * @param sink where to say it.
     */
    public static void sayMissingCapabilities(final BiConsumer<Level, String> sink)
    {
        if (RoutingKernels.SIMD_AUTO.equals(RoutingKernels.simdMode()) && !RoutingKernels.isVectorModulePresent())
        {
            sink.accept(Level.WARNING, "quicksilver: routing kernels run scalar: module " + RoutingKernels.VECTOR_MODULE +
                " is not in this JVM; start it with --add-modules " + RoutingKernels.VECTOR_MODULE +
                " to route with the Vector API (or -D" + RoutingKernels.SIMD_PROP_NAME + "=" +
                RoutingKernels.SIMD_SCALAR + " to choose scalar and say nothing)");
        }
    }
}
