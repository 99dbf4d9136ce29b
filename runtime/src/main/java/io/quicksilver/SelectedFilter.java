package io.quicksilver;

import io.quicksilver.runtime.message.MessageFilters;

/**
 * Selected filter, Mercury's {@code MmSelectedFilter}: whether switch nodes narrow a message to their current state.
 */
public enum SelectedFilter
{
    /** Every state of every switch node (the default). */
    ALL(MessageFilters.SELECTED_ALL),
    /**
     * A switch node the message passes through forwards it only to its current state; its own responders and its
     * other states do not receive it.
     */
    SELECTED(MessageFilters.SELECTED_ONLY);

    private final byte code;

    SelectedFilter(final byte code)
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
