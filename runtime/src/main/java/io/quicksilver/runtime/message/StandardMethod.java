package io.quicksilver.runtime.message;

/**
 * Mercury's standard methods, with the ids the header's method field carries. Application methods are numbered
 * from {@link MessageLayout#FIRST_APPLICATION_METHOD} up and need no entry here.
 */
public enum StandardMethod
{
    NO_OP,
    INITIALIZE,
    SET_ACTIVE,
    REFRESH,
    SWITCH,
    COMPLETE,
    TASK_INFO,
    MESSAGE,
    MESSAGE_BOOL,
    MESSAGE_BYTE_ARRAY,
    MESSAGE_FLOAT,
    MESSAGE_INT,
    MESSAGE_SERIALIZABLE,
    MESSAGE_STRING,
    MESSAGE_TRANSFORM,
    MESSAGE_TRANSFORM_LIST,
    MESSAGE_VECTOR3,
    MESSAGE_VECTOR4,
    TRANSFORM;

    private static final StandardMethod[] BY_ID = values();

    /**
     * Id carried in the header's method field: the declaration order, as in Mercury's {@code MmMethod}.
     *
     * @return method id.
     */
    public int id()
    {
        return ordinal();
    }

    /**
     * Whether a method id belongs to the application rather than to Mercury.
     *
     * @param method id from a header.
     * @return true if {@code method >= FIRST_APPLICATION_METHOD}.
     */
    public static boolean isApplicationMethod(final int method)
    {
        return method >= MessageLayout.FIRST_APPLICATION_METHOD;
    }

    /**
     * Standard method for an id, without allocation.
     *
     * @param id from a header.
     * @return the standard method, or null when the id is not a standard method.
     */
    public static StandardMethod fromId(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
