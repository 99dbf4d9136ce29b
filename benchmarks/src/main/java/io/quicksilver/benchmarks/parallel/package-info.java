/**
 * Benchmarks of parallel dispatch: partitioning a large hierarchy, and routing with the simd kernel against the
 * scalar walk.
 */
package io.quicksilver.benchmarks.parallel;
