package io.quicksilver.runtime.counters;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the runtime that wrote a counters file is still there. A file is {@link State#LIVE} only while its state
 * says live, its pid names a running process that started when the file says, and its heartbeat is recent; a process
 * that died without closing (killed, halted, crashed) leaves a file that reads {@link State#STALE}, never live.
 *
 * @param state  the verdict.
 * @param reason why, in words (empty for a live file).
 */
public record Liveness(State state, String reason)
{
    /** A heartbeat this many periods old means the writer stopped. */
    public static final int STALE_AFTER_PERIODS = 10;
    /** ...and never less than this, so a short GC pause or a busy machine is not mistaken for a dead runtime. */
    public static final long STALE_AFTER_MIN_MILLIS = 5_000;
    /** Start times the JVM reports for one process may differ by rounding; a reused pid starts far later. */
    static final long START_TIME_TOLERANCE_MILLIS = 1_000;

    /** What a counters file says about its writer. */
    public enum State
    {
        /** Created, counters not published yet. */
        STARTING,
        /** The writer runs and samples. */
        LIVE,
        /** The writer closed the runtime. */
        CLOSED,
        /** The writer is gone (or hung) without closing: the values are its last ones. */
        STALE
    }

    /**
     * @param reader    over the file.
     * @param nowMillis now, epoch ms.
     * @return the verdict.
     */
    public static Liveness of(final CountersReader reader, final long nowMillis)
    {
        final int state = reader.stateAcquire();
        if (state == CountersLayout.STATE_CLOSED)
        {
            return new Liveness(State.CLOSED, "runtime closed");
        }
        final long pid = reader.pid();
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return new Liveness(State.STALE, "process " + pid + " is gone");
        }
        final long fileStart = reader.processStartMillis();
        final long processStart = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        if (fileStart != 0 && processStart != 0 && Math.abs(processStart - fileStart) > START_TIME_TOLERANCE_MILLIS)
        {
            return new Liveness(State.STALE, "pid " + pid + " is another process now (started " +
                Instant.ofEpochMilli(processStart) + ", the file's at " + Instant.ofEpochMilli(fileStart) + ")");
        }
        if (state == CountersLayout.STATE_STARTING)
        {
            return new Liveness(State.STARTING, "counters not published yet");
        }
        final long age = nowMillis - reader.heartbeatAcquire();
        final long limit = staleAfterMillis(reader.heartbeatPeriodMillis());
        if (age > limit)
        {
            return new Liveness(State.STALE, "no heartbeat for " + age + " ms (limit " + limit + " ms)");
        }
        return new Liveness(State.LIVE, "");
    }

    /**
     * @param periodMillis the writer's heartbeat period.
     * @return how old a heartbeat may be before the file is stale.
     */
    public static long staleAfterMillis(final long periodMillis)
    {
        return Math.max(STALE_AFTER_MIN_MILLIS, STALE_AFTER_PERIODS * Math.max(periodMillis, 0));
    }
}
