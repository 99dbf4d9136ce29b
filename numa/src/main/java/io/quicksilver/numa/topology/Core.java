package io.quicksilver.numa.topology;

import java.util.Objects;

/**
 * One physical core and its hardware threads.
 *
 * @param index   position in {@link Topology#cores()}, ordered by lowest CPU number.
 * @param coreId  the kernel's {@code topology/core_id}, unique only within its socket.
 * @param socket  the package it sits in.
 * @param node    the NUMA node of its threads.
 * @param l3Group index of the L3 group it belongs to.
 * @param cpus    its hardware threads; {@link IdSet#first()} is the one placement uses first.
 */
public record Core(int index, int coreId, int socket, int node, int l3Group, IdSet cpus)
{
    /**
     * Checks the fields.
     */
    public Core
    {
        Objects.requireNonNull(cpus, "cpus");
        if (cpus.isEmpty())
        {
            throw new IllegalArgumentException("a core has at least one cpu: index=" + index);
        }
    }

    /**
     * @return the lowest-numbered hardware thread of the core.
     */
    public int firstCpu()
    {
        return cpus.first();
    }
}
