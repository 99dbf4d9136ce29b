package io.quicksilver.numa.memory;

/**
 * How {@link NumaMemory} puts pages on a node.
 */
public enum MemoryPlacement
{
    /**
     * libnuma is available: a dedicated mapping from {@code numa_alloc_onnode}, bound with
     * {@code mbind(MPOL_BIND)} before any page exists, then every page touched once at allocation.
     * The kernel never puts a page of it elsewhere, and the hot path takes no page faults.
     */
    NUMA_BIND("numa_alloc_onnode + mbind(MPOL_BIND), every page pre-faulted on the requested node"),

    /**
     * libnuma is missing: {@code Arena.allocate}, whose zeroing is the first touch, so pages land on the
     * node of the allocating thread. Allocate from a thread pinned to the target node to get the same
     * placement (though not the guarantee).
     */
    FIRST_TOUCH("Arena.allocate; pages land on the node of the allocating thread (first touch), the node argument is not enforced");

    private final String description;

    MemoryPlacement(final String description)
    {
        this.description = description;
    }

    /**
     * One line saying how pages are placed, for capability reports.
     *
     * @return the description.
     */
    public String description()
    {
        return description;
    }
}
