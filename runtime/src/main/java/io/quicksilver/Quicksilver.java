package io.quicksilver;

import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.AffinityPlanner;
import io.quicksilver.numa.topology.Topology;
import io.quicksilver.runtime.dispatch.SingleThreadedDispatcher;
import io.quicksilver.runtime.hierarchy.FailureSink;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.journal.JournalConfig;
import io.quicksilver.runtime.journal.JournalHierarchy;
import io.quicksilver.runtime.journal.JournalMode;
import io.quicksilver.runtime.journal.JournalReader;
import io.quicksilver.runtime.journal.Journaller;
import io.quicksilver.runtime.log.Notices;
import io.quicksilver.runtime.message.MessageLayout;
import io.quicksilver.runtime.parallel.ParallelDispatcher;
import io.quicksilver.runtime.ring.Backpressure;
import org.agrona.concurrent.IdleStrategy;

import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A Quicksilver runtime: the hierarchy of relay nodes, the dispatcher that routes their messages, and the off-heap
 * memory the messages live in. Closing it frees the memory (and, in parallel mode, stops the workers).
 * <pre>{@code
 * try (Quicksilver qs = Quicksilver.singleThreaded().hopLimit(50).build())
 * {
 *     RelayNode root = qs.createNode("root");
 *     RelayNode child = qs.createNode("child");
 *     root.addChild(child);
 *     child.addResponder(message -> System.out.println(message.getInt()));
 *     root.sendInt(Method.MESSAGE_INT, 42);           // self and children: prints 42
 * }
 * }</pre>
 * Two modes, one API:
 * <ul>
 * <li>{@link #singleThreaded()} dispatches on the thread that sends, with Mercury's meaning: synchronously, depth
 * first, in routing-table order. It is confined to one thread at a time, like a Unity scene.</li>
 * <li>{@link #parallel()} dispatches on worker threads pinned as an affinity plan says: a send publishes the message
 * and returns; {@link #flush()} waits until it is delivered. Any thread may send; the hierarchy belongs to one
 * control thread at a time (the thread that last changed it) and never to a handler. docs/semantics.md says feature
 * by feature where the two modes differ.</li>
 * </ul>
 * {@link #fromConfig(Path)} chooses between them from an affinity file's {@code mode} key.
 */
public final class Quicksilver implements AutoCloseable
{
    private final Arena arena;
    private final Hierarchy hierarchy;
    private final SingleThreadedDispatcher single;
    private final ParallelDispatcher parallel;
    private final SendPort singlePort;
    // Each thread's port, held weakly: a thread's ThreadLocal map must not keep a closed, dropped runtime reachable
    // (its port reaches the dispatcher, and the dispatcher this runtime). allPorts holds them strongly while the
    // runtime lives.
    private final ThreadLocal<WeakReference<SendPort.Parallel>> ports;
    private final CopyOnWriteArrayList<SendPort.Parallel> allPorts;
    private final Backpressure backpressure;
    private final Backpressure reactionBackpressure;
    private final int hopLimit;
    private final int maxPayload;
    private final Failures failures;
    private final DeferredChanges deferred;
    private final Cleaner.Cleanable cleanable;
    private final Dropped dropped;
    private final ArrayList<RelayNode> nodes = new ArrayList<>();
    // Serialises hierarchy changes (and their compile) from any number of threads: never taken on the send path
    // unless the control thread has a change to apply. Taken before the dispatcher's own control lock, never after.
    private final Object changes = new Object();
    private volatile Thread controlThread;
    private volatile boolean closed;
    private final NoticeHandler notices;

    // One daemon thread for every runtime's clean-up: it runs only for a runtime dropped without close().
    private static final Cleaner CLEANER = Cleaner.create();

    private Quicksilver(final Builder builder)
    {
        failures = new Failures(builder.errorHandler);
        notices = NoticeHandler.logging();
        hopLimit = builder.hopLimit;
        maxPayload = builder.maxPayload;
        backpressure = null;
        reactionBackpressure = null;
        parallel = null;
        ports = null;
        allPorts = null;
        arena = Arena.ofShared();
        try
        {
            hierarchy = new Hierarchy(failures);
            single = new SingleThreadedDispatcher(
                hierarchy, failures, arena, builder.maxPayload, builder.maxNestingDepth, builder.maxNestedSends,
                builder.hopLimit, builder.strict);
            failures.single = single;
            singlePort = new SendPort.SingleThreaded(single);
        }
        catch (final RuntimeException | Error e)
        {
            arena.close();
            throw e;
        }
        deferred = null;
        dropped = new Dropped(null, arena, failures);
        cleanable = CLEANER.register(this, dropped);
    }

    private Quicksilver(final ParallelBuilder builder, final AffinityPlan plan)
    {
        failures = new Failures(builder.errorHandler);
        notices = builder.notices;
        hopLimit = builder.hopLimit;
        maxPayload = builder.maxPayload;
        backpressure = builder.backpressure;
        reactionBackpressure = builder.reactionBackpressure;
        single = null;
        singlePort = null;
        arena = null;
        allPorts = new CopyOnWriteArrayList<>();
        ports = new ThreadLocal<>();
        controlThread = Thread.currentThread();
        hierarchy = new Hierarchy(failures);
        final ParallelDispatcher.Builder b = ParallelDispatcher.builder(hierarchy, failures)
            .workers(builder.workers > 0 ? builder.workers : plan != null ? plan.workers() : 1)
            .affinity(plan)
            .ringCapacity(builder.ringCapacity)
            .stagingCapacity(builder.stagingCapacity)
            .maxPayload(builder.maxPayload)
            .hopLimit(builder.hopLimit)
            .maxNestingDepth(builder.maxNestingDepth)
            .strict(builder.strict)
            .maxCustomFilters(builder.maxCustomFilters)
            .closeTimeout(builder.closeTimeout)
            .watchdogThreshold(builder.watchdogThreshold)
            .rescueAfter(builder.rescueAfter)
            .journal(builder.journalConfig())
            .network(builder.network)
            .log(notice -> builder.notices.onNotice(System.Logger.Level.WARNING, notice))
            .counters(builder.counters).countersDirectory(builder.countersDirectory).countersName(builder.countersName);
        if (plan == null)
        {
            builder.notices.onNotice(System.Logger.Level.DEBUG, "quicksilver: workers run unpinned (no affinity plan)");
        }
        Notices.sayMissingCapabilities(builder.notices::onNotice);
        if (builder.idleStrategy != null)
        {
            b.idleStrategy(builder.idleStrategy);
        }
        parallel = b.build();
        deferred = new DeferredChanges(changes, parallel, failures);
        dropped = new Dropped(parallel, null, failures);
        cleanable = CLEANER.register(this, dropped);
    }

    /**
     * Start building a single-threaded runtime: Mercury's synchronous, depth-first dispatch on the sending thread.
     *
     * @return a builder with the defaults.
     */
    public static Builder singleThreaded()
    {
        return new Builder();
    }

    /**
     * Start building a parallel runtime: messages published into one sequencer ring and delivered by pinned workers.
     *
     * @return a builder with the defaults.
     */
    public static ParallelBuilder parallel()
    {
        return new ParallelBuilder();
    }

    /**
     * Build the runtime an affinity file describes, with every other setting at its default: single-threaded when
     * its {@code mode} is {@code "single-threaded"}, otherwise parallel on the workers it places on this machine.
     * Equivalent to {@code parallel().affinityConfig(file).build()}, which also takes the other settings.
     *
     * @param file the affinity TOML file (docs/affinity.md).
     * @return the runtime.
     * @throws io.quicksilver.numa.affinity.AffinityConfigException naming the file, line, key and value of a problem.
     */
    public static Quicksilver fromConfig(final Path file)
    {
        return parallel().affinityConfig(file).build();
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /**
     * Create a relay node, unlinked.
     *
     * @param name its name (names need not be unique; errors and switch lookups use them).
     * @return the node.
     */
    public RelayNode createNode(final String name)
    {
        return created(name, false);
    }

    /**
     * Create a switch node, unlinked, with no current state.
     *
     * @param name its name.
     * @return the node.
     */
    public SwitchNode createSwitchNode(final String name)
    {
        return (SwitchNode)created(name, true);
    }

    /**
     * Remove a node for good: it is unlinked from its parents and children (a switch node whose current state it was
     * is left without one, without events), its responders are removed, and the runtime drops every reference to it,
     * its responders and their handles, so they can be collected. Its messages already sent are delivered as sent;
     * sending from it, or changing it, afterwards throws {@link IllegalStateException}. In a parallel runtime the
     * change is applied at once (a barrier, as {@link #applyChanges()}); a send from the node racing its removal on
     * another thread is either delivered as sent before it or refused with that exception, never delivered as
     * another node's. Its id is given to a later node once no message can still name the removed one
     * ({@link RelayNode#id()}).
     *
     * @param node a node of this runtime, not yet removed.
     * @throws IllegalArgumentException if it belongs to another runtime.
     * @throws IllegalStateException if it was already removed, from a handler of a parallel runtime (the control
     *                               thread's change), or when closed.
     */
    public void removeNode(final RelayNode node)
    {
        Objects.requireNonNull(node, "node");
        if (node.runtime != this)
        {
            throw new IllegalArgumentException("node '" + node.name() + "' belongs to another runtime");
        }
        refuseOnWorker();
        synchronized (changes)
        {
            checkOpen();
            beforeChange();
            hierarchy.removeNode(node.model);
            node.handles.clear();
            synchronized (nodes)
            {
                nodes.remove(node);
            }
            if (single == null)
            {
                parallel.applyChanges();
            }
            else if (!hierarchy.isDispatching())
            {
                single.refresh();
            }
        }
    }

    /**
     * Ids of removed nodes not yet given back for reuse: a parallel runtime frees one once every worker has gone past
     * the removal's barrier and every message claimed by then (this call frees those it can); a single-threaded one at
     * the next safe point. Stays small under churn; it grows only while a worker is held up (a stuck responder).
     *
     * @return ids still retiring.
     */
    public int retiringNodeIds()
    {
        refuseOnWorker();
        synchronized (changes)
        {
            if (parallel != null && !closed)
            {
                parallel.releaseNodeIds();
            }
            return hierarchy.retiringIds();
        }
    }

    private RelayNode created(final String name, final boolean isSwitch)
    {
        refuseOnWorker();
        synchronized (changes)
        {
            checkOpen();
            beforeChange();
            if (parallel != null)
            {
                parallel.releaseNodeIds();
            }
            final NodeModel model = hierarchy.createNode(name, isSwitch);
            final RelayNode node = isSwitch ? new SwitchNode(this, model) : new RelayNode(this, model);
            synchronized (nodes)
            {
                nodes.add(node);
            }
            return node;
        }
    }

    /**
     * @return every node, in creation order (a copy).
     */
    public List<RelayNode> nodes()
    {
        // Its own lock, not the change lock: a handler may look nodes up while the control thread applies a change.
        synchronized (nodes)
        {
            return new ArrayList<>(nodes);
        }
    }

    /**
     * The node with this name, or at this path: {@code "hud"} names one node, {@code "game/hud"} the child named
     * {@code hud} of the node named {@code game}, and so on down ({@code /} separates names; a node whose own name is
     * the whole string is found first). Not for the hot path: it walks the nodes.
     *
     * @param path a node name, or names from an ancestor down, separated by {@code /}.
     * @return the one node it names.
     * @throws IllegalArgumentException if no node has that name or path, or several do (the message says which, and
     *                                  how many).
     */
    public RelayNode node(final String path)
    {
        Objects.requireNonNull(path, "path");
        final List<RelayNode> all = nodes();
        final List<RelayNode> named = named(all, path);
        if (named.size() == 1)
        {
            return named.get(0);
        }
        if (named.size() > 1)
        {
            throw ambiguous(path, named.size(), "in this runtime");
        }
        final String[] names = path.split("/", -1);
        if (names.length < 2)
        {
            throw new IllegalArgumentException("no node named '" + path + "'");
        }
        final List<RelayNode> first = named(all, names[0]);
        if (first.isEmpty())
        {
            throw new IllegalArgumentException("no node named '" + names[0] + "' (path '" + path + "')");
        }
        if (first.size() > 1)
        {
            throw ambiguous(names[0], first.size(), "in this runtime (path '" + path + "')");
        }
        RelayNode node = first.get(0);
        for (int i = 1; i < names.length; i++)
        {
            final List<RelayNode> children = named(node.children(), names[i]);
            if (children.isEmpty())
            {
                throw new IllegalArgumentException("no child named '" + names[i] + "' under '" + node.name() +
                    "' (path '" + path + "'; its children: " + node.children().stream().map(RelayNode::name).toList() +
                    ")");
            }
            if (children.size() > 1)
            {
                throw ambiguous(names[i], children.size(), "under '" + node.name() + "' (path '" + path + "')");
            }
            node = children.get(0);
        }
        return node;
    }

    private static List<RelayNode> named(final List<RelayNode> candidates, final String name)
    {
        final List<RelayNode> named = new ArrayList<>(1);
        for (final RelayNode node : candidates)
        {
            if (node.name().equals(name))
            {
                named.add(node);
            }
        }
        return named;
    }

    private static IllegalArgumentException ambiguous(final String name, final int count, final String where)
    {
        return new IllegalArgumentException(count + " nodes are named '" + name + "' " + where +
            ": name one by a path from an ancestor with a unique name, e.g. 'parent/" + name + "'");
    }

    // ------------------------------------------------------------------------------------------------ parallel control

    /**
     * Make the hierarchy's changes visible to routing now. A single-threaded runtime applies them at the next
     * outermost send anyway (this only does it early). A parallel runtime applies them before the control thread's
     * next send; a program whose control thread does not send, or whose other threads must see a change first, calls
     * this: the new shape is installed at one sequence of the ring, so every message published after this returns is
     * routed with it, every message before with the old one.
     *
     * @throws IllegalStateException from a handler, or when closed.
     */
    public void applyChanges()
    {
        checkOpen();
        if (single != null)
        {
            if (!hierarchy.isDispatching())
            {
                single.refresh();
            }
            return;
        }
        refuseOnWorker();
        synchronized (changes)
        {
            beforeChange();
            parallel.applyChanges();
        }
    }

    /**
     * Wait until every message sent before the call has been delivered to every receiver. Single-threaded: returns
     * at once (a send delivers before it returns). Parallel: waits for the workers, however long; reactions the
     * messages cause are not waited for unless already published ({@link #awaitQuiescence(Duration)} waits for them).
     * With a journal, also until they are journaled; once the journal has failed, it throws instead of waiting.
     *
     * @throws IllegalStateException from a handler (it would wait on its own worker), when closed meanwhile, or when
     *                               the journal has failed.
     */
    public void flush()
    {
        if (parallel != null)
        {
            settleAbandonedSends();
            parallel.flush();
        }
    }

    /**
     * {@link #flush()} with a bound.
     *
     * @param timeout longest wait.
     * @return true once delivered, false on timeout.
     */
    public boolean flush(final Duration timeout)
    {
        Objects.requireNonNull(timeout, "timeout");
        if (parallel == null)
        {
            return true;
        }
        settleAbandonedSends();
        return parallel.flush(timeout);
    }

    /**
     * Wait until nothing is in flight: every message delivered, every reaction published and delivered. Meaningful
     * once the external senders have stopped (a chain of reactions that never ends never quiesces).
     *
     * @param timeout longest wait.
     * @return true once quiescent, false on timeout; always true in single-threaded mode.
     */
    public boolean awaitQuiescence(final Duration timeout)
    {
        Objects.requireNonNull(timeout, "timeout");
        if (parallel == null)
        {
            return true;
        }
        settleAbandonedSends();
        // Quiescent includes the changes handlers asked for: applied, and the messages they cause delivered.
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final boolean quiet = parallel.awaitQuiescence(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (quiet && deferred.isIdle() && parallel.awaitQuiescence(Duration.ZERO))
            {
                return true;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            Thread.yield();
        }
    }

    // ------------------------------------------------------------------------------------------------ network

    /**
     * @return this runtime's network (its counters and connection state, docs/network.md), or null without one (and
     * always in single-threaded mode).
     */
    public io.quicksilver.runtime.network.Network network()
    {
        return parallel == null ? null : parallel.network();
    }

    // ------------------------------------------------------------------------------------------------ journal

    /**
     * Replay a whole journal into this runtime, as fast as it takes the messages; see
     * {@link #replay(Path, ReplayOptions)}.
     *
     * @param journalDirectory a journal written by a runtime with the same hierarchy.
     * @return messages replayed.
     */
    public long replay(final Path journalDirectory)
    {
        return replay(journalDirectory, ReplayOptions.all());
    }

    /**
     * Feed this runtime the messages of a journal, in journal order, each as it was first published (sender, method,
     * filters, tags, payload), and wait until they are delivered. Built with the same hierarchy as the runtime that
     * wrote the journal (the same nodes created and linked in the same order, the same responders), every responder
     * receives the same messages in the same order as in the recorded run: the journal is the ring's one total order,
     * and a worker delivers in it. Reactions the responders send meanwhile are dropped (counted in
     * {@link #replayDroppedReactions()}): the journal holds the reactions of the recorded run, and replays them in
     * their recorded places. A torn last entry is skipped, and said to the {@link NoticeHandler}.
     * <p>
     * Parallel mode only, from the control thread, into a runtime without a journal of its own (it would journal
     * the replayed messages again). Other threads' sends meanwhile are interleaved with the replayed ones.
     *
     * @param journalDirectory a journal's directory.
     * @param options          sequence and time range, pace.
     * @return messages replayed (control messages are not counted: each runtime issues its own).
     * @throws io.quicksilver.runtime.journal.JournalException when the journal cannot be read.
     * @throws IllegalArgumentException for a message this runtime cannot route as journaled (a sender outside its
     *                                  hierarchy, a payload over its maximum, a {@code Level.CUSTOM} predicate).
     * @throws IllegalStateException    single-threaded, from a handler, with a journal of its own, or closed; or when
     *                                  a hierarchy the journal recorded differs from this runtime's (the message
     *                                  names the first difference).
     */
    public long replay(final Path journalDirectory, final ReplayOptions options)
    {
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        Objects.requireNonNull(options, "options");
        checkOpen();
        if (parallel == null)
        {
            throw new IllegalStateException("replay needs a parallel runtime: the journal records the sequencer ring");
        }
        refuseOnWorker();
        if (parallel.journaller() != null)
        {
            throw new IllegalStateException("replay into a runtime that keeps a journal would journal the replayed " +
                "messages again: replay into a runtime built without one (journal: " +
                parallel.journaller().journal().directory() + ")");
        }
        if (parallel.network() != null)
        {
            throw new IllegalStateException("replay into a runtime with a network would send the replayed messages " +
                "to its peers again: replay into a runtime built without one (network: " +
                parallel.network().config().name() + ")");
        }
        applyChanges();
        try (JournalReader reader = JournalReader.open(journalDirectory,
            notice -> notices.onNotice(System.Logger.Level.WARNING, notice)))
        {
            // The hierarchy in force when each replayed message was first routed must be this runtime's: checked at
            // the first message under each recorded hierarchy, so a mismatch is refused before anything it would
            // misroute is replayed, and named by its first difference.
            final String here = JournalHierarchy.describe(parallel.snapshot());
            final List<Long> recordSequences = new ArrayList<>();
            final List<String> records = new ArrayList<>();
            reader.read(0, options.toSequence(), null, (sequence, description) ->
            {
                recordSequences.add(sequence);
                records.add(description);
            });
            final int[] record = {-1};
            final int[] checked = {-1};
            final long startNanos = System.nanoTime();
            final long[] firstTime = {Long.MIN_VALUE};
            final long[] replayed = {0};
            parallel.replaying(true);
            try
            {
                reader.read(options.fromSequence(), options.toSequence(), (sequence, time, message, length) ->
                {
                    if (time < options.fromTimeMillis() || time > options.toTimeMillis())
                    {
                        return;
                    }
                    if (options.recordedPace())
                    {
                        if (firstTime[0] == Long.MIN_VALUE)
                        {
                            firstTime[0] = time;
                        }
                        final long due = startNanos + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                            time - firstTime[0]);
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime())
                        {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    while (record[0] + 1 < recordSequences.size() && recordSequences.get(record[0] + 1) <= sequence)
                    {
                        record[0]++;
                    }
                    if (record[0] >= 0 && checked[0] != record[0] && ParallelDispatcher.isReplayable(message))
                    {
                        checked[0] = record[0];
                        final String difference = JournalHierarchy.firstDifference(records.get(record[0]), here);
                        if (difference != null)
                        {
                            throw new IllegalStateException("the hierarchy the journal recorded at sequence " +
                                recordSequences.get(record[0]) + " differs from this runtime's, so message " +
                                sequence + " would not be routed as it was (" + difference + "): build the " +
                                "replaying runtime with the recorded hierarchy" + (record[0] > 0 ? " (this one is " +
                                "a change made while the recorded run ran, which replay cannot reproduce yet)" : ""));
                        }
                    }
                    if (parallel.replayMessage(message, length))
                    {
                        replayed[0]++;
                    }
                });
                parallel.flush();
            }
            finally
            {
                // Delivered before reactions are let through again, so none of the replay's can slip out.
                parallel.flush(Duration.ofSeconds(5));
                parallel.replaying(false);
            }
            return replayed[0];
        }
    }

    /**
     * @return reactions dropped because responders sent them during {@link #replay}; 0 single-threaded.
     */
    public long replayDroppedReactions()
    {
        return parallel == null ? 0 : parallel.replayDroppedReactions();
    }

    /**
     * @return the journal sequence of the last message this runtime's journaller appended, -1 before any (or without
     * a journal). A runtime reopened on a journal continues its numbering: its first message gets the sequence after
     * the last one already there.
     */
    public long journaledThrough()
    {
        final Journaller journaller = parallel == null ? null : parallel.journaller();
        if (journaller == null)
        {
            return -1;
        }
        final long ring = journaller.lvJournaledThrough();
        return ring < 0 ? journaller.base() - 1 : journaller.base() + ring;
    }

    /**
     * @return the journal sequence this runtime's first message gets (the messages the journal already held when it
     * was opened); -1 without a journal.
     */
    public long journalStartSequence()
    {
        final Journaller journaller = parallel == null ? null : parallel.journaller();
        return journaller == null ? -1 : journaller.base();
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * @return true for a parallel runtime, false for a single-threaded one.
     */
    public boolean isParallel()
    {
        return parallel != null;
    }

    /**
     * @return worker threads; 0 in single-threaded mode.
     */
    public int workers()
    {
        return parallel == null ? 0 : parallel.workerCount();
    }

    /**
     * @return single-threaded: true while a message is being delivered (changes then wait for the safe point);
     * parallel: true when called by a handler, on a worker thread.
     */
    public boolean isDispatching()
    {
        return parallel == null ? hierarchy.isDispatching() : isWorkerThread();
    }

    /**
     * @return messages sent for local delivery (network-only sends and refused sends excluded); in parallel mode,
     * published or staged, delivered or not yet.
     */
    public long sends()
    {
        if (parallel == null)
        {
            return single.sends();
        }
        long sum = 0;
        for (final SendPort.Parallel port : allPorts)
        {
            sum += port.sends();
        }
        return sum;
    }

    /**
     * @return sends refused for lack of room, under {@link Backpressure#FAIL} or {@link Backpressure#DROP} (the send
     * returned false); always 0 in single-threaded mode, which always has room.
     */
    public long refusedSends()
    {
        if (parallel == null)
        {
            return 0;
        }
        // The dispatcher counts every refusal once, where it happens; the ports count none, or these would double.
        return parallel.ringFailures() + parallel.ringDrops() + parallel.reactionFailures() + parallel.reactionDrops();
    }

    /**
     * @return responder calls, successful or not (parallel: as of each worker's last batch).
     */
    public long deliveries()
    {
        return parallel == null ? single.deliveries() : parallel.deliveries();
    }

    /**
     * @return node entries dropped by the hop limit (outside strict mode); parallel: each drop once (not once per
     * worker), as of the most advanced worker's last batch, so exact after {@link #flush()}.
     */
    public long hopLimitDrops()
    {
        return parallel == null ? single.hopLimitDrops() : parallel.hopLimitDrops();
    }

    /**
     * @return sends whose sibling or cousin route was dropped for lack of {@link RoutingOptions#allowLateral()}.
     */
    public long lateralDrops()
    {
        return parallel == null ? single.lateralDrops() : parallel.lateralDrops();
    }

    /**
     * @return sends whose custom route was dropped for lack of {@link RoutingOptions#customFilter()} (outside strict
     * mode).
     */
    public long customDrops()
    {
        return parallel == null ? single.customDrops() : parallel.customDrops();
    }

    /**
     * @return sends with {@link NetworkFilter#NETWORK}, which Quicksilver does not deliver locally.
     */
    public long networkOnlySends()
    {
        return parallel == null ? single.networkOnlySends() : parallel.networkOnlySends();
    }

    /**
     * @return exceptions thrown by responders.
     */
    public long responderErrors()
    {
        return parallel == null ? single.responderErrors() : parallel.responderErrors();
    }

    /**
     * @return in parallel mode, workers replaced by a new thread because one responder call outlasted
     *         {@link ParallelBuilder#rescueAfter(Duration)}; 0 single-threaded.
     */
    public long rescues()
    {
        return parallel == null ? 0 : parallel.rescues();
    }

    /**
     * @return in parallel mode, reactions that a replaced worker's thread committed in the instant its staging was
     *         handed over to its replacement, and that were therefore not published (docs/semantics.md, "A stuck
     *         responder"); 0 single-threaded, and 0 unless a rescue raced a reaction.
     */
    public long rescueLostReactions()
    {
        return parallel == null ? 0 : parallel.rescueLostReactions();
    }

    /**
     * @return in parallel mode, deliveries not made to a responder while its call was stuck (each worker's count as
     *         of its last batch); 0 single-threaded.
     */
    public long stuckSkips()
    {
        return parallel == null ? 0 : parallel.stuckSkips();
    }

    /**
     * @return every failure reported to the {@link ErrorHandler}: responders, switch listeners, custom filters and,
     * in parallel mode, stuck workers and failures of the runtime itself.
     */
    public long errors()
    {
        return failures.errors.get();
    }

    /**
     * @return the hop limit, 0 when off.
     */
    public int hopLimit()
    {
        return hopLimit;
    }

    /**
     * @return whether routing drops are errors ({@link RoutingException}) instead of counts.
     */
    public boolean isStrict()
    {
        return single != null ? single.isStrict() : parallel.isStrict();
    }

    /**
     * @return largest payload a message may carry, in bytes.
     */
    public int maxPayload()
    {
        return maxPayload;
    }

    /**
     * @return most sends nested inside handlers (single-threaded), or the longest chain of reactions (parallel, where
     * a handler's send is published after its cause instead of nested in it).
     */
    public int maxNestingDepth()
    {
        return single == null ? parallel.maxNestingDepth() : single.maxNestingDepth();
    }

    /**
     * @return most sends nested, in all, inside one outermost send (0 when off); 0 in parallel mode, where a
     * handler's send is not nested.
     */
    public long maxNestedSends()
    {
        return single == null ? 0 : single.maxNestedSends();
    }

    /**
     * @return nested sends refused at {@code maxNestingDepth} or past the {@code maxNestedSends} budget, reported or
     * not (each limit is reported once per outermost send); 0 in parallel mode.
     */
    public long refusedNestedSends()
    {
        return single == null ? 0 : single.refusedNestedSends();
    }

    /**
     * @return parallel mode: what an external send does when the ring is full unless its metadata says otherwise;
     * null in single-threaded mode.
     */
    public Backpressure backpressure()
    {
        return backpressure;
    }

    /**
     * @return parallel mode: what a handler's send does when its worker's staging buffer is full unless its
     * metadata says otherwise; null in single-threaded mode.
     */
    public Backpressure reactionBackpressure()
    {
        return reactionBackpressure;
    }

    /**
     * Single-threaded: free the message arena. Parallel: stop the workers, waiting for each at most the close
     * timeout (a worker stuck in a responder is reported to the {@link ErrorHandler} and left behind), then free the
     * rings; the reports reach the error handler on the runtime's reporter thread, and close waits for them at most
     * the close timeout again (an error handler that does not return is said to the {@link NoticeHandler} and
     * left behind). Messages published and not delivered yet are not delivered: {@link #flush()} first to deliver them.
     * Later sends throw {@link IllegalStateException}.
     *
     * @throws IllegalStateException if called by a responder, during a dispatch.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        if (parallel == null)
        {
            single.close();
            closed = true;
            dropped.closedByUser = true;
            cleanable.clean();   // frees the arena, once
            failures.closed();
            return;
        }
        if (isWorkerThread())
        {
            throw new IllegalStateException("close() from a responder would wait on its own worker: thread=" +
                Thread.currentThread().getName());
        }
        closed = true;
        deferred.close(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
        dropped.closedByUser = true;
        cleanable.clean();   // stops the workers and frees the rings, once
        failures.closed();
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return the live counters file that {@code ./quicksilver stat} reads (docs/counters.md); null for a
     *         single-threaded runtime or one built with {@code counters(false)}. Deleted on close.
     */
    public Path countersFile()
    {
        return parallel == null ? null : parallel.countersFile();
    }

    // ------------------------------------------------------------------------------------------------ internals

    Hierarchy hierarchy()
    {
        return hierarchy;
    }

    /**
     * @return the lock every hierarchy change holds.
     */
    Object changes()
    {
        // A handler of a parallel runtime must never wait for this lock: its holder may be waiting for ring room
        // that only the handler's worker can free. So the refusal comes before the lock.
        refuseOnWorker();
        return changes;
    }

    private void refuseOnWorker()
    {
        if (parallel != null && !closed && isWorkerThread())
        {
            throw new IllegalStateException("a handler must not make this change in parallel mode: it can ask for " +
                "setActive, setTags, setChecksTags, addChild, jumpTo and the other switch transitions (applied after " +
                "the message it handles); the rest is the control thread's: thread=" + Thread.currentThread().getName());
        }
    }

    /**
     * The calling thread's way to the dispatcher: one ThreadLocal lookup in parallel mode, nothing allocated after a
     * thread's first send.
     */
    SendPort port()
    {
        if (singlePort != null)
        {
            return singlePort;
        }
        final WeakReference<SendPort.Parallel> ref = ports.get();
        final SendPort.Parallel port = ref != null ? ref.get() : null;
        return port != null ? port : newPort();
    }

    /**
     * A change that returns nothing (activity, tags, a link, a switch node's state): made now under the change lock;
     * asked for by a handler of a parallel runtime, queued and made after the message being handled, at the next
     * barrier ({@link DeferredChanges}), where it fails it is reported to the error handler.
     */
    void change(final Runnable change)
    {
        if (parallel != null && !closed && isWorkerThread())
        {
            deferred.request(change);
            return;
        }
        synchronized (changes)
        {
            beforeChange();
            change.run();
        }
    }

    /**
     * Every change to the hierarchy passes here first: refused once closed. Parallel mode: refused on a worker thread (a handler), else
     * the calling thread becomes the control thread, whose next send applies the change.
     */
    void beforeChange()
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed: cannot change its hierarchy");
        }
        if (parallel == null)
        {
            return;
        }
        refuseOnWorker();
        final Thread current = Thread.currentThread();
        if (controlThread != current)
        {
            controlThread = current;
        }
    }

    void applyChangesIfControl(final Thread thread)
    {
        if (controlThread == thread && hierarchy.isDirty())
        {
            synchronized (changes)
            {
                parallel.applyChanges();
            }
        }
    }

    private boolean isWorkerThread()
    {
        // Asks the dispatcher, so a thread that only asks gets no port (and no producer) of its own.
        return parallel.isWorkerThread();
    }

    private SendPort.Parallel newPort()
    {
        // Once per thread: any thread but this runtime's workers sends through a producer of its own.
        if (closed)
        {
            throw new IllegalStateException("runtime is closed: cannot send");
        }
        final SendPort.Parallel port = parallel.isWorkerThread() ?
            new SendPort.Parallel(this, parallel.reactionProducer(), true, reactionBackpressure) :
            new SendPort.Parallel(this, parallel.newProducer(), false, backpressure);
        allPorts.add(port);
        ports.set(new WeakReference<>(port));
        return port;
    }

    /**
     * A send that threw after its claim and could not publish the skip then (a {@link StackOverflowError} that struck
     * again while it settled) leaves its sequence pending; it is settled by its thread's next send, or here: the
     * calling thread's own, and those of threads that have ended.
     */
    private void settleAbandonedSends()
    {
        if (isWorkerThread())
        {
            return;
        }
        for (final SendPort.Parallel port : allPorts)
        {
            port.settleAbandoned();
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("runtime is closed");
        }
    }

    /**
     * Where the engine reports failures: the error handler and the count, apart from the runtime itself so that the
     * engine's threads (which hold this) do not keep a dropped runtime reachable.
     */
    private static final class Failures implements FailureSink
    {
        final ErrorHandler handler;
        final AtomicLong errors = new AtomicLong();
        // Single-threaded mode: its dispatcher, set once it exists, to recognise a refusal already reported.
        SingleThreadedDispatcher single;

        Failures(final ErrorHandler handler)
        {
            this.handler = handler;
        }

        @Override
        public void onFailure(final NodeModel node, final String source, final int method, final Throwable error)
        {
            final SingleThreadedDispatcher single = this.single;
            if (single != null && single.isRepeatedRefusal(error))
            {
                // A nested send refused again (a listener's, say): its limit was reported once for this outermost send.
                return;
            }
            errors.incrementAndGet();
            try
            {
                handler.onError(node == null ? null : (RelayNode)node.handle(), source, method, error);
            }
            catch (final Throwable ignore)
            {
                // An error handler that throws must not take routing, a worker or a transition down with it.
            }
        }

        void closed()
        {
            try
            {
                handler.onClose();
            }
            catch (final Throwable ignore)
            {
                // As for onError: close() completes whatever the handler does.
            }
        }
    }

    /**
     * What a runtime that becomes unreachable without {@link #close()} still holds: its workers (parallel) or its
     * message arena (single-threaded). The cleaner stops and frees them, and says so once; {@link #close()} runs the
     * same action, quietly.
     */
    private static final class Dropped implements Runnable
    {
        private final ParallelDispatcher parallel;
        private final Arena arena;
        private final Failures failures;
        volatile boolean closedByUser;

        Dropped(final ParallelDispatcher parallel, final Arena arena, final Failures failures)
        {
            this.parallel = parallel;
            this.arena = arena;
            this.failures = failures;
        }

        @Override
        public void run()
        {
            if (!closedByUser)
            {
                failures.onFailure(null, "close", -1, new IllegalStateException("a Quicksilver runtime was dropped " +
                    "without close(): its " + (parallel != null ? "worker threads are stopped" : "message arena is") +
                    " freed now, at garbage collection; close() it (try-with-resources) to free them at once"));
            }
            if (parallel != null)
            {
                parallel.close();
            }
            if (arena != null && arena.scope().isAlive())
            {
                arena.close();
            }
        }
    }

    @Override
    public String toString()
    {
        return "Quicksilver{" + (parallel == null ? "singleThreaded" : "parallel, workers=" + workers()) +
            ", nodes=" + nodes.size() + ", hopLimit=" + hopLimit() + ", strict=" + isStrict() +
            (closed ? ", closed" : "") + '}';
    }

    /**
     * Configuration of a single-threaded runtime: fluent setters, validated by {@link #build()}.
     */
    public static final class Builder
    {
        private int hopLimit = SingleThreadedDispatcher.HOP_LIMIT_DEFAULT;
        private boolean strict;
        private int maxPayload = SingleThreadedDispatcher.MAX_PAYLOAD_DEFAULT;
        private int maxNestingDepth = SingleThreadedDispatcher.MAX_NESTING_DEPTH_DEFAULT;
        private long maxNestedSends = SingleThreadedDispatcher.MAX_NESTED_SENDS_DEFAULT;
        private ErrorHandler errorHandler = ErrorHandler.logging();

        private Builder()
        {
        }

        /**
         * Most relay hops a message makes along one path before it is dropped at the next node (Mercury's
         * {@code maxMessageHops}); counted per path, not shared across siblings.
         *
         * @param hopLimit 1 to 32767, or 0 for no limit (default 50).
         * @return this builder.
         */
        public Builder hopLimit(final int hopLimit)
        {
            this.hopLimit = hopLimit;
            return this;
        }

        /**
         * Strict mode (Mercury's {@code StrictMode}): a drop (hop limit, lateral route not allowed, custom level with
         * no predicate) throws {@link RoutingException} instead of being counted.
         *
         * @param strict whether drops throw (default false).
         * @return this builder.
         */
        public Builder strict(final boolean strict)
        {
            this.strict = strict;
            return this;
        }

        /**
         * Largest payload a message may carry; longer strings and byte arrays are refused at send.
         *
         * @param maxPayload bytes, 0 to 1 MiB (default 4032, so a slot is 4 KiB).
         * @return this builder.
         */
        public Builder maxPayload(final int maxPayload)
        {
            this.maxPayload = maxPayload;
            return this;
        }

        /**
         * Most sends nested inside handlers (a send from a handler is delivered at once, in the next slot).
         *
         * @param maxNestingDepth 1 to 1024 (default 32).
         * @return this builder.
         */
        public Builder maxNestingDepth(final int maxNestingDepth)
        {
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /**
         * Most sends nested, in all, inside one outermost send: the depth limit bounds how deep sends nest, this bounds
         * how much one send may cause (responders that each send twice would make about {@code 2^maxNestingDepth}
         * calls). A nested send past it throws {@link IllegalStateException}; the error handler hears of it once per
         * outermost send, and {@link Quicksilver#refusedNestedSends()} counts every refusal.
         *
         * @param maxNestedSends at least 1, or 0 for no limit (default 1,000,000).
         * @return this builder.
         */
        public Builder maxNestedSends(final long maxNestedSends)
        {
            this.maxNestedSends = maxNestedSends;
            return this;
        }

        /**
         * Where exceptions thrown by responders, switch listeners and custom filters go.
         *
         * @param errorHandler the handler (default {@link ErrorHandler#logging()}).
         * @return this builder.
         */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /**
         * Validate the configuration and start the runtime.
         *
         * @return the runtime; close it to free its memory.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public Quicksilver build()
        {
            checkHopLimit(hopLimit);
            if (maxNestingDepth < 1 || maxNestingDepth > 1024)
            {
                throw new IllegalArgumentException(
                    "maxNestingDepth must be in [1, 1024]: maxNestingDepth=" + maxNestingDepth);
            }
            SingleThreadedDispatcher.checkMaxNestedSends(maxNestedSends);
            MessageLayout.checkMaxPayload(maxPayload);
            return new Quicksilver(this);
        }

        @Override
        public String toString()
        {
            return "Quicksilver.Builder{hopLimit=" + hopLimit + ", strict=" + strict + ", maxPayload=" + maxPayload +
                ", maxNestingDepth=" + maxNestingDepth + ", maxNestedSends=" + maxNestedSends + '}';
        }
    }

    /**
     * Configuration of a parallel runtime: fluent setters, validated by {@link #build()}. With
     * {@link #affinityConfig(Path)} the file's {@code mode} may make {@link #build()} return a single-threaded
     * runtime instead (with this builder's hop limit, strict mode, payload limit and error handler).
     */
    public static final class ParallelBuilder
    {
        private int workers;
        private AffinityPlan affinity;
        private AffinityConfig config;
        private Supplier<IdleStrategy> idleStrategy;
        private int ringCapacity = 1 << 14;
        private int stagingCapacity = 1 << 12;
        private Backpressure backpressure = Backpressure.BLOCK;
        private Backpressure reactionBackpressure = Backpressure.FAIL;
        private int hopLimit = SingleThreadedDispatcher.HOP_LIMIT_DEFAULT;
        private int maxNestingDepth = SingleThreadedDispatcher.MAX_NESTING_DEPTH_DEFAULT;
        private int maxPayload = SingleThreadedDispatcher.MAX_PAYLOAD_DEFAULT;
        private boolean strict;
        private int maxCustomFilters = ParallelDispatcher.MAX_CUSTOM_FILTERS_DEFAULT;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration watchdogThreshold = Duration.ofSeconds(1);
        private Duration rescueAfter = Duration.ofSeconds(2);
        private ErrorHandler errorHandler = ErrorHandler.logging();
        private NoticeHandler notices = NoticeHandler.logging();
        private boolean counters = true;
        private Path countersDirectory;
        private String countersName;
        private Path journalDirectory;
        private String journalRollCycle = JournalConfig.ROLL_CYCLE_DEFAULT;
        private JournalMode journalMode = JournalConfig.MODE_DEFAULT;
        private io.quicksilver.runtime.network.NetworkConfig network;

        private ParallelBuilder()
        {
        }

        // ------------------------------------------------------------------------------------------ counters

        /**
         * Live counters in a memory-mapped file that {@code ./quicksilver stat} reads from another process
         * (docs/counters.md). On by default, as in Aeron: a sampler thread copies counts the workers keep anyway,
         * ten times a second, so the delivery path pays nothing more.
         *
         * @param counters false to write no counters file and start no sampler thread.
         * @return this builder.
         */
        public ParallelBuilder counters(final boolean counters)
        {
            this.counters = counters;
            return this;
        }

        /**
         * @param directory where the counters file goes; default {@code /dev/shm/quicksilver-<user>} (or
         *                  {@code java.io.tmpdir}'s {@code quicksilver-<user>} where there is no {@code /dev/shm}).
         * @return this builder.
         */
        public ParallelBuilder countersDirectory(final Path directory)
        {
            this.countersDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param name this runtime's name in its counters file, {@code <pid>-<name>.counters}: 1 to 68 letters,
         *             digits, '-', '_' or '.'; default the next number in this JVM, so two runtimes never share a file.
         * @return this builder.
         * @throws IllegalArgumentException naming the value when it is empty, too long or has other characters.
         */
        public ParallelBuilder countersName(final String name)
        {
            io.quicksilver.runtime.counters.CountersLayout.checkName(Objects.requireNonNull(name, "name"));
            this.countersName = name;
            return this;
        }

        /**
         * Journal every message published into the sequencer ring, reactions included, to a Chronicle Queue in
         * {@code directory} (docs/journal.md; the JVM needs the journal's flags). Default: no journal.
         *
         * @param directory the journal's directory, created if missing (its parent must exist); null for none.
         * @return this builder.
         */
        public ParallelBuilder journal(final Path directory)
        {
            this.journalDirectory = directory;
            return this;
        }

        /**
         * @param mode when workers may deliver a message relative to its append (default
         *             {@link JournalMode#BEFORE_DELIVERY}).
         * @return this builder.
         */
        public ParallelBuilder journalMode(final JournalMode mode)
        {
            this.journalMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param rollCycle Chronicle Queue roll cycle name, checked at {@link #build()} (default
         *                  {@value JournalConfig#ROLL_CYCLE_DEFAULT}).
         * @return this builder.
         */
        public ParallelBuilder journalRollCycle(final String rollCycle)
        {
            this.journalRollCycle = Objects.requireNonNull(rollCycle, "rollCycle");
            return this;
        }

        /**
         * Join a network of peers over Aeron (docs/network.md; the JVM needs the network's flag, and Aeron on the
         * class path): messages whose network filter is {@code ALL} or {@code NETWORK} are published to the peers
         * once, and the peers' messages are delivered here as if sent from the node with the same path. Default: no
         * network ({@code NETWORK} messages are then counted and not sent).
         *
         * @param network channels, peers and media driver; null for none.
         * @return this builder.
         */
        public ParallelBuilder network(final io.quicksilver.runtime.network.NetworkConfig network)
        {
            this.network = network;
            return this;
        }

        JournalConfig journalConfig()
        {
            return journalDirectory == null ? null :
                new JournalConfig(journalDirectory, journalRollCycle, journalMode, JournalConfig.LOCK_TIMEOUT_DEFAULT);
        }

        /**
         * @param workers worker threads, 1 to {@link ParallelDispatcher#MAX_WORKERS}; more than the machine's cores
         *                works. Default: the affinity plan's count, or 1 without a plan.
         * @return this builder.
         */
        public ParallelBuilder workers(final int workers)
        {
            if (workers < 1 || workers > ParallelDispatcher.MAX_WORKERS)
            {
                throw new IllegalArgumentException(
                    "workers must be in [1, " + ParallelDispatcher.MAX_WORKERS + "]: workers=" + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * @param plan where each worker runs, where its memory lives and (unless {@link #idleStrategy} is set) how it
         *             idles; null (default) runs the workers unpinned, said once.
         * @return this builder.
         */
        public ParallelBuilder affinity(final AffinityPlan plan)
        {
            this.affinity = plan;
            this.config = null;
            return this;
        }

        /**
         * Read an affinity file (docs/affinity.md), planned against this machine's topology at {@link #build()}; its
         * {@code mode = "single-threaded"} makes {@link #build()} return a single-threaded runtime.
         *
         * @param file the TOML file.
         * @return this builder.
         * @throws io.quicksilver.numa.affinity.AffinityConfigException naming the file, line, key and value.
         */
        public ParallelBuilder affinityConfig(final Path file)
        {
            this.config = AffinityConfig.parse(Objects.requireNonNull(file, "file"));
            this.affinity = null;
            return this;
        }

        /**
         * @param config a parsed affinity file, planned against this machine's topology at {@link #build()}.
         * @return this builder.
         */
        public ParallelBuilder affinityConfig(final AffinityConfig config)
        {
            this.config = Objects.requireNonNull(config, "config");
            this.affinity = null;
            return this;
        }

        /**
         * @param idleStrategy makes each worker's idle strategy; default the affinity plan's {@code [idle]}, or
         *                     Agrona's backoff without a plan.
         * @return this builder.
         */
        public ParallelBuilder idleStrategy(final Supplier<IdleStrategy> idleStrategy)
        {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        /**
         * @param ringCapacity slots of the sequencer ring every sender publishes into, a power of two (default 16384).
         * @return this builder.
         */
        public ParallelBuilder ringCapacity(final int ringCapacity)
        {
            this.ringCapacity = ringCapacity;
            return this;
        }

        /**
         * @param stagingCapacity reactions a worker may hold waiting for ring space, a power of two (default 4096).
         * @return this builder.
         */
        public ParallelBuilder stagingCapacity(final int stagingCapacity)
        {
            this.stagingCapacity = stagingCapacity;
            return this;
        }

        /**
         * What a send from outside the handlers does when the ring is full, unless its {@link Metadata#backpressure()}
         * says otherwise: {@code BLOCK} waits for room; {@code FAIL} and {@code DROP} return false at once (both
         * counted in {@link Quicksilver#refusedSends()}).
         *
         * @param backpressure default {@link Backpressure#BLOCK}.
         * @return this builder.
         */
        public ParallelBuilder backpressure(final Backpressure backpressure)
        {
            this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
            return this;
        }

        /**
         * What a send from a handler does when its worker's staging buffer is full, unless its metadata says
         * otherwise. A worker never waits for the ring it gates, so {@code BLOCK} is refused.
         *
         * @param backpressure {@link Backpressure#FAIL} (default) or {@link Backpressure#DROP}: the send returns
         *                     false, counted.
         * @return this builder.
         */
        public ParallelBuilder reactionBackpressure(final Backpressure backpressure)
        {
            if (Objects.requireNonNull(backpressure, "backpressure") == Backpressure.BLOCK)
            {
                throw new IllegalArgumentException("reactionBackpressure must be FAIL or DROP (a worker must never " +
                    "wait for the ring it gates): reactionBackpressure=" + backpressure);
            }
            this.reactionBackpressure = backpressure;
            return this;
        }

        /**
         * @param hopLimit relay hops along one path, 1 to 32767, or 0 for none (default 50), counted per path.
         * @return this builder.
         */
        public ParallelBuilder hopLimit(final int hopLimit)
        {
            this.hopLimit = hopLimit;
            return this;
        }

        /**
         * @param maxNestingDepth longest chain of reactions, 1 to 1024 (default 32, as single-threaded mode's nesting
         *                        limit): the reaction that would make a chain longer throws in its responder (reported),
         *                        so a responder that keeps sending to itself stops as it does in single-threaded mode.
         * @return this builder.
         */
        public ParallelBuilder maxNestingDepth(final int maxNestingDepth)
        {
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /**
         * Strict mode (Mercury's {@code StrictMode}), as in single-threaded mode where it can be: a lateral route
         * not allowed or a custom level with no predicate throws {@link RoutingException} from the send, nothing
         * published. A hop-limit drop is found only while a worker routes the message, after the send returned: it
         * stops that message's routing where it happens (the deliveries before it stand, as single-threaded) and is
         * reported to the {@link ErrorHandler} as a {@link RoutingException}, once.
         *
         * @param strict whether drops are errors (default false: counted).
         * @return this builder.
         */
        public ParallelBuilder strict(final boolean strict)
        {
            this.strict = strict;
            return this;
        }

        /**
         * Most distinct {@link Level#CUSTOM} predicates the runtime registers. A message in the ring cannot hold an
         * object, so a custom send registers its predicate, by identity, and the message carries its id; a
         * registered predicate is kept for the runtime's life. A send with one more is refused with
         * {@link IllegalStateException}: build each predicate (or its {@link Metadata}) once and reuse it, instead of
         * a new lambda per send.
         *
         * @param maxCustomFilters 1 to 32767 (default 1024).
         * @return this builder.
         */
        public ParallelBuilder maxCustomFilters(final int maxCustomFilters)
        {
            this.maxCustomFilters = maxCustomFilters;
            return this;
        }

        /**
         * @param maxPayload largest payload, bytes (default 4032).
         * @return this builder.
         */
        public ParallelBuilder maxPayload(final int maxPayload)
        {
            this.maxPayload = maxPayload;
            return this;
        }

        /**
         * @param timeout how long {@link Quicksilver#close()} waits for the workers, in all (default 5 s), and then
         *                again, at most, for the error handler to return from its reports.
         * @return this builder.
         */
        public ParallelBuilder closeTimeout(final Duration timeout)
        {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param threshold how long a worker may stay on one message before it is reported to the error handler as
         *                  stuck (default 1 s).
         * @return this builder.
         */
        public ParallelBuilder watchdogThreshold(final Duration threshold)
        {
            this.watchdogThreshold = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * How long one responder call may last before its worker is replaced: a new thread goes on delivering
         * everything else from the stuck message, and the stuck responder is skipped (counted in
         * {@link Quicksilver#stuckSkips()}) until its call returns (docs/semantics.md, "A stuck responder").
         *
         * @param threshold default 2 s; zero turns the rescue off (a stuck responder then stops the ring one lap
         *                  later).
         * @return this builder.
         */
        public ParallelBuilder rescueAfter(final Duration threshold)
        {
            this.rescueAfter = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * Where exceptions thrown by responders, switch listeners and custom filters go, strict-mode hop-limit drops
         * ({@link RoutingException}, source {@code "routing"}), and reports of stuck workers (with a null node).
         * Called on worker threads, possibly several at once: it must be thread-safe.
         *
         * @param errorHandler the handler (default {@link ErrorHandler#logging()}).
         * @return this builder.
         */
        public ParallelBuilder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /**
         * Where the runtime's notices about itself go: running unpinned, memory not bound to the plan's nodes, a
         * capability this JVM lacks and the flag that adds it. {@link NoticeHandler#silent()} says nothing.
         *
         * @param notices the handler (default {@link NoticeHandler#logging()}: {@code System.Logger}, each once).
         * @return this builder.
         */
        public ParallelBuilder notices(final NoticeHandler notices)
        {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        /**
         * Validate the configuration and start the workers (or, for an affinity file whose mode is single-threaded,
         * build a single-threaded runtime).
         *
         * @return the runtime; close it.
         * @throws IllegalArgumentException naming the first bad value.
         */
        public Quicksilver build()
        {
            checkHopLimit(hopLimit);
            MessageLayout.checkMaxPayload(maxPayload);
            AffinityPlan plan = affinity;
            if (config != null)
            {
                if (config.mode() == AffinityConfig.Mode.SINGLE_THREADED)
                {
                    if (journalDirectory != null || config.journal() != null)
                    {
                        throw new IllegalArgumentException("a journal records the parallel runtime's sequencer " +
                            "ring, and the affinity file asks for single-threaded mode: journal=" +
                            (journalDirectory != null ? journalDirectory : config.journal().directory()));
                    }
                    return singleThreaded().hopLimit(hopLimit).strict(strict).maxPayload(maxPayload)
                        .errorHandler(errorHandler).build();
                }
                plan = AffinityPlanner.plan(config, Topology.live());
                final io.quicksilver.numa.affinity.JournalSection journal = config.journal();
                if (journal != null && journalDirectory == null)
                {
                    // The builder's own journal settings win over the file's.
                    journalDirectory = journal.directory();
                    if (journal.rollCycle() != null)
                    {
                        journalRollCycle = journal.rollCycle();
                    }
                    if (journal.mode() != null)
                    {
                        journalMode = JournalMode.parse(journal.mode());
                    }
                }
            }
            return new Quicksilver(this, plan);
        }

        @Override
        public String toString()
        {
            return "Quicksilver.ParallelBuilder{workers=" + workers + ", ringCapacity=" + ringCapacity +
                ", backpressure=" + backpressure + ", reactionBackpressure=" + reactionBackpressure +
                ", hopLimit=" + hopLimit + ", strict=" + strict + ", maxPayload=" + maxPayload + '}';
        }
    }

    private static void checkHopLimit(final int hopLimit)
    {
        if (hopLimit < 0 || hopLimit > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException(
                "hopLimit must be in [0, " + Short.MAX_VALUE + "] (0 = off): hopLimit=" + hopLimit);
        }
    }
}
