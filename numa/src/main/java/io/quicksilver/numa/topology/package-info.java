/**
 * The machine's CPU and memory topology (sockets, physical cores, SMT siblings, shared-L3 groups, NUMA nodes and
 * their distances), read once from sysfs into an immutable model that placement decisions query.
 */
package io.quicksilver.numa.topology;
