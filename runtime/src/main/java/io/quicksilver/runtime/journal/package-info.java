/**
 * The journal: every message published into the sequencer ring appended to a Chronicle Queue in ring order, read
 * back for replay and recovery (docs/journal.md).
 */
package io.quicksilver.runtime.journal;
