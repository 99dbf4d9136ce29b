package io.quicksilver;

import io.quicksilver.runtime.message.MessageFilters;

/**
 * Active filter, Mercury's {@code MmActiveFilter}: whether inactive receivers are skipped.
 */
public enum ActiveFilter
{
    /** Only responders that are active and whose node and every ancestor node are active (the default). */
    ACTIVE(MessageFilters.ACTIVE_ONLY),
    /** Every responder, active or not. */
    ALL(MessageFilters.ACTIVE_ALL);

    private final byte code;

    ActiveFilter(final byte code)
    {
        this.code = code;
    }

    /**
     * @return the code the message header carries.
     */
    public byte code()
    {
        return code;
    }
}
