/**
 * NUMA awareness for Quicksilver: what this machine and JVM can do ({@link io.quicksilver.numa.NumaCapabilities}),
 * with topology, affinity configuration, thread pinning and node-local memory in the sub-packages.
 */
package io.quicksilver.numa;
