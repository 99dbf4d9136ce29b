/**
 * JMH benchmarks of single-threaded dispatch through the public API: cost per send and per delivery, and allocation.
 */
package io.quicksilver.benchmarks.dispatch;
