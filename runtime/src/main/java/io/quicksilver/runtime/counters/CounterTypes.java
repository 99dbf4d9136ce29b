package io.quicksilver.runtime.counters;

/**
 * Type ids of the counters a runtime publishes, in ranges by what they count (Aeron's habit: a type id says what a
 * counter means, its key says which worker it is about). docs/counters.md describes each one.
 * <ul>
 * <li>{@code 0-99}: the runtime as a whole.</li>
 * <li>{@code 100-199}: one worker each (key: the worker's index).</li>
 * <li>{@code 200-299}: the sequencer ring.</li>
 * <li>{@code 300-399}: the journal, when the runtime has one.</li>
 * <li>{@code 400-499}: reserved for the network.</li>
 * <li>{@code 1000} and up: free for applications.</li>
 * </ul>
 */
public final class CounterTypes
{
    public static final int RUNTIME_FIRST = 0;
    public static final int WORKER_FIRST = 100;
    public static final int RING_FIRST = 200;
    public static final int JOURNAL_FIRST = 300;
    public static final int NETWORK_FIRST = 400;
    public static final int APPLICATION_FIRST = 1000;

    /** Workers the runtime runs. */
    public static final int WORKERS = 1;
    /** Completed {@code flush()} calls. */
    public static final int FLUSHES = 2;
    /** Partitions moved by the load balancer. */
    public static final int BALANCE_MOVES = 3;
    /** Partitions moved to a worker that asked for work. */
    public static final int STEAL_MOVES = 4;
    /** Failures of the runtime itself reported to the error handler. */
    public static final int RUNTIME_ERRORS = 5;
    /** Reports of a worker stuck on one message (watchdog and close). */
    public static final int STUCK_REPORTS = 6;
    /** Workers replaced by a new thread because one responder call outlasted the rescue threshold. */
    public static final int RESCUES = 7;
    /** Node entries dropped at the hop limit. */
    public static final int HOP_LIMIT_DROPS = 8;
    /** Sends whose lateral route was dropped (not strict). */
    public static final int LATERAL_DROPS = 9;
    /** Sends whose custom route was dropped (not strict). */
    public static final int CUSTOM_DROPS = 10;
    /** Sends with a network-only filter, not delivered locally. */
    public static final int NETWORK_ONLY_SENDS = 11;

    /** Ring sequences the worker has read and released (messages, skips and layout installs). */
    public static final int MESSAGES_READ = 100;
    /** Responder calls, successful or not. */
    public static final int DELIVERIES = 101;
    /** Batches the worker took from the ring. */
    public static final int BATCHES = 102;
    /** Polls of the ring that found nothing to read. */
    public static final int IDLE_POLLS = 103;
    /** Partitions the worker owns in the layout issued last. */
    public static final int PARTITIONS = 104;
    /** Exceptions thrown by the worker's responders. */
    public static final int RESPONDER_FAILURES = 105;
    /** Times the watchdog found the worker on one message for longer than its threshold. */
    public static final int SLOW_RESPONDERS = 106;
    /** Sequences claimed in the ring that the worker has not read yet. */
    public static final int LAG = 107;
    /** Messages the worker routed with the SIMD kernel. */
    public static final int KERNEL_MESSAGES = 108;

    /** The ring's capacity in slots. */
    public static final int RING_CAPACITY = 200;
    /** Sequences claimed by producers (messages and control messages). */
    public static final int RING_CLAIMED = 201;
    /** Sequences published, contiguously from the first. */
    public static final int RING_PUBLISHED = 202;
    /** Blocking claims that had to wait for room (backpressure {@code BLOCK}). */
    public static final int RING_BACKPRESSURE_WAITS = 203;
    /** Sends refused under {@code DROP} because the ring was full. */
    public static final int RING_DROPS = 204;
    /** Sends refused under {@code FAIL} because the ring was full. */
    public static final int RING_FAILURES = 205;
    /** Reactions refused under {@code DROP} because a worker's staging buffer was full. */
    public static final int REACTION_DROPS = 206;
    /** Reactions refused under {@code FAIL} because a worker's staging buffer was full. */
    public static final int REACTION_FAILURES = 207;

    /** Messages the journal has appended: ring sequences, layout messages included. */
    public static final int JOURNALED = 300;
    /** Sequences claimed in the ring that the journal has not appended yet. */
    public static final int JOURNAL_LAG = 301;
    /** Document bytes the journal appended since the runtime opened it. */
    public static final int JOURNAL_BYTES = 302;
    /** 1 once the journal failed (the runtime then refuses sends or goes on without it, as its mode says), else 0. */
    public static final int JOURNAL_FAILED = 303;

    private CounterTypes()
    {
    }

    /**
     * @param typeId a counter's type.
     * @return its range's name: {@code runtime}, {@code worker}, {@code ring}, {@code journal}, {@code network} or
     *         {@code application}.
     */
    public static String group(final int typeId)
    {
        if (typeId >= APPLICATION_FIRST)
        {
            return "application";
        }
        if (typeId >= NETWORK_FIRST)
        {
            return "network";
        }
        if (typeId >= JOURNAL_FIRST)
        {
            return "journal";
        }
        return typeId >= RING_FIRST ? "ring" : typeId >= WORKER_FIRST ? "worker" : "runtime";
    }

    /**
     * @param typeId a counter's type.
     * @return its name in {@code stat --json} (camel case), or {@code type<id>} for one this version does not know.
     */
    public static String name(final int typeId)
    {
        return switch (typeId)
        {
            case WORKERS -> "workers";
            case FLUSHES -> "flushes";
            case BALANCE_MOVES -> "balanceMoves";
            case STEAL_MOVES -> "stealMoves";
            case RUNTIME_ERRORS -> "runtimeErrors";
            case STUCK_REPORTS -> "stuckReports";
            case RESCUES -> "rescues";
            case HOP_LIMIT_DROPS -> "hopLimitDrops";
            case LATERAL_DROPS -> "lateralDrops";
            case CUSTOM_DROPS -> "customDrops";
            case NETWORK_ONLY_SENDS -> "networkOnlySends";
            case MESSAGES_READ -> "messagesRead";
            case DELIVERIES -> "deliveries";
            case BATCHES -> "batches";
            case IDLE_POLLS -> "idlePolls";
            case PARTITIONS -> "partitions";
            case RESPONDER_FAILURES -> "responderFailures";
            case SLOW_RESPONDERS -> "slowResponders";
            case LAG -> "lag";
            case KERNEL_MESSAGES -> "kernelMessages";
            case RING_CAPACITY -> "capacity";
            case RING_CLAIMED -> "claimed";
            case RING_PUBLISHED -> "published";
            case RING_BACKPRESSURE_WAITS -> "backpressureWaits";
            case RING_DROPS -> "drops";
            case RING_FAILURES -> "failures";
            case REACTION_DROPS -> "reactionDrops";
            case REACTION_FAILURES -> "reactionFailures";
            case JOURNALED -> "journaled";
            case JOURNAL_LAG -> "lag";
            case JOURNAL_BYTES -> "bytes";
            case JOURNAL_FAILED -> "failed";
            default -> "type" + typeId;
        };
    }

    /**
     * @param typeId a counter's type.
     * @return true for a per-worker counter (its key is the worker's index).
     */
    public static boolean isWorker(final int typeId)
    {
        return typeId >= WORKER_FIRST && typeId < RING_FIRST;
    }

    /**
     * @param typeId a counter's type.
     * @return true for a ring counter.
     */
    public static boolean isRing(final int typeId)
    {
        return typeId >= RING_FIRST && typeId < JOURNAL_FIRST;
    }
}
