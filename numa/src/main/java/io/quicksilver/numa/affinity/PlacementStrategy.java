package io.quicksilver.numa.affinity;

import java.util.Arrays;
import java.util.List;

/**
 * How the planner picks a CPU for each worker that the config does not pin explicitly. Every strategy skips
 * {@code reserved_cpus} and the CPUs pinned explicitly by {@code cpus} or {@code [[worker]]}.
 */
public enum PlacementStrategy
{
    /**
     * Fill one NUMA node at a time: the first thread of each of its physical cores, then their SMT siblings, then the
     * next node. Keeps workers that talk to each other close and on one memory controller.
     */
    COMPACT("compact"),

    /**
     * Round-robin across NUMA nodes (worker 0 on node 0, worker 1 on node 1, ...); within a node, round-robin across
     * its L3 groups, physical cores before SMT siblings. Spreads memory bandwidth and cache.
     */
    SPREAD("spread"),

    /**
     * One worker per physical core, never two on SMT siblings, in {@link #COMPACT} order. A core with a reserved
     * thread is skipped, as a worker there would share the core's execution units with whatever runs on it.
     */
    ONE_PER_CORE("one-per-core"),

    /**
     * One worker per L3 group (an AMD CCX; a whole socket on Intel), on the first core of the group with no reserved
     * thread, so no two workers share an L3 cache or a core.
     */
    ONE_PER_CCX("one-per-ccx"),

    /**
     * Every worker's CPU is given in the file, by {@code cpus} or {@code [[worker]] cpu}.
     */
    EXPLICIT("explicit");

    private final String configName;

    PlacementStrategy(final String configName)
    {
        this.configName = configName;
    }

    /**
     * @return the name used in the config file, e.g. {@code one-per-ccx}.
     */
    public String configName()
    {
        return configName;
    }

    /**
     * @param configName a name as written in a config file.
     * @return the strategy, or null when there is none of that name.
     */
    static PlacementStrategy fromConfigName(final String configName)
    {
        return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst().orElse(null);
    }

    /**
     * @return the names accepted in a config file.
     */
    static List<String> configNames()
    {
        return Arrays.stream(values()).map(PlacementStrategy::configName).toList();
    }

    @Override
    public String toString()
    {
        return configName;
    }
}
