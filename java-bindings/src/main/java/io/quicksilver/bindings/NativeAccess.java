package io.quicksilver.bindings;

/**
 * Whether the JVM lets this code call native functions, asked before any restricted method is called: without
 * {@code --enable-native-access} the bindings report themselves unavailable, naming the flag, instead of calling
 * on and making the JDK print its own warning.
 */
public final class NativeAccess
{
    /** The flag for jars on the class path. */
    public static final String CLASS_PATH_FLAG = "--enable-native-access=ALL-UNNAMED";

    /** The flag for jars on the module path: every Quicksilver module that calls a restricted method. */
    public static final String MODULE_PATH_FLAG =
        "--enable-native-access=io.quicksilver.bindings,io.quicksilver.numa,io.quicksilver.runtime";

    private NativeAccess()
    {
    }

    /**
     * Whether {@code --enable-native-access} covers the module these bindings are in.
     *
     * @return true when native access is enabled for it.
     */
    public static boolean isEnabled()
    {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    /**
     * Why native code is not called, for an {@code unavailableReason()}.
     *
     * @return the reason, with the flag that fixes it for where these bindings are loaded from.
     */
    public static String disabledReason()
    {
        final Module module = NativeAccess.class.getModule();
        return "native access is not enabled: start the JVM with " +
            (module.isNamed() ? MODULE_PATH_FLAG + " (module " + module.getName() + ")" : CLASS_PATH_FLAG);
    }
}
