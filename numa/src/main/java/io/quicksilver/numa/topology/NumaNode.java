package io.quicksilver.numa.topology;

import java.util.Arrays;
import java.util.Objects;

/**
 * One NUMA node: the CPUs local to it, whether it has memory, and its distance to every online node.
 * <p>
 * A node may have CPUs and no memory (a socket with no DIMMs) or memory and no CPUs (a CXL expander, a GPU's HBM).
 */
public final class NumaNode
{
    private final int id;
    private final IdSet cpus;
    private final boolean hasMemory;
    private final IdSet distanceNodes;
    private final int[] distances;

    /**
     * @param id            node number.
     * @param cpus          CPUs in its {@code cpulist} that are online.
     * @param hasMemory     whether the node is in {@code node/has_memory}.
     * @param distanceNodes the online nodes, in the order of {@code distances}.
     * @param distances     its {@code distance} file: the ACPI SLIT distance to each node of {@code distanceNodes},
     *                      10 meaning local.
     */
    public NumaNode(final int id, final IdSet cpus, final boolean hasMemory, final IdSet distanceNodes, final int[] distances)
    {
        this.id = id;
        this.cpus = Objects.requireNonNull(cpus, "cpus");
        this.hasMemory = hasMemory;
        this.distanceNodes = Objects.requireNonNull(distanceNodes, "distanceNodes");
        this.distances = distances.clone();
        if (distances.length != distanceNodes.size())
        {
            throw new IllegalArgumentException("one distance per online node: node=" + id + " distances=" +
                Arrays.toString(distances) + " nodes=" + distanceNodes);
        }
    }

    /**
     * @return node number.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return its online CPUs; empty for a memory-only node.
     */
    public IdSet cpus()
    {
        return cpus;
    }

    /**
     * @return true when memory can be allocated on it.
     */
    public boolean hasMemory()
    {
        return hasMemory;
    }

    /**
     * @param otherNode an online node.
     * @return the SLIT distance from this node to it (10 = local; 20-32 is typical for the other socket).
     * @throws IllegalArgumentException when {@code otherNode} is not an online node.
     */
    public int distanceTo(final int otherNode)
    {
        for (int i = 0; i < distanceNodes.size(); i++)
        {
            if (distanceNodes.get(i) == otherNode)
            {
                return distances[i];
            }
        }
        throw new IllegalArgumentException("no such node: node=" + otherNode + " online nodes=" + distanceNodes);
    }

    /**
     * @return a fresh copy of the distances, in ascending order of node number.
     */
    public int[] distances()
    {
        return distances.clone();
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || (o instanceof NumaNode other && id == other.id && hasMemory == other.hasMemory &&
            cpus.equals(other.cpus) && distanceNodes.equals(other.distanceNodes) && Arrays.equals(distances, other.distances));
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * id + cpus.hashCode()) + Arrays.hashCode(distances);
    }

    @Override
    public String toString()
    {
        return "node" + id + "{cpus=" + cpus + ", memory=" + hasMemory + ", distances=" + Arrays.toString(distances) + "}";
    }
}
