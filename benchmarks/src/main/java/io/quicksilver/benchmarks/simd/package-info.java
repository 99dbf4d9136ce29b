/**
 * JMH benchmarks of the routing kernels: the Vector API kernel side by side with its scalar twin.
 */
package io.quicksilver.benchmarks.simd;
