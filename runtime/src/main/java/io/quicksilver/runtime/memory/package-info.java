/**
 * Cache-line-aligned off-heap slot arenas, placed on a NUMA node, whose lifetime is an FFM arena's.
 */
package io.quicksilver.runtime.memory;
