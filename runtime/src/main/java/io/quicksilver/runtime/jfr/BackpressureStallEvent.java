package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A producer waited for ring space. A duration event: its {@code duration} is the stall, and only stalls over the
 * threshold are recorded. Emit through {@link HotPathEvents#beginStall()} / {@link HotPathEvents#endStall}.
 */
@Name(QuicksilverEvents.BACKPRESSURE_STALL)
@Label("Backpressure Stall")
@Category({"Quicksilver", "Rings"})
@Description("A producer found its ring full and waited for consumers to free slots")
@Enabled(true)
@Threshold("100 us")
@StackTrace(false)
public final class BackpressureStallEvent extends Event
{
    @Label("Ring")
    @Description("Name of the ring the producer was claiming from")
    String ring;

    @Label("Ring Id")
    @Description("Numeric id of the ring (for example the owning worker's index)")
    int ringId;

    @Label("Worker")
    @Description("Worker that stalled, or -1 for a producer thread outside the dispatcher")
    int worker;

    @Label("Claimed Slots")
    @Description("Number of slots the producer was claiming when it stalled")
    int claimedSlots;

    @Label("Policy")
    @Description("Backpressure policy of the claim: BLOCK, FAIL or DROP")
    String policy;

    BackpressureStallEvent()
    {
    }
}
