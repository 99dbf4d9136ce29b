package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A worker thread started and was (or was not) pinned. Emitted by the worker thread itself, so the event's thread is
 * the worker. Emit through {@link QuicksilverEvents#workerStarted(int, int, int, boolean, String)}.
 */
@Name(QuicksilverEvents.WORKER_STARTED)
@Label("Worker Started")
@Category({"Quicksilver", "Workers"})
@Description("A dispatch worker started; where it was pinned, or why it was not")
@Enabled(true)
@StackTrace(false)
public final class WorkerStartedEvent extends Event
{
    @Label("Worker")
    @Description("Index of the worker in the dispatcher, from 0")
    int worker;

    @Label("CPU")
    @Description("Logical CPU the worker is pinned to, or -1 when it is not pinned")
    int cpu;

    @Label("NUMA Node")
    @Description("NUMA node of the worker's CPU, rings and arenas, or -1 when unknown")
    int numaNode;

    @Label("Pinned")
    @Description("Whether the worker thread's affinity was set to its CPU")
    boolean pinned;

    @Label("Reason")
    @Description("Why the worker is not pinned (pinning unavailable, no CPU planned, the error); empty when pinned")
    String reason;

    WorkerStartedEvent()
    {
    }
}
