package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A partition (a run of the depth-first responder order) changed owner at a sequence barrier. Emit through
 * {@link QuicksilverEvents#partitionMoved(int, int, int, int, int, int, long, MoveReason)}.
 */
@Name(QuicksilverEvents.PARTITION_MOVED)
@Label("Partition Moved")
@Category({"Quicksilver", "Partitions"})
@Description("A partition of responders moved from one worker to another at a sequence barrier")
@Enabled(true)
@StackTrace(false)
public final class PartitionMovedEvent extends Event
{
    @Label("Partition")
    @Description("Partition id")
    int partition;

    @Label("From Worker")
    @Description("Worker that owned the partition before the move")
    int fromWorker;

    @Label("To Worker")
    @Description("Worker that owns the partition after the move")
    int toWorker;

    @Label("Responders")
    @Description("Number of responders in the partition")
    int responderCount;

    @Label("First Responder")
    @Description("Depth-first index of the partition's first responder")
    int firstResponder;

    @Label("Last Responder")
    @Description("Depth-first index of the partition's last responder (inclusive)")
    int lastResponder;

    @Label("Barrier Sequence")
    @Description("Ring sequence at which ownership changed: the old owner delivered up to it, the new one after it")
    long barrierSequence;

    @Label("Reason")
    @Description("Why it moved: balance, steal or forced")
    String reason;

    PartitionMovedEvent()
    {
    }
}
