package io.quicksilver.runtime.parallel;

import io.quicksilver.Responder;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import io.quicksilver.runtime.jfr.HotPathEvents;
import io.quicksilver.runtime.jfr.QuicksilverEvents;
import io.quicksilver.runtime.jfr.ResponderLookup;
import io.quicksilver.runtime.message.CheckedMode;
import io.quicksilver.runtime.message.MessageFilters;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.message.MessageView;
import io.quicksilver.runtime.ring.MultiProducerRing;
import io.quicksilver.runtime.ring.RingConsumer;
import io.quicksilver.runtime.ring.Sequence;
import io.quicksilver.simd.DeliveryBits;
import io.quicksilver.simd.MessageBatch;
import io.quicksilver.simd.RoutingKernel;
import org.agrona.concurrent.Agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One worker: a gating consumer of the sequencer ring that reads every message in sequence order, routes it, and
 * calls only the responders of the partitions it owns.
 * <p>
 * <b>Hand-over.</b> A layout installed at sequence {@code s} that gives this worker responders another worker owned
 * makes it wait, before delivering anything after {@code s}, until each giver's consumer sequence is at least
 * {@code s - 1} (the giver has delivered everything before {@code s}); and it holds back its staged reactions caused
 * after {@code s} until each giver has published every reaction caused before {@code s}. The first keeps each
 * responder single-threaded and its input FIFO across the move; the second keeps its output FIFO. Neither wait can
 * close a cycle: a worker only ever waits for others to reach a point strictly before where it waits, and a waiting
 * worker keeps releasing the ring up to its barrier.
 * <p>
 * <b>Reactions</b> go to the worker's staging buffer and are copied into the ring after the batch that caused them
 * is released, so a worker never waits for the ring it gates.
 * <p>
 * <b>Rescue.</b> A worker whose thread the watchdog finds stuck in one responder call for longer than the rescue
 * threshold is replaced by a new worker on a new thread ({@link ParallelDispatcher}'s {@code replaceStuckWorker}): the
 * new one takes over the ring consumer's place, the staging buffer and every table, and goes on from the stuck message,
 * delivering it to the responders after the stuck one; the stuck responder is skipped by every worker until its call
 * returns. Nothing of this is on the delivery path: the watchdog marks the worker {@link #REPLACED} and puts a stub
 * that throws {@link Replaced} in every entry of the worker's own handler array, so the old thread's next responder
 * call, and its next reaction, layout or batch (one opaque load each), ends it and records exactly where it stopped;
 * the replacement starts from that point, or, when the old thread stays inside one call for a settle period after the
 * stubs are in place, from just after that call.
 * <p>
 * <b>JFR.</b> Each pass of {@link #doWork()} over a run of messages is one {@code DispatchBatch}, each responder call
 * one {@code SlowResponder} timing, through the worker's own {@link HotPathEvents}; while they are off that is a
 * branch or two per batch and per call, and the responder's name and depth-first index are looked up only for a
 * recorded call ({@link ResponderLookup}).
 */
final class Worker implements Agent, RecipientSink, KernelRoutes.IntervalSink, ResponderLookup
{
    /** Messages evaluated together by the routing kernel. */
    static final int KERNEL_BATCH = 64;

    /** Value of {@link #lvBusySequence()} while the worker is between messages. */
    static final long IDLE = -1L;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HANDLERS = MethodHandles.arrayElementVarHandle(Responder[].class);

    /** {@link #rescueState}: the thread delivers as usual. */
    static final long RUNNING = 0;
    /** {@link #rescueState}: replaced; the thread must not touch the ring, the staging or any responder again. */
    static final long REPLACED = 1;

    /** Where a replaced thread stopped: before message {@code stopSequence}, nothing of it delivered. */
    static final int STOP_BEFORE_MESSAGE = 1;
    /** Where a replaced thread stopped: at {@code stopResponder} of {@code stopSequence}, which it did not call. */
    static final int STOP_AT_RESPONDER = 2;
    /** Where a replaced thread stopped: inside the call of {@code stopResponder} for {@code stopSequence}. */
    static final int STOP_IN_RESPONDER = 3;

    private final ParallelDispatcher dispatcher;
    private final int index;
    private final MultiProducerRing ring;
    private final RingConsumer consumer;
    private final Router router;
    private final StagingBuffer staging;
    private final ReactionProducer reactions;
    private final int batchLimit;
    private final int publishLimit;
    private final long stealAfter;
    private final int hopLimit;
    private final RoutingKernel kernel;
    private final HotPathEvents events;
    private final MessageBatch kernelBatch = new MessageBatch(KERNEL_BATCH);
    private final long[] kernelSequence = new long[KERNEL_BATCH];
    private KernelRoutes routes;
    private int[] dfsOrder = new int[0];
    private int rangeCount;
    private int[] rangeFrom = new int[0];
    private int[] rangeTo = new int[0];
    private int[] rangeWords = new int[0];
    private int[] rangeOffset = new int[0];
    private long[] kernelOut = new long[0];
    private int kernelMessage;
    private long kernelMessages;

    private final Sequence drainedThrough = new Sequence(-1);
    private final Sequence busySequence = new Sequence(IDLE);
    private final Sequence busyResponder = new Sequence(-1);
    private final Sequence deliveryCount = new Sequence(0);
    private final Sequence errorCount = new Sequence(0);
    private final Sequence stealRequest = new Sequence(0);
    private final Sequence kernelCount = new Sequence(0);
    private final Sequence hopDropCount = new Sequence(0);
    private final Sequence rescueState = new Sequence(RUNNING);
    // Counters (issue 14): batches published with the batch's other counts, idle polls from the idle path only.
    private final Sequence batchCount = new Sequence(0);
    private final Sequence idlePollCount = new Sequence(0);
    private long batches;
    private long idlePolls;
    private final QuarantineSkip quarantineSkip = new QuarantineSkip();
    private final ResumeSink resumeSink = new ResumeSink();
    private long quarantineEpoch;
    /** A replacement's first message, delivered from {@link #resumeFrom} on (see {@link ResumeSink}); or IDLE. */
    private long resumeSequence = IDLE;
    private int resumeFrom = -1;
    private boolean resumeInclusive;
    private volatile int stopKind;
    private long stopSequence;
    private int stopResponder;
    private volatile Responder stuckHandler;
    private volatile boolean threadEnded;
    private volatile long stuckSince;
    private volatile Thread invokingThread;
    private volatile LoadCounts loadCounts = new LoadCounts(-1, 0);

    private Layout layout;
    private int[] responderOwner = new int[0];
    private int[] responderPartition = new int[0];
    private long[] partitionDeliveries = new long[0];
    private long publishedDeliveries;
    private long idleStreak;
    private Responder[] handlers = new Responder[0];
    private byte[] responderFlags = new byte[0];
    private RoutingSnapshot snapshot;

    private long deliveryWaitSequence;
    private long deliveryWaitMask;
    private long[] barrierSequence = new long[4];
    private long[] barrierMask = new long[4];
    private int barrierHead;
    private int barrierTail;

    private MessageView currentView;
    /** The slot's handled flag as read when the current message's deliveries began (see {@link #deliver}). */
    private boolean currentHandled;
    private int currentSender;
    private int currentReactionDepth;
    private long currentSequence = IDLE;
    private int currentMethod;
    private long deliveries;
    private long errors;

    Worker(
        final ParallelDispatcher dispatcher,
        final int index,
        final MultiProducerRing ring,
        final StagingBuffer staging,
        final int batchLimit,
        final int hopLimit,
        final long stealAfter,
        final RoutingKernel kernel)
    {
        this(dispatcher, index, ring, ring.consumer(index), staging, batchLimit, hopLimit, stealAfter, kernel);
    }

    private Worker(
        final ParallelDispatcher dispatcher,
        final int index,
        final MultiProducerRing ring,
        final RingConsumer consumer,
        final StagingBuffer staging,
        final int batchLimit,
        final int hopLimit,
        final long stealAfter,
        final RoutingKernel kernel)
    {
        this.dispatcher = dispatcher;
        this.index = index;
        this.ring = ring;
        this.consumer = consumer;
        this.router = new Router(dispatcher, index, hopLimit);
        this.staging = staging;
        this.reactions = new ReactionProducer(dispatcher, this, staging);
        this.batchLimit = batchLimit;
        this.publishLimit = Math.min(64, ring.capacity());
        this.stealAfter = stealAfter;
        this.hopLimit = hopLimit;
        this.kernel = kernel;
        this.events = new HotPathEvents(index);
    }

    int index()
    {
        return index;
    }

    // ------------------------------------------------------------------------------------------------ rescue

    /**
     * One opaque load, on the paths of a replaced thread that responder calls do not cover: before each reaction,
     * each layout install and each batch. The calls themselves are covered by the stubs the watchdog puts in the
     * handler array, so the delivery loop pays nothing.
     */
    void checkRescue()
    {
        checkRescueBefore(consumer.nextSequence());
    }

    /** A reaction refused because its thread was replaced while the responder ran: the call is still in progress. */
    void checkRescueInCall()
    {
        if (rescueState.getOpaque() != RUNNING)
        {
            stopped(STOP_IN_RESPONDER, currentSequence, (int)busyResponder.getPlain());
        }
    }

    /** Install layouts at {@code sequence}: a replaced thread stops before it. */
    private void checkRescueBefore(final long sequence)
    {
        if (rescueState.getOpaque() != RUNNING)
        {
            stopped(STOP_BEFORE_MESSAGE, sequence, -1);
        }
    }

    private void stopped(final int kind, final long sequence, final int responder)
    {
        if (stopKind == 0)
        {
            stopSequence = sequence;
            stopResponder = responder;
            stopKind = kind;
        }
        throw Replaced.INSTANCE;
    }

    /**
     * Watchdog: mark this worker replaced and stub every entry of its handler array, so its thread stops at its next
     * call or check; false if it was already.
     */
    boolean markReplaced()
    {
        if (!rescueState.compareAndSet(RUNNING, REPLACED))
        {
            return false;
        }
        final Responder[] handlers = this.handlers;
        final Responder stub = new ReplacedStub();
        for (int i = 0; i < handlers.length; i++)
        {
            HANDLERS.setRelease(handlers, i, stub);
        }
        VarHandle.fullFence();
        return true;
    }

    /** @return how the replaced thread recorded its stop ({@code STOP_*}), 0 while it has not. */
    int lvStopKind()
    {
        return stopKind;
    }

    /** Valid once {@link #lvStopKind()} is not 0 (its volatile read orders these). */
    long stopSequence()
    {
        return stopSequence;
    }

    int stopResponder()
    {
        return stopResponder;
    }

    long lvRescueState()
    {
        return rescueState.getVolatile();
    }

    /** Set by the watchdog on the replaced worker: what its thread was stuck in, and since when it was replaced. */
    void stuckResponder(final Responder handler, final long since)
    {
        stuckHandler = handler;
        stuckSince = since;
    }

    Responder stuckHandler()
    {
        return stuckHandler;
    }

    boolean threadEnded()
    {
        return threadEnded;
    }

    void threadEnded(final boolean ended)
    {
        threadEnded = ended;
    }

    StagingBuffer staging()
    {
        return staging;
    }

    long stuckSince()
    {
        return stuckSince;
    }

    /**
     * The worker that goes on in this one's place, on a new thread, from message {@code sequence}: it delivers that
     * message to the responders from {@code responder} on ({@code inclusive}) or after it (the stuck one), or the
     * whole message when {@code responder} is -1, then the rest as this one would have. Built by the watchdog once
     * this worker is {@link #REPLACED}; this worker's tables are read as its thread left them (its last release store,
     * to {@code busyResponder}, before the stuck call, is what the watchdog's acquire load synchronised with).
     *
     * @param consumer the ring consumer that replaces this one's, positioned after {@code sequence - 1}.
     * @param staging  the replacement's own staging buffer, holding this one's committed reactions
     *                 ({@link StagingBuffer#takeOver}): this worker's thread may still be writing an entry into its own.
     */
    Worker replacement(
        final RingConsumer consumer,
        final long sequence,
        final int responder,
        final boolean inclusive,
        final StagingBuffer staging)
    {
        final Worker next = new Worker(dispatcher, index, ring, consumer, staging, batchLimit, hopLimit, stealAfter,
            kernel);
        next.snapshot = snapshot;
        next.router.install(snapshot);
        next.router.seedHopLimitDrops(router.hopLimitDrops());
        next.responderFlags = responderFlags;
        next.layout = layout;
        next.responderOwner = responderOwner;
        next.responderPartition = responderPartition;
        next.partitionDeliveries = partitionDeliveries.clone();
        next.loadCounts = new LoadCounts(loadCounts.geometry, loadCounts.partitions());
        next.publishLoad();
        if (kernel != null && layout != null)
        {
            next.installRanges(layout);
        }
        next.barrierSequence = Arrays.copyOfRange(barrierSequence, barrierHead, Math.max(barrierTail, barrierHead + 1));
        next.barrierMask = Arrays.copyOfRange(barrierMask, barrierHead, Math.max(barrierTail, barrierHead + 1));
        next.barrierHead = 0;
        next.barrierTail = barrierTail - barrierHead;
        next.deliveries = deliveries;
        next.publishedDeliveries = deliveries;
        next.errors = errors;
        next.kernelMessages = kernelMessages;
        next.deliveryCount.setPlain(deliveryCount.getOpaque());
        next.errorCount.setPlain(errors);
        next.kernelCount.setPlain(kernelMessages);
        next.batches = batches;
        next.idlePolls = idlePolls;
        next.batchCount.setPlain(batches);
        next.idlePollCount.setPlain(idlePolls);
        next.drainedThrough.setPlain(drainedThrough.getOpaque());
        next.quarantineSkip.skipped.setPlain(quarantineSkip.skipped.getOpaque());
        next.resumeSequence = responder < 0 ? IDLE : sequence;
        next.resumeFrom = responder;
        next.resumeInclusive = inclusive;
        next.installHandlers();
        return next;
    }

    /**
     * The handlers of the installed snapshot with every responder the dispatcher holds as stuck replaced by a skip
     * (cold path: on a new snapshot and when the set of stuck responders changes).
     */
    private void installHandlers()
    {
        quarantineEpoch = dispatcher.quarantineEpoch();
        handlers = snapshot == null ? new Responder[0] : dispatcher.handlersFor(snapshot.handlers(), quarantineSkip);
    }

    /**
     * @return messages not delivered by this worker to a responder held as stuck.
     */
    long lvStuckSkips()
    {
        return quarantineSkip.skipped.getOpaque();
    }

    Thread invokingThread()
    {
        return invokingThread;
    }

    void invokingThread(final Thread thread)
    {
        invokingThread = thread;
    }

    ReactionProducer reactions()
    {
        return reactions;
    }

    boolean isHandling()
    {
        return currentSequence != IDLE;
    }

    int currentReactionDepth()
    {
        return currentReactionDepth;
    }

    int currentSender()
    {
        return currentSender;
    }

    long currentSequence()
    {
        return currentSequence;
    }

    long lvConsumerSequence()
    {
        return consumer.lvSequence();
    }

    long lvDrainedThrough()
    {
        return drainedThrough.getAcquire();
    }

    long lvBusySequence()
    {
        return busySequence.getOpaque();
    }

    int lvBusyResponder()
    {
        return (int)busyResponder.getOpaque();
    }

    long lvStaged()
    {
        return staging.lvSize();
    }

    long lvDeliveries()
    {
        return deliveryCount.getOpaque();
    }

    long lvErrors()
    {
        return errorCount.getOpaque();
    }

    /**
     * @return messages this worker routed with the simd kernel (the rest took the scalar walk).
     */
    long lvKernelMessages()
    {
        return kernelCount.getOpaque();
    }

    /**
     * @return batches this worker has taken from the ring, as of its last one.
     */
    long lvBatches()
    {
        return batchCount.getOpaque();
    }

    /**
     * @return polls of the ring that found nothing to read.
     */
    long lvIdlePolls()
    {
        return idlePollCount.getOpaque();
    }

    /**
     * @return node entries this worker's walk dropped at the hop limit, as of its last batch.
     */
    long lvHopLimitDrops()
    {
        return hopDropCount.getOpaque();
    }

    RoutingSnapshot snapshot()
    {
        return snapshot;
    }

    /**
     * @return this worker's deliveries per partition since the partitions were last cut, as of its last batch.
     */
    LoadCounts loadCounts()
    {
        return loadCounts;
    }

    /**
     * Take this worker's request for work, if it made one.
     *
     * @return true if it had asked since the last call.
     */
    boolean takeStealRequest()
    {
        return stealRequest.getOpaque() != 0 && stealRequest.compareAndSet(1, 0);
    }

    @Override
    public String roleName()
    {
        return "quicksilver-worker-" + index;
    }

    @Override
    public int doWork()
    {
        int work = publishStaged();
        if (deliveryWaitMask != 0)
        {
            if (!othersConsumedThrough(deliveryWaitSequence - 1, deliveryWaitMask))
            {
                return work;
            }
            deliveryWaitMask = 0;
        }
        // After the hand-over wait: a responder gained from a worker that was replaced must be seen as stuck here
        // before its first call, and that worker's progress, which ended the wait, came after it was marked so.
        if (quarantineEpoch != dispatcher.quarantineEpoch())
        {
            installHandlers();
        }
        if (resumeSequence != IDLE)
        {
            work += resume();
        }

        final RingConsumer consumer = this.consumer;
        final long first = consumer.nextSequence();
        final long available = consumer.peekAvailable(batchLimit);
        if (available < first)
        {
            idlePollCount.setRelease(++idlePolls);
            updateDrained();
            return work;
        }

        final HotPathEvents events = this.events;
        final long deliveriesBefore = deliveries;
        events.beginBatch();
        long sequence = first;
        try
        {
            while (sequence <= available)
            {
                final MessageView view = consumer.view(sequence);
                final int sender = view.senderNodeId();
                if (sender == ParallelDispatcher.CONTROL_SENDER)
                {
                    install(sequence);
                    sequence++;
                    if (deliveryWaitMask != 0)
                    {
                        break;
                    }
                    continue;
                }
                if (kernel != null && routesByKernel(view, sender))
                {
                    sequence = dispatchByKernel(sequence, available);
                    continue;
                }
                if (skipsSelfMessage(view, sender))
                {
                    sequence++;
                    continue;
                }
                busySequence.setRelease(sequence);
                dispatch(sequence, view, sender);
                sequence++;
            }
        }
        catch (final Replaced e)
        {
            // This thread was replaced: its replacement owns the consumer's place and the staging now.
            throw e;
        }
        catch (final RuntimeException | Error e)
        {
            // The runtime's own failure (a responder's is caught in onRecipient): the message it threw on counts
            // as consumed, so it cannot wedge the ring; in a kernel batch that is the message being delivered.
            final long failed = Math.max(sequence, busySequence.getPlain());
            busySequence.setRelease(IDLE);
            events.endBatch(first, (int)(failed - first + 1), (int)(deliveries - deliveriesBefore));
            consumer.release(failed);
            throw e;
        }
        busySequence.setRelease(IDLE);
        events.endBatch(first, (int)(sequence - first), (int)(deliveries - deliveriesBefore));
        // Counts and requests before the release, so whoever sees this batch consumed (flush) sees them too.
        deliveryCount.setRelease(deliveries - quarantineSkip.skipped.getPlain());
        kernelCount.setRelease(kernelMessages);
        hopDropCount.setRelease(router.hopLimitDrops());
        batchCount.setRelease(++batches);
        if (deliveries != publishedDeliveries)
        {
            publishLoad();
            idleStreak = 0;
        }
        else if (stealAfter > 0 && (idleStreak += sequence - first) >= stealAfter)
        {
            // Reading messages and delivering none: ask the balancer for a partition.
            idleStreak = 0;
            stealRequest.setRelease(1);
        }
        consumer.release(sequence - 1);
        work += (int)(sequence - first);
        work += publishStaged();
        updateDrained();
        return work;
    }

    private void dispatch(final long sequence, final MessageView view, final int sender)
    {
        dispatch(sequence, view, sender, this);
    }

    /**
     * A replacement's first message: the one its predecessor was stuck on, delivered to the responders after the
     * stuck one (the walk's order is the order the predecessor delivered in, kernel or not).
     */
    private int resume()
    {
        final long sequence = resumeSequence;
        resumeSequence = IDLE;
        if (consumer.peekAvailable(1) < sequence)
        {
            throw new IllegalStateException("a replacement's first message is not readable: sequence=" + sequence +
                ", worker=" + index);
        }
        final MessageView view = consumer.view(sequence);
        // The kernel path counts a message's calls once it is done with it, so a predecessor stopped inside one left
        // the calls it made uncounted: counted here, from the same routing order.
        final boolean countServed = kernel != null && routesByKernel(view, view.senderNodeId());
        resumeSink.passed = false;
        resumeSink.served = 0;
        busySequence.setRelease(sequence);
        try
        {
            dispatch(sequence, view, view.senderNodeId(), resumeSink);
        }
        finally
        {
            busySequence.setRelease(IDLE);
            consumer.release(sequence);
        }
        if (countServed)
        {
            deliveries += resumeSink.served;
        }
        deliveryCount.setRelease(deliveries - quarantineSkip.skipped.getPlain());
        return 1;
    }

    private void dispatch(final long sequence, final MessageView view, final int sender, final RecipientSink sink)
    {
        if (view.networkFilter() == MessageFilters.NETWORK_REMOTE)
        {
            // In the ring for the network's egress (docs/network.md): remote peers only, never delivered here.
            return;
        }
        if (sender < 0 || sender >= router.nodeCount())
        {
            if (sender != ParallelDispatcher.SKIP_SENDER)
            {
                dispatcher.reportBadMessage(index, sequence, sender);
            }
            return;
        }
        busyResponder.setRelease(-1);
        currentView = view;
        currentSender = sender;
        currentSequence = sequence;
        currentMethod = view.method();
        final int flags = view.flags();
        currentHandled = (flags & MessageLayout.FLAG_HANDLED) != 0;
        currentReactionDepth = flags >>> MessageLayout.REACTION_DEPTH_SHIFT;
        try
        {
            router.route(
                sender,
                view.levelFilter(),
                view.tagMask(),
                view.activeFilter() == MessageFilters.ACTIVE_ONLY,
                view.selectedFilter() == MessageFilters.SELECTED_ONLY,
                (flags & MessageLayout.CUSTOM_FILTER_MASK) >>> MessageLayout.CUSTOM_FILTER_SHIFT,
                currentMethod,
                sink);
        }
        finally
        {
            currentView = null;
            currentSequence = IDLE;
            if (CheckedMode.ENABLED)
            {
                // Checked mode: the view is dead once its message is delivered, not only when the batch is released.
                view.release();
            }
        }
    }

    private boolean routesByKernel(final MessageView view, final int sender)
    {
        // Exactly SELF_AND_CHILDREN: a message with any other bit (CUSTOM's predicate included) takes the walk.
        return view.levelFilter() == io.quicksilver.Level.SELF_AND_CHILDREN &&
            view.networkFilter() != MessageFilters.NETWORK_REMOTE && sender >= 0 &&
            sender < router.nodeCount() && routes.routesByInterval(sender, hopLimit);
    }

    /**
     * Route a run of consecutive kernel-routable messages from {@code first}, at most {@link #KERNEL_BATCH}: one
     * kernel call per owned range for the whole run, then, message by message in sequence order, the closed gates
     * cleared and the remaining responders called in depth-first order (the walk's order for such a message).
     *
     * @return the sequence after the run.
     */
    private long dispatchByKernel(final long first, final long available)
    {
        final RingConsumer consumer = this.consumer;
        final MessageBatch batch = kernelBatch;
        final KernelRoutes routes = this.routes;
        batch.clear();
        int n = 0;
        int skipped = 0;
        long sequence = first;
        while (sequence <= available && n < KERNEL_BATCH)
        {
            final MessageView view = consumer.view(sequence);
            final int sender = view.senderNodeId();
            if (sender == ParallelDispatcher.CONTROL_SENDER || !routesByKernel(view, sender))
            {
                break;
            }
            if (!ownsPartOf(routes.from[sender], routes.to[sender]))
            {
                // None of this worker's responders is in the sender's interval: nothing to evaluate, deliver or
                // clear, so the message costs this worker its header read only (most of a unicast's W - 1 workers).
                skipped++;
                sequence++;
                continue;
            }
            batch.add(view.tagMask(),
                (view.activeFilter() == MessageFilters.ACTIVE_ONLY ? MessageBatch.ACTIVE_ONLY : 0) |
                (view.selectedFilter() == MessageFilters.SELECTED_ONLY ? MessageBatch.SELECTED_ONLY : 0),
                routes.from[sender], routes.to[sender]);
            kernelSequence[n++] = sequence++;
        }
        for (int r = 0; r < rangeCount; r++)
        {
            kernel.evaluate(routes.table, rangeFrom[r], rangeTo[r], batch, kernelOut, rangeOffset[r]);
        }
        kernelMessages += n + skipped;
        // The delivery loop holds the worker's tables in locals: a responder's inlined body and the watchdog's release
        // store would otherwise make the compiler reload each of them per call. Partition load is added once per
        // partition a message reaches, not per call. Measured by SceneDeliveryCostBenchmark.
        final long[] out = kernelOut;
        final int[] order = dfsOrder;
        final Responder[] handlers = this.handlers;
        final byte[] flags = responderFlags;
        final int[] partitionStart = layout.partitionStart;
        final int[] partitionOf = responderPartition;
        final long[] perPartition = partitionDeliveries;
        final Sequence busy = busyResponder;
        final HotPathEvents events = this.events;
        for (int m = 0; m < n; m++)
        {
            final long s = kernelSequence[m];
            final MessageView view = consumer.view(s);
            final int sender = view.senderNodeId();
            busySequence.setRelease(s);
            busy.setRelease(-1);
            kernelMessage = m;
            routes.forEachClosed(sender, view.tagMask(), view.activeFilter() == MessageFilters.ACTIVE_ONLY,
                view.selectedFilter() == MessageFilters.SELECTED_ONLY, this);
            final int messageFlags = view.flags();
            final boolean handled = (messageFlags & MessageLayout.FLAG_HANDLED) != 0;
            currentReactionDepth = messageFlags >>> MessageLayout.REACTION_DEPTH_SHIFT;
            final int method = view.method();
            currentView = view;
            currentSender = sender;
            currentSequence = s;
            currentMethod = method;
            currentHandled = handled;
            long called = 0;
            try
            {
                for (int r = 0; r < rangeCount; r++)
                {
                    final int words = rangeWords[r];
                    final int offset = rangeOffset[r] + m * words;
                    final int base = rangeFrom[r];
                    int partition = 0;
                    int partitionEnd = Integer.MIN_VALUE;
                    long calledInPartition = 0;
                    try
                    {
                        // Word by word, lowest set bit first: depth-first order within the range.
                        for (int w = 0; w < words; w++)
                        {
                            long word = out[offset + w];
                            while (word != 0)
                            {
                                final int position = base + w * Long.SIZE + Long.numberOfTrailingZeros(word);
                                word &= word - 1;
                                if (position >= partitionEnd)
                                {
                                    perPartition[partition] += calledInPartition;
                                    called += calledInPartition;
                                    calledInPartition = 0;
                                    partition = partitionOf[order[position]];
                                    partitionEnd = partitionStart[partition + 1];
                                }
                                final int responder = order[position];
                                // As in deliver: the slot's flag read once per message, own marks seen through the
                                // view.
                                if ((handled || view.markedHandledSinceBind()) &&
                                    (flags[responder] & RoutingSnapshot.RECEIVES_HANDLED) == 0)
                                {
                                    continue;
                                }
                                busy.setRelease(responder);
                                calledInPartition++;
                                call(events, handlers[responder], view, responder, s, method);
                            }
                        }
                    }
                    finally
                    {
                        perPartition[partition] += calledInPartition;
                        called += calledInPartition;
                    }
                }
            }
            finally
            {
                deliveries += called;
                currentView = null;
                currentSequence = IDLE;
                if (CheckedMode.ENABLED)
                {
                    view.release();
                }
            }
        }
        return sequence;
    }

    /**
     * A {@code SELF} message reaches only its sender's own responders: a worker none of whose ranges meets their span
     * has nothing to deliver, and skips the walk (unicast to one node: every worker but its owner).
     */
    private boolean skipsSelfMessage(final MessageView view, final int sender)
    {
        final KernelRoutes routes = this.routes;
        return routes != null && view.levelFilter() == io.quicksilver.Level.SELF && sender >= 0 &&
            sender < routes.ownFrom.length && !ownsPartOf(routes.ownFrom[sender], routes.ownTo[sender]);
    }

    /**
     * @return true when a responder position in {@code [from, to)} is in one of this worker's ranges.
     */
    private boolean ownsPartOf(final int from, final int to)
    {
        final int[] rangeFrom = this.rangeFrom;
        final int[] rangeTo = this.rangeTo;
        for (int r = 0, count = rangeCount; r < count; r++)
        {
            if (from < rangeTo[r] && rangeFrom[r] < to)
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void closed(final int from, final int to)
    {
        final int m = kernelMessage;
        for (int r = 0; r < rangeCount; r++)
        {
            final int lo = Math.max(from, rangeFrom[r]);
            final int hi = Math.min(to, rangeTo[r]);
            if (lo < hi)
            {
                final int words = rangeWords[r];
                DeliveryBits.clear(kernelOut, rangeOffset[r] + m * words, words, lo - rangeFrom[r], hi - rangeFrom[r]);
            }
        }
    }

    @Override
    public boolean owns(final int responder)
    {
        return responderOwner[responder] == index;
    }

    @Override
    public void onRecipient(final int responder)
    {
        if (responderOwner[responder] != index)
        {
            return;
        }
        deliver(responder);
    }

    private void deliver(final int responder)
    {
        final MessageView view = currentView;
        // The slot's flag is read once per message; a mark by a responder of this worker since then is seen through
        // the view. A mark by another worker after that read is missed, as semantics.md allows across partitions.
        if ((responderFlags[responder] & RoutingSnapshot.RECEIVES_HANDLED) == 0 &&
            (currentHandled || view.markedHandledSinceBind()))
        {
            return;
        }
        busyResponder.setRelease(responder);
        deliveries++;
        partitionDeliveries[responderPartition[responder]]++;
        call(events, handlers[responder], view, responder, currentSequence, currentMethod);
    }

    /** One responder call, timed when SlowResponder samples it; a throw is counted and reported, not propagated. */
    private void call(
        final HotPathEvents events, final Responder handler, final MessageView view, final int responder,
        final long sequence, final int method)
    {
        events.beginResponder();
        try
        {
            handler.onMessage(view);
        }
        catch (final Throwable t)
        {
            failed(events, responder, sequence, method, t);
            return;
        }
        events.endResponder(this, responder, sequence, method);
    }

    private void failed(
        final HotPathEvents events, final int responder, final long sequence, final int method, final Throwable t)
    {
        if (t instanceof Replaced)
        {
            // The stub of a replaced worker, or a reaction refused because this thread was replaced while the
            // responder ran: not the responder's failure.
            throw (Replaced)t;
        }
        events.endResponder(this, responder, sequence, method);
        responderFailed(responder, t);
    }

    private void responderFailed(final int responder, final Throwable t)
    {
        // A reaction the responder started and did not finish (its payload threw, or the stack overflowed in the
        // send) is not staged: settle it here, so the next reaction starts clean.
        reactions.abandon();
        errors++;
        errorCount.setRelease(errors);
        if (QuicksilverEvents.isResponderFailedEnabled())
        {
            QuicksilverEvents.responderFailed(
                responderName(responder), depthFirstIndex(responder), index, currentSequence, currentMethod, t);
        }
        dispatcher.reportResponderError(snapshot, responder, currentMethod, t);
    }

    /**
     * Asked by {@link HotPathEvents} for a recorded call only; the tables are the ones the call was made under, since
     * a layout is installed only between messages.
     */
    @Override
    public String responderName(final int responder)
    {
        return snapshot.responders()[responder].name();
    }

    @Override
    public int depthFirstIndex(final int responder)
    {
        return layout.dfsPosition[responder];
    }

    private void install(final long sequence)
    {
        checkRescueBefore(sequence);
        final Layout next = dispatcher.layoutAt(sequence);
        if (next.snapshot != snapshot)
        {
            snapshot = next.snapshot;
            router.install(snapshot);
            installHandlers();
            responderFlags = snapshot.responderFlags();
        }
        if (layout == null || next.geometry != layout.geometry)
        {
            publishLoad();
            partitionDeliveries = new long[next.partitionCount()];
            loadCounts = new LoadCounts(next.geometry, next.partitionCount());
        }
        layout = next;
        responderOwner = next.responderOwner;
        responderPartition = next.responderPartition;
        if (kernel != null)
        {
            installRanges(next);
        }
        final long mask = next.gainedFrom[index] & ~(1L << index);
        if (mask != 0)
        {
            deliveryWaitSequence = sequence;
            deliveryWaitMask = mask;
            pushBarrier(sequence, mask);
        }
        dispatcher.layoutInstalled(sequence);
    }

    /**
     * The depth-first runs this worker owns, adjacent partitions merged, and room for a kernel batch's output over
     * each. Cold path: once per layout.
     */
    private void installRanges(final Layout next)
    {
        routes = next.routes;
        dfsOrder = next.dfsOrder;
        final int partitions = next.partitionCount();
        int count = 0;
        final int[] from = new int[partitions];
        final int[] to = new int[partitions];
        for (int p = 0; p < partitions; p++)
        {
            if (next.partitionOwner[p] != index || next.partitionSize(p) == 0)
            {
                continue;
            }
            if (count > 0 && to[count - 1] == next.partitionStart[p])
            {
                to[count - 1] = next.partitionStart[p + 1];
            }
            else
            {
                from[count] = next.partitionStart[p];
                to[count] = next.partitionStart[p + 1];
                count++;
            }
        }
        rangeCount = count;
        rangeFrom = from;
        rangeTo = to;
        rangeWords = new int[count];
        rangeOffset = new int[count];
        int words = 0;
        for (int r = 0; r < count; r++)
        {
            rangeWords[r] = RoutingKernel.wordsPerMessage(from[r], to[r]);
            rangeOffset[r] = words;
            words += KERNEL_BATCH * rangeWords[r];
        }
        if (kernelOut.length < words)
        {
            kernelOut = new long[words];
        }
    }

    private void publishLoad()
    {
        publishedDeliveries = deliveries;
        final long[] from = partitionDeliveries;
        final long[] to = loadCounts.counts;
        for (int p = 0; p < from.length; p++)
        {
            COUNTS.setOpaque(to, p, from[p]);
        }
    }

    private void pushBarrier(final long sequence, final long mask)
    {
        if (barrierTail == barrierSequence.length)
        {
            // Compact, then grow: barriers are rare (one per hand-over), so this is a cold path.
            final int live = barrierTail - barrierHead;
            System.arraycopy(barrierSequence, barrierHead, barrierSequence, 0, live);
            System.arraycopy(barrierMask, barrierHead, barrierMask, 0, live);
            barrierHead = 0;
            barrierTail = live;
            if (live == barrierSequence.length)
            {
                barrierSequence = Arrays.copyOf(barrierSequence, live * 2);
                barrierMask = Arrays.copyOf(barrierMask, live * 2);
            }
        }
        barrierSequence[barrierTail] = sequence;
        barrierMask[barrierTail] = mask;
        barrierTail++;
    }

    /**
     * Copy staged reactions into the ring, oldest first, as far as ring space and hand-over barriers allow.
     */
    private int publishStaged()
    {
        checkRescue();
        final StagingBuffer staging = this.staging;
        int published = 0;
        while (!staging.isEmpty())
        {
            long causeLimit = Long.MAX_VALUE;
            while (barrierHead < barrierTail)
            {
                final long barrier = barrierSequence[barrierHead];
                if (othersDrainedThrough(barrier - 1, barrierMask[barrierHead]))
                {
                    barrierHead++;
                    continue;
                }
                causeLimit = barrier;
                break;
            }
            final int count = staging.countDrainable(publishLimit, causeLimit);
            if (count == 0)
            {
                break;
            }
            final long first = ring.tryClaim(count);
            if (first < 0)
            {
                break;
            }
            staging.drainInto(ring, first, count);
            ring.publish(first, count);
            staging.advance(count);
            published += count;
        }
        if (barrierHead == barrierTail)
        {
            barrierHead = 0;
            barrierTail = 0;
        }
        return published;
    }

    private void updateDrained()
    {
        long drained = staging.isEmpty() ? consumer.nextSequence() - 1 : staging.oldestCause() - 1;
        // A responder gained at barrier s may still have reactions caused before s in its previous owner's staging.
        // Until that owner has drained through s - 1, this worker claims no more than s - 1: a third worker that
        // gains the responder later waits on this claim, so the wait reaches back through every earlier owner.
        // (Capping at s - 1, not lower, keeps two workers that swap responders at one barrier from waiting on each
        // other for ever.)
        while (barrierHead < barrierTail && othersDrainedThrough(barrierSequence[barrierHead] - 1,
            barrierMask[barrierHead]))
        {
            barrierHead++;
        }
        if (barrierHead < barrierTail)
        {
            drained = Math.min(drained, barrierSequence[barrierHead] - 1);
        }
        if (drained > drainedThrough.getPlain())
        {
            drainedThrough.setRelease(drained);
        }
    }

    private boolean othersConsumedThrough(final long sequence, final long mask)
    {
        final ParallelDispatcher dispatcher = this.dispatcher;
        long bits = mask;
        while (bits != 0)
        {
            final int other = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            if (dispatcher.worker(other).lvConsumerSequence() < sequence)
            {
                return false;
            }
        }
        return true;
    }

    private boolean othersDrainedThrough(final long sequence, final long mask)
    {
        final ParallelDispatcher dispatcher = this.dispatcher;
        long bits = mask;
        while (bits != 0)
        {
            final int other = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            if (dispatcher.worker(other).lvDrainedThrough() < sequence)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Thrown by {@link #checkRescue()} on a thread that was replaced: it unwinds the delivery loop, and the runner ends
     * the thread. One instance, no stack trace: it is control flow, never reported.
     */
    static final class Replaced extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        static final Replaced INSTANCE = new Replaced();

        private Replaced()
        {
            super("worker thread replaced: its responder call outlasted the rescue threshold", null, false, false);
        }
    }

    /** In every handler entry of a replaced worker: its thread's next call records where it stopped and unwinds. */
    private final class ReplacedStub implements Responder
    {
        @Override
        public void onMessage(final MessageView message)
        {
            stopped(STOP_AT_RESPONDER, currentSequence, (int)busyResponder.getPlain());
        }
    }

    /** Stands in for a responder held as stuck: counts what it did not receive. */
    private static final class QuarantineSkip implements Responder
    {
        final Sequence skipped = new Sequence(0);

        @Override
        public void onMessage(final MessageView message)
        {
            skipped.setRelease(skipped.getPlain() + 1);
        }
    }

    /** The first message of a replacement: recipients before {@link #resumeFrom} (and it, unless inclusive) were served. */
    private final class ResumeSink implements RecipientSink
    {
        boolean passed;
        int served;

        @Override
        public void onRecipient(final int responder)
        {
            if (!passed)
            {
                final boolean match = responder == resumeFrom;
                if (responderOwner[responder] == index && (!match || !resumeInclusive))
                {
                    served++;
                }
                if (!match)
                {
                    return;
                }
                passed = true;
                if (!resumeInclusive)
                {
                    return;
                }
            }
            Worker.this.onRecipient(responder);
        }

        @Override
        public boolean owns(final int responder)
        {
            return Worker.this.owns(responder);
        }
    }

    /**
     * Deliveries per partition of one partition cut ({@link Layout#geometry}), written by the worker after each
     * batch with opaque stores and read by the balancer with opaque loads: a per-worker array, so no counter is
     * shared between workers; a moved partition's count is the sum over workers.
     */
    static final class LoadCounts
    {
        final long geometry;
        private final long[] counts;

        LoadCounts(final long geometry, final int partitions)
        {
            this.geometry = geometry;
            this.counts = new long[partitions];
        }

        int partitions()
        {
            return counts.length;
        }

        long get(final int partition)
        {
            return (long)COUNTS.getOpaque(counts, partition);
        }
    }

    @Override
    public String toString()
    {
        return "Worker{index=" + index + ", sequence=" + consumer.lvSequence() + ", drainedThrough=" +
            drainedThrough.getOpaque() + ", staged=" + staging.lvSize() + ", layout=" + layout + '}';
    }
}
