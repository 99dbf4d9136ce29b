package io.quicksilver.numa.affinity;

import java.nio.file.Path;
import java.util.List;

/**
 * The affinity file's {@code [journal]} table, validated as far as a file can be without the journal itself: the
 * runtime checks the roll cycle and opens the directory (docs/journal.md).
 * <pre>
 * [journal]
 * directory = "journal"           # required; relative to the affinity file's directory
 * roll_cycle = "FAST_HOURLY"      # optional, a Chronicle Queue roll cycle (default FAST_DAILY)
 * mode = "before-delivery"        # optional: before-delivery (default) | async
 * </pre>
 *
 * @param directory the journal's directory, resolved against the affinity file's directory when relative.
 * @param rollCycle roll cycle name, or null for the runtime's default.
 * @param mode      {@code before-delivery} or {@code async}, or null for the runtime's default.
 */
public record JournalSection(Path directory, String rollCycle, String mode)
{
    /** Names accepted for {@code journal.mode}. */
    public static final List<String> MODES = List.of("before-delivery", "async");
}
