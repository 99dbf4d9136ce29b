package io.quicksilver.runtime.counters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./quicksilver stat [PID|DIR|FILE] [--once] [--json] [--interval MS]}: reads the counters files of running
 * Quicksilver runtimes on this machine (no JMX, no agent) and prints, per runtime, one row per worker with rates,
 * lag, partitions, the share of empty polls and the messages per batch, the totals, the ring and runtime counters, and what changed since the last refresh.
 * Refreshes every interval (1 s) until interrupted; {@code --once} prints one snapshot (two reads an interval apart,
 * for the rates) and exits; {@code --json} prints the same as JSON. Exit status: 0, 1 when a file could not be read
 * or nothing was found, 2 for a usage error. A small main class, like Aeron's {@code AeronStat}.
 */
public final class Stat
{
    static final String USAGE = "usage: ./quicksilver stat [PID|DIR|FILE] [--once] [--json] [--interval MS]";

    private final PrintStream out;
    private final PrintStream err;
    private final Path directory;
    private String target;
    private boolean once;
    private boolean json;
    private long intervalMillis = 1000;
    private boolean failed;

    Stat(final PrintStream out, final PrintStream err, final Path directory)
    {
        this.out = out;
        this.err = err;
        this.directory = directory;
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        System.exit(new Stat(System.out, System.err, CountersFiles.defaultDirectory()).run(args));
    }

    /**
     * @return the exit status.
     */
    int run(final String[] args)
    {
        final String usageError = parse(args);
        if ("help".equals(usageError))
        {
            out.println(USAGE);
            return 0;
        }
        if (usageError != null)
        {
            err.println("stat: " + usageError + " (" + USAGE + ")");
            return 2;
        }
        List<Path> files;
        try
        {
            files = resolve();
        }
        catch (final CountersFileException e)
        {
            err.println("stat: " + e.getMessage());
            return 1;
        }
        Map<Path, Snapshot> before = read(files, false);
        while (true)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMillis));
            if (!once)
            {
                try
                {
                    files = resolve();
                }
                catch (final CountersFileException e)
                {
                    err.println("stat: " + e.getMessage());
                    return 1;
                }
            }
            final Map<Path, Snapshot> now = read(files, true);
            if (!once && System.console() != null)
            {
                out.print("\033[H\033[2J");
            }
            out.print(json ? json(now, before) : text(now, before));
            out.flush();
            if (once || Thread.currentThread().isInterrupted())
            {
                return failed ? 1 : 0;
            }
            before = now;
        }
    }

    private String parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--once" -> once = true;
                case "--json" -> json = true;
                case "--interval" ->
                {
                    if (i + 1 == args.length)
                    {
                        return "--interval needs a value in milliseconds";
                    }
                    try
                    {
                        intervalMillis = Long.parseLong(args[++i]);
                    }
                    catch (final NumberFormatException e)
                    {
                        return "--interval must be a whole number of milliseconds: --interval " + args[i];
                    }
                    if (intervalMillis < 1 || intervalMillis > 3_600_000)
                    {
                        return "--interval must be in [1, 3600000] ms: --interval " + intervalMillis;
                    }
                }
                case "-h", "--help" ->
                {
                    return "help";
                }
                default ->
                {
                    if (arg.startsWith("-"))
                    {
                        return "unknown option '" + arg + "'";
                    }
                    if (target != null)
                    {
                        return "one PID, DIR or FILE at most, got '" + target + "' and '" + arg + "'";
                    }
                    target = arg;
                }
            }
        }
        return null;
    }

    private List<Path> resolve()
    {
        return CountersFiles.resolve(target, directory);
    }

    /** @param report whether to print what cannot be read (once per refresh, not for the rates' first read) */
    private Map<Path, Snapshot> read(final List<Path> files, final boolean report)
    {
        final Map<Path, Snapshot> snapshots = new LinkedHashMap<>();
        for (final Path file : files)
        {
            try (CountersReader reader = CountersReader.open(file))
            {
                snapshots.put(file, Snapshot.read(reader));
            }
            catch (final CountersFileException e)
            {
                // A file deleted between the listing and the read is a runtime that closed: not an error.
                if (report && (Files.exists(file) || files.size() == 1))
                {
                    err.println("stat: " + e.getMessage());
                    failed = true;
                }
            }
        }
        return snapshots;
    }

    // ---------------------------------------------------------------------------------------------------- derived

    /** One worker's row, or the totals (worker -1). Rates are NaN without an earlier read. */
    private record Row(int worker, long deliveries, long messagesRead, long batches, long idlePolls, long partitions,
        long lag, long responderFailures, long slowResponders, double deliveriesPerSecond, double messagesPerSecond,
        double emptyPollShare, double messagesPerBatch)
    {
    }

    private static List<Row> rows(final Snapshot now, final Snapshot before)
    {
        final List<Row> rows = new ArrayList<>();
        final int workers = now.workers();
        final double seconds = before == null ? Double.NaN : (now.takenNanos() - before.takenNanos()) / 1e9;
        long deliveries = 0;
        long batches = 0;
        long idle = 0;
        long partitions = 0;
        long lag = 0;
        long failures = 0;
        long slow = 0;
        long deliveriesDelta = 0;
        long idleDelta = 0;
        long batchesDelta = 0;
        long messagesDelta = 0;
        for (int w = 0; w < workers; w++)
        {
            final Row row = row(w, now, before, seconds);
            rows.add(row);
            deliveries += row.deliveries;
            batches += row.batches;
            idle += row.idlePolls;
            partitions += row.partitions;
            lag = Math.max(lag, row.lag);
            failures += row.responderFailures;
            slow += row.slowResponders;
            if (before != null)
            {
                deliveriesDelta += row.deliveries - before.value(CounterTypes.DELIVERIES, w);
                idleDelta += row.idlePolls - before.value(CounterTypes.IDLE_POLLS, w);
                batchesDelta += row.batches - before.value(CounterTypes.BATCHES, w);
                messagesDelta += row.messagesRead - before.value(CounterTypes.MESSAGES_READ, w);
            }
        }
        // Every worker reads every message: the total is what entered the ring, not the sum over workers.
        final long claimed = now.value(CounterTypes.RING_CLAIMED, -1);
        rows.add(new Row(-1, deliveries, claimed, batches, idle, partitions, lag, failures, slow,
            deliveriesDelta / seconds,
            before == null ? Double.NaN : (claimed - before.value(CounterTypes.RING_CLAIMED, -1)) / seconds,
            share(idleDelta, batchesDelta), perBatch(messagesDelta, batchesDelta)));
        return rows;
    }

    private static Row row(final int w, final Snapshot now, final Snapshot before, final double seconds)
    {
        final long deliveries = now.value(CounterTypes.DELIVERIES, w);
        final long messages = now.value(CounterTypes.MESSAGES_READ, w);
        final long batches = now.value(CounterTypes.BATCHES, w);
        final long idle = now.value(CounterTypes.IDLE_POLLS, w);
        double deliveryRate = Double.NaN;
        double messageRate = Double.NaN;
        double emptyPollShare = Double.NaN;
        double messagesPerBatch = Double.NaN;
        if (before != null)
        {
            messagesPerBatch = perBatch(messages - before.value(CounterTypes.MESSAGES_READ, w),
                batches - before.value(CounterTypes.BATCHES, w));
            deliveryRate = (deliveries - before.value(CounterTypes.DELIVERIES, w)) / seconds;
            messageRate = (messages - before.value(CounterTypes.MESSAGES_READ, w)) / seconds;
            emptyPollShare = share(idle - before.value(CounterTypes.IDLE_POLLS, w),
                batches - before.value(CounterTypes.BATCHES, w));
        }
        return new Row(w, deliveries, messages, batches, idle, now.value(CounterTypes.PARTITIONS, w),
            now.value(CounterTypes.LAG, w), now.value(CounterTypes.RESPONDER_FAILURES, w),
            now.value(CounterTypes.SLOW_RESPONDERS, w), deliveryRate, messageRate, emptyPollShare, messagesPerBatch);
    }

    /** Messages a batch took, on average: near the batch limit, the worker is saturated. */
    private static double perBatch(final long messages, final long batches)
    {
        return batches == 0 ? Double.NaN : (double)messages / batches;
    }

    /**
     * Share of polls that found the ring empty: idle polls over all polls (idle ones and batches). A share of polls,
     * not of time (a spinning idle worker polls far more often than a busy one): 0 means every poll found work.
     */
    private static double share(final long idle, final long batches)
    {
        return idle + batches == 0 ? Double.NaN : (double)idle / (idle + batches);
    }

    /** Counters whose value changed since {@code before}, by label, with the change (idle polls and lag left out). */
    private static Map<String, Long> changed(final Snapshot now, final Snapshot before)
    {
        final Map<String, Long> changed = new LinkedHashMap<>();
        if (before == null)
        {
            return changed;
        }
        for (int id = 0; id < now.values().length; id++)
        {
            final long was = id < before.values().length ? before.values()[id] : 0;
            final int type = now.typeIds()[id];
            // Lag is a level, not a count, and idle polls tick while nothing happens: the rows show both.
            if (now.values()[id] != was && type != CounterTypes.LAG && type != CounterTypes.IDLE_POLLS)
            {
                changed.put(now.labels()[id], now.values()[id] - was);
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------------------------------------------- text

    private String text(final Map<Path, Snapshot> now, final Map<Path, Snapshot> before)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Snapshot s : now.values())
        {
            final Snapshot b = before.get(s.file());
            final Liveness l = s.liveness();
            sb.append(s.file()).append("  pid ").append(s.pid()).append("  name ").append(s.name()).append("  ")
                .append(l.state());
            if (!l.reason().isEmpty())
            {
                sb.append(" (").append(l.reason()).append(')');
            }
            sb.append("  heartbeat ").append(s.heartbeatAge()).append(" ms ago");
            if (l.state() != Liveness.State.LIVE)
            {
                sb.append("  [last values, not live]");
            }
            sb.append('\n');
            sb.append(String.format(Locale.ROOT, "%6s %13s %13s %14s %14s %8s %10s %11s %9s %9s %5s%n", "worker",
                "deliveries/s", "messages/s", "deliveries", "messages", "lag", "partitions", "empty polls",
                "msg/batch", "failures", "slow"));
            for (final Row r : rows(s, b))
            {
                sb.append(String.format(Locale.ROOT, "%6s %13s %13s %14d %14d %8d %10d %11s %9s %9d %5d%n",
                    r.worker < 0 ? "total" : String.valueOf(r.worker), rate(r.deliveriesPerSecond),
                    rate(r.messagesPerSecond), r.deliveries, r.messagesRead, r.lag, r.partitions,
                    Double.isNaN(r.emptyPollShare) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.emptyPollShare),
                    Double.isNaN(r.messagesPerBatch) ? "-" : String.format(Locale.ROOT, "%.1f", r.messagesPerBatch),
                    r.responderFailures, r.slowResponders));
            }
            sb.append("ring:   ");
            group(sb, s, "ring");
            sb.append("\nruntime:");
            group(sb, s, "runtime");
            if (has(s, "journal"))
            {
                sb.append("\njournal:");
                group(sb, s, "journal");
            }
            final Map<String, Long> changed = changed(s, b);
            sb.append("\nchanged:");
            if (changed.isEmpty())
            {
                sb.append(" nothing");
            }
            changed.forEach((label, delta) -> sb.append(' ').append(label).append(delta >= 0 ? " +" : " ")
                .append(delta).append(','));
            if (!changed.isEmpty())
            {
                sb.setLength(sb.length() - 1);
            }
            sb.append("\n\n");
        }
        return sb.toString();
    }

    private static boolean has(final Snapshot s, final String group)
    {
        for (final int type : s.typeIds())
        {
            if (CounterTypes.group(type).equals(group))
            {
                return true;
            }
        }
        return false;
    }

    private static void group(final StringBuilder sb, final Snapshot s, final String group)
    {
        for (int id = 0; id < s.typeIds().length; id++)
        {
            if (!CounterTypes.group(s.typeIds()[id]).equals(group))
            {
                continue;
            }
            sb.append(' ').append(s.labels()[id].replace(group + " ", "")).append(' ').append(s.values()[id]).append(',');
        }
        if (sb.charAt(sb.length() - 1) == ',')
        {
            sb.setLength(sb.length() - 1);
        }
    }

    private static String rate(final double perSecond)
    {
        return Double.isNaN(perSecond) ? "-" : String.valueOf(Math.round(perSecond));
    }

    // ---------------------------------------------------------------------------------------------------- json

    private String json(final Map<Path, Snapshot> now, final Map<Path, Snapshot> before)
    {
        final StringBuilder sb = new StringBuilder("{\"files\":[");
        boolean firstFile = true;
        for (final Snapshot s : now.values())
        {
            final Snapshot b = before.get(s.file());
            sb.append(firstFile ? "" : ",").append("{\"file\":").append(quote(s.file().toString()))
                .append(",\"name\":").append(quote(s.name())).append(",\"pid\":").append(s.pid())
                .append(",\"state\":").append(quote(s.liveness().state().name()))
                .append(",\"reason\":").append(quote(s.liveness().reason()))
                .append(",\"heartbeatAgeMillis\":").append(s.heartbeatAge())
                .append(",\"intervalMillis\":").append(b == null ? -1 : (s.takenNanos() - b.takenNanos()) / 1_000_000)
                .append(",\"workers\":[");
            final List<Row> rows = rows(s, b);
            for (int i = 0; i < rows.size() - 1; i++)
            {
                sb.append(i == 0 ? "" : ",");
                row(sb, rows.get(i));
            }
            sb.append("],\"totals\":");
            row(sb, rows.getLast());
            sb.append(",\"ring\":{");
            object(sb, s, "ring");
            sb.append("},\"runtime\":{");
            object(sb, s, "runtime");
            if (has(s, "journal"))
            {
                sb.append("},\"journal\":{");
                object(sb, s, "journal");
            }
            sb.append("},\"changed\":{");
            final boolean[] first = {true};
            changed(s, b).forEach((label, delta) ->
            {
                sb.append(first[0] ? "" : ",").append(quote(label)).append(':').append(delta);
                first[0] = false;
            });
            sb.append("},\"counters\":[");
            for (int id = 0; id < s.typeIds().length; id++)
            {
                sb.append(id == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"typeId\":")
                    .append(s.typeIds()[id]).append(",\"type\":").append(quote(CounterTypes.name(s.typeIds()[id])))
                    .append(",\"key\":").append(s.keys()[id]).append(",\"label\":").append(quote(s.labels()[id]))
                    .append(",\"value\":").append(s.values()[id]).append('}');
            }
            sb.append("]}");
            firstFile = false;
        }
        return sb.append("]}\n").toString();
    }

    private static void row(final StringBuilder sb, final Row r)
    {
        if (r.worker >= 0)
        {
            sb.append("{\"worker\":").append(r.worker).append(',');
        }
        else
        {
            sb.append('{');
        }
        sb.append("\"deliveries\":").append(r.deliveries).append(r.worker >= 0 ? ",\"messagesRead\":" : ",\"messages\":")
            .append(r.messagesRead)
            .append(",\"batches\":").append(r.batches).append(",\"idlePolls\":").append(r.idlePolls)
            .append(",\"partitions\":").append(r.partitions).append(",\"lag\":").append(r.lag)
            .append(",\"responderFailures\":").append(r.responderFailures)
            .append(",\"slowResponders\":").append(r.slowResponders)
            .append(",\"deliveriesPerSecond\":").append(number(r.deliveriesPerSecond))
            .append(",\"messagesPerSecond\":").append(number(r.messagesPerSecond))
            .append(",\"emptyPollShare\":").append(number(r.emptyPollShare))
            .append(",\"messagesPerBatch\":").append(number(r.messagesPerBatch)).append('}');
    }

    private static void object(final StringBuilder sb, final Snapshot s, final String group)
    {
        boolean first = true;
        for (int id = 0; id < s.typeIds().length; id++)
        {
            final int type = s.typeIds()[id];
            if (!CounterTypes.group(type).equals(group))
            {
                continue;
            }
            sb.append(first ? "" : ",").append(quote(CounterTypes.name(type))).append(':').append(s.values()[id]);
            first = false;
        }
    }

    private static String number(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
