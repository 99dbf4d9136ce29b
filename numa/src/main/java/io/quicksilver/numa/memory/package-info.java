/**
 * Off-heap memory placed on a chosen NUMA node, owned by an FFM Arena, with first-touch fallback
 * where libnuma is missing.
 */
package io.quicksilver.numa.memory;
