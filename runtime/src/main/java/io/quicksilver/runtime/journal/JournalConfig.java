package io.quicksilver.runtime.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a journal is asked to be: where it lives, how often its files roll, when workers may deliver, and how long
 * an appender waits for a write lock left behind by a process that died inside a write.
 *
 * @param directory   the queue's directory; created if missing (its parent must exist).
 * @param rollCycle   Chronicle Queue roll cycle name ({@link #ROLL_CYCLE_DEFAULT}; e.g. {@code FAST_HOURLY},
 *                    {@code FAST_DAILY}, {@code LARGE_DAILY}); checked when the journal opens.
 * @param mode        when workers may deliver ({@link JournalMode#BEFORE_DELIVERY} by default).
 * @param lockTimeout how long an appender waits for a write lock held by a dead writer before forcing it.
 */
public record JournalConfig(Path directory, String rollCycle, JournalMode mode, Duration lockTimeout)
{
    /** Roll cycle unless one is given: a file a day, up to 2^32 documents a day (64 messages each at most). */
    public static final String ROLL_CYCLE_DEFAULT = "FAST_DAILY";

    /** Mode unless one is given (docs/journal.md says why). */
    public static final JournalMode MODE_DEFAULT = JournalMode.BEFORE_DELIVERY;

    /**
     * Lock timeout unless one is given (Chronicle's own default is 10 s): it bounds the wait for a write lock whose
     * holder Chronicle does not see as dead; one journaller per directory makes a short one safe.
     */
    public static final Duration LOCK_TIMEOUT_DEFAULT = Duration.ofMillis(500);

    /**
     * Checks the values.
     */
    public JournalConfig
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (rollCycle.isBlank())
        {
            throw new IllegalArgumentException("journal roll cycle must not be blank: rollCycle='" + rollCycle + "'");
        }
        if (lockTimeout.isNegative() || lockTimeout.isZero())
        {
            throw new IllegalArgumentException("journal lock timeout must be positive: lockTimeout=" + lockTimeout);
        }
    }

    /**
     * A journal in {@code directory} with every other setting at its default.
     *
     * @param directory the queue's directory.
     * @return the configuration.
     */
    public static JournalConfig of(final Path directory)
    {
        return new JournalConfig(directory, ROLL_CYCLE_DEFAULT, MODE_DEFAULT, LOCK_TIMEOUT_DEFAULT);
    }

    /**
     * @param mode when workers may deliver.
     * @return a copy with that mode.
     */
    public JournalConfig withMode(final JournalMode mode)
    {
        return new JournalConfig(directory, rollCycle, mode, lockTimeout);
    }

    /**
     * @param rollCycle Chronicle Queue roll cycle name.
     * @return a copy with that roll cycle.
     */
    public JournalConfig withRollCycle(final String rollCycle)
    {
        return new JournalConfig(directory, rollCycle, mode, lockTimeout);
    }

    /**
     * @param lockTimeout how long to wait for a dead writer's lock.
     * @return a copy with that timeout.
     */
    public JournalConfig withLockTimeout(final Duration lockTimeout)
    {
        return new JournalConfig(directory, rollCycle, mode, lockTimeout);
    }
}
