package io.quicksilver.runtime.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Failures counted per distinct error, and said once each: the first of a kind with its stack trace, the repeats as a
 * count in a summary at most every summary period (at the next failure once the period is over) and at
 * {@link #flush()}. A responder that throws on every message then costs a few lines, not a stack trace per message.
 * <p>
 * Two failures are the same error when they come from the same source on the same node and are of the same exception
 * class with the same message. At most {@link #MAX_DISTINCT} errors are told apart; failures of further kinds are
 * counted together. Thread-safe: a failure of a kind already seen costs a scan of the known kinds and an atomic
 * increment, no lock; a new kind takes a lock once.
 */
public final class DistinctErrorLog
{
    /** Most errors told apart; further kinds are counted together as others. */
    public static final int MAX_DISTINCT = 256;

    private final Logger logger;
    private final long summaryPeriodNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextSummaryNanos;
    private final AtomicLong others = new AtomicLong();
    private final Object summaryLock = new Object();
    private volatile Observation[] observations = new Observation[0];
    private long othersSummarised;

    /**
     * @param logger        where the reports go.
     * @param summaryPeriod shortest time between two summaries of the repeats, positive.
     * @param nanoClock     the time, in nanoseconds ({@code System::nanoTime}).
     */
    public DistinctErrorLog(final Logger logger, final java.time.Duration summaryPeriod, final LongSupplier nanoClock)
    {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (summaryPeriod.isNegative() || summaryPeriod.isZero())
        {
            throw new IllegalArgumentException("summaryPeriod must be positive: summaryPeriod=" + summaryPeriod);
        }
        this.summaryPeriodNanos = summaryPeriod.toNanos();
        this.nextSummaryNanos = new AtomicLong(nanoClock.getAsLong() + summaryPeriodNanos);
    }

    /**
     * Count one failure; say it if it is the first of its kind, and say the summary if one is due.
     *
     * @param node   name of the node the failing code was attached to, or null.
     * @param source what failed: a responder's name, {@code "onEnter(state)"}, ...
     * @param method what the failing code was handling, in words, or null.
     * @param error  what it threw.
     */
    public void record(final String node, final String source, final String method, final Throwable error)
    {
        final Observation known = find(node, source, error);
        if (known != null)
        {
            known.count.incrementAndGet();
        }
        else
        {
            final Observation added = add(node, source, error);
            if (added != null)
            {
                logger.log(Level.ERROR, describe(added) + (method == null ? "" : " while handling " + method) +
                    " (first of its kind; repeats are counted and summarised)", error);
            }
        }
        final long now = nanoClock.getAsLong();
        final long due = nextSummaryNanos.get();
        if (now - due >= 0 && nextSummaryNanos.compareAndSet(due, now + summaryPeriodNanos))
        {
            summarise();
        }
    }

    /**
     * Say the repeats not yet summarised, now; a runtime calls it as it closes.
     */
    public void flush()
    {
        summarise();
    }

    /**
     * @param node   as for {@link #record}.
     * @param source as for {@link #record}.
     * @param type   the exception class.
     * @param message the exception's message.
     * @return how many failures of this kind were recorded, 0 if none.
     */
    public long count(final String node, final String source, final Class<? extends Throwable> type, final String message)
    {
        for (final Observation o : observations)
        {
            if (o.matches(node, source, type, message))
            {
                return o.count.get();
            }
        }
        return 0;
    }

    /**
     * @return failures of kinds beyond the first {@link #MAX_DISTINCT}, counted together.
     */
    public long others()
    {
        return others.get();
    }

    private Observation find(final String node, final String source, final Throwable error)
    {
        final Class<? extends Throwable> type = error.getClass();
        final String message = error.getMessage();
        for (final Observation o : observations)
        {
            if (o.matches(node, source, type, message))
            {
                return o;
            }
        }
        return null;
    }

    /**
     * @return the new observation, counted once, or null when another thread added it first (then counted there) or
     *         there is no room (counted as others).
     */
    private synchronized Observation add(final String node, final String source, final Throwable error)
    {
        final Observation raced = find(node, source, error);
        if (raced != null)
        {
            raced.count.incrementAndGet();
            return null;
        }
        final Observation[] current = observations;
        if (current.length >= MAX_DISTINCT)
        {
            others.incrementAndGet();
            return null;
        }
        final Observation added = new Observation(node, source, error.getClass(), error.getMessage());
        final Observation[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = added;
        observations = grown;
        return added;
    }

    private void summarise()
    {
        synchronized (summaryLock)
        {
            for (final Observation o : observations)
            {
                final long count = o.count.get();
                final long repeats = count - o.summarised;
                if (repeats > 0)
                {
                    o.summarised = count;
                    logger.log(Level.ERROR, describe(o) + " again " + repeats + " time" + (repeats == 1 ? "" : "s") +
                        " since it was last reported, " + count + " in all");
                }
            }
            final long othersNow = others.get();
            if (othersNow > othersSummarised)
            {
                logger.log(Level.ERROR, "quicksilver: " + (othersNow - othersSummarised) + " more failure(s) of " +
                    "kinds beyond the first " + MAX_DISTINCT + " distinct errors, not told apart, " + othersNow +
                    " in all");
                othersSummarised = othersNow;
            }
        }
    }

    private static String describe(final Observation o)
    {
        return "quicksilver: '" + o.source + "'" + (o.node == null ? "" : " on node '" + o.node + "'") + " threw " +
            o.type.getName() + (o.message == null ? "" : ": " + o.message);
    }

    private static final class Observation
    {
        final String node;
        final String source;
        final Class<? extends Throwable> type;
        final String message;
        // The first failure is counted as it is added.
        final AtomicLong count = new AtomicLong(1);
        // The count at the last report of this kind; under summaryLock. The first report covers the first failure.
        long summarised = 1;

        Observation(final String node, final String source, final Class<? extends Throwable> type, final String message)
        {
            this.node = node;
            this.source = source;
            this.type = type;
            this.message = message;
        }

        boolean matches(final String node, final String source, final Class<? extends Throwable> type, final String message)
        {
            return this.type == type && Objects.equals(this.source, source) && Objects.equals(this.node, node) &&
                Objects.equals(this.message, message);
        }
    }
}
