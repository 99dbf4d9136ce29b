package io.quicksilver.numa.affinity;

import java.util.Objects;

/**
 * Where one worker runs and where its memory lives.
 *
 * @param worker     worker number, 0-based.
 * @param cpu        the CPU it is pinned to.
 * @param core       that CPU's physical core index ({@link io.quicksilver.numa.topology.Cpu#core()}).
 * @param l3Group    that CPU's L3 group index: its CCX on AMD, its socket's L3 on Intel.
 * @param socket     that CPU's socket.
 * @param node       that CPU's NUMA node.
 * @param memoryNode the NUMA node its memory (rings, arenas) is allocated on.
 * @param placedBy   what chose the CPU: a strategy name ({@code one-per-ccx}) or the key that pinned it
 *                   ({@code cpus[2]}, {@code worker[3].cpu}).
 * @param idle       what it does when idle.
 */
public record WorkerPlacement(
    int worker, int cpu, int core, int l3Group, int socket, int node, int memoryNode, String placedBy,
    IdleStrategyConfig idle)
{
    /**
     * Checks the references.
     */
    public WorkerPlacement
    {
        Objects.requireNonNull(placedBy, "placedBy");
        Objects.requireNonNull(idle, "idle");
    }
}
