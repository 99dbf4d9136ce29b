package io.quicksilver;

import io.quicksilver.runtime.message.MessageLayout;

/**
 * Method ids, Mercury's {@code MmMethod}: what a message asks its receivers to do.
 * <p>
 * Ids below {@link #FIRST_APPLICATION_METHOD} are Mercury's standard methods, with Mercury's numbers (so a handler
 * can {@code switch} on them); an application numbers its own methods from {@code 1000} up. Ints rather than an enum
 * so that an application method needs no declaration here and a {@code switch} over both kinds stays one statement.
 */
public final class Method
{
    public static final int NO_OP = 0;
    public static final int INITIALIZE = 1;
    public static final int SET_ACTIVE = 2;
    public static final int REFRESH = 3;
    public static final int SWITCH = 4;
    public static final int COMPLETE = 5;
    public static final int TASK_INFO = 6;
    public static final int MESSAGE = 7;
    public static final int MESSAGE_BOOL = 8;
    public static final int MESSAGE_BYTE_ARRAY = 9;
    public static final int MESSAGE_FLOAT = 10;
    public static final int MESSAGE_INT = 11;
    public static final int MESSAGE_SERIALIZABLE = 12;
    public static final int MESSAGE_STRING = 13;
    public static final int MESSAGE_TRANSFORM = 14;
    public static final int MESSAGE_TRANSFORM_LIST = 15;
    public static final int MESSAGE_VECTOR3 = 16;
    public static final int MESSAGE_VECTOR4 = 17;
    public static final int TRANSFORM = 18;

    /** First id an application may give its own methods. */
    public static final int FIRST_APPLICATION_METHOD = MessageLayout.FIRST_APPLICATION_METHOD;

    private static final String[] NAMES =
        {
            "NO_OP", "INITIALIZE", "SET_ACTIVE", "REFRESH", "SWITCH", "COMPLETE", "TASK_INFO", "MESSAGE",
            "MESSAGE_BOOL", "MESSAGE_BYTE_ARRAY", "MESSAGE_FLOAT", "MESSAGE_INT", "MESSAGE_SERIALIZABLE",
            "MESSAGE_STRING", "MESSAGE_TRANSFORM", "MESSAGE_TRANSFORM_LIST", "MESSAGE_VECTOR3", "MESSAGE_VECTOR4",
            "TRANSFORM"
        };

    private Method()
    {
    }

    /**
     * Whether an id belongs to the application rather than to Mercury's standard set.
     *
     * @param method id.
     * @return true if {@code method >= FIRST_APPLICATION_METHOD}.
     */
    public static boolean isApplicationMethod(final int method)
    {
        return method >= FIRST_APPLICATION_METHOD;
    }

    /**
     * Check a method id: a standard method or an application method.
     *
     * @param method to check.
     * @return the method.
     * @throws IllegalArgumentException if it is negative.
     */
    public static int check(final int method)
    {
        if (method < 0)
        {
            throw new IllegalArgumentException("method must not be negative: method=" + method);
        }
        return method;
    }

    /**
     * Readable form for errors and logs.
     *
     * @param method id.
     * @return the standard method's name, {@code APP(1042)} for an application method, or the number.
     */
    public static String toString(final int method)
    {
        if (method >= 0 && method < NAMES.length)
        {
            return NAMES[method];
        }
        return isApplicationMethod(method) ? "APP(" + method + ")" : Integer.toString(method);
    }
}
