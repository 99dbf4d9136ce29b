package io.quicksilver.numa.topology;

import java.util.Objects;

/**
 * One logical CPU (a hardware thread) as the kernel numbers it.
 *
 * @param id       the kernel's CPU number, what {@code sched_setaffinity} and {@code taskset -c} take.
 * @param core     index of its physical core in {@link Topology#cores()}, unique across sockets (like the CORE column
 *                 of {@code lscpu -e}).
 * @param coreId   the core's {@code topology/core_id}: only unique within a socket, and not contiguous on most
 *                 x86 parts.
 * @param socket   its package's {@code topology/physical_package_id}.
 * @param node     the NUMA node whose {@code cpulist} holds it.
 * @param l3Group  index of the group of CPUs that share its last-level (L3) cache in {@link Topology#l3Groups()}:
 *                 a CCX on AMD Zen, the whole socket on most Intel parts.
 * @param siblings the other hardware threads of the same physical core (empty without SMT).
 */
public record Cpu(int id, int core, int coreId, int socket, int node, int l3Group, IdSet siblings)
{
    /**
     * Checks the fields.
     */
    public Cpu
    {
        Objects.requireNonNull(siblings, "siblings");
        if (siblings.contains(id))
        {
            throw new IllegalArgumentException("a cpu is not its own sibling: id=" + id + " siblings=" + siblings);
        }
    }

}
