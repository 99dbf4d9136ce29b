package io.quicksilver.numa.topology;

import java.util.Objects;

/**
 * One physical package (socket).
 *
 * @param id   the kernel's {@code topology/physical_package_id}.
 * @param cpus its CPUs.
 */
public record Socket(int id, IdSet cpus)
{
    /**
     * Checks the fields.
     */
    public Socket
    {
        Objects.requireNonNull(cpus, "cpus");
    }
}
