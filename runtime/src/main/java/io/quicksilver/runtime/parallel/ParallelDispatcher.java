package io.quicksilver.runtime.parallel;

import io.quicksilver.Method;
import io.quicksilver.Responder;
import io.quicksilver.runtime.concurrent.Threads;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.journal.ChronicleJournal;
import io.quicksilver.runtime.journal.JournalConfig;
import io.quicksilver.runtime.journal.JournalException;
import io.quicksilver.runtime.journal.JournalFlags;
import io.quicksilver.runtime.journal.JournalHierarchy;
import io.quicksilver.runtime.journal.JournalMode;
import io.quicksilver.runtime.journal.Journaller;
import io.quicksilver.runtime.network.Network;
import io.quicksilver.runtime.network.NetworkConfig;
import io.quicksilver.runtime.network.NetworkHost;
import io.quicksilver.numa.NumaCapabilities;
import io.quicksilver.numa.memory.MemoryPlacement;
import io.quicksilver.numa.memory.NumaMemory;
import io.quicksilver.runtime.memory.NodeSegmentAllocator;
import io.quicksilver.runtime.memory.SlotArena;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageWriter;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.Sequence;
import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.WorkerPlacement;
import io.quicksilver.numa.pin.ThreadPinning;
import io.quicksilver.runtime.jfr.MoveReason;
import io.quicksilver.runtime.jfr.QuicksilverEvents;
import io.quicksilver.runtime.log.Notices;
import io.quicksilver.simd.RoutingKernels;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Parallel dispatch of a {@link Hierarchy}: one sequencer ring that every producer publishes into, read in full and
 * in order by every worker, each worker calling only the responders of the partitions it owns.
 * <p>
 * <b>Guarantees</b> (docs/semantics.md): the ring's sequence is one total order of every message, and each worker
 * delivers in that order, so per sender-receiver FIFO, one order of broadcasts at every receiver, and causal order
 * (a reaction is published after its cause, so it has a larger sequence) follow. Every responder is called by one
 * worker at a time; a partition moves at a sequence barrier ({@link #movePartition(int, int)}).
 * <p>
 * <b>Threads.</b> Workers run on their own threads, pinned as the {@link AffinityPlan} says when pinning works (and
 * unpinned, said once, when it does not). Any other thread sends through its own {@link #newProducer()}; a responder
 * sends through {@link #reactionProducer()}. The hierarchy is owned by one control thread: it changes the model and
 * calls {@link #applyChanges()}, which installs the new shape at a sequence barrier; handlers must not change it.
 * <p>
 * <b>Interrupts.</b> The runtime's own threads (the workers, {@code quicksilver-watchdog},
 * {@code quicksilver-balancer}, {@code quicksilver-reporter}) take an interrupt as nothing to act on: only
 * {@link #close()} stops them. Each clears its interrupt flag and carries on, since a parked idle loop would otherwise
 * stop parking and spin (parking returns at once while the flag is set). An interrupt that reaches a worker while a
 * responder runs is that responder's to see; {@code close()} interrupts a worker it gives up on, to wake a responder
 * blocked interruptibly.
 * <p>
 * <b>Failures.</b> A responder that throws is reported and counted; its worker carries on. A watchdog reports a worker
 * stuck on one message for longer than a threshold, and {@link #close()} gives up on a stuck worker after a timeout
 * instead of waiting for it.
 * <p>
 * <b>A stuck responder.</b> A responder that blocks holds its worker's thread, and a worker that stops reading would
 * stop the whole ring one lap later (producers gate on every worker). So once one call has lasted longer than the
 * rescue threshold ({@link Builder#rescueAfter(Duration)}), the watchdog replaces the worker: a new thread takes the
 * worker's place in the ring, its staging and its tables, delivers the stuck message to the responders after the
 * stuck one and goes on from there; every worker skips the stuck responder (counted, {@link #stuckSkips()}) until its
 * call returns, when the old thread ends and the responder receives again. The other responders of that worker lose
 * nothing and keep their order; the stuck one misses the messages sent while it was stuck, and is told nothing of
 * them but the report. See {@link #replaceStuckWorker} for how the old thread is stopped without a check on the
 * delivery path.
 * <p>
 * <b>Reports.</b> A worker reports its responders' failures to the failure sink itself, on its own thread. The
 * watchdog, the balancer and {@link #close()} never call the sink themselves: they hand their reports to a daemon
 * reporter thread ({@code quicksilver-reporter}, started on the first such report), so a sink that never returns
 * holds that thread only. The watchdog goes on scanning, reports wait in a bounded queue (beyond 1024 they are
 * dropped), and {@code close()} waits for its reports at most the close timeout.
 */
public final class ParallelDispatcher implements AutoCloseable
{
    /** Sender field of a control message (a layout to install); never a node id. */
    static final int CONTROL_SENDER = -2;

    /** Sender field of an abandoned message: consumed, delivered to nobody. */
    static final int SKIP_SENDER = -3;

    /**
     * Most workers: a hand-over barrier names the workers it waits for in one {@code long}. The affinity file's limit
     * is this one, so a plan {@code affinity check} accepts is one the runtime runs.
     */
    public static final int MAX_WORKERS = AffinityConfig.MAX_WORKERS;

    /**
     * Default most distinct {@code Level.CUSTOM} predicates ({@link Builder#maxCustomFilters(int)}): plenty for
     * predicates built once, and small enough that one made per send is found early.
     */
    public static final int MAX_CUSTOM_FILTERS_DEFAULT = 1024;


    private final Hierarchy hierarchy;
    private final FailureSink failures;
    private final Consumer<String> log;
    private final Arena arena;
    private final MultiProducerRing ring;
    private final Worker[] workers;
    private final WorkerRunner[] runners;
    private final Supplier<IdleStrategy> idleStrategies;
    private final int maxPartitions;
    private final boolean kernelRouting;
    private final long closeTimeoutNanos;
    private final ConcurrentHashMap<Long, PendingLayout> layouts = new ConcurrentHashMap<>();
    // Removed nodes' ids, by the barrier that installed the snapshot without them: see releaseNodeIds().
    private final ArrayDeque<IdRelease> idReleases = new ArrayDeque<>();
    private final Object controlLock = new Object();
    private final MessageWriter controlWriter = new MessageWriter();
    private final IdleStrategy controlIdle = new YieldingIdleStrategy();
    private final SequencerStalls controlStalls = new SequencerStalls();
    private final AtomicBoolean saidUnpinned = new AtomicBoolean();
    private final Watchdog watchdog;
    private final Reporter reporter;
    private final LoadBalancer balancer;
    private final long balancePeriodNanos;
    private final Object balanceLock = new Object();
    private long balancedGeometry = -1;
    private long[] balanceTotals = new long[0];
    private long[] balanceDelta = new long[0];
    private Thread balancerThread;
    private final boolean invoker;
    final int maxNestingDepth;
    final boolean strict;
    final CustomFilters customFilters;
    private volatile Layout issued;
    private volatile boolean closed;
    /** Appends every ring message to the journal, or null without one. */
    private final Journaller journaller;
    /** Why sends are refused since the journal failed, or null. */
    private volatile String journalRefusal;
    /** While a replay feeds the ring: reactions are dropped (the journal holds them already). */
    private volatile boolean replaying;
    final Sequence replayDroppedReactions = new Sequence(0);
    private final IdleStrategy replayIdle = new YieldingIdleStrategy();
    /** The last snapshot whose description went to the journal; under the control lock. */
    private RoutingSnapshot journaledSnapshot;
    private long nextLayoutId;

    final Sequence networkOnlySends = new Sequence(0);
    // Network (issue 12, docs/network.md): null without one. Its egress reads control messages too, so each layout
    // waits for one more reader.
    final Network network;
    private final int networkLayoutReaders;
    final Sequence lateralDrops = new Sequence(0);
    final Sequence customDrops = new Sequence(0);
    final Sequence reactionDrops = new Sequence(0);
    final Sequence reactionFailures = new Sequence(0);
    final Sequence ringFailures = new Sequence(0);
    private final Sequence runtimeErrors = new Sequence(0);
    private final Sequence stuckReports = new Sequence(0);
    private final Sequence badMessages = new Sequence(0);
    private final Sequence balanceMoves = new Sequence(0);
    private final Sequence stealMoves = new Sequence(0);
    /** Places the staging buffer a replacement worker gets (see the rescue). */
    private final NodeSegmentAllocator stagingAllocator;
    private final Sequence rescues = new Sequence(0);
    private final Sequence rescueLostReactions = new Sequence(0);
    private final long rescueAfterNanos;
    private final AffinityPlan affinity;
    private ThreadPinning pinning;
    /** Handlers of responders whose call outlasted the rescue threshold and has not returned; replaced, not locked. */
    private volatile Responder[] stuckHandlers = new Responder[0];
    private final Sequence quarantineEpoch = new Sequence(0);
    private final Object quarantineLock = new Object();
    /** Threads replaced while stuck and not yet returned; bounded, each holds a responder call. */
    private final AtomicInteger stuckThreads = new AtomicInteger();

    /** Most threads left stuck in responders at once; beyond, a stuck worker is reported and no longer replaced. */
    static final int MAX_STUCK_THREADS = 16;

    // Counters file (issue 14): null when off; see DispatcherCounters.
    private final DispatcherCounters counters;
    private final Sequence flushes = new Sequence(0);
    private final java.util.concurrent.atomic.AtomicLongArray slowResponders;

    private static final java.lang.invoke.VarHandle WORKERS =
        java.lang.invoke.MethodHandles.arrayElementVarHandle(Worker[].class);
    private static final java.lang.invoke.VarHandle RUNNERS =
        java.lang.invoke.MethodHandles.arrayElementVarHandle(WorkerRunner[].class);

    private ParallelDispatcher(final Builder b)
    {
        hierarchy = b.hierarchy;
        failures = b.failures;
        reporter = new Reporter(b.failures);
        log = b.log;
        idleStrategies = b.idleStrategy;
        maxPartitions = b.partitions;
        kernelRouting = b.kernelRouting;
        closeTimeoutNanos = b.closeTimeout.toNanos();
        rescueAfterNanos = b.rescueAfter.toNanos();
        affinity = b.affinity;
        balancer = new LoadBalancer(b.balanceThreshold, b.balancePeriods, b.balanceCooldown, b.balanceMinDeliveries);
        balancePeriodNanos = b.balancePeriod.toNanos();
        maxNestingDepth = b.maxNestingDepth;
        strict = b.strict;
        customFilters = new CustomFilters(b.maxCustomFilters);
        // First, before any memory or thread: a journal that cannot open is a clear error at start.
        if (b.journal != null)
        {
            // Before ChronicleJournal is loaded: without Chronicle on the class path, a clear error, not a linkage one.
            JournalFlags.check(b.journal.directory().toAbsolutePath());
        }
        final ChronicleJournal journal = b.journal != null ? ChronicleJournal.open(b.journal, b.maxPayload) : null;
        network = connectNetwork(b.network, journal);
        networkLayoutReaders = network != null ? 1 : 0;
        slowResponders = new java.util.concurrent.atomic.AtomicLongArray(b.workers);
        arena = Arena.ofShared();
        final NodeSegmentAllocator allocator = b.allocator != null ? b.allocator : defaultAllocator(b.affinity, log);
        stagingAllocator = allocator;
        try
        {
            final SlotArena ringSlots = SlotArena.allocate(
                arena, b.ringCapacity, b.maxPayload, allocator, memoryNode(b.affinity, 0));
            // The journaller is the ring's last consumer: producers gate on it like on any worker.
            ring = new MultiProducerRing(ringSlots,
                b.workers + (journal != null ? 1 : 0) + (network != null ? 1 : 0));
            if (network != null)
            {
                // The network's egress is the ring's last consumer, after the journaller when there is one.
                network.attach(ring.consumer(b.workers + (journal != null ? 1 : 0)), ring, networkHost(),
                    b.idleStrategy.get(), b.idleStrategy.get());
            }
            if (journal != null)
            {
                journaller = new Journaller(ring.consumer(b.workers), journal, b.journal.mode(),
                    b.idleStrategy.get(), this::journalFailed);
                if (b.journal.mode() == JournalMode.BEFORE_DELIVERY)
                {
                    for (int w = 0; w < b.workers; w++)
                    {
                        ring.consumer(w).gateOn(journaller.consumer());
                    }
                }
            }
            else
            {
                journaller = null;
            }
            workers = new Worker[b.workers];
            runners = new WorkerRunner[b.invoker ? 0 : b.workers];
            for (int w = 0; w < b.workers; w++)
            {
                final SlotArena stagingSlots = SlotArena.allocate(
                    arena, b.stagingCapacity, b.maxPayload, allocator, memoryNode(b.affinity, w));
                workers[w] = new Worker(this, w, ring, new StagingBuffer(stagingSlots), b.batch, b.hopLimit,
                    balancePeriodNanos > 0 ? b.stealAfter : 0, b.kernelRouting ? RoutingKernels.best() : null);
            }
            // The first layout is message 0: every worker installs it before anything else.
            issue(Layout.balanced(nextLayoutId++, hierarchy.compile(), b.workers, maxPartitions, null, kernelRouting));
            invoker = b.invoker;
            pinning = b.affinity != null && !invoker ? pinningOrNull() : null;
            for (int w = 0; w < (invoker ? 0 : b.workers); w++)
            {
                final int worker = w;
                runners[w] = new WorkerRunner(this, workers[w], idleStrategies.get(),
                    () -> pin(pinning, b.affinity, worker));
            }
            watchdog = new Watchdog(b.watchdogThreshold.toNanos());
            if (balancePeriodNanos > 0 && !invoker)
            {
                balancerThread = new Thread(this::runBalancer, "quicksilver-balancer");
                balancerThread.setDaemon(true);
            }
            // Last: the first sample reads the layout and the workers made above.
            counters = b.counters ? DispatcherCounters.open(
                this, b.countersDirectory, b.countersName, b.workers, ring.capacity(), !b.invoker, log) : null;
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            if (journal != null)
            {
                journal.close();
            }
            if (network != null)
            {
                network.close(0);
            }
            throw e;
        }
        if (journaller != null)
        {
            journaller.start();
        }
        if (network != null)
        {
            network.start();
        }
        if (invoker)
        {
            return;
        }
        for (final WorkerRunner runner : runners)
        {
            runner.start();
        }
        watchdog.start();
        if (balancerThread != null)
        {
            balancerThread.start();
        }
        if (counters != null)
        {
            counters.start();
        }
    }

    /**
     * Start configuring a parallel dispatcher over a hierarchy.
     *
     * @param hierarchy routed; owned by the thread that will call {@link #applyChanges()}.
     * @param failures  where responder failures, stuck workers and runtime errors go.
     * @return a builder with the defaults.
     */
    public static Builder builder(final Hierarchy hierarchy, final FailureSink failures)
    {
        return new Builder(hierarchy, failures);
    }

    /**
     * Without an affinity plan the operating system places the memory. With one, the ring goes on worker 0's memory
     * node and each staging buffer on its worker's, through libnuma ({@code mbind}, pages pre-faulted) where it is
     * present and by first touch otherwise; a node this machine has no memory on (a plan made for another
     * machine) falls back to the operating system. A placement other than the plan's is said once through the log.
     */
    static NodeSegmentAllocator defaultAllocator(final AffinityPlan plan, final Consumer<String> log)
    {
        if (plan == null)
        {
            return NodeSegmentAllocator.anyNode();
        }
        final NumaCapabilities capabilities = NumaCapabilities.detect();
        final NumaMemory numa = NumaMemory.create(capabilities);
        final java.util.BitSet memoryNodes = capabilities.memoryNodes();
        final StringBuilder missing = new StringBuilder();
        for (int w = 0; w < plan.workers(); w++)
        {
            final int node = plan.worker(w).memoryNode();
            if (node != NodeSegmentAllocator.ANY_NODE && (node < 0 || !memoryNodes.get(node)))
            {
                missing.append(missing.isEmpty() ? "" : ",").append(node);
            }
        }
        // Said only when the placement is not what the plan asks for, like running unpinned.
        if (numa.placement() != MemoryPlacement.NUMA_BIND || !missing.isEmpty())
        {
            log.accept("quicksilver: ring and staging memory not bound to the plan's nodes (" +
                (numa.placement() != MemoryPlacement.NUMA_BIND ? "placement " + numa.placement() + ", first touch" +
                    (capabilities.libnumaAvailable() ? "" : ": " + capabilities.libnumaUnavailableReason()) :
                    "nodes without memory here: " + missing + ", left to the operating system") + ")");
        }
        return (arena, byteSize, byteAlignment, node) ->
            node == NodeSegmentAllocator.ANY_NODE || node < 0 || !memoryNodes.get(node) ?
                arena.allocate(byteSize, byteAlignment) :
                numa.allocateOnNode(arena, byteSize, byteAlignment, node);
    }

    /**
     * @return the sequencer ring, for tests of its placement.
     */
    MultiProducerRing ring()
    {
        return ring;
    }

    private static int memoryNode(final AffinityPlan plan, final int worker)
    {
        if (plan == null || worker >= plan.workers())
        {
            return NodeSegmentAllocator.ANY_NODE;
        }
        return plan.worker(worker).memoryNode();
    }

    private ThreadPinning pinningOrNull()
    {
        try
        {
            final ThreadPinning pinning = ThreadPinning.create();
            if (pinning.isAvailable())
            {
                return pinning;
            }
            sayUnpinned("thread pinning unavailable: " + pinning.unavailableReason());
        }
        catch (final RuntimeException | LinkageError e)
        {
            sayUnpinned("thread pinning unavailable: " + e);
        }
        return null;
    }

    private void pin(final ThreadPinning pinning, final AffinityPlan plan, final int worker)
    {
        if (plan == null)
        {
            // Not a notice: without a plan, unpinned is what was asked for (the event still says so).
            QuicksilverEvents.workerStarted(worker, -1, -1, false, "no affinity plan");
            return;
        }
        if (pinning == null)
        {
            QuicksilverEvents.workerStarted(worker, -1, -1, false, "thread pinning unavailable");
            return;
        }
        if (worker >= plan.workers())
        {
            final String reason = "affinity plan places " + plan.workers() + " workers, runtime has " + workers.length;
            sayUnpinned(reason);
            QuicksilverEvents.workerStarted(worker, -1, -1, false, reason);
            return;
        }
        final WorkerPlacement placement = plan.worker(worker);
        try
        {
            pinning.pinCurrentThread(placement.cpu());
            QuicksilverEvents.workerStarted(worker, placement.cpu(), placement.memoryNode(), true, null);
        }
        catch (final RuntimeException e)
        {
            final String reason = "pinning worker " + worker + " to cpu " + placement.cpu() + " failed: " + e.getMessage();
            sayUnpinned(reason);
            QuicksilverEvents.workerStarted(worker, placement.cpu(), placement.memoryNode(), false, reason);
        }
    }

    private void sayUnpinned(final String reason)
    {
        if (saidUnpinned.compareAndSet(false, true))
        {
            log.accept("quicksilver: workers run unpinned (" + reason + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------ producers

    /**
     * A producer for the calling (non-worker) thread; keep one per thread.
     *
     * @return a new external producer, blocking with a yielding idle strategy under {@code BLOCK}.
     */
    public Producer newProducer()
    {
        return newProducer(new YieldingIdleStrategy());
    }

    /**
     * A producer for the calling (non-worker) thread.
     *
     * @param idle what it does while {@code BLOCK} waits for room.
     * @return a new external producer.
     */
    public Producer newProducer(final IdleStrategy idle)
    {
        checkOpen();
        return new ExternalProducer(this, ring, Objects.requireNonNull(idle, "idle"));
    }

    /**
     * The producer for responders of the calling worker: what a handler sends with, while it handles a message.
     *
     * @return the worker's reaction producer.
     * @throws IllegalStateException if the caller is not one of this dispatcher's workers.
     */
    public Producer reactionProducer()
    {
        // Kept apart from isWorkerThread(): this one needs the worker, not just a yes.
        if (Thread.currentThread() instanceof WorkerRunner.WorkerThread t && t.dispatcher() == this)
        {
            return t.worker().reactions();
        }
        final Worker invoked = invokedOnThisThread();
        if (invoked != null)
        {
            return invoked.reactions();
        }
        throw new IllegalStateException("reactionProducer() is for responders running on this dispatcher's " +
            "workers; thread '" + Thread.currentThread().getName() + "' should use newProducer()");
    }

    /**
     * Whether the calling thread is one of this dispatcher's workers (a responder running on it), so a caller can
     * choose between {@link #reactionProducer()} and {@link #newProducer()} without provoking an exception. In an
     * invoker dispatcher, true only for a thread inside {@link #invoke(int)}.
     *
     * @return true on one of this dispatcher's worker threads.
     */
    public boolean isWorkerThread()
    {
        return Thread.currentThread() instanceof WorkerRunner.WorkerThread t && t.dispatcher() == this ||
            invokedOnThisThread() != null;
    }

    void checkSend(final int sender, final int method)
    {
        if (closed)
        {
            throw new IllegalStateException("dispatcher is closed: cannot send " + Method.toString(method));
        }
        final String refusal = journalRefusal;
        if (refusal != null)
        {
            throw new IllegalStateException(refusal + ": cannot send " + Method.toString(method));
        }
        if (method < 0)
        {
            Method.check(method);
        }
        final int nodes = issued.snapshot.nodeCount();
        if (sender < 0 || sender >= nodes)
        {
            throw new IllegalArgumentException("sender must be a node of the applied hierarchy (create it, then " +
                "applyChanges()): sender=" + sender + ", nodes=" + nodes);
        }
    }

    // ------------------------------------------------------------------------------------------------ control

    /**
     * Install the hierarchy's current shape: compiled here, on the control thread, and installed by every worker at
     * the same sequence; a responder that changes worker is handed over at that barrier. Does nothing when nothing
     * changed.
     *
     * @return the barrier's sequence, or -1 when nothing changed.
     */
    public long applyChanges()
    {
        synchronized (controlLock)
        {
            checkOpen();
            if (!hierarchy.isDirty())
            {
                return -1;
            }
            final RoutingSnapshot snapshot = hierarchy.compile();
            final long barrier = issue(Layout.balanced(
                nextLayoutId++, snapshot, workers.length, maxPartitions, issued, kernelRouting));
            if (hierarchy.retiringIds() > 0)
            {
                idReleases.addLast(new IdRelease(snapshot.version(), barrier));
            }
            return barrier;
        }
    }

    /**
     * Free for reuse the ids of nodes removed before a barrier once nothing can still name them: every worker has
     * published the reactions caused up to that barrier (its drained sequence), and then every worker has consumed
     * every sequence claimed by that time, so no message or staged reaction from the removed node remains (a send
     * from it claimed after the barrier is published as a skip, see {@code SendPort}). Non-blocking: ids not yet
     * free stay retiring, and the next node simply gets a new id. Called by the control thread before it creates a
     * node.
     *
     * @return the ids freed by this call.
     */
    public int releaseNodeIds()
    {
        synchronized (controlLock)
        {
            int released = 0;
            while (!idReleases.isEmpty())
            {
                final IdRelease release = idReleases.peekFirst();
                if (release.claimedThrough < 0)
                {
                    if (!allWorkersPast(release.barrier, true))
                    {
                        break;
                    }
                    release.claimedThrough = ring.lvProducerIndex();
                }
                if (!allWorkersPast(release.claimedThrough, false))
                {
                    break;
                }
                released += hierarchy.releaseIds(release.version);
                idReleases.pollFirst();
            }
            return released;
        }
    }

    private boolean allWorkersPast(final long sequence, final boolean drained)
    {
        for (int w = 0; w < workers.length; w++)
        {
            // worker(w): a stuck worker's replacement counts from where the stuck one stopped, never ahead of it.
            final Worker worker = worker(w);
            if ((drained ? worker.lvDrainedThrough() : worker.lvConsumerSequence()) < sequence)
            {
                return false;
            }
        }
        return true;
    }

    /** The snapshot that first had some removed nodes' ids vacant, and the barrier that installed it. */
    private static final class IdRelease
    {
        final long version;
        final long barrier;
        long claimedThrough = -1;

        IdRelease(final long version, final long barrier)
        {
            this.version = version;
            this.barrier = barrier;
        }
    }

    /**
     * Move a partition to another worker at a sequence barrier {@code s}: the old owner delivers its messages before
     * {@code s}, the new one those after, and starts only once the old one is past {@code s - 1}.
     *
     * @param partition in {@code [0, partitionCount())}.
     * @param worker    in {@code [0, workers())}.
     * @return the barrier's sequence.
     */
    public long movePartition(final int partition, final int worker)
    {
        synchronized (controlLock)
        {
            checkOpen();
            final Layout current = issued;
            if (partition < 0 || partition >= current.partitionCount())
            {
                throw new IllegalArgumentException("partition must be in [0, " + current.partitionCount() + "): " +
                    "partition=" + partition);
            }
            if (worker < 0 || worker >= workers.length)
            {
                throw new IllegalArgumentException(
                    "worker must be in [0, " + workers.length + "): worker=" + worker);
            }
            final long barrier = issue(current.withOwner(nextLayoutId++, partition, worker));
            partitionMoved(current, partition, worker, barrier, MoveReason.FORCED);
            return barrier;
        }
    }

    /**
     * JFR {@code PartitionMoved}, emitted when the move is issued (its barrier sequence says from where it holds).
     */
    private static void partitionMoved(
        final Layout before, final int partition, final int to, final long barrier, final MoveReason reason)
    {
        final int first = before.partitionStart[partition];
        final int size = before.partitionSize(partition);
        QuicksilverEvents.partitionMoved(partition, before.partitionOwner[partition], to, size, first,
            first + size - 1, barrier, reason);
    }

    /**
     * @return partitions of the latest layout.
     */
    public int partitionCount()
    {
        return issued.partitionCount();
    }

    /**
     * @param partition a partition of the latest layout.
     * @return the worker that owns it (or will, once its barrier is reached).
     */
    public int partitionOwner(final int partition)
    {
        return issued.partitionOwner[partition];
    }

    /**
     * @param partition a partition of the latest layout.
     * @return number of responders in it.
     */
    public int partitionSize(final int partition)
    {
        return issued.partitionSize(partition);
    }

    /**
     * @return the routing snapshot of the latest layout.
     */
    public RoutingSnapshot snapshot()
    {
        return issued.snapshot;
    }

    private long issue(final Layout layout)
    {
        return issueAt(ring.claim(1, controlIdle, controlStalls), layout);
    }

    private long issueAt(final long sequence, final Layout layout)
    {
        layouts.put(sequence, new PendingLayout(layout, workers.length + networkLayoutReaders));
        if (journaller != null && layout.snapshot != journaledSnapshot)
        {
            // Only a new shape: a partition move keeps the snapshot, and routing (what a replay checks) with it.
            journaller.hierarchyAt(sequence, JournalHierarchy.describe(layout.snapshot));
            journaledSnapshot = layout.snapshot;
        }
        controlWriter.wrap(ring, sequence).senderNodeId(CONTROL_SENDER).method(Method.NO_OP).putNone();
        ring.publish(sequence);
        issued = layout;
        return sequence;
    }

    // ------------------------------------------------------------------------------------------------ balancing

    private void runBalancer()
    {
        while (!closed)
        {
            LockSupport.parkNanos(balancePeriodNanos);
            // An interrupt is not a stop request (only close() stops): cleared, or the park would return at once.
            Thread.interrupted();
            if (closed)
            {
                break;
            }
            try
            {
                balanceOnce();
            }
            catch (final RuntimeException e)
            {
                // Through the reporter: an error handler that does not return must not stop the balancing.
                runtimeErrors.getAndAdd(1);
                reporter.offer(null, "balancer", -1, e);
            }
        }
    }

    /**
     * One balancing period: read each worker's per-partition delivery counts, give the period's loads and the
     * workers' requests for work to the {@link LoadBalancer}, and make the move it decides, at a sequence barrier
     * like {@link #movePartition(int, int)}. Run by the balancer thread every period, or by a test that drives the
     * periods itself (with the thread off).
     *
     * @return the barrier's sequence of the move made, or -1 when none.
     */
    public long balanceOnce()
    {
        synchronized (balanceLock)
        {
            final Layout layout = issued;
            final int partitions = layout.partitionCount();
            if (layout.geometry != balancedGeometry)
            {
                // Partitions cut anew: counts so far belong to the old cut; this period is the new baseline.
                balancedGeometry = layout.geometry;
                balanceTotals = new long[partitions];
                balanceDelta = new long[partitions];
                balancer.reset();
                sumLoads(layout.geometry, balanceTotals);
                takeStealRequests();
                return -1;
            }
            final long[] previous = balanceDelta;
            System.arraycopy(balanceTotals, 0, previous, 0, partitions);
            sumLoads(layout.geometry, balanceTotals);
            for (int p = 0; p < partitions; p++)
            {
                previous[p] = balanceTotals[p] - previous[p];
            }
            final long stealMask = takeStealRequests();
            if (!balancer.decide(previous, layout.partitionOwner, workers.length, stealMask))
            {
                return -1;
            }
            final int partition = balancer.movePartition();
            final long sequence = tryMove(layout, partition, balancer.moveTo());
            if (sequence < 0)
            {
                balancer.moveNotMade(partition);
                return -1;
            }
            (balancer.moveReason() == LoadBalancer.STEAL ? stealMoves : balanceMoves).getAndAdd(1);
            return sequence;
        }
    }

    /**
     * Deliveries per partition of the latest layout counted by the workers since the partitions were cut, as of each
     * worker's last batch: what the balancer reads. For tests.
     *
     * @return one count per partition.
     */
    long[] partitionLoads()
    {
        final Layout layout = issued;
        final long[] totals = new long[layout.partitionCount()];
        sumLoads(layout.geometry, totals);
        return totals;
    }

    private void sumLoads(final long geometry, final long[] totals)
    {
        java.util.Arrays.fill(totals, 0);
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            final Worker.LoadCounts counts = worker.loadCounts();
            if (counts.geometry == geometry)
            {
                for (int p = 0, n = Math.min(counts.partitions(), totals.length); p < n; p++)
                {
                    totals[p] += counts.get(p);
                }
            }
        }
    }

    private long takeStealRequests()
    {
        long mask = 0;
        for (int w = 0; w < workers.length; w++)
        {
            if (worker(w).takeStealRequest())
            {
                mask |= 1L << w;
            }
        }
        return mask;
    }

    /**
     * A move decided on {@code seen}; made only if nothing else changed the layout meanwhile and the ring has room
     * now, since the balancer must never wait on a ring a stuck worker may be holding full.
     */
    private long tryMove(final Layout seen, final int partition, final int worker)
    {
        synchronized (controlLock)
        {
            if (closed || issued != seen)
            {
                return -1;
            }
            final long sequence = ring.tryClaim(1);
            if (sequence < 0)
            {
                return -1;
            }
            final long barrier = issueAt(sequence, seen.withOwner(nextLayoutId++, partition, worker));
            partitionMoved(seen, partition, worker, barrier,
                balancer.moveReason() == LoadBalancer.STEAL ? MoveReason.STEAL : MoveReason.BALANCE);
            return barrier;
        }
    }

    /**
     * @return messages routed with the simd kernel, summed over workers (each worker routes every message).
     */
    public long kernelMessages()
    {
        long sum = 0;
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            sum += worker.lvKernelMessages();
        }
        return sum;
    }

    /**
     * @return the longest chain of reactions a message may start (see {@link Builder#maxNestingDepth(int)}).
     */
    public int maxNestingDepth()
    {
        return maxNestingDepth;
    }

    /**
     * Node entries dropped by the hop limit. Every worker walks every message whatever it owns, so each counts
     * every drop: this is the count of the worker furthest along (after {@link #flush()}, every worker's), not a
     * sum, which would count each drop once per worker.
     *
     * @return hop-limit drops, as of the most advanced worker's last batch.
     */
    public long hopLimitDrops()
    {
        long most = 0;
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            most = Math.max(most, worker.lvHopLimitDrops());
        }
        return most;
    }

    /**
     * @return partitions moved by the balancer to even out load.
     */
    public long balanceMoves()
    {
        return balanceMoves.getOpaque();
    }

    /**
     * @return partitions moved to a worker that asked for work.
     */
    public long stealMoves()
    {
        return stealMoves.getOpaque();
    }

    Layout layoutAt(final long sequence)
    {
        final PendingLayout pending = layouts.get(sequence);
        if (pending == null)
        {
            throw new IllegalStateException("no layout for control message: sequence=" + sequence);
        }
        return pending.layout;
    }

    void layoutInstalled(final long sequence)
    {
        final PendingLayout pending = layouts.get(sequence);
        if (pending != null && pending.remaining.decrementAndGet() == 0)
        {
            layouts.remove(sequence);
        }
    }

    IdleStrategy idleStrategy(final int worker)
    {
        return runners[worker].idleStrategy();
    }

    /**
     * @return the threads this dispatcher started (workers, watchdog, balancer, counters), for tests; none for an invoker.
     */
    Thread[] threads()
    {
        if (invoker)
        {
            return new Thread[0];
        }
        final Thread[] threads = new Thread[runners.length + (balancerThread != null ? 2 : 1) +
            (counters != null ? 1 : 0)];
        for (int w = 0; w < runners.length; w++)
        {
            threads[w] = runners[w].thread();
        }
        threads[runners.length] = watchdog.thread;
        if (balancerThread != null)
        {
            threads[runners.length + 1] = balancerThread;
        }
        if (counters != null)
        {
            threads[threads.length - 1] = counters.thread();
        }
        return threads;
    }

    Worker[] workers()
    {
        return workers;
    }

    /**
     * Worker {@code w} as of now: an acquire load, since a worker whose thread is stuck in a responder is replaced in
     * its place ({@link #replaceStuckWorker}).
     */
    Worker worker(final int w)
    {
        return (Worker)WORKERS.getAcquire(workers, w);
    }

    // ------------------------------------------------------------------------------------------------ rescue

    long quarantineEpoch()
    {
        return quarantineEpoch.getAcquire();
    }

    /**
     * A worker's own copy of {@code handlers}, each one held as stuck replaced by {@code skip} (cold path: the copy
     * is the worker's so the watchdog can stub it when it replaces the worker).
     */
    Responder[] handlersFor(final Responder[] handlers, final Responder skip)
    {
        final Responder[] stuck = stuckHandlers;
        final Responder[] result = handlers.clone();
        for (int i = 0; i < result.length; i++)
        {
            for (final Responder s : stuck)
            {
                if (result[i] == s)
                {
                    result[i] = skip;
                }
            }
        }
        return result;
    }

    private void quarantine(final Responder handler, final boolean stuck)
    {
        synchronized (quarantineLock)
        {
            final Responder[] before = stuckHandlers;
            final java.util.ArrayList<Responder> after = new java.util.ArrayList<>(java.util.Arrays.asList(before));
            if (stuck)
            {
                after.add(handler);
            }
            else
            {
                after.remove(handler);
            }
            stuckHandlers = after.toArray(new Responder[0]);
            quarantineEpoch.getAndAdd(1);
        }
    }

    /**
     * Watchdog: put a new worker on a new thread in worker {@code w}'s place. The old one is marked replaced and its
     * handler array stubbed first, so its thread cannot call a responder again; then either that thread records
     * where it stopped (its next call or check), or it stays inside one call for a whole settle period, and the new
     * worker starts just after that call, with that responder held as stuck until the call returns. A store the old
     * thread made before the stubs were seen is visible within the settle period (a store buffer drains in far less,
     * and a descheduled thread's stores are drained by the switch), so a call it is seen in for that long is one it
     * was in when the stubs went in.
     */
    private void replaceStuckWorker(final int w, final Worker stuck)
    {
        stuckThreads.incrementAndGet();
        synchronized (controlLock)
        {
            if (closed || worker(w) != stuck || !stuck.markReplaced())
            {
                stuckThreads.decrementAndGet();
                return;
            }
        }
        final long settle = TimeUnit.MILLISECONDS.toNanos(2);
        long lastSequence = stuck.lvBusySequence();
        int lastResponder = stuck.lvBusyResponder();
        final long sequence;
        final int responder;
        final boolean inclusive;
        final boolean inCall;
        while (true)
        {
            LockSupport.parkNanos(settle);
            Thread.interrupted();
            final int kind = stuck.lvStopKind();
            if (kind != 0)
            {
                sequence = stuck.stopSequence();
                responder = kind == Worker.STOP_BEFORE_MESSAGE ? -1 : stuck.stopResponder();
                inclusive = kind == Worker.STOP_AT_RESPONDER;
                inCall = kind == Worker.STOP_IN_RESPONDER;
                break;
            }
            final long busySequence = stuck.lvBusySequence();
            final int busyResponder = stuck.lvBusyResponder();
            if (busySequence != Worker.IDLE && busySequence == lastSequence && busyResponder == lastResponder)
            {
                sequence = busySequence;
                responder = busyResponder;
                inclusive = false;
                inCall = busyResponder >= 0;
                break;
            }
            lastSequence = busySequence;
            lastResponder = busyResponder;
            if (closed)
            {
                return;
            }
        }
        synchronized (controlLock)
        {
            if (closed)
            {
                return;
            }
            final RoutingSnapshot snapshot = stuck.snapshot();
            final boolean known = responder >= 0 && snapshot != null && responder < snapshot.responderCount();
            if (inCall && known)
            {
                holdAsStuck(stuck, snapshot.handlers()[responder]);
            }
            // The replacement's own staging: the old thread may still be inside a PayloadCodec writing a reaction into
            // the old one. An automatic arena frees it once the replaced worker is unreachable (its thread ended).
            final SlotArena oldSlots = stuck.staging().slots();
            final StagingBuffer staging = stuck.staging().takeOver(SlotArena.allocateWithSlotLength(Arena.ofAuto(),
                oldSlots.capacity(), oldSlots.slotLength(), stagingAllocator, oldSlots.node()));
            final Worker next = stuck.replacement(ring.replaceConsumer(w, sequence - 1), sequence, responder, inclusive,
                staging);
            final WorkerRunner runner = new WorkerRunner(this, next, idleStrategies.get(),
                () -> pin(pinning, affinity, w));
            WORKERS.setRelease(workers, w, next);
            RUNNERS.setRelease(runners, w, runner);
            rescues.getAndAdd(1);
            runner.start();
            final String name = known ? snapshot.responders()[responder].name() : "worker-" + w;
            reporter.offer(known ? snapshot.nodes()[snapshot.responderNode()[responder]] : null, name, -1,
                new IllegalStateException("worker " + w + " replaced by a new thread: its thread was on message " +
                    sequence + (known ? " in responder '" + name + "'" : "") + " for over " +
                    TimeUnit.NANOSECONDS.toMillis(rescueAfterNanos) + " ms; every other responder goes on from that " +
                    "message" + (inCall && known ? ", and this one is skipped until its call returns" : "")));
        }
    }

    /** The responder the replaced worker's thread is inside, unless that thread has ended meanwhile. */
    private void holdAsStuck(final Worker stuck, final Responder handler)
    {
        synchronized (quarantineLock)
        {
            if (!stuck.threadEnded())
            {
                stuck.stuckResponder(handler, System.nanoTime());
                quarantine(handler, true);
            }
        }
    }

    /**
     * A replaced worker's thread has come back from the call it was stuck in and ends: the responder is no longer
     * held as stuck, and receives again from the next message its worker reads.
     */
    void replacedThreadReturned(final Worker replaced)
    {
        stuckThreads.decrementAndGet();
        final long lost = replaced.staging().lostAfterHandOver();
        if (lost > 0)
        {
            rescueLostReactions.getAndAdd(lost);
            reporter.offer(null, "worker-" + replaced.index(), -1, new IllegalStateException(
                lost + " reaction(s) committed by worker " + replaced.index() + "'s replaced thread in the instant its " +
                "staging was handed over were not published (counted in rescueLostReactions())"));
        }
        final Responder handler;
        synchronized (quarantineLock)
        {
            replaced.threadEnded(true);
            handler = replaced.stuckHandler();
            if (handler != null)
            {
                quarantine(handler, false);
            }
        }
        if (handler != null)
        {
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replaced.stuckSince());
            reporter.offer(null, "worker-" + replaced.index(), -1, new IllegalStateException(
                "a responder held as stuck returned after " + millis + " ms since its worker was replaced; it " +
                "receives again (messages it missed: stuckSkips())"));
        }
    }

    /**
     * @return reactions a replaced worker's thread committed after its staging buffer was handed over to its
     *         replacement (it checks before it commits, so only a commit racing the hand-over lands here), and that no
     *         worker published; 0 unless a rescue raced a reaction.
     */
    public long rescueLostReactions()
    {
        return rescueLostReactions.getOpaque();
    }

    /**
     * @return workers replaced because a responder call outlasted the rescue threshold.
     */
    public long rescues()
    {
        return rescues.getOpaque();
    }

    /**
     * @return deliveries not made to a responder while it was held as stuck, summed over workers as of their last
     *         batch.
     */
    public long stuckSkips()
    {
        long sum = 0;
        for (int w = 0; w < workers.length; w++)
        {
            sum += worker(w).lvStuckSkips();
        }
        return sum;
    }

    // ------------------------------------------------------------------------------------------------ barriers

    /**
     * Wait until every message published before the call has been delivered; see {@link #flush(Duration)}.
     *
     * @throws IllegalStateException if called from a worker, or the dispatcher closes meanwhile.
     */
    public void flush()
    {
        while (!flush(Duration.ofSeconds(1)))
        {
            checkOpen();
        }
    }

    /**
     * Wait until every message published (claimed) before the call has been delivered: every worker's sequence has
     * reached the ring's producer index as read at the call (and the journaller's, with a journal). Reactions those messages cause are not waited for
     * unless already published; {@link #awaitQuiescence(Duration)} waits for them too.
     *
     * @param timeout longest wait.
     * @return true once delivered, false on timeout.
     * @throws IllegalStateException if called from a worker (it would wait on itself), or once the journal has failed.
     */
    public boolean flush(final Duration timeout)
    {
        checkNotWorker("flush");
        // A failed journal breaks flush's promise (every message delivered and journaled) for good: said at once.
        checkJournal();
        final long target = ring.lvProducerIndex();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = new YieldingIdleStrategy();
        while (!allConsumedThrough(target) || !journaledThrough(target))
        {
            checkJournal();
            if (System.nanoTime() - deadline >= 0 || closed)
            {
                return allConsumedThrough(target) && journaledThrough(target);
            }
            idle.idle();
        }
        flushes.getAndAdd(1);
        return true;
    }

    /**
     * Wait until nothing is in flight: every published message delivered and no reaction staged. Meaningful once
     * external producers have stopped (a reaction chain that never ends never quiesces).
     *
     * @param timeout longest wait.
     * @return true once quiescent, false on timeout.
     */
    public boolean awaitQuiescence(final Duration timeout)
    {
        checkNotWorker("awaitQuiescence");
        final long deadline = System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = new YieldingIdleStrategy();
        while (true)
        {
            // Order matters: a staged reaction is counted before its batch is released and claimed before it is
            // uncounted, so seeing every worker through p1, nothing staged, and p1 unchanged means nothing moved.
            final long p1 = ring.lvProducerIndex();
            if (allConsumedThrough(p1) && nothingStaged() && ring.lvProducerIndex() == p1)
            {
                return true;
            }
            if (System.nanoTime() - deadline >= 0 || closed)
            {
                return false;
            }
            idle.idle();
        }
    }

    /**
     * The sequence of the message the calling worker is handling: what a handler's deferred request is ordered by.
     *
     * @return the sequence, or -1 when the caller is not one of this dispatcher's workers inside a handler.
     */
    public long handlingSequence()
    {
        final Worker worker;
        if (Thread.currentThread() instanceof WorkerRunner.WorkerThread t && t.dispatcher() == this)
        {
            worker = t.worker();
        }
        else
        {
            worker = invokedOnThisThread();
        }
        return worker == null || !worker.isHandling() ? -1 : worker.currentSequence();
    }

    /**
     * @param sequence of a message.
     * @return true once every worker is done with every message up to and including {@code sequence}.
     */
    public boolean consumedThrough(final long sequence)
    {
        return allConsumedThrough(sequence);
    }

    private boolean allConsumedThrough(final long sequence)
    {
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            if (worker.lvConsumerSequence() < sequence)
            {
                return false;
            }
        }
        return true;
    }

    private boolean journaledThrough(final long sequence)
    {
        // With a network, flush also waits for its egress to have passed the message to Aeron (sent or dropped,
        // counted), not for the peers to deliver it.
        return (journaller == null || journaller.lvJournaledThrough() >= sequence) &&
            (network == null || network.lvSentThrough() >= sequence);
    }

    /** A wait on delivery or on the journal must not outlast a journal that can no longer write. */
    private void checkJournal()
    {
        final String refusal = journalRefusal;
        if (refusal != null)
        {
            throw new IllegalStateException(refusal + ": flush cannot complete");
        }
    }

    /**
     * The journaller's first write failure (on its thread): said once to the failure sink through the reporter,
     * every later send refused, and every producer waiting for ring room woken with the same error.
     */
    private void journalFailed(final Throwable t)
    {
        final String message = "journal " + journaller.journal().directory() + " failed at sequence " +
            (journaller.base() + journaller.lvJournaledThrough() + 1) + " (" + t + "); the runtime refuses sends " +
            "since, as it was asked to journal every message" + (journaller.mode() == JournalMode.BEFORE_DELIVERY ?
            ", and delivers nothing the journal does not hold" : "");
        journalRefusal = message;
        ring.refuseBlockedClaims(message);
        runtimeErrors.getAndAdd(1);
        reporter.offer(null, "journal", -1, new JournalException(message, t));
    }

    // ------------------------------------------------------------------------------------------------ network

    private static Network connectNetwork(final NetworkConfig config, final ChronicleJournal journal)
    {
        if (config == null)
        {
            return null;
        }
        try
        {
            return Network.connect(config);
        }
        catch (final RuntimeException | Error e)
        {
            if (journal != null)
            {
                journal.close();
            }
            throw e;
        }
    }

    private NetworkHost networkHost()
    {
        return new NetworkHost()
        {
            @Override
            public RoutingSnapshot snapshotAt(final long controlSequence)
            {
                return layoutAt(controlSequence).snapshot;
            }

            @Override
            public void installed(final long controlSequence)
            {
                layoutInstalled(controlSequence);
            }

            @Override
            public RoutingSnapshot current()
            {
                return issued.snapshot;
            }

            @Override
            public int controlSender()
            {
                return CONTROL_SENDER;
            }

            @Override
            public int skipSender()
            {
                return SKIP_SENDER;
            }

            @Override
            public void notice(final String notice)
            {
                log.accept(notice);
            }
        };
    }

    /**
     * @return this dispatcher's network (docs/network.md), or null without one.
     */
    public Network network()
    {
        return network;
    }

    // ------------------------------------------------------------------------------------------------ journal

    /**
     * @return the journaller, or null when this dispatcher keeps no journal.
     */
    public Journaller journaller()
    {
        return journaller;
    }

    /**
     * @return why sends are refused since the journal failed, or null.
     */
    public String journalFailure()
    {
        return journalRefusal;
    }

    /**
     * Start or end a replay: while on, every reaction a responder sends is dropped (counted in
     * {@link #replayDroppedReactions()}), because the journal being replayed holds it already and replays it in its
     * place.
     *
     * @param replaying true while a replay feeds the ring.
     */
    public void replaying(final boolean replaying)
    {
        this.replaying = replaying;
    }

    boolean isReplaying()
    {
        return replaying;
    }

    /**
     * @return reactions dropped because they were sent during a replay.
     */
    public long replayDroppedReactions()
    {
        return replayDroppedReactions.getOpaque();
    }

    /**
     * Publish a journaled message as it was in its slot (header and payload), on the calling thread, waiting for
     * room: the header's sequence field is this ring's, and the handled mark a responder may have set after the
     * original publish is cleared, so the message is routed as it was first sent.
     *
     * @param message header ({@link MessageLayout}) then payload; read with unaligned access.
     * @param length  bytes of header and payload.
     * @return true when published, false for a control or skip message (nothing to replay).
     * @throws IllegalArgumentException for a message this dispatcher cannot route as journaled: a sender outside the
     *                                  hierarchy, a payload over the maximum, a {@code Level.CUSTOM} predicate.
     */
    public boolean replayMessage(final MemorySegment message, final int length)
    {
        checkOpen();
        final int sender = message.get(ValueLayout.JAVA_INT_UNALIGNED,
            MessageLayout.SENDER_NODE_ID_OFFSET);
        if (sender == CONTROL_SENDER || sender == SKIP_SENDER)
        {
            return false;
        }
        final int nodes = issued.snapshot.nodeCount();
        if (sender < 0 || sender >= nodes)
        {
            throw new IllegalArgumentException("a journaled message names sender node " + sender + ", and this " +
                "runtime's hierarchy has " + nodes + " nodes: replay into a runtime built with the same hierarchy");
        }
        final int payload = length - MessageLayout.HEADER_LENGTH;
        if (payload < 0 || payload > ring.maxPayload())
        {
            throw new IllegalArgumentException("a journaled message carries " + payload + " payload bytes, over " +
                "this runtime's maxPayload " + ring.maxPayload());
        }
        final int flags = message.get(ValueLayout.JAVA_INT_UNALIGNED, MessageLayout.FLAGS_OFFSET);
        if ((flags & MessageLayout.CUSTOM_FILTER_MASK) != 0)
        {
            throw new IllegalArgumentException("a journaled message from sender node " + sender + " is routed by a " +
                "Level.CUSTOM predicate, which a journal cannot hold: it cannot be replayed");
        }
        final long sequence = ring.claim(1, replayIdle);
        final long offset = ring.slotOffset(sequence);
        // Everything but the sequence field (the publish marker, first in the header): publish writes that.
        MemorySegment.copy(message, SEQUENCE_FIELD_END, ring.segment(), offset + SEQUENCE_FIELD_END,
            length - SEQUENCE_FIELD_END);
        ring.segment().set(ValueLayout.JAVA_INT, offset + MessageLayout.FLAGS_OFFSET,
            flags & ~MessageLayout.FLAG_HANDLED);
        ring.publish(sequence);
        return true;
    }

    /**
     * Whether {@link #replayMessage} would publish a journaled message: not a control message, not a skip.
     *
     * @param message header then payload, read with unaligned access.
     * @return true for a message a responder may receive.
     */
    public static boolean isReplayable(final MemorySegment message)
    {
        final int sender = message.get(ValueLayout.JAVA_INT_UNALIGNED, MessageLayout.SENDER_NODE_ID_OFFSET);
        return sender != CONTROL_SENDER && sender != SKIP_SENDER;
    }

    private static final int SEQUENCE_FIELD_END = sequenceFieldEnd();

    private static int sequenceFieldEnd()
    {
        if (MessageLayout.SEQUENCE_OFFSET != 0)
        {
            throw new ExceptionInInitializerError("replay copies a header after its sequence field, which must be " +
                "first: sequenceOffset=" + MessageLayout.SEQUENCE_OFFSET);
        }
        return Long.BYTES;
    }

    private boolean nothingStaged()
    {
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            if (worker.lvStaged() != 0)
            {
                return false;
            }
        }
        return true;
    }

    private Worker invokedOnThisThread()
    {
        if (invoker)
        {
            final Thread current = Thread.currentThread();
            for (int wi = 0; wi < workers.length; wi++)
            {
                final Worker worker = worker(wi);
                if (worker.invokingThread() == current)
                {
                    return worker;
                }
            }
        }
        return null;
    }

    /**
     * Run one duty cycle of a worker on the calling thread, for a dispatcher built with
     * {@link Builder#invoker(boolean)} (Agrona's {@code AgentInvoker} habit): read what is available, deliver,
     * publish staged reactions. Each worker must be invoked by one thread at a time; different workers by different
     * threads, or the hand-over barriers of one wait on another that never runs.
     *
     * @param worker in {@code [0, workerCount())}.
     * @return work done (messages read plus reactions published); 0 when idle, closed, or waiting at a barrier.
     * @throws IllegalStateException if the dispatcher runs its own worker threads.
     */
    public int invoke(final int worker)
    {
        if (!invoker)
        {
            throw new IllegalStateException("invoke() is for a dispatcher built with invoker(true): worker=" + worker);
        }
        if (closed)
        {
            return 0;
        }
        final Worker w = worker(worker);
        w.invokingThread(Thread.currentThread());
        try
        {
            return w.doWork();
        }
        catch (final RuntimeException | Error e)
        {
            reportRuntimeError(w.roleName(), e);
            return 1;
        }
        finally
        {
            w.invokingThread(null);
        }
    }

    private void checkNotWorker(final String operation)
    {
        final Worker invoked = invokedOnThisThread();
        if (invoked != null)
        {
            throw new IllegalStateException(operation + "() from a responder would wait on its own worker: worker=" +
                invoked.index());
        }
        if (Thread.currentThread() instanceof WorkerRunner.WorkerThread t && t.dispatcher() == this)
        {
            throw new IllegalStateException(operation + "() from a responder would wait on its own worker: thread=" +
                t.getName());
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("dispatcher is closed");
        }
    }

    // ------------------------------------------------------------------------------------------------ failures

    void reportResponderError(final RoutingSnapshot snapshot, final int responder, final int method, final Throwable t)
    {
        report(snapshot.nodes()[snapshot.responderNode()[responder]], snapshot.responders()[responder].name(), method,
            t);
    }

    void reportRuntimeError(final String source, final Throwable t)
    {
        runtimeErrors.getAndAdd(1);
        report(null, source, -1, t);
    }

    /**
     * A failure found while routing a message (a custom filter that threw, a strict-mode drop), reported by the worker
     * that found it: the sender's send returned long ago.
     */
    void reportRoutingFailure(final NodeModel sender, final String source, final int method, final Throwable t)
    {
        report(sender, source, method, t);
    }

    /**
     * @param node id in the applied hierarchy.
     * @return its name, for an error message.
     */
    String nodeName(final int node)
    {
        return issued.snapshot.nodes()[node].name();
    }

    void reportBadMessage(final int worker, final long sequence, final int sender)
    {
        badMessages.getAndAdd(1);
        report(null, "worker-" + worker, -1, new IllegalStateException(
            "message from a sender outside the installed hierarchy: sequence=" + sequence + ", sender=" + sender));
    }

    private void report(final NodeModel node, final String source, final int method, final Throwable t)
    {
        try
        {
            failures.onFailure(node, source, method, t);
        }
        catch (final Throwable ignore)
        {
            // A failing error handler must not take a worker down; the failure is already counted.
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * Stop the workers, waiting at most the close timeout for each; a worker stuck in a responder is reported and
     * left behind (its thread is a daemon and finds the ring closed when it returns). Frees the rings.
     * <p>
     * An interrupt of the calling thread does not cut these waits short; it is kept for the caller.
     * <p>
     * Its reports (and the watchdog's before it) reach the failure sink on the reporter thread; close waits for them
     * at most the close timeout again, and when the sink has not returned by then (an error handler that never
     * returns) it says so through the log and returns, leaving them to that thread.
     */
    @Override
    public void close()
    {
        synchronized (controlLock)
        {
            if (closed)
            {
                return;
            }
            // Before marking closed: a refused close from a responder must leave a dispatcher that still works.
            checkNotWorker("close");
            closed = true;
        }
        watchdog.stop();
        if (network != null && !network.closeIngress(closeTimeoutNanos))
        {
            reporter.offer(null, "network", -1, new IllegalStateException("network ingress did not stop within " +
                TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) + " ms: " + network));
        }
        if (balancerThread != null)
        {
            LockSupport.unpark(balancerThread);
            Threads.join(balancerThread, closeTimeoutNanos + TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (final WorkerRunner runner : runners)
        {
            runner.stop();
        }
        final long deadline = System.nanoTime() + closeTimeoutNanos;
        for (int w = 0; w < runners.length; w++)
        {
            if (!runners[w].awaitStop(Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1))))
            {
                stuckReports.getAndAdd(1);
                reporter.offer(null, "worker-" + w, -1, new IllegalStateException("worker " + w +
                    " did not stop within " + TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) +
                    " ms (stuck in a responder?), left behind: " + worker(w)));
                runners[w].thread().interrupt();
            }
        }
        watchdog.awaitStop();
        if (counters != null)
        {
            // Before the arena: the last sample reads the ring.
            counters.close(closeTimeoutNanos + TimeUnit.MILLISECONDS.toNanos(1));
        }
        final boolean networkClosed = network == null || network.close(closeTimeoutNanos);
        if (!networkClosed)
        {
            // Its egress still reads slots (a publication back-pressured for good): the ring's memory stays.
            reporter.offer(null, "network", -1, new IllegalStateException("network egress did not stop within " +
                TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) + " ms (a peer that stopped reading?): left " +
                "behind with its Aeron client open and the ring's memory not freed: " + network));
        }
        if (journaller != null && !journaller.close(closeTimeoutNanos))
        {
            // Its thread still reads slots (a write stuck on a dead disk): freeing the ring under it would crash.
            reporter.offer(null, "journal", -1, new IllegalStateException("journaller did not stop within " +
                TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) + " ms (a write stuck on its disk?): left behind " +
                "with the journal open and the ring's memory not freed: " + journaller));
        }
        else if (networkClosed)
        {
            try
            {
                arena.close();
            }
            catch (final IllegalStateException e)
            {
                reporter.offer(null, "close", -1, e);
            }
        }
        // The reports go through the reporter thread: an error handler that does not return holds it, not close().
        if (!reporter.awaitDelivered(closeTimeoutNanos))
        {
            log.accept("quicksilver: close() returns without waiting longer for the error handler: " +
                reporter.pending() + " report(s) not handled within " +
                TimeUnit.NANOSECONDS.toMillis(closeTimeoutNanos) + " ms (an error handler that does not return?), " +
                "left to the quicksilver-reporter thread" +
                (reporter.dropped() > 0 ? ", " + reporter.dropped() + " dropped" : ""));
        }
        reporter.stop();
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return number of workers.
     */
    public int workerCount()
    {
        return workers.length;
    }

    /**
     * @return the sequencer ring's capacity, in messages.
     */
    public int ringCapacity()
    {
        return ring.capacity();
    }

    /**
     * @return highest sequence claimed in the sequencer ring (messages and control messages), -1 before any.
     */
    public long producerIndex()
    {
        return ring.lvProducerIndex();
    }

    /**
     * @param worker a worker.
     * @return the last sequence it has read and released (-1 before any).
     */
    public long consumerSequence(final int worker)
    {
        return worker(worker).lvConsumerSequence();
    }

    /**
     * @return responder calls, successful or not, summed over workers (as of their last batch).
     */
    public long deliveries()
    {
        long sum = 0;
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            sum += worker.lvDeliveries();
        }
        return sum;
    }

    /**
     * @param worker a worker.
     * @return its responder calls.
     */
    public long deliveries(final int worker)
    {
        return worker(worker).lvDeliveries();
    }

    /**
     * @return exceptions thrown by responders.
     */
    public long responderErrors()
    {
        long sum = 0;
        for (int wi = 0; wi < workers.length; wi++)
        {
            final Worker worker = worker(wi);
            sum += worker.lvErrors();
        }
        return sum;
    }

    /**
     * @return failures of the runtime itself reported to the failure sink (not responders').
     */
    public long runtimeErrors()
    {
        return runtimeErrors.getOpaque();
    }

    /**
     * @return reports of stuck workers, by the watchdog and by {@link #close()}.
     */
    public long stuckReports()
    {
        return stuckReports.getOpaque();
    }

    /**
     * @return sends with a {@code NETWORK}-only filter, not delivered locally.
     */
    public long networkOnlySends()
    {
        return networkOnlySends.getOpaque();
    }

    /**
     * @return sends whose lateral route was dropped for lack of {@code allowLateral} (not strict).
     */
    public long lateralDrops()
    {
        return lateralDrops.getOpaque();
    }

    /**
     * @return sends whose custom route was dropped for lack of a predicate (not strict).
     */
    public long customDrops()
    {
        return customDrops.getOpaque();
    }

    /**
     * @return whether routing drops are errors (see {@link Builder#strict(boolean)}).
     */
    public boolean isStrict()
    {
        return strict;
    }

    /**
     * @return distinct {@code Level.CUSTOM} predicates registered so far (see {@link Builder#maxCustomFilters(int)}).
     */
    public int customFilterCount()
    {
        return customFilters.size();
    }

    /**
     * @return reactions refused under {@code DROP} because the worker's staging buffer was full.
     */
    public long reactionDrops()
    {
        return reactionDrops.getOpaque();
    }

    /**
     * @return reactions refused under {@code FAIL} because the worker's staging buffer was full.
     */
    public long reactionFailures()
    {
        return reactionFailures.getOpaque();
    }

    /**
     * @return external sends refused under {@code DROP} because the ring was full.
     */
    public long ringDrops()
    {
        return ring.droppedCount();
    }

    /**
     * @return external sends refused under {@code FAIL} because the ring was full.
     */
    public long ringFailures()
    {
        return ringFailures.getOpaque();
    }

    // ------------------------------------------------------------------------------------------------ counters

    /**
     * @return the live counters file ({@code ./quicksilver stat} reads it), or null when counters are off.
     */
    public java.nio.file.Path countersFile()
    {
        return counters == null ? null : counters.file();
    }

    /**
     * Copy every counter into the counters file now and beat its heartbeat. The sampler thread does this ten times a
     * second; in invoker mode, which starts no thread, the caller does it (at least every few seconds, or
     * {@code stat} reports the file stale). Allocation-free; one caller at a time.
     */
    public void sampleCounters()
    {
        if (counters != null)
        {
            counters.sample();
        }
    }

    /**
     * @return {@link #flush(Duration)} calls that saw every message delivered.
     */
    public long flushes()
    {
        return flushes.getOpaque();
    }

    /**
     * @param worker a worker.
     * @return times the watchdog found it on one message for longer than the watchdog threshold.
     */
    public long slowResponders(final int worker)
    {
        return slowResponders.get(worker);
    }

    /**
     * @return the highest sequence published contiguously in the ring (a monitoring sample).
     */
    public long ringPublishedThrough()
    {
        return ring.lvPublishedThrough();
    }

    /**
     * @return blocking claims that waited for room in the ring.
     */
    public long ringBackpressureWaits()
    {
        return ring.backpressureWaitCount();
    }

    /** The layout issued last (read once, so a sample sees one layout). */
    Layout issuedLayout()
    {
        return issued;
    }

    @Override
    public String toString()
    {
        return "ParallelDispatcher{workers=" + workers.length + ", ring=" + ring + ", layout=" + issued +
            (closed ? ", closed" : "") + '}';
    }

    private record PendingLayout(Layout layout, AtomicInteger remaining)
    {
        PendingLayout(final Layout layout, final int workers)
        {
            this(layout, new AtomicInteger(workers));
        }
    }

    /**
     * Reports a worker that has been on one message for longer than the threshold, once per message.
     */
    private final class Watchdog implements Runnable
    {
        private final long thresholdNanos;
        private final Thread thread;
        private final long[] seenSequence;
        private final long[] seenSince;
        private final long[] callSince;
        private final long[] reported;
        private final int[] seenResponder;
        private volatile boolean running = true;

        Watchdog(final long thresholdNanos)
        {
            this.thresholdNanos = thresholdNanos;
            seenSequence = new long[workers.length];
            seenSince = new long[workers.length];
            callSince = new long[workers.length];
            reported = new long[workers.length];
            seenResponder = new int[workers.length];
            java.util.Arrays.fill(seenSequence, Worker.IDLE);
            java.util.Arrays.fill(reported, Worker.IDLE);
            thread = new Thread(this, "quicksilver-watchdog");
            thread.setDaemon(true);
        }

        void start()
        {
            thread.start();
        }

        void stop()
        {
            running = false;
            LockSupport.unpark(thread);
        }

        void awaitStop()
        {
            Threads.join(thread, closeTimeoutNanos + TimeUnit.MILLISECONDS.toNanos(1));
        }

        @Override
        public void run()
        {
            final long period = Math.max(thresholdNanos / 4, TimeUnit.MILLISECONDS.toNanos(1));
            while (running)
            {
                LockSupport.parkNanos(period);
                // An interrupt is not a stop request (only close() stops): cleared, or the park would return at once.
                Thread.interrupted();
                final long now = System.nanoTime();
                for (int w = 0; w < workers.length; w++)
                {
                    final Worker worker = worker(w);
                    final long busy = worker.lvBusySequence();
                    final int busyResponder = worker.lvBusyResponder();
                    if (busy == Worker.IDLE || busy != seenSequence[w] || busyResponder != seenResponder[w])
                    {
                        // Moving: start timing afresh. (The stuck report below times the message, the rescue the call.)
                        if (busy == Worker.IDLE || busy != seenSequence[w])
                        {
                            seenSince[w] = now;
                        }
                        seenSequence[w] = busy;
                        seenResponder[w] = busyResponder;
                        callSince[w] = now;
                        continue;
                    }
                    rescue(w, worker, now);
                    if (now - seenSince[w] >= thresholdNanos && reported[w] != busy)
                    {
                        reported[w] = busy;
                        stuckReports.getAndAdd(1);
                        slowResponders.incrementAndGet(w);
                        final RoutingSnapshot snapshot = worker.snapshot();
                        final int responder = worker.lvBusyResponder();
                        final boolean known = snapshot != null && responder >= 0 &&
                            responder < snapshot.responderCount();
                        // Through the reporter: an error handler that does not return must not stop the scanning.
                        reporter.offer(
                            known ? snapshot.nodes()[snapshot.responderNode()[responder]] : null,
                            known ? snapshot.responders()[responder].name() : "worker-" + w,
                            -1,
                            new IllegalStateException("worker " + w + " stuck on message " + busy + " for over " +
                                TimeUnit.NANOSECONDS.toMillis(thresholdNanos) + " ms" +
                                (known ? " in responder '" + snapshot.responders()[responder].name() + "'" : "")));
                    }
                }
            }
        }

        /**
         * A worker in one responder call for longer than the rescue threshold is replaced, while fewer than
         * {@link #MAX_STUCK_THREADS} threads are held in stuck calls.
         */
        private void rescue(final int w, final Worker worker, final long now)
        {
            if (rescueAfterNanos <= 0 || now - callSince[w] < rescueAfterNanos)
            {
                return;
            }
            callSince[w] = now;
            if (stuckThreads.get() >= MAX_STUCK_THREADS)
            {
                if (reported[w] != -2 - seenSequence[w])
                {
                    reported[w] = -2 - seenSequence[w];
                    reporter.offer(null, "worker-" + w, -1, new IllegalStateException("worker " + w +
                        " stuck and not replaced: " + MAX_STUCK_THREADS + " threads are stuck in responders already"));
                }
                return;
            }
            replaceStuckWorker(w, worker);
        }
    }

    /**
     * Configuration, validated by {@link #build()} (Aeron's context habit: fluent setters, one place that checks).
     */
    public static final class Builder
    {
        private final Hierarchy hierarchy;
        private final FailureSink failures;
        private int workers = 1;
        private AffinityPlan affinity;
        private int ringCapacity = 1 << 14;
        private int stagingCapacity = 1 << 12;
        private int maxPayload = SingleThreadedDispatcher.MAX_PAYLOAD_DEFAULT;
        private int partitions = -1;
        private int batch = 256;
        private int hopLimit = SingleThreadedDispatcher.HOP_LIMIT_DEFAULT;
        private int maxNestingDepth = SingleThreadedDispatcher.MAX_NESTING_DEPTH_DEFAULT;
        private boolean strict;
        private int maxCustomFilters = MAX_CUSTOM_FILTERS_DEFAULT;
        private Supplier<IdleStrategy> idleStrategy = BackoffIdleStrategy::new;
        private boolean idleStrategyChosen;
        private NodeSegmentAllocator allocator;
        private Duration watchdogThreshold = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration rescueAfter = Duration.ofSeconds(2);
        private Consumer<String> log = notice -> Notices.sayOnce(System.Logger.Level.WARNING, notice);
        private Duration balancePeriod = Duration.ofMillis(100);
        private double balanceThreshold = 0.5;
        private int balancePeriods = 3;
        private int balanceCooldown = 20;
        private long balanceMinDeliveries = 10_000;
        private long stealAfter = 1 << 16;
        private boolean kernelRouting = true;
        private boolean invoker;
        private boolean counters;
        private java.nio.file.Path countersDirectory;
        private String countersName;
        private JournalConfig journal;
        private NetworkConfig network;

        private Builder(final Hierarchy hierarchy, final FailureSink failures)
        {
            this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
            this.failures = Objects.requireNonNull(failures, "failures");
        }

        /**
         * @param workers 1 to {@link #MAX_WORKERS} (default 1); more than the machine's cores works.
         * @return this builder.
         */
        public Builder workers(final int workers)
        {
            this.workers = workers;
            return this;
        }

        /**
         * @param plan where each worker runs, where its memory lives and (unless an idle strategy is set here) what
         *             it does when idle; null (default) runs unpinned.
         * @return this builder.
         */
        public Builder affinity(final AffinityPlan plan)
        {
            this.affinity = plan;
            return this;
        }

        /**
         * @param ringCapacity sequencer ring slots, a power of two (default 16384).
         * @return this builder.
         */
        public Builder ringCapacity(final int ringCapacity)
        {
            this.ringCapacity = ringCapacity;
            return this;
        }

        /**
         * @param stagingCapacity reactions a worker may hold waiting for ring space, a power of two (default 4096).
         * @return this builder.
         */
        public Builder stagingCapacity(final int stagingCapacity)
        {
            this.stagingCapacity = stagingCapacity;
            return this;
        }

        /**
         * @param maxPayload largest payload, bytes (default 4032).
         * @return this builder.
         */
        public Builder maxPayload(final int maxPayload)
        {
            this.maxPayload = maxPayload;
            return this;
        }

        /**
         * @param partitions most partitions (default 4 per worker); fewer when there are fewer responders.
         * @return this builder.
         */
        public Builder partitions(final int partitions)
        {
            this.partitions = partitions;
            return this;
        }

        /**
         * @param batch most messages a worker reads before releasing them (default 256).
         * @return this builder.
         */
        public Builder batch(final int batch)
        {
            this.batch = batch;
            return this;
        }

        /**
         * @param hopLimit relay hops along one path, 0 for none (default 50), as in single-threaded mode.
         * @return this builder.
         */
        public Builder hopLimit(final int hopLimit)
        {
            this.hopLimit = hopLimit;
            return this;
        }

        /**
         * @param maxNestingDepth longest chain of reactions (a message, a reaction to it, a reaction to that, ...),
         *                        1 to 1024 (default 32): the reaction that would be message number
         *                        {@code maxNestingDepth + 1} of a chain is refused with an exception in its responder,
         *                        as a single-threaded runtime refuses a send nested that deep.
         * @return this builder.
         */
        public Builder maxNestingDepth(final int maxNestingDepth)
        {
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /**
         * Strict mode, as single-threaded mode's: what can be checked at send (a lateral level without
         * {@code allowLateral}, {@code CUSTOM} without a predicate) throws {@code RoutingException} from the send,
         * nothing published; a hop-limit drop, found only while a worker routes the message, stops that message's
         * routing where it happens on every worker (the deliveries before it stand, as single-threaded) and is
         * reported to the failure sink as a {@code RoutingException}, once.
         *
         * @param strict whether drops are errors (default false: counted).
         * @return this builder.
         */
        public Builder strict(final boolean strict)
        {
            this.strict = strict;
            return this;
        }

        /**
         * Most distinct {@code Level.CUSTOM} predicates the dispatcher registers: a message carries its predicate's
         * id, not the object, and a registered predicate is kept, by identity, for the dispatcher's life. A send
         * with one more is refused with {@link IllegalStateException}.
         *
         * @param maxCustomFilters 1 to {@link MessageLayout#MAX_CUSTOM_FILTER_ID} (default
         *                         {@link #MAX_CUSTOM_FILTERS_DEFAULT}).
         * @return this builder.
         */
        public Builder maxCustomFilters(final int maxCustomFilters)
        {
            this.maxCustomFilters = maxCustomFilters;
            return this;
        }

        /**
         * @param idleStrategy makes each worker's idle strategy (default Agrona's backoff).
         * @return this builder.
         */
        public Builder idleStrategy(final Supplier<IdleStrategy> idleStrategy)
        {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            this.idleStrategyChosen = true;
            return this;
        }

        /**
         * @param config the affinity file's {@code [idle]} table, mapped by {@link IdleStrategies}; an affinity
         *               plan's own is used when neither idle strategy setter is called.
         * @return this builder.
         */
        public Builder idleStrategy(final io.quicksilver.numa.affinity.IdleStrategyConfig config)
        {
            return idleStrategy(IdleStrategies.supplier(config));
        }

        /**
         * @param allocator places ring and staging memory on the workers' nodes (default: on the affinity plan's
         *                  memory nodes through libnuma when a plan is set, else the operating system's placement).
         * @return this builder.
         */
        public Builder allocator(final NodeSegmentAllocator allocator)
        {
            this.allocator = Objects.requireNonNull(allocator, "allocator");
            return this;
        }

        /**
         * @param threshold how long a worker may stay on one message before the watchdog reports it (default 1 s).
         * @return this builder.
         */
        public Builder watchdogThreshold(final Duration threshold)
        {
            this.watchdogThreshold = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * @param threshold how long one responder call may last before its worker is replaced by a new thread and the
         *                  responder is skipped until the call returns (default 2 s); zero turns the rescue off, and a
         *                  stuck responder then stops the ring one lap later, as the class comment says.
         * @return this builder.
         */
        public Builder rescueAfter(final Duration threshold)
        {
            this.rescueAfter = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * @param timeout how long {@link #close()} waits for the workers, in all (default 5 s), and then again, at
         *                most, for the error handler to take its reports.
         * @return this builder.
         */
        public Builder closeTimeout(final Duration timeout)
        {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param log where one-time notices go, such as running unpinned while a plan places the workers (default
         *            {@link Notices#sayOnce} at WARNING; a {@code Quicksilver} runtime passes its notice handler).
         * @return this builder.
         */
        public Builder log(final Consumer<String> log)
        {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @param period how often the balancer looks at the load (default 100 ms); {@link Duration#ZERO} turns
         *               load-based repartitioning and work stealing off.
         * @return this builder.
         */
        public Builder balancePeriod(final Duration period)
        {
            this.balancePeriod = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Hysteresis of load-based repartitioning: a partition moves when the spread between the heaviest and the
         * lightest worker exceeds {@code threshold} times the mean worker load for {@code periods} periods in a row,
         * each with at least {@code minDeliveries} deliveries; a moved partition then stays put for
         * {@code cooldown} periods.
         *
         * @param threshold     spread over mean load, positive (default 0.5).
         * @param periods       consecutive imbalanced periods, at least 1 (default 3).
         * @param cooldown      periods a moved partition stays, not negative (default 20).
         * @param minDeliveries deliveries in a period below which load is ignored (default 10,000).
         * @return this builder.
         */
        public Builder balanceHysteresis(
            final double threshold, final int periods, final int cooldown, final long minDeliveries)
        {
            this.balanceThreshold = threshold;
            this.balancePeriods = periods;
            this.balanceCooldown = cooldown;
            this.balanceMinDeliveries = minDeliveries;
            return this;
        }

        /**
         * @param messages messages a worker reads in a row without delivering any before it asks the balancer for a
         *                 partition (default 65,536); 0 never asks.
         * @return this builder.
         */
        public Builder stealAfter(final long messages)
        {
            this.stealAfter = messages;
            return this;
        }

        /**
         * @param kernelRouting route {@code SELF_AND_CHILDREN} messages from tree-shaped subtrees with the simd
         *                      kernel ({@code RoutingKernels.best()}, so {@code -Dquicksilver.simd=scalar} picks its
         *                      scalar twin), in batches, over the responders each worker owns (default true); false
         *                      routes every message with the scalar walk.
         * @return this builder.
         */
        public Builder kernelRouting(final boolean kernelRouting)
        {
            this.kernelRouting = kernelRouting;
            return this;
        }

        /**
         * @param invoker true to start no threads at all (no workers, watchdog or balancer): the caller runs each
         *                worker with {@link ParallelDispatcher#invoke(int)}, and balances, if at all, itself. For
         *                deterministic tests, concurrency tests that must own the threads, and embedding in an
         *                existing event loop. Default false. Workers are not pinned.
         * @return this builder.
         */
        public Builder invoker(final boolean invoker)
        {
            this.invoker = invoker;
            return this;
        }

        /**
         * @param counters true to publish live counters in a memory-mapped file that {@code ./quicksilver stat}
         *                 reads (docs/counters.md); default false here, true in {@code Quicksilver.parallel()}.
         * @return this builder.
         */
        public Builder counters(final boolean counters)
        {
            this.counters = counters;
            return this;
        }

        /**
         * @param directory where the counters file goes; null (default) for {@code /dev/shm/quicksilver-<user>}.
         * @return this builder.
         */
        public Builder countersDirectory(final java.nio.file.Path directory)
        {
            this.countersDirectory = directory;
            return this;
        }

        /**
         * @param name the runtime's name in its counters file's name ({@code <pid>-<name>.counters}): letters,
         *             digits, '-', '_', '.'; null (default) for the next number in this JVM.
         * @return this builder.
         */
        public Builder countersName(final String name)
        {
            this.countersName = name;
            return this;
        }

        /**
         * @param journal append every ring message to this journal (docs/journal.md), or null for none (the
         *                default).
         * @return this builder.
         */
        public Builder journal(final JournalConfig journal)
        {
            this.journal = journal;
            return this;
        }

        /**
         * @param network join a network of peers over Aeron (docs/network.md), or null for none (the default).
         * @return this builder.
         */
        public Builder network(final NetworkConfig network)
        {
            this.network = network;
            return this;
        }

        /**
         * Validate and start the workers.
         *
         * @return the running dispatcher; close it.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public ParallelDispatcher build()
        {
            if (workers < 1 || workers > MAX_WORKERS)
            {
                throw new IllegalArgumentException("workers must be in [1, " + MAX_WORKERS + "]: workers=" + workers);
            }
            MessageLayout.checkCapacity(ringCapacity);
            if (ringCapacity < 2)
            {
                throw new IllegalArgumentException("ringCapacity must be at least 2: ringCapacity=" + ringCapacity);
            }
            StagingBuffer.checkCapacity(stagingCapacity);
            MessageLayout.checkMaxPayload(maxPayload);
            if (!idleStrategyChosen && affinity != null)
            {
                idleStrategy = IdleStrategies.supplier(affinity.idle());
            }
            if (partitions == -1)
            {
                partitions = 4 * workers;
            }
            if (partitions < 1)
            {
                throw new IllegalArgumentException("partitions must be positive: partitions=" + partitions);
            }
            if (batch < 1)
            {
                throw new IllegalArgumentException("batch must be positive: batch=" + batch);
            }
            if (hopLimit < 0 || hopLimit > Short.MAX_VALUE)
            {
                throw new IllegalArgumentException(
                    "hopLimit must be in [0, " + Short.MAX_VALUE + "] (0 = off): hopLimit=" + hopLimit);
            }
            if (maxNestingDepth < 1 || maxNestingDepth > 1024)
            {
                throw new IllegalArgumentException(
                    "maxNestingDepth must be in [1, 1024]: maxNestingDepth=" + maxNestingDepth);
            }
            CustomFilters.checkCapacity(maxCustomFilters);
            if (watchdogThreshold.isNegative() || watchdogThreshold.isZero())
            {
                throw new IllegalArgumentException("watchdogThreshold must be positive: watchdogThreshold=" +
                    watchdogThreshold);
            }
            if (balancePeriod.isNegative())
            {
                throw new IllegalArgumentException("balancePeriod must not be negative: balancePeriod=" + balancePeriod);
            }
            if (stealAfter < 0)
            {
                throw new IllegalArgumentException("stealAfter must not be negative: stealAfter=" + stealAfter);
            }
            new LoadBalancer(balanceThreshold, balancePeriods, balanceCooldown, balanceMinDeliveries);
            if (rescueAfter.isNegative())
            {
                throw new IllegalArgumentException("rescueAfter must not be negative (zero turns rescue off): " +
                    "rescueAfter=" + rescueAfter);
            }
            if (closeTimeout.isNegative())
            {
                throw new IllegalArgumentException("closeTimeout must not be negative: closeTimeout=" + closeTimeout);
            }
            if (countersName != null)
            {
                io.quicksilver.runtime.counters.CountersLayout.checkName(countersName);
            }
            if (journal != null && invoker)
            {
                throw new IllegalArgumentException("a journal needs the journaller's own thread, and an invoker " +
                    "dispatcher starts none: journal=" + journal.directory());
            }
            if (network != null && invoker)
            {
                throw new IllegalArgumentException("a network needs its own egress and ingress threads, and an " +
                    "invoker dispatcher starts none: network=" + network.name());
            }
            return new ParallelDispatcher(this);
        }
    }
}
