package io.quicksilver.runtime.journal;

import java.util.Locale;

/**
 * When workers may deliver a message relative to its append to the journal.
 */
public enum JournalMode
{
    /**
     * Workers deliver only what the journaller has appended: nothing is ever delivered that a replay of the journal
     * would not reproduce, even after a crash. Delivery trails the append by the journaller's batch. The default.
     */
    BEFORE_DELIVERY("before-delivery"),

    /**
     * Workers deliver without waiting for the journaller: delivery latency is unchanged, and after a crash the
     * journal holds a prefix of what was delivered (the messages delivered and not yet appended are lost to replay).
     */
    ASYNC("async");

    private final String configName;

    JournalMode(final String configName)
    {
        this.configName = configName;
    }

    /**
     * @return the name used in the affinity file's {@code [journal]} section and in docs.
     */
    public String configName()
    {
        return configName;
    }

    /**
     * The mode a configuration name stands for.
     *
     * @param name {@code before-delivery} or {@code async} (case-insensitive).
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the accepted ones.
     */
    public static JournalMode parse(final String name)
    {
        for (final JournalMode mode : values())
        {
            if (mode.configName.equals(name.toLowerCase(Locale.ROOT)))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("journal mode must be before-delivery or async: mode=" + name);
    }
}
