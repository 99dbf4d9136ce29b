package io.quicksilver.runtime.parallel;

import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

/**
 * A layout as a Graphviz DOT graph, for {@code ./quicksilver inspect}: one statement per node of the hierarchy
 * ({@code n<id>}), its children as edges, a switch node's current state as a bold edge, inactive nodes dashed, tags in
 * the label, and every node with responders filled in the colour of the worker that owns its partition (a node's
 * responders are never split between partitions). Read from the layout's immutable snapshot, so any thread may write it.
 */
final class HierarchyDot
{
    /** Fill colour of worker {@code w} is {@code PALETTE[w % PALETTE.length]}; nodes without responders are white. */
    static final String[] PALETTE = {
        "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
        "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f"};

    private HierarchyDot()
    {
    }

    /**
     * @param layout a layout the dispatcher issued.
     * @param title  the graph's label (the runtime's file name).
     * @return the DOT text.
     */
    static String of(final Layout layout, final String title)
    {
        final RoutingSnapshot s = layout.snapshot;
        final NodeModel[] nodes = s.nodes();
        final int[] owner = new int[s.nodeCount()];
        final int[] partition = new int[s.nodeCount()];
        java.util.Arrays.fill(owner, -1);
        for (int r = 0; r < s.responderCount(); r++)
        {
            owner[s.responderNode()[r]] = layout.partitionOwner[layout.responderPartition[r]];
            partition[s.responderNode()[r]] = layout.responderPartition[r];
        }
        final StringBuilder sb = new StringBuilder(256 + 96 * s.nodeCount());
        sb.append("digraph quicksilver {\n  label=").append(quote(title + ": layout " + layout.id + ", " +
            layout.workers + " workers, " + layout.partitionCount() + " partitions"))
            .append(";\n  labelloc=t;\n  node [shape=box, style=filled, fillcolor=white, fontname=Helvetica];\n");
        for (int w = 0; w < layout.workers; w++)
        {
            sb.append("  legend").append(w).append(" [label=").append(quote("worker " + w))
                .append(", shape=note, fillcolor=\"").append(PALETTE[w % PALETTE.length]).append("\"];\n");
        }
        for (int id = 0; id < s.nodeCount(); id++)
        {
            final NodeModel n = nodes[id];
            if (n == null || n.isRemoved())
            {
                continue;
            }
            final StringBuilder label = new StringBuilder(escape(n.name()));
            if (s.nodeIsSwitch()[id])
            {
                final int state = s.currentState()[id];
                label.append("\\nswitch, state: ")
                    .append(state == RoutingSnapshot.NO_STATE ? "none" : escape(nodes[state].name()));
            }
            if (s.nodeTags()[id] != -1L)
            {
                label.append("\\ntags 0x").append(Long.toHexString(s.nodeTags()[id]));
            }
            if (!s.nodeActive()[id])
            {
                label.append("\\ninactive");
            }
            if (owner[id] >= 0)
            {
                label.append("\\npartition ").append(partition[id]).append(", worker ").append(owner[id]);
            }
            sb.append("  n").append(id).append(" [label=\"").append(label).append('"');
            if (owner[id] >= 0)
            {
                sb.append(", fillcolor=\"").append(PALETTE[owner[id] % PALETTE.length]).append('"');
            }
            sb.append(s.nodeIsSwitch()[id] ? ", shape=hexagon" : "");
            sb.append(!s.nodeActive()[id] ? ", style=\"filled,dashed\"" : "").append("];\n");
        }
        for (int id = 0; id < s.nodeCount(); id++)
        {
            if (nodes[id] == null || nodes[id].isRemoved())
            {
                continue;
            }
            for (int c = s.childStart()[id], end = s.childStart()[id + 1]; c < end; c++)
            {
                final int child = s.childIds()[c];
                sb.append("  n").append(id).append(" -> n").append(child)
                    .append(s.currentState()[id] == child ? " [penwidth=3]" : "").append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static String quote(final String s)
    {
        return '"' + escape(s) + '"';
    }

    /** Text inside a DOT string: backslashes and quotes escaped, so a node's name cannot end the string. */
    private static String escape(final String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
