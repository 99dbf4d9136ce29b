package io.quicksilver.runtime.jfr;

/**
 * Why a partition changed owner, as recorded in {@link PartitionMovedEvent}.
 */
public enum MoveReason
{
    /** Load-based repartitioning moved it to even out observed load. */
    BALANCE("balance"),
    /** An idle worker stole it. */
    STEAL("steal"),
    /** Moved on request (a test, an operator, a hierarchy change), not by the balancer. */
    FORCED("forced");

    private final String label;

    MoveReason(final String label)
    {
        this.label = label;
    }

    /**
     * The value written to the event: a constant, so emitting allocates nothing.
     *
     * @return {@code balance}, {@code steal} or {@code forced}.
     */
    public String label()
    {
        return label;
    }
}
