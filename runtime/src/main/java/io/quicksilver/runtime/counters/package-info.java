/**
 * Live counters in a memory-mapped file per runtime (a typed registry of id, type and label, one value per cache line),
 * written by the runtime and read by {@code ./quicksilver stat} from another process.
 */
package io.quicksilver.runtime.counters;
