package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.affinity.WorkerPlacement;
import io.quicksilver.numa.pin.ThreadPinning;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * One run of a {@link Workload}.
 *
 * @param workers         number of workers W.
 * @param placements      where each worker runs: the first W placements of the affinity plan.
 * @param producerCpu     CPU for a producer thread that is not a worker, when the plan leaves one free; empty means
 *                        the producer is not pinned (the OS places it).
 * @param duration        how long the producer publishes.
 * @param paceIntervalNs  0 to publish as fast as the workers drain (throughput); otherwise one message every this many
 *                        nanoseconds, and latency is recorded with coordinated omission corrected for this interval.
 * @param idle            what threads do when they find no work or no room.
 * @param pinning         pins each thread to its placement, or null when pinning is unavailable on this machine.
 * @param plan            the affinity plan the placements come from (its first W workers are {@code placements}), for
 *                        workloads whose runtime pins its own threads (the parallel dispatcher); null when unknown.
 */
public record WorkloadRun(
    int workers,
    List<WorkerPlacement> placements,
    OptionalInt producerCpu,
    Duration duration,
    long paceIntervalNs,
    IdleStrategyConfig idle,
    ThreadPinning pinning,
    AffinityPlan plan)
{
    /**
     * A run without an affinity plan.
     *
     * @param workers        number of workers W.
     * @param placements     where each worker runs.
     * @param producerCpu    CPU for the producer, or empty.
     * @param duration       how long the producer publishes.
     * @param paceIntervalNs 0 for throughput, else the pacing interval.
     * @param idle           idle strategy.
     * @param pinning        pins threads, or null.
     */
    public WorkloadRun(
        final int workers,
        final List<WorkerPlacement> placements,
        final OptionalInt producerCpu,
        final Duration duration,
        final long paceIntervalNs,
        final IdleStrategyConfig idle,
        final ThreadPinning pinning)
    {
        this(workers, placements, producerCpu, duration, paceIntervalNs, idle, pinning, null);
    }

    /**
     * Checks the pieces fit.
     */
    public WorkloadRun
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers must be positive: workers=" + workers);
        }
        if (placements.size() < workers)
        {
            throw new IllegalArgumentException(
                "placements must cover every worker: workers=" + workers + ", placements=" + placements.size());
        }
        if (paceIntervalNs < 0)
        {
            throw new IllegalArgumentException("paceIntervalNs must not be negative: paceIntervalNs=" + paceIntervalNs);
        }
        placements = List.copyOf(placements);
    }

    /**
     * @return whether the producer is paced (a latency run) rather than saturating (a throughput run).
     */
    public boolean paced()
    {
        return paceIntervalNs > 0;
    }
}
