package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.IdSet;
import io.quicksilver.numa.topology.Topology;

import java.util.List;
import java.util.Objects;

/**
 * The resolved placement: for every worker, its CPU (with that CPU's core, L3 group, socket and node), the node its
 * memory lives on, and its idle strategy. Produced by {@link AffinityPlanner}; immutable.
 */
public final class AffinityPlan
{
    private final AffinityConfig config;
    private final Topology topology;
    private final List<WorkerPlacement> placements;

    AffinityPlan(final AffinityConfig config, final Topology topology, final List<WorkerPlacement> placements)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.placements = List.copyOf(placements);
    }

    /**
     * @return the config it was planned from.
     */
    public AffinityConfig config()
    {
        return config;
    }

    /**
     * @return the topology it was planned against.
     */
    public Topology topology()
    {
        return topology;
    }

    /**
     * @return one placement per worker, in worker order.
     */
    public List<WorkerPlacement> placements()
    {
        return placements;
    }

    /**
     * @param worker a worker number.
     * @return its placement.
     */
    public WorkerPlacement worker(final int worker)
    {
        return placements.get(worker);
    }

    /**
     * @return how many workers.
     */
    public int workers()
    {
        return placements.size();
    }

    /**
     * @return the distinct CPUs used by the workers.
     */
    public IdSet cpus()
    {
        return IdSet.of(placements.stream().mapToInt(WorkerPlacement::cpu).toArray());
    }

    /**
     * @return what workers do when idle.
     */
    public IdleStrategyConfig idle()
    {
        return config.idle();
    }

    /**
     * @return the plan as a table, one line per worker:
     * {@code worker cpu core ccx socket node memory placed-by}; "ccx" is the L3 group index.
     */
    public String toTable()
    {
        final String[] header = { "worker", "cpu", "core", "ccx", "socket", "node", "memory", "placed-by" };
        final String[][] rows = new String[placements.size()][];
        for (int i = 0; i < rows.length; i++)
        {
            final WorkerPlacement p = placements.get(i);
            rows[i] = new String[]{
                Integer.toString(p.worker()), Integer.toString(p.cpu()), Integer.toString(p.core()),
                Integer.toString(p.l3Group()), Integer.toString(p.socket()), Integer.toString(p.node()),
                Integer.toString(p.memoryNode()), p.placedBy() };
        }
        final int[] widths = new int[header.length];
        for (int c = 0; c < header.length; c++)
        {
            widths[c] = header[c].length();
            for (final String[] row : rows)
            {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        appendRow(sb, header, widths);
        for (final String[] row : rows)
        {
            appendRow(sb, row, widths);
        }
        return sb.toString();
    }

    private static void appendRow(final StringBuilder sb, final String[] cells, final int[] widths)
    {
        for (int c = 0; c < cells.length; c++)
        {
            final boolean last = c == cells.length - 1;
            if (c > 0)
            {
                sb.append("  ");
            }
            if (last)
            {
                sb.append(cells[c]);
            }
            else
            {
                sb.append(" ".repeat(widths[c] - cells[c].length())).append(cells[c]);
            }
        }
        sb.append('\n');
    }

    @Override
    public String toString()
    {
        return "AffinityPlan{" + config.describe() + "}\n" + toTable();
    }
}
