package io.quicksilver.runtime.message;

/**
 * Whether the runtime checks its zero-copy contracts (views used after release, slots reused under a reader).
 * <p>
 * Read once from the system property {@code quicksilver.checked} into a static final, so with checks off the JIT
 * removes every check and the hot path pays nothing. The test build turns it on.
 */
public final class CheckedMode
{
    /** System property that turns checks on: {@code -Dquicksilver.checked=true}. */
    public static final String CHECKED_PROP_NAME = "quicksilver.checked";

    /** True when checks run; fixed for the life of the JVM. */
    public static final boolean ENABLED = Boolean.getBoolean(CHECKED_PROP_NAME);

    private CheckedMode()
    {
    }
}
