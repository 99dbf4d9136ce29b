/**
 * JMH benchmarks of the rings by topology, with Agrona, JCTools and the Disruptor side by side in the same run.
 */
package io.quicksilver.benchmarks.ring;
