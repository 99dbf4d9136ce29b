/**
 * Pinning the calling thread to CPUs and reading back where it may and does run, through libc's
 * sched_setaffinity/sched_getaffinity/sched_getcpu (no libnuma needed).
 */
package io.quicksilver.numa.pin;
