package io.quicksilver.runtime.journal;

import io.quicksilver.runtime.concurrent.Threads;
import io.quicksilver.runtime.ring.MessageRing;
import io.quicksilver.runtime.ring.RingConsumer;
import org.agrona.concurrent.IdleStrategy;

import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * A gating consumer of the sequencer ring, on its own thread, that appends every published message to a
 * {@link ChronicleJournal} in ring order (the Disruptor's journaller): it reads the run of slots published since its
 * last pass and appends it in documents of up to {@link JournalLayout#MAX_MESSAGES}, releasing each document's
 * messages with one store once it is appended. Producers gate on it as on any consumer, so they wait on disk only when the journaller falls a whole ring
 * behind; in {@link JournalMode#BEFORE_DELIVERY} the workers gate on it too ({@link RingConsumer#gateOn}).
 * <p>
 * <b>Failure.</b> The first write failure is handed to the failure listener, once; the journaller then appends
 * nothing more. In {@link JournalMode#BEFORE_DELIVERY} it stops releasing, so nothing after the last appended message
 * is ever delivered; in {@link JournalMode#ASYNC} it goes on releasing without writing, so the workers (which do not
 * wait for it) are not held back a lap later. Refusing later sends is the dispatcher's part.
 * <p>
 * Journal sequence {@code j} of ring sequence {@code r} is {@code r + base}, where {@code base} is the number of
 * messages the journal held when it was opened: every ring message is appended, in order, none skipped.
 */
public final class Journaller implements Runnable
{
    /** Most messages read per pass, appended in documents of up to 64 messages, each released once appended. */
    static final int BATCH = 1024;

    private final RingConsumer consumer;
    private final MessageRing ring;
    private final ChronicleJournal journal;
    private final JournalMode mode;
    private final Consumer<Throwable> onFailure;
    private final IdleStrategy idle;
    private final Thread thread;
    private final long base;
    private final Runnable lagSampler = this::sampleLag;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Descriptions of hierarchies about to be installed, by the ring sequence of the control message. */
    private final ConcurrentSkipListMap<Long, String> hierarchies = new ConcurrentSkipListMap<>();

    /**
     * A journaller over one of the ring's consumers; {@link #start()} starts its thread.
     *
     * @param consumer  its gating consumer in the ring, not yet read.
     * @param journal   where it appends; closed by {@link #close(long)}.
     * @param mode      whether workers wait for it (decides what it does after a failure).
     * @param idle      what its thread does when nothing is published: the workers' kind, since in before-delivery
     *                  mode every delivery waits for the journaller to wake.
     * @param onFailure told of the first write failure, on the journaller's thread.
     */
    public Journaller(
        final RingConsumer consumer, final ChronicleJournal journal, final JournalMode mode, final IdleStrategy idle,
        final Consumer<Throwable> onFailure)
    {
        this.idle = Objects.requireNonNull(idle, "idle");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.ring = consumer.ring();
        this.journal = Objects.requireNonNull(journal, "journal");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.base = journal.nextSequence() - consumer.nextSequence();
        this.thread = new Thread(this, "quicksilver-journaller");
        thread.setDaemon(true);
    }

    /**
     * Start appending.
     */
    public void start()
    {
        jdk.jfr.FlightRecorder.addPeriodicEvent(JournalLagEvent.class, lagSampler);
        thread.start();
    }

    /** JFR's periodic thread: one {@link JournalLagEvent}. */
    private void sampleLag()
    {
        final JournalLagEvent event = new JournalLagEvent();
        final long journaled = consumer.lvSequence();
        event.directory = journal.directory().toString();
        event.lag = Math.max(0, ring.lvProducerIndex() - journaled);
        event.journaledThrough = journaled < 0 ? base - 1 : base + journaled;
        event.appendedMessages = journal.appendedMessages();
        event.appendedBytes = journal.appendedBytes();
        event.commit();
    }

    @Override
    public void run()
    {
        while (true)
        {
            final int work;
            try
            {
                work = doWork();
            }
            catch (final Throwable t)
            {
                fail(t);
                if (mode == JournalMode.BEFORE_DELIVERY)
                {
                    return;
                }
                continue;
            }
            if (work == 0)
            {
                if (!running)
                {
                    return;
                }
                // An interrupt is not a stop request (only close() stops): cleared, or a parking idle would spin.
                Thread.interrupted();
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
    }

    /**
     * One pass: append the messages published since the last one (at most {@link #BATCH}), then release them.
     *
     * @return messages appended (or, after a failure in async mode, passed over).
     * @throws java.io.IOException when the journal cannot be written.
     */
    int doWork() throws java.io.IOException
    {
        final RingConsumer consumer = this.consumer;
        final long first = consumer.nextSequence();
        final long available = consumer.peekAvailable(BATCH);
        if (available < first)
        {
            return 0;
        }
        if (failure == null)
        {
            // Released a document at a time: in before-delivery mode the workers start on the first 64 while the
            // rest are appended, and after a failure the release says exactly what the journal holds.
            for (long next = first; next <= available; )
            {
                long end = Math.min(next + JournalLayout.MAX_MESSAGES - 1, available);
                if (!hierarchies.isEmpty())
                {
                    // A new shape of the hierarchy: its record goes just before the control message that installs it.
                    final long at = hierarchies.firstKey();
                    if (at <= next)
                    {
                        final String description = hierarchies.pollFirstEntry().getValue();
                        if (at == next)
                        {
                            journal.appendHierarchy(base + at, description);
                        }
                        continue;
                    }
                    end = Math.min(end, at - 1);
                }
                final int count = (int)(end - next + 1);
                journal.appendDocument(ring, next, count);
                next += count;
                consumer.release(next - 1);
            }
        }
        else
        {
            hierarchies.clear();
            consumer.release(available);
        }
        return (int)(available - first + 1);
    }

    private void fail(final Throwable t)
    {
        if (failure != null)
        {
            return;
        }
        failure = t;
        try
        {
            onFailure.accept(t);
        }
        catch (final Throwable ignore)
        {
            // A listener that throws must not take the journaller down: the failure is recorded above.
        }
    }

    /**
     * Record the hierarchy a control message installs, before the message is published: the journal holds it just
     * ahead of the message. Called by the dispatcher's control thread when the hierarchy's shape changes.
     *
     * @param ringSequence the control message's ring sequence, claimed and not yet published.
     * @param description  {@link JournalHierarchy#describe} of the hierarchy.
     */
    public void hierarchyAt(final long ringSequence, final String description)
    {
        hierarchies.put(ringSequence, description);
    }

    /**
     * @return the first write failure, or null.
     */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * @return the last ring sequence appended (or passed over after a failure in async mode), -1 before any.
     */
    public long lvJournaledThrough()
    {
        return consumer.lvSequence();
    }

    /**
     * @return the journal sequence ring sequence 0 has: messages the journal held when this runtime opened it.
     */
    public long base()
    {
        return base;
    }

    /**
     * @return the ring consumer the journaller reads with (the one workers gate on in before-delivery mode).
     */
    public RingConsumer consumer()
    {
        return consumer;
    }

    /**
     * @return the journal's mode.
     */
    public JournalMode mode()
    {
        return mode;
    }

    /**
     * @return the journal it appends to.
     */
    public ChronicleJournal journal()
    {
        return journal;
    }

    /**
     * Append what is published, then stop the thread and close the journal, waiting at most {@code timeoutNanos}
     * for the thread. A thread that does not stop in time (a write stuck on a dead disk) is left behind with the
     * journal open, and the caller must then not free the ring's memory it reads.
     *
     * @param timeoutNanos longest wait for the thread.
     * @return true once stopped and closed, false when the thread was left behind.
     */
    public boolean close(final long timeoutNanos)
    {
        running = false;
        jdk.jfr.FlightRecorder.removePeriodicEvent(lagSampler);
        Threads.join(thread, timeoutNanos);
        if (thread.isAlive())
        {
            return false;
        }
        journal.close();
        return true;
    }

    /**
     * @return the journaller's thread.
     */
    public Thread thread()
    {
        return thread;
    }

    @Override
    public String toString()
    {
        return "Journaller{" + journal + ", mode=" + mode + ", journaledThrough=" + lvJournaledThrough() +
            (failure != null ? ", failed: " + failure : "") + '}';
    }
}
