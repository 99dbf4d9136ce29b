package io.quicksilver.runtime.jfr;

import java.util.List;

import jdk.jfr.Event;

/**
 * Static emitters for the rare Quicksilver events, and the event names.
 * <p>
 * Each emitter first asks a shared probe instance whether the event is enabled (an instance-independent check on
 * the event class's JFR configuration), so a call while JFR is off, or while the event is disabled, allocates
 * nothing and costs a static read and a branch. Only an enabled emission creates an event object. Per-message and
 * per-batch events, which must not allocate even while recording, go through a {@link HotPathEvents} per thread.
 */
public final class QuicksilverEvents
{
    /** Name of {@link WorkerStartedEvent}. */
    public static final String WORKER_STARTED = "io.quicksilver.WorkerStarted";
    /** Name of {@link PartitionMovedEvent}. */
    public static final String PARTITION_MOVED = "io.quicksilver.PartitionMoved";
    /** Name of {@link BackpressureStallEvent}. */
    public static final String BACKPRESSURE_STALL = "io.quicksilver.BackpressureStall";
    /** Name of {@link SlowResponderEvent}. */
    public static final String SLOW_RESPONDER = "io.quicksilver.SlowResponder";
    /** Name of {@link DispatchBatchEvent}. */
    public static final String DISPATCH_BATCH = "io.quicksilver.DispatchBatch";
    /** Name of {@link ResponderFailedEvent}. */
    public static final String RESPONDER_FAILED = "io.quicksilver.ResponderFailed";

    // Probes are never committed, so sharing them between threads is safe: isEnabled() reads only the event class's
    // static configuration, which JFR swaps when recordings start and stop.
    private static final WorkerStartedEvent WORKER_STARTED_PROBE = new WorkerStartedEvent();
    private static final PartitionMovedEvent PARTITION_MOVED_PROBE = new PartitionMovedEvent();
    private static final ResponderFailedEvent RESPONDER_FAILED_PROBE = new ResponderFailedEvent();

    private static final List<Class<? extends Event>> EVENT_CLASSES = List.of(
        WorkerStartedEvent.class, PartitionMovedEvent.class, BackpressureStallEvent.class,
        SlowResponderEvent.class, DispatchBatchEvent.class, ResponderFailedEvent.class);

    private QuicksilverEvents()
    {
    }

    /**
     * Every Quicksilver event class, for tools and tests that enumerate them.
     *
     * @return the six event classes, unmodifiable.
     */
    public static List<Class<? extends Event>> eventClasses()
    {
        return EVENT_CLASSES;
    }

    /**
     * Whether {@code io.quicksilver.WorkerStarted} would be recorded now.
     *
     * @return true while a recording has it enabled.
     */
    public static boolean isWorkerStartedEnabled()
    {
        return WORKER_STARTED_PROBE.isEnabled();
    }

    /**
     * Whether {@code io.quicksilver.PartitionMoved} would be recorded now.
     *
     * @return true while a recording has it enabled.
     */
    public static boolean isPartitionMovedEnabled()
    {
        return PARTITION_MOVED_PROBE.isEnabled();
    }

    /**
     * Whether {@code io.quicksilver.ResponderFailed} would be recorded now.
     *
     * @return true while a recording has it enabled.
     */
    public static boolean isResponderFailedEnabled()
    {
        return RESPONDER_FAILED_PROBE.isEnabled();
    }

    /**
     * Record that a worker started. Call it on the worker thread, after pinning was tried, so that the event's
     * thread is the worker.
     *
     * @param worker   index of the worker.
     * @param cpu      CPU it is pinned to, or -1.
     * @param numaNode NUMA node of its CPU and memory, or -1 when unknown.
     * @param pinned   whether the affinity call succeeded.
     * @param reason   why it is not pinned; null or empty when pinned.
     */
    public static void workerStarted(
        final int worker, final int cpu, final int numaNode, final boolean pinned, final String reason)
    {
        if (!WORKER_STARTED_PROBE.isEnabled())
        {
            return;
        }
        final WorkerStartedEvent event = new WorkerStartedEvent();
        event.worker = worker;
        event.cpu = cpu;
        event.numaNode = numaNode;
        event.pinned = pinned;
        event.reason = null == reason ? "" : reason;
        event.commit();
    }

    /**
     * Record that a partition changed owner. Call it once the hand-over at the barrier is complete.
     *
     * @param partition       partition id.
     * @param fromWorker      previous owner.
     * @param toWorker        new owner.
     * @param responderCount  responders in the partition.
     * @param firstResponder  depth-first index of its first responder.
     * @param lastResponder   depth-first index of its last responder, inclusive.
     * @param barrierSequence ring sequence at which ownership changed.
     * @param reason          why it moved.
     */
    public static void partitionMoved(
        final int partition,
        final int fromWorker,
        final int toWorker,
        final int responderCount,
        final int firstResponder,
        final int lastResponder,
        final long barrierSequence,
        final MoveReason reason)
    {
        if (!PARTITION_MOVED_PROBE.isEnabled())
        {
            return;
        }
        final PartitionMovedEvent event = new PartitionMovedEvent();
        event.partition = partition;
        event.fromWorker = fromWorker;
        event.toWorker = toWorker;
        event.responderCount = responderCount;
        event.firstResponder = firstResponder;
        event.lastResponder = lastResponder;
        event.barrierSequence = barrierSequence;
        event.reason = reason.label();
        event.commit();
    }

    /**
     * Record that a responder threw. The message text is read only when the event is enabled.
     *
     * @param responder      responder name.
     * @param responderIndex depth-first index of the responder.
     * @param worker         calling worker, or -1 in single-threaded mode.
     * @param sequence       ring sequence of the message.
     * @param method         method id of the message.
     * @param failure        what it threw.
     */
    public static void responderFailed(
        final String responder,
        final int responderIndex,
        final int worker,
        final long sequence,
        final int method,
        final Throwable failure)
    {
        if (!RESPONDER_FAILED_PROBE.isEnabled())
        {
            return;
        }
        final ResponderFailedEvent event = new ResponderFailedEvent();
        event.responder = responder;
        event.responderIndex = responderIndex;
        event.worker = worker;
        event.sequence = sequence;
        event.method = method;
        event.exceptionClass = failure.getClass();
        final String message = failure.getMessage();
        event.message = null == message ? "" : message;
        event.commit();
    }
}
