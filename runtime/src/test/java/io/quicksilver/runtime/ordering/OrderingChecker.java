package io.quicksilver.runtime.ordering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records deliveries and checks the ordering guarantees of docs/semantics.md on them.
 * <p>
 * <b>Recording</b> ({@link #record}) is the hot path: one preallocated array per receiver, four longs per delivery,
 * no lock. Each receiver must be recorded by one thread at a time (which the runtime guarantees: a responder is called
 * by one worker at a time, and a hand-over is a happens-before edge), different receivers by any threads.
 * <p>
 * <b>Checking</b> ({@link #check()}) runs after the run, single-threaded, and finds:
 * <ul>
 *     <li>{@link Kind#FIFO}: a receiver got two messages of one sender out of that sender's order;</li>
 *     <li>{@link Kind#TOTAL_ORDER}: the receivers' orders cannot all be cut from one total order of messages (so some
 *     two receivers of two broadcasts, possibly through a chain of receivers, disagree on their order);</li>
 *     <li>{@link Kind#CAUSALITY}: a receiver got a reaction before the message it reacts to, having got both;</li>
 *     <li>{@link Kind#DUPLICATE}: a receiver got one message twice;</li>
 *     <li>{@link Kind#LOST} and {@link Kind#UNEXPECTED}: against the deliveries declared with {@link #expect}, one
 *     missing, or one that nobody expected.</li>
 * </ul>
 * Messages are identified by their global sequence (below 2^39; at most 2^24 deliveries per receiver); a sender's
 * messages by {@code (sender, senderSequence)}.
 */
public final class OrderingChecker
{
    /** What went wrong. */
    public enum Kind
    {
        FIFO, TOTAL_ORDER, CAUSALITY, DUPLICATE, LOST, UNEXPECTED
    }

    /** Causal predecessor value of a message that reacts to nothing. */
    public static final long NO_CAUSE = -1;

    private static final int FIELDS = 4;
    private static final int MAX_EXAMPLES = 10;

    private final int receivers;
    private final long[][] deliveries;
    private final int[] counts;
    private final long[][] expected;
    private final int[] expectedCounts;
    private boolean anyExpected;

    /**
     * @param receivers          receiver ids are {@code 0..receivers-1}.
     * @param capacityPerReceiver deliveries preallocated per receiver (grows, by copying, past that).
     */
    public OrderingChecker(final int receivers, final int capacityPerReceiver)
    {
        this.receivers = receivers;
        deliveries = new long[receivers][];
        expected = new long[receivers][];
        counts = new int[receivers];
        expectedCounts = new int[receivers];
        for (int r = 0; r < receivers; r++)
        {
            deliveries[r] = new long[Math.max(1, capacityPerReceiver) * FIELDS];
            expected[r] = new long[0];
        }
    }

    /**
     * One delivery, in the order the receiver saw it.
     *
     * @param receiver       receiver id.
     * @param sender         sender id, below 2^23.
     * @param senderSequence the sender's own count of its messages, below 2^40.
     * @param globalSequence unique id of the message.
     * @param cause          global sequence of the message this one reacts to, or {@link #NO_CAUSE}.
     */
    public void record(
        final int receiver, final int sender, final long senderSequence, final long globalSequence, final long cause)
    {
        long[] d = deliveries[receiver];
        final int i = counts[receiver] * FIELDS;
        if (i == d.length)
        {
            d = Arrays.copyOf(d, d.length * 2);
            deliveries[receiver] = d;
        }
        d[i] = sender;
        d[i + 1] = senderSequence;
        d[i + 2] = globalSequence;
        d[i + 3] = cause;
        counts[receiver]++;
    }

    /**
     * Declare that a receiver must get a sender's message exactly once.
     *
     * @param receiver       receiver id.
     * @param sender         sender id.
     * @param senderSequence the sender's count.
     */
    public void expect(final int receiver, final int sender, final long senderSequence)
    {
        long[] e = expected[receiver];
        if (expectedCounts[receiver] == e.length)
        {
            e = Arrays.copyOf(e, Math.max(16, e.length * 2));
            expected[receiver] = e;
        }
        e[expectedCounts[receiver]++] = key(sender, senderSequence);
        anyExpected = true;
    }

    /**
     * @return deliveries recorded, over all receivers.
     */
    public long deliveries()
    {
        long sum = 0;
        for (final int c : counts)
        {
            sum += c;
        }
        return sum;
    }

    /**
     * @param receiver a receiver.
     * @return deliveries recorded for it.
     */
    public int deliveries(final int receiver)
    {
        return counts[receiver];
    }

    /**
     * Forget every delivery and expectation (the arrays stay allocated).
     */
    public void reset()
    {
        Arrays.fill(counts, 0);
        Arrays.fill(expectedCounts, 0);
        anyExpected = false;
    }

    private static long key(final int sender, final long senderSequence)
    {
        return ((long)sender << 40) | senderSequence;
    }

    /**
     * Check everything recorded.
     *
     * @return the violations found.
     */
    public Report check()
    {
        final Report report = new Report();
        for (int r = 0; r < receivers; r++)
        {
            checkReceiver(r, report);
        }
        checkTotalOrder(report);
        return report;
    }

    private void checkReceiver(final int r, final Report report)
    {
        final long[] d = deliveries[r];
        final int n = counts[r];
        final Map<Integer, Long> lastBySender = new HashMap<>();
        // Sorted (global sequence, position) pairs: duplicate detection and the causal look-up.
        // Position packed under the sequence, so one primitive sort orders both (sequences below 2^39).
        final long[] packed = new long[n];
        for (int i = 0; i < n; i++)
        {
            packed[i] = (d[i * FIELDS + 2] << 24) | i;
        }
        Arrays.sort(packed);
        final int[] order = new int[n];
        final long[] sortedGlobals = new long[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = (int)(packed[i] & ((1 << 24) - 1));
            sortedGlobals[i] = packed[i] >>> 24;
        }
        for (int i = 1; i < n; i++)
        {
            if (sortedGlobals[i] == sortedGlobals[i - 1])
            {
                report.add(Kind.DUPLICATE, "receiver " + r + " got message " + sortedGlobals[i] + " twice, at " +
                    order[i - 1] + " and " + order[i]);
            }
        }
        for (int i = 0; i < n; i++)
        {
            final int sender = (int)d[i * FIELDS];
            final long senderSequence = d[i * FIELDS + 1];
            final Long last = lastBySender.put(sender, senderSequence);
            if (last != null && senderSequence <= last)
            {
                report.add(Kind.FIFO, "receiver " + r + " got sender " + sender + "'s message " + senderSequence +
                    " after its message " + last + " (delivery " + i + ")");
            }
            final long cause = d[i * FIELDS + 3];
            if (cause != NO_CAUSE)
            {
                final int at = Arrays.binarySearch(sortedGlobals, cause);
                if (at >= 0 && order[at] > i)
                {
                    report.add(Kind.CAUSALITY, "receiver " + r + " got message " + d[i * FIELDS + 2] + " (delivery " +
                        i + ") before its cause " + cause + " (delivery " + order[at] + ")");
                }
            }
        }
        if (anyExpected)
        {
            checkExpected(r, report);
        }
    }

    private void checkExpected(final int r, final Report report)
    {
        final long[] d = deliveries[r];
        final int n = counts[r];
        final long[] got = new long[n];
        for (int i = 0; i < n; i++)
        {
            got[i] = key((int)d[i * FIELDS], d[i * FIELDS + 1]);
        }
        Arrays.sort(got);
        final long[] want = Arrays.copyOf(expected[r], expectedCounts[r]);
        Arrays.sort(want);
        int g = 0;
        int w = 0;
        while (g < got.length || w < want.length)
        {
            if (g < got.length && w < want.length && got[g] == want[w])
            {
                g++;
                w++;
            }
            else if (w < want.length && (g == got.length || want[w] < got[g]))
            {
                report.add(Kind.LOST, "receiver " + r + " never got sender " + (want[w] >>> 40) + "'s message " +
                    (want[w] & ((1L << 40) - 1)));
                w++;
            }
            else
            {
                if (g == 0 || got[g] != got[g - 1])
                {
                    report.add(Kind.UNEXPECTED, "receiver " + r + " got sender " + (got[g] >>> 40) + "'s message " +
                        (got[g] & ((1L << 40) - 1)) + ", which nobody expected it to get");
                }
                g++;
            }
        }
    }

    /**
     * The receivers' orders fit one total order iff the graph of "delivered right before, at some receiver" edges is
     * acyclic (Kahn's algorithm). Any disagreement of two receivers on two messages closes a cycle.
     */
    private void checkTotalOrder(final Report report)
    {
        int total = 0;
        for (final int c : counts)
        {
            total += c;
        }
        final long[] all = new long[total];
        int k = 0;
        for (int r = 0; r < receivers; r++)
        {
            for (int i = 0; i < counts[r]; i++)
            {
                all[k++] = deliveries[r][i * FIELDS + 2];
            }
        }
        Arrays.sort(all);
        int unique = 0;
        for (int i = 0; i < total; i++)
        {
            if (i == 0 || all[i] != all[i - 1])
            {
                all[unique++] = all[i];
            }
        }
        final long[] ids = Arrays.copyOf(all, unique);
        final int[] edgeFrom = new int[total];
        final int[] edgeTo = new int[total];
        int edges = 0;
        for (int r = 0; r < receivers; r++)
        {
            final long[] d = deliveries[r];
            for (int i = 1; i < counts[r]; i++)
            {
                final int from = Arrays.binarySearch(ids, d[(i - 1) * FIELDS + 2]);
                final int to = Arrays.binarySearch(ids, d[i * FIELDS + 2]);
                if (from != to)
                {
                    edgeFrom[edges] = from;
                    edgeTo[edges] = to;
                    edges++;
                }
            }
        }
        final int[] start = new int[unique + 1];
        final int[] inDegree = new int[unique];
        for (int e = 0; e < edges; e++)
        {
            start[edgeFrom[e] + 1]++;
            inDegree[edgeTo[e]]++;
        }
        for (int i = 0; i < unique; i++)
        {
            start[i + 1] += start[i];
        }
        final int[] fill = Arrays.copyOf(start, unique);
        final int[] adjacency = new int[edges];
        for (int e = 0; e < edges; e++)
        {
            adjacency[fill[edgeFrom[e]]++] = edgeTo[e];
        }
        final int[] queue = new int[unique];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < unique; i++)
        {
            if (inDegree[i] == 0)
            {
                queue[tail++] = i;
            }
        }
        while (head < tail)
        {
            final int m = queue[head++];
            for (int a = start[m]; a < start[m + 1]; a++)
            {
                if (--inDegree[adjacency[a]] == 0)
                {
                    queue[tail++] = adjacency[a];
                }
            }
        }
        if (tail < unique)
        {
            final StringBuilder sample = new StringBuilder();
            int shown = 0;
            for (int i = 0; i < unique && shown < 5; i++)
            {
                if (inDegree[i] > 0)
                {
                    sample.append(shown++ == 0 ? "" : ", ").append(ids[i]);
                }
            }
            report.add(Kind.TOTAL_ORDER, (unique - tail) + " messages are on or after a cycle of receiver orders " +
                "(no total order fits every receiver), e.g. messages " + sample);
        }
    }

    /**
     * Violations found by {@link #check()}: counts by kind and the first examples.
     */
    public static final class Report
    {
        private final EnumMap<Kind, Long> counts = new EnumMap<>(Kind.class);
        private final List<String> examples = new ArrayList<>();

        void add(final Kind kind, final String example)
        {
            counts.merge(kind, 1L, Long::sum);
            if (examples.size() < MAX_EXAMPLES)
            {
                examples.add(kind + ": " + example);
            }
        }

        /**
         * @param kind a kind.
         * @return violations of that kind.
         */
        public long count(final Kind kind)
        {
            return counts.getOrDefault(kind, 0L);
        }

        /**
         * @return true when nothing was found.
         */
        public boolean isClean()
        {
            return counts.isEmpty();
        }

        /**
         * @return the first examples, for a failure message.
         */
        public List<String> examples()
        {
            return examples;
        }

        /**
         * @throws AssertionError listing the violations, unless clean.
         */
        public void assertClean()
        {
            if (!isClean())
            {
                throw new AssertionError("ordering violations " + counts + ":\n  " + String.join("\n  ", examples));
            }
        }

        @Override
        public String toString()
        {
            return isClean() ? "clean" : counts + " " + examples;
        }
    }
}
