package io.quicksilver.numa.topology;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The recorded-style sysfs trees under {@code src/test/resources/topologies} (see the README there).
 */
public final class Fixtures
{
    /** This build VM: KVM guest on an AMD EPYC host, 2 vCPUs, no SMT, one L3, one node. Recorded from its /sys. */
    public static final String KVM_EPYC_2CPU = "kvm-epyc-2cpu";
    /** 2 x Intel Xeon Gold 6248: 80 cpus, 40 cores, HT, one L3 per socket, 2 nodes, distances 10/21. */
    public static final String XEON_GOLD_6248_2S = "xeon-gold-6248-2s";
    /** 2 x AMD EPYC 7543 (NPS1): 128 cpus, 64 cores, SMT2, 16 CCXs of 4 cores, 2 nodes, distances 10/32. */
    public static final String EPYC_7543_2S = "epyc-7543-2s";
    /** Kernel without NUMA, no cache/index3, no core_cpus_list: 4 cpus, 2 cores x 2 threads. */
    public static final String NO_NUMA_4CPU = "no-numa-4cpu";
    /** 2 sockets x 4 cores; node 1 has cpus but no memory, node 2 has memory but no cpus. */
    public static final String MIXED_MEMORY_NODES = "mixed-memory-nodes";

    private Fixtures()
    {
    }

    /**
     * @param name a fixture name.
     * @return the directory standing in for "/".
     */
    public static Path root(final String name)
    {
        final URL url = Fixtures.class.getResource("/topologies/" + name);
        if (url == null)
        {
            throw new IllegalArgumentException("no such fixture on the test classpath: name=" + name);
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param name a fixture name.
     * @return its topology.
     */
    public static Topology topology(final String name)
    {
        return Topology.fromSysfs(root(name));
    }
}
