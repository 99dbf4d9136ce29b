/**
 * Parallel dispatch: one sequencer ring read by every worker, partitions of responders owned by one worker at a time,
 * reactions staged per worker, hand-over at a sequence barrier, flush, watchdog and isolation of failing responders.
 */
package io.quicksilver.runtime.parallel;
