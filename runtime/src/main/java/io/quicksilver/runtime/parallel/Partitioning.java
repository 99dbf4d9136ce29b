package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

/**
 * A read-only view of how a {@link ParallelDispatcher} cuts a routing snapshot into partitions (runs of the
 * depth-first responder order) and gives them to workers: the same computation the dispatcher runs when it starts
 * and on {@link ParallelDispatcher#applyChanges()}, for tools, tests and the partitioning benchmark.
 */
public final class Partitioning
{
    private final Layout layout;

    private Partitioning(final Layout layout)
    {
        this.layout = layout;
    }

    /**
     * Partition a snapshot from scratch.
     *
     * @param snapshot   compiled hierarchy.
     * @param workers    1 to {@link ParallelDispatcher#MAX_WORKERS}.
     * @param partitions most partitions, at least 1.
     * @return the partitioning.
     */
    public static Partitioning of(final RoutingSnapshot snapshot, final int workers, final int partitions)
    {
        return of(snapshot, workers, partitions, false);
    }

    /**
     * Partition a snapshot from scratch, optionally with what kernel routing needs of the snapshot (the responder
     * table in depth-first order, node intervals and gates), as a dispatcher with kernel routing on does.
     *
     * @param snapshot     compiled hierarchy.
     * @param workers      1 to {@link ParallelDispatcher#MAX_WORKERS}.
     * @param partitions   most partitions, at least 1.
     * @param kernelRoutes build the kernel routing data too.
     * @return the partitioning.
     */
    public static Partitioning of(
        final RoutingSnapshot snapshot, final int workers, final int partitions, final boolean kernelRoutes)
    {
        check(workers, partitions);
        return new Partitioning(Layout.balanced(0, snapshot, workers, partitions, null, kernelRoutes));
    }

    /**
     * Partition a changed snapshot after this one, working out which workers hand responders over to which.
     *
     * @param snapshot   the changed hierarchy.
     * @param partitions most partitions, at least 1.
     * @return the new partitioning.
     */
    public Partitioning next(final RoutingSnapshot snapshot, final int partitions)
    {
        check(layout.workers, partitions);
        return new Partitioning(Layout.balanced(layout.id + 1, snapshot, layout.workers, partitions, layout));
    }

    private static void check(final int workers, final int partitions)
    {
        if (workers < 1 || workers > ParallelDispatcher.MAX_WORKERS)
        {
            throw new IllegalArgumentException(
                "workers must be in [1, " + ParallelDispatcher.MAX_WORKERS + "]: workers=" + workers);
        }
        if (partitions < 1)
        {
            throw new IllegalArgumentException("partitions must be positive: partitions=" + partitions);
        }
    }

    /**
     * @return number of partitions.
     */
    public int partitionCount()
    {
        return layout.partitionCount();
    }

    /**
     * @param partition a partition.
     * @return its first depth-first position.
     */
    public int partitionStart(final int partition)
    {
        return layout.partitionStart[partition];
    }

    /**
     * @param partition a partition.
     * @return responders in it.
     */
    public int partitionSize(final int partition)
    {
        return layout.partitionSize(partition);
    }

    /**
     * @param partition a partition.
     * @return the worker that owns it.
     */
    public int partitionOwner(final int partition)
    {
        return layout.partitionOwner[partition];
    }

    /**
     * @param responder a responder index of the snapshot.
     * @return the worker that calls it.
     */
    public int responderOwner(final int responder)
    {
        return layout.responderOwner[responder];
    }

    /**
     * @param worker a worker.
     * @return bit {@code w} set when worker {@code w} owned, before this partitioning, a responder it gives
     * {@code worker}: whom the hand-over barrier waits for.
     */
    public long gainedFrom(final int worker)
    {
        return layout.gainedFrom[worker];
    }

    @Override
    public String toString()
    {
        return layout.toString();
    }
}
