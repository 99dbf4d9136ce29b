package io.quicksilver.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The study's table: one row per worker count, the same cells on stdout (aligned text), in report.md (Markdown) and
 * in results.csv (raw numbers, more columns).
 */
final class ResultTable
{
    static final List<String> HEADER = List.of(
        "workers", "cpus", "threads", "msgs/s", "msgs/s range", "deliveries/s", "efficiency", "paced at", "p50 us", "p99 us",
        "p99.99 us", "max us", "recorded p99 us", "samples", "stops max ms", "B/msg", "ns/msg / floor", "p50 / floor",
        "checks");

    static final List<String> CSV_HEADER = List.of(
        "workload", "workers", "cpus", "threads", "messages_per_s", "messages_per_s_min", "messages_per_s_max",
        "deliveries_per_s", "efficiency", "ns_per_message", "paced_rate", "p50_us", "p99_us", "p9999_us", "max_us",
        "latency_samples", "recorded_p50_us", "recorded_p99_us", "recorded_samples", "stops_max_ms", "stops_over_1ms",
        "stops_total_ms", "steal_ms", "bytes_per_message", "ns_per_message_over_floor_spsc", "p50_over_floor_one_way",
        "floor_spsc_ns_per_msg", "floor_one_way_ns", "checks");

    private ResultTable()
    {
    }

    static List<List<String>> rows(final ScalingStudy.Result result)
    {
        final List<List<String>> rows = new ArrayList<>();
        final Floor floor = result.floor();
        for (final StepResult step : result.steps())
        {
            rows.add(List.of(
                Integer.toString(step.workers()),
                step.cpus(),
                step.threads(),
                ScalingStudy.si(step.messagesPerSecond()),
                ScalingStudy.si(step.messagesPerSecondMin()) + "-" + ScalingStudy.si(step.messagesPerSecondMax()),
                ScalingStudy.si(step.deliveriesPerSecond()),
                fixed(step.efficiency(), 2),
                ScalingStudy.si(step.pacedRate()),
                fixed(step.latencyMicros(50), 1),
                fixed(step.latencyMicros(99), 1),
                fixed(step.latencyMicros(99.99), 1),
                fixed(step.maxLatencyMicros(), 1),
                fixed(step.rawLatencyMicros(99), 1),
                Long.toString(step.rawLatency().getTotalCount()),
                step.hiccups().measured() ? fixed(step.hiccups().maxLateNs() / 1e6, 1) : "-",
                fixed(step.bytesPerMessage(), 1),
                ratio(step.nanosPerMessage(), floor.spscNsPerMessage()),
                ratio(step.latencyMicros(50) * 1000, floor.oneWayNs()),
                step.checksumOk() ? "ok" : "FAILED"));
        }
        return rows;
    }

    static List<List<String>> csvRows(final ScalingStudy.Result result)
    {
        final List<List<String>> rows = new ArrayList<>();
        final Floor floor = result.floor();
        for (final StepResult step : result.steps())
        {
            rows.add(List.of(
                result.settings().workload().name(),
                Integer.toString(step.workers()),
                step.cpus(),
                step.threads(),
                raw(step.messagesPerSecond()),
                raw(step.messagesPerSecondMin()),
                raw(step.messagesPerSecondMax()),
                raw(step.deliveriesPerSecond()),
                raw(step.efficiency()),
                raw(step.nanosPerMessage()),
                Long.toString(step.pacedRate()),
                raw(step.latencyMicros(50)),
                raw(step.latencyMicros(99)),
                raw(step.latencyMicros(99.99)),
                raw(step.maxLatencyMicros()),
                Long.toString(step.latency().getTotalCount()),
                raw(step.rawLatencyMicros(50)),
                raw(step.rawLatencyMicros(99)),
                Long.toString(step.rawLatency().getTotalCount()),
                step.hiccups().measured() ? raw(step.hiccups().maxLateNs() / 1e6) : "",
                step.hiccups().measured() ? Long.toString(step.hiccups().over1ms()) : "",
                step.hiccups().measured() ? raw(step.hiccups().over1msNs() / 1e6) : "",
                step.hiccups().stealMs() < 0 ? "" : Long.toString(step.hiccups().stealMs()),
                raw(step.bytesPerMessage()),
                raw(step.nanosPerMessage() / floor.spscNsPerMessage()),
                raw(step.latencyMicros(50) * 1000 / floor.oneWayNs()),
                raw(floor.spscNsPerMessage()),
                raw(floor.oneWayNs()),
                step.checksumOk() ? "ok" : "failed"));
        }
        return rows;
    }

    static String text(final List<String> header, final List<List<String>> rows)
    {
        final int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++)
        {
            widths[c] = header.get(c).length();
            for (final List<String> row : rows)
            {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        appendText(sb, header, widths);
        final List<String> rule = new ArrayList<>();
        for (final int width : widths)
        {
            rule.add("-".repeat(width));
        }
        appendText(sb, rule, widths);
        rows.forEach(row -> appendText(sb, row, widths));
        return sb.toString();
    }

    static String markdown(final List<String> header, final List<List<String>> rows)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append(" --- |".repeat(header.size())).append('\n');
        rows.forEach(row -> sb.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return sb.toString();
    }

    static String csv(final List<String> header, final List<List<String>> rows)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header)).append('\n');
        for (final List<String> row : rows)
        {
            sb.append(String.join(",", row.stream().map(ResultTable::csvCell).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(final String cell)
    {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static void appendText(final StringBuilder sb, final List<String> cells, final int[] widths)
    {
        for (int c = 0; c < cells.size(); c++)
        {
            if (c > 0)
            {
                sb.append("  ");
            }
            final String cell = cells.get(c);
            // Numbers read best right-aligned; the cpu list, the threads' words and the check word left-aligned.
            final boolean left = c == 1 || c == 2 || c == cells.size() - 1;
            sb.append(left ? cell + " ".repeat(widths[c] - cell.length()) : " ".repeat(widths[c] - cell.length()) + cell);
        }
        sb.append('\n');
    }

    static String fixed(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String ratio(final double value, final double floor)
    {
        return Double.isNaN(value) || Double.isNaN(floor) || floor <= 0 ? "-" :
            String.format(Locale.ROOT, "%.2fx", value / floor);
    }

    private static String raw(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
