package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.Core;
import io.quicksilver.numa.topology.Cpu;
import io.quicksilver.numa.topology.IdSet;
import io.quicksilver.numa.topology.L3Group;
import io.quicksilver.numa.topology.NumaNode;
import io.quicksilver.numa.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Resolves an {@link AffinityConfig} against a {@link Topology}: checks that every CPU and node it names exists on
 * that machine, runs the placement strategy for the workers the file does not pin, and picks each worker's memory
 * node. Errors point at the key in the file that has to change.
 */
public final class AffinityPlanner
{
    private final AffinityConfig config;
    private final Topology topology;
    private final ConfigSource source;

    private AffinityPlanner(final AffinityConfig config, final Topology topology)
    {
        this.config = config;
        this.topology = topology;
        this.source = config.source();
    }

    /**
     * @param config   a parsed config.
     * @param topology the machine to place the workers on.
     * @return the placement of every worker.
     * @throws AffinityConfigException when the config does not fit the machine.
     */
    public static AffinityPlan plan(final AffinityConfig config, final Topology topology)
    {
        return new AffinityPlanner(config, topology).plan();
    }

    private AffinityPlan plan()
    {
        final int workers = config.workers();
        final IdSet reserved = config.reservedCpus();
        final IdSet unknownReserved = reserved.minus(topology.cpuIds());
        if (!unknownReserved.isEmpty())
        {
            throw source.error("reserved_cpus", notOnMachine(unknownReserved));
        }

        final int[] cpuOf = new int[workers];
        final String[] placedBy = new String[workers];
        final List<Integer> unpinned = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++)
        {
            final OptionalInt pinned = config.pinnedCpu(worker);
            if (pinned.isPresent())
            {
                if (!topology.hasCpu(pinned.getAsInt()))
                {
                    throw source.error(config.pinnedCpuKey(worker), notOnMachine(IdSet.of(pinned.getAsInt())));
                }
                cpuOf[worker] = pinned.getAsInt();
                placedBy[worker] = config.pinnedCpuKey(worker);
            }
            else
            {
                unpinned.add(worker);
            }
        }

        if (!unpinned.isEmpty())
        {
            final IdSet pinnedCpus = IdSet.of(IntStream.range(0, workers)
                .filter(w -> config.pinnedCpu(w).isPresent()).map(w -> cpuOf[w]).toArray());
            final List<Integer> candidates = candidates(pinnedCpus);
            checkEnough(unpinned.size(), candidates, pinnedCpus);
            for (int i = 0; i < unpinned.size(); i++)
            {
                final int worker = unpinned.get(i);
                // Only reached past the count check when oversubscription is allowed: wrap round the same order.
                cpuOf[worker] = candidates.get(i % candidates.size());
                placedBy[worker] = config.strategy().configName();
            }
        }

        final List<WorkerPlacement> placements = new ArrayList<>(workers);
        for (int worker = 0; worker < workers; worker++)
        {
            final Cpu cpu = topology.cpu(cpuOf[worker]);
            placements.add(new WorkerPlacement(worker, cpu.id(), cpu.core(), cpu.l3Group(), cpu.socket(), cpu.node(),
                memoryNode(worker, cpu), placedBy[worker], config.idle()));
        }
        return new AffinityPlan(config, topology, placements);
    }

    private int memoryNode(final int worker, final Cpu cpu)
    {
        final OptionalInt configured = config.memoryNode(worker);
        if (configured.isEmpty())
        {
            return topology.nearestNodeWithMemory(cpu.node());
        }
        final int node = configured.getAsInt();
        final String key = config.memoryNodeKey(worker);
        if (!topology.hasNode(node))
        {
            throw source.error(key, "node " + node + " not in this machine's nodes " + topology.nodeIds());
        }
        if (!topology.node(node).hasMemory())
        {
            throw source.error(key, "node " + node + " has no memory; nodes with memory: " + topology.nodesWithMemory());
        }
        return node;
    }

    /**
     * @return the CPUs the strategy may give to unpinned workers, in the order it gives them.
     */
    private List<Integer> candidates(final IdSet pinnedCpus)
    {
        final IdSet reserved = config.reservedCpus();
        return switch (config.strategy())
        {
            case COMPACT -> compactOrder(reserved.union(pinnedCpus));
            case SPREAD -> spreadOrder(reserved.union(pinnedCpus));
            case ONE_PER_CORE -> onePerCoreOrder(reserved, pinnedCpus);
            case ONE_PER_CCX -> onePerCcxOrder(reserved, pinnedCpus);
            case EXPLICIT -> List.of();
        };
    }

    private List<Integer> compactOrder(final IdSet excluded)
    {
        final List<Integer> order = new ArrayList<>();
        for (final NumaNode node : topology.nodes())
        {
            final List<Core> cores = coresOfNode(node.id());
            for (int thread = 0; thread < topology.threadsPerCore(); thread++)
            {
                for (final Core core : cores)
                {
                    addThread(order, core, thread, excluded);
                }
            }
        }
        return order;
    }

    private List<Integer> spreadOrder(final IdSet excluded)
    {
        final List<List<Integer>> perNode = new ArrayList<>();
        for (final NumaNode node : topology.nodes())
        {
            final List<Integer> nodeOrder = new ArrayList<>();
            final List<List<Core>> groups = new ArrayList<>();
            for (final L3Group group : topology.l3Groups())
            {
                final List<Core> cores = coresOfNode(node.id()).stream().filter(c -> c.l3Group() == group.index()).toList();
                if (!cores.isEmpty())
                {
                    groups.add(cores);
                }
            }
            for (int thread = 0; thread < topology.threadsPerCore(); thread++)
            {
                final List<List<Integer>> perGroup = new ArrayList<>();
                for (final List<Core> cores : groups)
                {
                    final List<Integer> groupOrder = new ArrayList<>();
                    for (final Core core : cores)
                    {
                        addThread(groupOrder, core, thread, excluded);
                    }
                    perGroup.add(groupOrder);
                }
                nodeOrder.addAll(interleave(perGroup));
            }
            perNode.add(nodeOrder);
        }
        return interleave(perNode);
    }

    private List<Integer> onePerCoreOrder(final IdSet reserved, final IdSet pinnedCpus)
    {
        final List<Integer> order = new ArrayList<>();
        for (final NumaNode node : topology.nodes())
        {
            for (final Core core : coresOfNode(node.id()))
            {
                if (isFree(core, reserved, pinnedCpus))
                {
                    order.add(core.firstCpu());
                }
            }
        }
        return order;
    }

    private List<Integer> onePerCcxOrder(final IdSet reserved, final IdSet pinnedCpus)
    {
        final List<Integer> order = new ArrayList<>();
        for (final L3Group group : topology.l3Groups())
        {
            if (!group.cpus().intersect(pinnedCpus).isEmpty())
            {
                continue;
            }
            topology.cores().stream()
                .filter(core -> core.l3Group() == group.index() && isFree(core, reserved, pinnedCpus))
                .findFirst()
                .ifPresent(core -> order.add(core.firstCpu()));
        }
        return order;
    }

    private void checkEnough(final int needed, final List<Integer> candidates, final IdSet pinnedCpus)
    {
        if (needed <= candidates.size() && !candidates.isEmpty())
        {
            return;
        }
        final PlacementStrategy strategy = config.strategy();
        final String excluded = exclusions(pinnedCpus);
        final String workers = config.workers() + (config.workers() == 1 ? " worker" : " workers") +
            (pinnedCpus.isEmpty() ? "" : " (" + needed + " not pinned)");
        if (strategy == PlacementStrategy.ONE_PER_CCX)
        {
            throw source.error("workers", workers + " but strategy \"one-per-ccx\" gives each its own L3 group (ccx) " +
                "and only " + candidates.size() + " of this machine's " + topology.l3Groups().size() +
                " L3 groups are usable" + excluded + "; lower workers to " + candidates.size() + " or use \"one-per-core\"");
        }
        if (strategy == PlacementStrategy.ONE_PER_CORE)
        {
            throw source.error("workers", workers + " but strategy \"one-per-core\" gives each its own physical core " +
                "and only " + candidates.size() + " of this machine's " + topology.cores().size() +
                " cores are usable" + excluded + "; lower workers to " + candidates.size() +
                " or use \"compact\" to let workers share cores through SMT");
        }
        if (candidates.isEmpty())
        {
            throw source.error("workers", "strategy \"" + strategy + "\" has no cpu left for " + workers + excluded);
        }
        if (!config.allowOversubscribe())
        {
            throw source.error("workers", workers + " but strategy \"" + strategy + "\" has only " + candidates.size() +
                (candidates.size() == 1 ? " cpu" : " cpus") + " to use (" +
                IdSet.of(candidates.stream().mapToInt(Integer::intValue).toArray()) + ")" + excluded +
                "; lower workers or set allow_oversubscribe = true to share cpus");
        }
    }

    private String exclusions(final IdSet pinnedCpus)
    {
        final List<String> parts = new ArrayList<>();
        if (!config.reservedCpus().isEmpty())
        {
            parts.add("reserved_cpus " + config.reservedCpus());
        }
        if (!pinnedCpus.isEmpty())
        {
            parts.add("pinned cpus " + pinnedCpus);
        }
        return parts.isEmpty() ? "" : " after " + String.join(" and ", parts);
    }

    private String notOnMachine(final IdSet cpus)
    {
        return (cpus.size() == 1 ? "cpu " : "cpus ") + cpus + " not in this machine's cpus " + topology.cpuIds();
    }

    private List<Core> coresOfNode(final int node)
    {
        return topology.cores().stream().filter(c -> c.node() == node).toList();
    }

    private static boolean isFree(final Core core, final IdSet reserved, final IdSet pinnedCpus)
    {
        return core.cpus().intersect(reserved).isEmpty() && core.cpus().intersect(pinnedCpus).isEmpty();
    }

    private static void addThread(final List<Integer> order, final Core core, final int thread, final IdSet excluded)
    {
        if (thread < core.cpus().size() && !excluded.contains(core.cpus().get(thread)))
        {
            order.add(core.cpus().get(thread));
        }
    }

    private static List<Integer> interleave(final List<List<Integer>> lists)
    {
        final List<Integer> result = new ArrayList<>();
        final int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++)
        {
            for (final List<Integer> list : lists)
            {
                if (i < list.size())
                {
                    result.add(list.get(i));
                }
            }
        }
        return result;
    }
}
