package io.quicksilver.runtime.journal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The journal started appending to a file of a new roll cycle (Chronicle Queue's store file acquired).
 */
@Name(JournalRolledEvent.NAME)
@Label("Journal Rolled")
@Category({"Quicksilver", "Journal"})
@Description("The journal started a new roll-cycle file")
@Enabled(true)
@StackTrace(false)
public final class JournalRolledEvent extends Event
{
    /** The event's name. */
    public static final String NAME = "io.quicksilver.JournalRolled";

    @Label("Directory")
    @Description("The journal's directory")
    String directory;

    @Label("Cycle")
    @Description("Chronicle Queue's cycle number of the new file")
    int cycle;

    @Label("File")
    @Description("The new file")
    String file;

    JournalRolledEvent()
    {
    }
}
