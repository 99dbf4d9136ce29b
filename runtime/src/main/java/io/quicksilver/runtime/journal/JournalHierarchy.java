package io.quicksilver.runtime.journal;

import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

/**
 * The hierarchy as the journal records it: one line per node id (name, parents in link order, tags, active,
 * switch state) and one per responder in routing order (its node, tags and flags). Everything routing depends on
 * and nothing it does not (not the partitions, nor which worker owns them), so a replay into a runtime built the
 * same way compares equal, and the first line that differs says what is different.
 */
public final class JournalHierarchy
{
    private JournalHierarchy()
    {
    }

    /**
     * @param snapshot a compiled hierarchy.
     * @return its description, lines separated by {@code '\n'}.
     */
    public static String describe(final RoutingSnapshot snapshot)
    {
        final StringBuilder out = new StringBuilder(64 * (snapshot.nodeCount() + snapshot.responderCount()));
        out.append("nodes ").append(snapshot.nodeCount()).append(", responders ").append(snapshot.responderCount());
        final NodeModel[] nodes = snapshot.nodes();
        final int[] parentStart = snapshot.parentStart();
        final int[] parentIds = snapshot.parentIds();
        for (int n = 0; n < snapshot.nodeCount(); n++)
        {
            out.append('\n').append("node ").append(n);
            final NodeModel node = n < nodes.length ? nodes[n] : null;
            if (node == null)
            {
                out.append(": none");
                continue;
            }
            out.append(" '").append(node.name()).append("': parents [");
            for (int p = parentStart[n]; p < parentStart[n + 1]; p++)
            {
                out.append(p > parentStart[n] ? ", " : "").append(parentIds[p]);
            }
            out.append("], tags 0x").append(Long.toHexString(snapshot.nodeTags()[n]))
                .append(snapshot.nodeChecksTags()[n] ? ", checks tags" : "")
                .append(snapshot.nodeActive()[n] ? ", active" : ", inactive");
            if (snapshot.nodeIsSwitch()[n])
            {
                out.append(", switch state ").append(snapshot.currentState()[n]);
            }
        }
        final int[] responderNode = snapshot.responderNode();
        for (int r = 0; r < snapshot.responderCount(); r++)
        {
            out.append('\n').append("responder ").append(r).append(": node ").append(responderNode[r])
                .append(", tags 0x").append(Long.toHexString(snapshot.responderTags()[r]))
                .append(", flags 0x").append(Integer.toHexString(snapshot.responderFlags()[r] & 0xFF));
        }
        return out.toString();
    }

    /**
     * The first line where two descriptions differ, said for an error message; null when they are equal.
     *
     * @param journaled the journal's description.
     * @param here      this runtime's.
     * @return the difference, or null.
     */
    public static String firstDifference(final String journaled, final String here)
    {
        if (journaled.equals(here))
        {
            return null;
        }
        final String[] a = journaled.split("\n", -1);
        final String[] b = here.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++)
        {
            final String left = i < a.length ? a[i] : "(nothing)";
            final String right = i < b.length ? b[i] : "(nothing)";
            if (!left.equals(right))
            {
                return "journaled \"" + left + "\", this runtime \"" + right + "\"";
            }
        }
        return "they differ";
    }
}
