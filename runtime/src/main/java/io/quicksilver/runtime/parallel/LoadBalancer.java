package io.quicksilver.runtime.parallel;

import java.util.Arrays;

/**
 * Decides, once per period, whether one partition should change worker, from the deliveries each partition took in
 * that period. Pure and single-threaded (the dispatcher's balancer thread, or a test with synthetic loads): it reads
 * no clock and touches no worker, so every decision can be replayed.
 * <p>
 * <b>Hysteresis.</b> A load move needs the spread between the heaviest and lightest worker to exceed
 * {@code threshold} times the mean worker load for {@code periods} consecutive periods, with at least
 * {@code minDeliveries} deliveries in each. A short burst moves nothing.
 * <p>
 * <b>No bounce.</b> A partition is moved only when it strictly narrows the gap between the two workers (its load is
 * below their difference), so under a steady load the reverse move is never an improvement; and a partition that
 * moved may not move again for {@code cooldown} periods, whatever the load does.
 * <p>
 * <b>Stealing.</b> A worker that found nothing to deliver for a while asks for work ({@code stealMask}); the
 * request skips the consecutive-period wait (the worker's own idle streak was its hysteresis) but not the
 * improvement rule, the cooldown or the minimum load.
 */
final class LoadBalancer
{
    /** Reason of a load move. */
    static final int BALANCE = 1;

    /** Reason of a move asked for by an idle worker. */
    static final int STEAL = 2;

    private final double threshold;
    private final int periods;
    private final int cooldown;
    private final long minDeliveries;

    private long period;
    private int imbalancedPeriods;
    private long[] movableAfter = new long[0];
    private long[] workerLoad = new long[0];

    private int movePartition = -1;
    private int moveFrom = -1;
    private int moveTo = -1;
    private int moveReason;

    /**
     * @param threshold     spread (heaviest minus lightest worker load) over mean worker load that counts as
     *                      imbalanced, {@code > 0}.
     * @param periods       consecutive imbalanced periods before a load move, {@code >= 1}.
     * @param cooldown      periods a moved partition stays put, {@code >= 0}.
     * @param minDeliveries deliveries in a period below which the load says nothing, {@code >= 0}.
     */
    LoadBalancer(final double threshold, final int periods, final int cooldown, final long minDeliveries)
    {
        if (!(threshold > 0))
        {
            throw new IllegalArgumentException("balance threshold must be positive: threshold=" + threshold);
        }
        if (periods < 1)
        {
            throw new IllegalArgumentException("balance periods must be at least 1: periods=" + periods);
        }
        if (cooldown < 0)
        {
            throw new IllegalArgumentException("balance cooldown must not be negative: cooldown=" + cooldown);
        }
        if (minDeliveries < 0)
        {
            throw new IllegalArgumentException(
                "balance minDeliveries must not be negative: minDeliveries=" + minDeliveries);
        }
        this.threshold = threshold;
        this.periods = periods;
        this.cooldown = cooldown;
        this.minDeliveries = minDeliveries;
    }

    /**
     * Forget history: the partitions were cut anew (a hierarchy change), so old loads and cooldowns mean nothing.
     */
    void reset()
    {
        imbalancedPeriods = 0;
        Arrays.fill(movableAfter, 0);
    }

    /**
     * One period.
     *
     * @param partitionLoad deliveries per partition in this period.
     * @param owner         owner of each partition now.
     * @param workers       worker count.
     * @param stealMask     bit {@code w} set when worker {@code w} asked for work.
     * @return true when one partition should move: see {@link #movePartition()}, {@link #moveTo()}.
     */
    boolean decide(final long[] partitionLoad, final int[] owner, final int workers, final long stealMask)
    {
        period++;
        movePartition = -1;
        moveFrom = -1;
        moveTo = -1;
        moveReason = 0;
        final int partitions = owner.length;
        if (movableAfter.length < partitions)
        {
            movableAfter = Arrays.copyOf(movableAfter, partitions);
        }
        if (workerLoad.length < workers)
        {
            workerLoad = new long[workers];
        }
        final long[] load = workerLoad;
        Arrays.fill(load, 0, workers, 0);
        long total = 0;
        for (int p = 0; p < partitions; p++)
        {
            load[owner[p]] += partitionLoad[p];
            total += partitionLoad[p];
        }
        if (workers < 2 || total < Math.max(1, minDeliveries))
        {
            imbalancedPeriods = 0;
            return false;
        }
        int heaviest = 0;
        int lightest = 0;
        for (int w = 1; w < workers; w++)
        {
            if (load[w] > load[heaviest])
            {
                heaviest = w;
            }
            if (load[w] < load[lightest])
            {
                lightest = w;
            }
        }
        final double mean = (double)total / workers;
        if (load[heaviest] - load[lightest] > threshold * mean)
        {
            imbalancedPeriods++;
        }
        else
        {
            imbalancedPeriods = 0;
        }

        if (stealMask != 0)
        {
            int thief = -1;
            for (long bits = stealMask; bits != 0; bits &= bits - 1)
            {
                final int w = Long.numberOfTrailingZeros(bits);
                if (w < workers && (thief < 0 || load[w] < load[thief]))
                {
                    thief = w;
                }
            }
            if (thief >= 0 && thief != heaviest && choose(partitionLoad, owner, heaviest, thief, STEAL))
            {
                imbalancedPeriods = 0;
                return true;
            }
        }
        if (imbalancedPeriods >= periods && choose(partitionLoad, owner, heaviest, lightest, BALANCE))
        {
            imbalancedPeriods = 0;
            return true;
        }
        return false;
    }

    private boolean choose(final long[] partitionLoad, final int[] owner, final int from, final int to, final int reason)
    {
        final long gap = workerLoad[from] - workerLoad[to];
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        for (int p = 0; p < owner.length; p++)
        {
            final long l = partitionLoad[p];
            if (owner[p] != from || l <= 0 || l >= gap || movableAfter[p] > period)
            {
                continue;
            }
            // Best is the partition that leaves the two workers closest to even: load nearest half the gap.
            final long distance = Math.abs(2 * l - gap);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = p;
            }
        }
        if (best < 0)
        {
            return false;
        }
        movableAfter[best] = period + cooldown + 1;
        movePartition = best;
        moveFrom = from;
        moveTo = to;
        moveReason = reason;
        return true;
    }

    /**
     * @return the partition {@link #decide} chose to move, -1 when none.
     */
    int movePartition()
    {
        return movePartition;
    }

    /**
     * @return its owner now.
     */
    int moveFrom()
    {
        return moveFrom;
    }

    /**
     * @return the worker it should go to.
     */
    int moveTo()
    {
        return moveTo;
    }

    /**
     * @return {@link #BALANCE} or {@link #STEAL}.
     */
    int moveReason()
    {
        return moveReason;
    }

    /**
     * @return periods decided so far.
     */
    long period()
    {
        return period;
    }

    /**
     * The move was not made (the layout changed meanwhile, or the ring had no room): give the partition its
     * cooldown back so a later period may try again.
     */
    void moveNotMade(final int partition)
    {
        if (partition >= 0 && partition < movableAfter.length)
        {
            movableAfter[partition] = 0;
        }
    }
}
