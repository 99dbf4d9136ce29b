/**
 * The affinity config file (how many workers, which CPUs, which NUMA node their memory lives on, how they idle),
 * validated against a {@link io.quicksilver.numa.topology.Topology} into an {@link io.quicksilver.numa.affinity.AffinityPlan}.
 */
package io.quicksilver.numa.affinity;
