package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.concurrent.Threads;
import io.quicksilver.runtime.counters.CounterTypes;
import io.quicksilver.runtime.counters.CountersFiles;
import io.quicksilver.runtime.counters.CountersWriter;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A dispatcher's counters file, kept current by one sampler thread ({@code quicksilver-counters}): every period it
 * copies the counts the workers, the ring and the dispatcher already publish (each worker's per batch, with a release
 * store) into the file, computes the lag and the partitions per worker, and beats the heartbeat. The workers write
 * nothing more for it than they would without counters, so switching them on adds no store to the delivery path; the
 * price is that a value is up to one period old. One writer per value: this thread.
 */
final class DispatcherCounters
{
    /** Milliseconds between samples: ten per second of {@code stat}'s one-second refresh. */
    static final long PERIOD_MILLIS = 100;

    /** The hierarchy's description beside {@code <pid>-<name>.counters}: {@code <pid>-<name>.dot}. */
    static final String DESCRIPTION_SUFFIX = io.quicksilver.runtime.counters.Inspect.DESCRIPTION_SUFFIX;

    /** A dead process's file whose heartbeat is older than this is deleted by the next runtime that starts beside it. */
    static final long SWEEP_AFTER_MILLIS = TimeUnit.HOURS.toMillis(1);

    /** Larger hierarchies are described by a note only: Graphviz draws nothing readable from them. */
    static final int MAX_DRAWN_NODES = 5_000;

    private static final AtomicInteger DEFAULT_NAMES = new AtomicInteger();

    private final ParallelDispatcher dispatcher;
    private final CountersWriter writer;
    private final int workers;
    private final int flushes;
    private final int balanceMoves;
    private final int stealMoves;
    private final int runtimeErrors;
    private final int stuckReports;
    private final int rescues;
    private final int hopLimitDrops;
    private final int lateralDrops;
    private final int customDrops;
    private final int networkOnlySends;
    private final int claimed;
    private final int published;
    private final int backpressureWaits;
    private final int ringDrops;
    private final int ringFailures;
    private final int reactionDrops;
    private final int reactionFailures;
    /** The journal's counters ({@code journaled}, lag, bytes, failed from this id on), or -1 without a journal. */
    private final int firstJournalId;
    private final io.quicksilver.runtime.journal.Journaller journaller;
    /** Per-worker counters: {@code firstWorkerId + w * PER_WORKER + k}, k in {@link #WORKER_TYPES}' order. */
    private final int firstWorkerId;
    private final long[] partitions;
    private final Thread thread;
    /** The hierarchy as DOT beside the counters file ({@code <pid>-<name>.dot}), rewritten when the layout changes. */
    private final Path description;
    private Layout drawn;
    /** Deletes the file when the JVM exits without {@code close()} (a halt or a crash still leaves it, stale). */
    private final Thread exitHook;
    private volatile boolean running = true;

    private static final int[] WORKER_TYPES = {
        CounterTypes.MESSAGES_READ, CounterTypes.DELIVERIES, CounterTypes.BATCHES, CounterTypes.IDLE_POLLS,
        CounterTypes.PARTITIONS, CounterTypes.RESPONDER_FAILURES, CounterTypes.SLOW_RESPONDERS, CounterTypes.LAG,
        CounterTypes.KERNEL_MESSAGES};
    private static final String[] WORKER_LABELS = {
        "messages read", "deliveries", "batches", "idle polls", "partitions owned", "responder failures",
        "slow responders", "sequencer lag", "kernel-routed messages"};
    private static final int PER_WORKER = WORKER_TYPES.length;

    private DispatcherCounters(final ParallelDispatcher dispatcher, final CountersWriter writer, final int workers,
        final int ringCapacity, final boolean thread)
    {
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.workers = workers;
        writer.setRelease(writer.allocate(CounterTypes.WORKERS, -1, "workers"), workers);
        flushes = writer.allocate(CounterTypes.FLUSHES, -1, "flushes");
        balanceMoves = writer.allocate(CounterTypes.BALANCE_MOVES, -1, "partition moves: balancer");
        stealMoves = writer.allocate(CounterTypes.STEAL_MOVES, -1, "partition moves: steal");
        runtimeErrors = writer.allocate(CounterTypes.RUNTIME_ERRORS, -1, "runtime errors");
        stuckReports = writer.allocate(CounterTypes.STUCK_REPORTS, -1, "stuck worker reports");
        rescues = writer.allocate(CounterTypes.RESCUES, -1, "rescues");
        hopLimitDrops = writer.allocate(CounterTypes.HOP_LIMIT_DROPS, -1, "hop-limit drops");
        lateralDrops = writer.allocate(CounterTypes.LATERAL_DROPS, -1, "lateral drops");
        customDrops = writer.allocate(CounterTypes.CUSTOM_DROPS, -1, "custom drops");
        networkOnlySends = writer.allocate(CounterTypes.NETWORK_ONLY_SENDS, -1, "network-only sends");
        writer.setRelease(writer.allocate(CounterTypes.RING_CAPACITY, -1, "ring capacity"), ringCapacity);
        claimed = writer.allocate(CounterTypes.RING_CLAIMED, -1, "ring claimed");
        published = writer.allocate(CounterTypes.RING_PUBLISHED, -1, "ring published");
        backpressureWaits = writer.allocate(CounterTypes.RING_BACKPRESSURE_WAITS, -1, "ring backpressure waits");
        ringDrops = writer.allocate(CounterTypes.RING_DROPS, -1, "ring drops (DROP)");
        ringFailures = writer.allocate(CounterTypes.RING_FAILURES, -1, "ring refusals (FAIL)");
        reactionDrops = writer.allocate(CounterTypes.REACTION_DROPS, -1, "reaction drops (DROP)");
        reactionFailures = writer.allocate(CounterTypes.REACTION_FAILURES, -1, "reaction refusals (FAIL)");
        journaller = dispatcher.journaller();
        firstJournalId = journaller == null ? -1 : writer.count();
        if (journaller != null)
        {
            writer.allocate(CounterTypes.JOURNALED, -1, "journal appended");
            writer.allocate(CounterTypes.JOURNAL_LAG, -1, "journal lag");
            writer.allocate(CounterTypes.JOURNAL_BYTES, -1, "journal bytes");
            writer.allocate(CounterTypes.JOURNAL_FAILED, -1, "journal failed");
        }
        firstWorkerId = writer.count();
        for (int w = 0; w < workers; w++)
        {
            for (int k = 0; k < PER_WORKER; k++)
            {
                writer.allocate(WORKER_TYPES[k], w, "worker " + w + ": " + WORKER_LABELS[k]);
            }
        }
        partitions = new long[workers];
        this.thread = thread ? new Thread(this::run, "quicksilver-counters") : null;
        if (this.thread != null)
        {
            this.thread.setDaemon(true);
        }
        final Path file = writer.file();
        final String fileName = file.getFileName().toString();
        description = file.resolveSibling(
            fileName.substring(0, fileName.length() - CountersFiles.SUFFIX.length()) + DESCRIPTION_SUFFIX);
        final Path dot = description;
        exitHook = new Thread(() ->
        {
            try
            {
                java.nio.file.Files.deleteIfExists(file);
                java.nio.file.Files.deleteIfExists(dot);
            }
            catch (final java.io.IOException e)
            {
                // Exiting: a file left behind reads stale once this process is gone.
            }
        }, "quicksilver-counters-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /**
     * Create the file, allocate every counter, take a first sample and publish it.
     *
     * @param directory where, or null for {@link CountersFiles#defaultDirectory()}.
     * @param name      the runtime's name in the file's name, or null for the next number in this JVM.
     * @param thread    false (invoker mode) to sample only when {@link #sample()} is called.
     * @param log       told, once, when the default directory cannot take the file (the runtime then runs without).
     * @return the counters, or null when the default directory cannot take the file.
     * @throws java.io.UncheckedIOException when {@code directory} was given and cannot take the file.
     */
    static DispatcherCounters open(final ParallelDispatcher dispatcher, final Path directory, final String name,
        final int workers, final int ringCapacity, final boolean thread, final java.util.function.Consumer<String> log)
    {
        try
        {
            return open(dispatcher, directory, name, workers, ringCapacity, thread);
        }
        catch (final java.io.UncheckedIOException e)
        {
            if (directory != null)
            {
                throw e;
            }
            // Counters are on by default: a machine whose /dev/shm and temporary directory refuse the file still runs.
            log.accept("quicksilver: live counters off, " + e.getMessage() + " (countersDirectory(Path) picks " +
                "another directory, counters(false) turns them off)");
            return null;
        }
    }

    private static DispatcherCounters open(final ParallelDispatcher dispatcher, final Path directory, final String name,
        final int workers, final int ringCapacity, final boolean thread)
    {
        final Path dir = directory != null ? directory : CountersFiles.defaultDirectory();
        CountersFiles.sweepStale(dir, SWEEP_AFTER_MILLIS);
        final long pid = ProcessHandle.current().pid();
        String fileName = name;
        // Default names are numbers; one a runtime named explicitly already took is skipped.
        while (fileName == null || name == null && CountersFiles.inUseByThisProcess(CountersFiles.file(dir, pid, fileName)))
        {
            fileName = String.valueOf(DEFAULT_NAMES.incrementAndGet());
        }
        final Path file = CountersFiles.file(dir, pid, fileName);
        final CountersWriter writer = CountersWriter.create(file, fileName, 32 + workers * PER_WORKER, PERIOD_MILLIS);
        try
        {
            final DispatcherCounters counters = new DispatcherCounters(dispatcher, writer, workers, ringCapacity, thread);
            counters.sample();
            writer.publish();
            return counters;
        }
        catch (final RuntimeException | Error e)
        {
            // The exit hook, if added, holds only the path: at exit it finds the file gone.
            writer.close();
            throw e;
        }
    }

    Path file()
    {
        return writer.file();
    }

    void start()
    {
        if (thread != null)
        {
            thread.start();
        }
    }

    Thread thread()
    {
        return thread;
    }

    /**
     * Stop sampling, take a last sample (the counts as the workers left them), mark the file closed and delete it.
     */
    void close(final long timeoutNanos)
    {
        running = false;
        if (thread != null)
        {
            LockSupport.unpark(thread);
            Threads.join(thread, timeoutNanos);
        }
        if (thread == null || !thread.isAlive())
        {
            sample();
        }
        writer.close();
        try
        {
            java.nio.file.Files.deleteIfExists(description);
        }
        catch (final java.io.IOException e)
        {
            // The counters file is gone already: stat reports nothing; a leftover description names no live runtime.
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        }
        catch (final IllegalStateException e)
        {
            // Closed while the JVM shuts down: the hook runs anyway, on a file already gone.
        }
    }

    private void run()
    {
        final long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        while (running)
        {
            LockSupport.parkNanos(period);
            // An interrupt is not a stop request (only close() stops): cleared, or the park would return at once.
            Thread.interrupted();
            if (running)
            {
                sample();
            }
        }
    }

    private void writeDescription(final Layout layout)
    {
        final String text = layout.snapshot.nodeCount() > MAX_DRAWN_NODES ?
            "digraph quicksilver {\n  label=\"" + layout.snapshot.nodeCount() + " nodes: more than " + MAX_DRAWN_NODES +
            ", not drawn\";\n}\n" : HierarchyDot.of(layout, writer.file().getFileName().toString());
        final Path temporary = description.resolveSibling("." + description.getFileName() + ".new");
        try
        {
            java.nio.file.Files.writeString(temporary, text);
            java.nio.file.Files.move(temporary, description, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final java.io.IOException e)
        {
            // The counters go on without a picture; inspect says the description is missing.
        }
    }

    /**
     * Copy every value into the file and beat the heartbeat; when the layout changed since the last sample, rewrite
     * the hierarchy's description too. Allocation-free while the layout stays the same; called by the sampler thread
     * only (or, in invoker mode, by the invoking thread).
     */
    void sample()
    {
        final ParallelDispatcher d = dispatcher;
        final CountersWriter writer = this.writer;
        final long producerIndex = d.producerIndex();
        final long[] partitions = this.partitions;
        java.util.Arrays.fill(partitions, 0);
        final Layout layout = d.issuedLayout();
        for (final int owner : layout.partitionOwner)
        {
            partitions[owner]++;
        }
        if (layout != drawn)
        {
            // Only when the layout changed: the one allocating step, never per message.
            drawn = layout;
            writeDescription(layout);
        }
        for (int w = 0; w < workers; w++)
        {
            final Worker worker = d.worker(w);
            final long consumed = worker.lvConsumerSequence();
            final int id = firstWorkerId + w * PER_WORKER;
            writer.setRelease(id, consumed + 1);
            writer.setRelease(id + 1, worker.lvDeliveries());
            writer.setRelease(id + 2, worker.lvBatches());
            writer.setRelease(id + 3, worker.lvIdlePolls());
            writer.setRelease(id + 4, partitions[w]);
            writer.setRelease(id + 5, worker.lvErrors());
            writer.setRelease(id + 6, d.slowResponders(w));
            writer.setRelease(id + 7, Math.max(0, producerIndex - consumed));
            writer.setRelease(id + 8, worker.lvKernelMessages());
        }
        writer.setRelease(flushes, d.flushes());
        writer.setRelease(balanceMoves, d.balanceMoves());
        writer.setRelease(stealMoves, d.stealMoves());
        writer.setRelease(runtimeErrors, d.runtimeErrors());
        writer.setRelease(stuckReports, d.stuckReports());
        writer.setRelease(rescues, d.rescues());
        writer.setRelease(hopLimitDrops, d.hopLimitDrops());
        writer.setRelease(lateralDrops, d.lateralDrops());
        writer.setRelease(customDrops, d.customDrops());
        writer.setRelease(networkOnlySends, d.networkOnlySends());
        writer.setRelease(claimed, producerIndex + 1);
        writer.setRelease(published, d.ringPublishedThrough() + 1);
        writer.setRelease(backpressureWaits, d.ringBackpressureWaits());
        writer.setRelease(ringDrops, d.ringDrops());
        writer.setRelease(ringFailures, d.ringFailures());
        writer.setRelease(reactionDrops, d.reactionDrops());
        writer.setRelease(reactionFailures, d.reactionFailures());
        final io.quicksilver.runtime.journal.Journaller journaller = this.journaller;
        if (journaller != null)
        {
            final long journaled = journaller.lvJournaledThrough();
            writer.setRelease(firstJournalId, journaled + 1);
            writer.setRelease(firstJournalId + 1, Math.max(0, producerIndex - journaled));
            // A plain field of the journal's thread: a monitoring read, at most one append behind.
            writer.setRelease(firstJournalId + 2, journaller.journal().appendedBytes());
            writer.setRelease(firstJournalId + 3, journaller.failure() != null ? 1 : 0);
        }
        writer.heartbeatRelease(System.currentTimeMillis());
    }
}
