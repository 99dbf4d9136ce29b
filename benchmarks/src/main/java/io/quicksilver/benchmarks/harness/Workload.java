package io.quicksilver.benchmarks.harness;

/**
 * What the scaling study measures: something that runs for a while on W pinned workers and reports how much it
 * moved, whether what it moved was intact, and how long messages took.
 * <p>
 * The study calls {@link #run(WorkloadRun)} once per step and repetition, each call on fresh threads and fresh
 * rings, so a run never inherits another's backlog. Implementations must verify every delivered message (checksum
 * or sequence) and say so in {@link WorkloadResult#checksumOk()}; a run that cannot verify is not a benchmark.
 */
public interface Workload
{
    /**
     * Short name used in the table, the CSV and file names, e.g. {@code ring-fan-out}.
     *
     * @return name.
     */
    String name();

    /**
     * One paragraph for report.md: the topology, the payload, what a message and a delivery are, what is checked.
     *
     * @return description.
     */
    String describe();

    /**
     * Most workers this workload can use (a multicast ring gates at most 64 consumers, for example).
     *
     * @return worker limit, at least 1.
     */
    int maxWorkers();

    /**
     * Threads that publish while a run goes on, besides the workers.
     *
     * @return producer threads, at least 1.
     */
    default int producers()
    {
        return 1;
    }

    /**
     * Run once.
     *
     * @param run workers, their placements, duration, pacing, idle strategy and pinning.
     * @return counts, checks, latency and allocation.
     */
    WorkloadResult run(WorkloadRun run);
}
