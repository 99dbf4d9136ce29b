package io.quicksilver.runtime.journal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * How far the journaller is behind the sequencer ring, sampled by JFR's periodic thread (never on the journaller's
 * or a producer's), with the journal's appended totals so far.
 */
@Name(JournalLagEvent.NAME)
@Label("Journal Lag")
@Category({"Quicksilver", "Journal"})
@Description("Sampled: messages claimed in the sequencer ring and not yet appended to the journal, and the journal's totals")
@Enabled(true)
@Period("1 s")
@StackTrace(false)
public final class JournalLagEvent extends Event
{
    /** The event's name. */
    public static final String NAME = "io.quicksilver.JournalLag";

    @Label("Directory")
    @Description("The journal's directory")
    String directory;

    @Label("Lag")
    @Description("Messages claimed in the ring and not yet appended (0 when the journaller has caught up)")
    long lag;

    @Label("Journaled Through")
    @Description("Journal sequence of the last message appended, -1 before any")
    long journaledThrough;

    @Label("Appended Messages")
    @Description("Messages appended since the journal was opened")
    long appendedMessages;

    @Label("Appended Bytes")
    @Description("Document bytes appended since the journal was opened")
    @DataAmount
    long appendedBytes;

    JournalLagEvent()
    {
    }
}
