package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One batch of messages a worker evaluated and delivered. Off by default and sampled: when enabled, each worker
 * times only every {@code sampleEvery}-th batch (a custom setting, {@link SampleEveryControl}), so even a
 * recording that turns it on costs two clock reads per N batches. Emit through {@link HotPathEvents#beginBatch()} /
 * {@link HotPathEvents#endBatch(long, int, int)}.
 * <p>
 * Sampling is not JDK 25's {@code @Throttle}: a throttled event keeps its throttle verdict in the instance's duration
 * field, and end() carries it over, so a reused (allocation-free) instance would keep its first verdict for ever.
 */
@Name(QuicksilverEvents.DISPATCH_BATCH)
@Label("Dispatch Batch")
@Category({"Quicksilver", "Dispatch"})
@Description("A worker evaluated one batch of messages against its responders and delivered them (sampled)")
@Enabled(false)
@Threshold("0 ns")
@StackTrace(false)
public final class DispatchBatchEvent extends Event
{
    @Label("Worker")
    @Description("Worker that dispatched the batch")
    int worker;

    @Label("First Sequence")
    @Description("Ring sequence of the first message in the batch")
    long firstSequence;

    @Label("Batch Size")
    @Description("Number of messages in the batch")
    int batchSize;

    @Label("Deliveries")
    @Description("Number of responder calls the batch made")
    int deliveries;

    DispatchBatchEvent()
    {
    }

    /**
     * Attaches the {@code sampleEvery} setting to this event type. The sampling decision is taken before the batch,
     * in {@link HotPathEvents#beginBatch()}, so that an unsampled batch reads no clock; by the time JFR asks here
     * the batch was already chosen.
     *
     * @param control the setting's current value.
     * @return always true.
     */
    @Name(SampleEveryControl.NAME)
    @Label("Sample Every")
    @Description("Record one batch in every N per worker (1: every batch)")
    @SettingDefinition
    boolean sampleEvery(final SampleEveryControl control)
    {
        return true;
    }
}
