package io.quicksilver.numa.topology;

import java.util.Objects;

/**
 * The CPUs that share one last-level (L3) cache: an AMD Zen CCX (4 or 8 cores), or a whole socket on Intel parts
 * without sub-NUMA clustering. Workers that exchange data often belong in one group; workers that must not steal
 * each other's cache belong in different ones.
 *
 * @param index  position in {@link Topology#l3Groups()}, ordered by lowest CPU number.
 * @param socket the package it sits in.
 * @param cpus   its CPUs (all hardware threads of its cores).
 */
public record L3Group(int index, int socket, IdSet cpus)
{
    /**
     * Checks the fields.
     */
    public L3Group
    {
        Objects.requireNonNull(cpus, "cpus");
    }
}
