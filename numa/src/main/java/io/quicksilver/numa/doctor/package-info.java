/**
 * {@code ./quicksilver doctor}: checks this machine and JVM for what Quicksilver needs, one line per check.
 */
package io.quicksilver.numa.doctor;
