package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;
import io.quicksilver.Tag;
import io.quicksilver.simd.MessageBatch;
import io.quicksilver.simd.ResponderTable;

import java.util.Arrays;

/**
 * The hierarchy compiled for interval routing: nodes and responders numbered in depth-first order (routing-table
 * order, so responder numbers follow Mercury's delivery order), so that every node's subtree is a contiguous
 * interval of responders, with the per-responder bits the routing kernels of the {@code simd} module evaluate.
 * <p>
 * Struct-of-arrays, by depth-first responder number: tag mask, flags ({@link ResponderTable#CHECKS_TAGS},
 * {@link ResponderTable#ACTIVE}, {@link ResponderTable#SELECTED}, {@link ResponderTable#RECEIVES_HANDLED}), snapshot
 * index and owning node. By node id: node interval, responder interval, own responders, and the tree links (parent,
 * first child, next sibling) of the depth-first spanning forest.
 * <p>
 * <b>What an interval answers.</b> For a sender whose subtree is a pure tree ({@link #isExact(int)}), a
 * {@link Level#SELF}, {@link Level#CHILD}, {@link Level#SELF_AND_CHILDREN} or {@link Level#DESCENDANTS} send reaches
 * exactly the responders of its interval that pass the kernel's checks, refined by {@link #refine}: the sender's own
 * responders kept or removed by the SELF flag, and, for CHILD, the subtrees of tag-checking nodes the message's tags
 * fail removed (a tagged relay node gates its subtree; DESCENDANTS is not gated, as in Mercury). The
 * {@link ResponderTable#SELECTED} bit is computed from the roots, which equals the single-threaded walk's per-edge
 * Selected check whenever the sender itself is selected; {@link #canRoute} says when the interval answer is the
 * walk's answer. Handled flags and hop limits are the dispatcher's business, not the table's.
 * <p>
 * <b>Incremental.</b> A change of flags, tags or switch states keeps the numbering: {@link #compile} then shares the
 * previous table's structure arrays and recomputes only the bits. Built at the safe point, never changed after.
 */
public final class FlatRoutingTable
{
    /** Value of {@link #treeParent(int)}, {@link #firstChild(int)}, {@link #nextSibling(int)} for none. */
    public static final int NONE = -1;

    private static final int INTERVAL_LEVELS = Level.SELF | Level.CHILD | Level.DESCENDANTS;

    private final long version;
    private final Structure structure;
    private final long[] tags;
    private final int[] flags;
    private final boolean[] nodeSelected;
    private final int[] gateFrom;
    private final int[] gateNode;
    private final long[] gateTags;

    /**
     * Numbering and links: what only structural changes (nodes, links, responders) alter.
     */
    private static final class Structure
    {
        final long structureVersion;
        final int nodeCount;
        final int responderCount;
        final int[] nodeAt;
        final int[] nodeFrom;
        final int[] nodeTo;
        final int[] responderFrom;
        final int[] responderTo;
        final int[] treeParent;
        final int[] firstChild;
        final int[] nextSibling;
        final int[] ownStart;
        final int[] ownResponders;
        final int[] snapshotIndex;
        final int[] owner;
        final boolean[] exact;

        Structure(final RoutingSnapshot s)
        {
            structureVersion = s.structureVersion();
            nodeCount = s.nodeCount();
            responderCount = s.responderCount();
            nodeAt = new int[nodeCount];
            nodeFrom = new int[nodeCount];
            nodeTo = new int[nodeCount];
            responderFrom = new int[nodeCount];
            responderTo = new int[nodeCount];
            treeParent = new int[nodeCount];
            firstChild = new int[nodeCount];
            nextSibling = new int[nodeCount];
            snapshotIndex = new int[responderCount];
            owner = new int[responderCount];
            exact = new boolean[nodeCount];
            Arrays.fill(treeParent, NONE);
            Arrays.fill(firstChild, NONE);
            Arrays.fill(nextSibling, NONE);

            number(s);

            ownStart = new int[nodeCount + 1];
            for (int r = 0; r < responderCount; r++)
            {
                ownStart[owner[r] + 1]++;
            }
            for (int n = 0; n < nodeCount; n++)
            {
                ownStart[n + 1] += ownStart[n];
            }
            ownResponders = new int[responderCount];
            final int[] fill = Arrays.copyOf(ownStart, nodeCount);
            for (int r = 0; r < responderCount; r++)
            {
                ownResponders[fill[owner[r]]++] = r;
            }

            markExact(s);
        }

        /**
         * Depth-first numbering from every root, in routing-table order, without recursion (a deep chain must not
         * overflow the stack). A node with several parents is numbered under the first that reaches it.
         */
        private void number(final RoutingSnapshot s)
        {
            final int[] tableStart = s.tableStart();
            final byte[] itemLevel = s.itemLevel();
            final int[] itemTarget = s.itemTarget();
            final int[] parentStart = s.parentStart();
            final boolean[] visited = new boolean[nodeCount];
            final int[] lastChild = new int[nodeCount];
            final int[] stackNode = new int[nodeCount];
            final int[] stackItem = new int[nodeCount];
            int nodes = 0;
            int responders = 0;
            for (int root = 0; root < nodeCount; root++)
            {
                if (parentStart[root + 1] != parentStart[root])
                {
                    continue;
                }
                int sp = 0;
                visited[root] = true;
                nodeFrom[root] = nodes;
                nodeAt[nodes++] = root;
                responderFrom[root] = responders;
                stackNode[sp] = root;
                stackItem[sp++] = tableStart[root];
                while (sp > 0)
                {
                    final int node = stackNode[sp - 1];
                    final int item = stackItem[sp - 1];
                    if (item == tableStart[node + 1])
                    {
                        nodeTo[node] = nodes;
                        responderTo[node] = responders;
                        sp--;
                        continue;
                    }
                    stackItem[sp - 1] = item + 1;
                    final int level = itemLevel[item];
                    final int target = itemTarget[item];
                    if (level == Level.SELF)
                    {
                        snapshotIndex[responders] = target;
                        owner[responders++] = node;
                    }
                    else if (level == Level.CHILD && !visited[target])
                    {
                        visited[target] = true;
                        treeParent[target] = node;
                        if (firstChild[node] == NONE)
                        {
                            firstChild[node] = target;
                        }
                        else
                        {
                            nextSibling[lastChild[node]] = target;
                        }
                        lastChild[node] = target;
                        nodeFrom[target] = nodes;
                        nodeAt[nodes++] = target;
                        responderFrom[target] = responders;
                        stackNode[sp] = target;
                        stackItem[sp++] = tableStart[target];
                    }
                }
            }
            if (nodes != nodeCount || responders != responderCount)
            {
                throw new IllegalStateException("depth-first numbering missed some of the hierarchy: nodes=" + nodes +
                    "/" + nodeCount + ", responders=" + responders + "/" + responderCount);
            }
        }

        /**
         * A node's interval is exact when its subtree is a pure tree: no node below it has a second parent. Every
         * strict ancestor of a node with several parents is therefore inexact.
         */
        private void markExact(final RoutingSnapshot s)
        {
            final int[] parentStart = s.parentStart();
            final int[] parentIds = s.parentIds();
            Arrays.fill(exact, true);
            final int[] queue = new int[nodeCount];
            for (int node = 0; node < nodeCount; node++)
            {
                if (parentStart[node + 1] - parentStart[node] < 2)
                {
                    continue;
                }
                int head = 0;
                int tail = 0;
                for (int p = parentStart[node]; p < parentStart[node + 1]; p++)
                {
                    final int parent = parentIds[p];
                    if (exact[parent])
                    {
                        exact[parent] = false;
                        queue[tail++] = parent;
                    }
                }
                while (head < tail)
                {
                    final int n = queue[head++];
                    for (int p = parentStart[n]; p < parentStart[n + 1]; p++)
                    {
                        final int parent = parentIds[p];
                        if (exact[parent])
                        {
                            exact[parent] = false;
                            queue[tail++] = parent;
                        }
                    }
                }
            }
        }
    }

    private FlatRoutingTable(final RoutingSnapshot s, final Structure structure)
    {
        this.version = s.version();
        this.structure = structure;
        final int nodeCount = structure.nodeCount;
        final int responderCount = structure.responderCount;
        final boolean[] isSwitch = s.nodeIsSwitch();
        final int[] currentState = s.currentState();

        nodeSelected = new boolean[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            final int node = structure.nodeAt[i];
            final int parent = structure.treeParent[node];
            nodeSelected[node] = parent == NONE ||
                nodeSelected[parent] && (!isSwitch[parent] || currentState[parent] == node);
        }

        tags = new long[responderCount];
        flags = new int[responderCount];
        final long[] responderTags = s.responderTags();
        final byte[] responderFlags = s.responderFlags();
        for (int r = 0; r < responderCount; r++)
        {
            final int index = structure.snapshotIndex[r];
            final int f = responderFlags[index];
            final int node = structure.owner[r];
            tags[r] = responderTags[index];
            int bits = 0;
            if ((f & RoutingSnapshot.CHECKS_TAGS) != 0)
            {
                bits |= ResponderTable.CHECKS_TAGS;
            }
            if ((f & RoutingSnapshot.ACTIVE) != 0)
            {
                bits |= ResponderTable.ACTIVE;
            }
            if ((f & RoutingSnapshot.RECEIVES_HANDLED) != 0)
            {
                bits |= ResponderTable.RECEIVES_HANDLED;
            }
            if (nodeSelected[node] && !isSwitch[node])
            {
                bits |= ResponderTable.SELECTED;
            }
            flags[r] = bits;
        }

        final boolean[] checksTags = s.nodeChecksTags();
        final long[] nodeTags = s.nodeTags();
        int gates = 0;
        for (int n = 0; n < nodeCount; n++)
        {
            if (checksTags[n])
            {
                gates++;
            }
        }
        gateFrom = new int[gates];
        gateNode = new int[gates];
        gateTags = new long[gates];
        int g = 0;
        for (int i = 0; i < nodeCount; i++)
        {
            final int node = structure.nodeAt[i];
            if (checksTags[node])
            {
                gateFrom[g] = i;
                gateNode[g] = node;
                gateTags[g++] = nodeTags[node];
            }
        }
    }

    /**
     * Compile a snapshot, reusing the previous table's numbering when only flags, tags or states changed.
     *
     * @param snapshot the routing snapshot.
     * @param previous the table compiled from an earlier snapshot of the same hierarchy, or null.
     * @return the table.
     */
    public static FlatRoutingTable compile(final RoutingSnapshot snapshot, final FlatRoutingTable previous)
    {
        final Structure structure = previous != null &&
            previous.structure.structureVersion == snapshot.structureVersion() &&
            previous.structure.nodeCount == snapshot.nodeCount() &&
            previous.structure.responderCount == snapshot.responderCount() ?
            previous.structure : new Structure(snapshot);
        return new FlatRoutingTable(snapshot, structure);
    }

    /**
     * @param other another table.
     * @return true if both share one numbering (the second was compiled incrementally from the first).
     */
    public boolean sharesStructureWith(final FlatRoutingTable other)
    {
        return structure == other.structure;
    }

    // ------------------------------------------------------------------------------------------------ routing

    /**
     * Whether the interval answer ({@link #responderFrom}, the kernel, {@link #refine}) is exactly the
     * single-threaded walk's set of recipients for a send, handled flags and hop limits aside.
     *
     * @param sender       node id.
     * @param level        level filter.
     * @param selectedOnly whether the message has {@code SelectedFilter.SELECTED}.
     * @return true for SELF, CHILD and DESCENDANTS combinations from a sender whose subtree is a tree and that is
     * itself selected when the message asks for selection.
     */
    public boolean canRoute(final int sender, final int level, final boolean selectedOnly)
    {
        return (level & ~INTERVAL_LEVELS) == 0 && structure.exact[sender] && (!selectedOnly || nodeSelected[sender]);
    }

    /**
     * Kernel filters for a message: {@link MessageBatch#ACTIVE_ONLY}, {@link MessageBatch#SELECTED_ONLY}.
     *
     * @param activeOnly   whether the message has {@code ActiveFilter.ACTIVE}.
     * @param selectedOnly whether the message has {@code SelectedFilter.SELECTED}.
     * @return the filter bits.
     */
    public static int batchFilters(final boolean activeOnly, final boolean selectedOnly)
    {
        return (activeOnly ? MessageBatch.ACTIVE_ONLY : 0) | (selectedOnly ? MessageBatch.SELECTED_ONLY : 0);
    }

    /**
     * Narrow a kernel's delivery bits for one message to what its level means.
     *
     * @param sender    node id.
     * @param level     level filter, one {@link #canRoute} accepts.
     * @param tags      the message's tag mask.
     * @param words     the kernel's output.
     * @param offset    first word of this message's run.
     * @param rangeFrom responder number of bit 0 of the run.
     */
    public void refine(
        final int sender, final int level, final long tags, final long[] words, final int offset, final int rangeFrom)
    {
        final int[] ownStart = structure.ownStart;
        final int[] own = structure.ownResponders;
        final boolean below = (level & (Level.CHILD | Level.DESCENDANTS)) != 0;
        if ((level & Level.SELF) == 0)
        {
            for (int i = ownStart[sender], end = ownStart[sender + 1]; i < end; i++)
            {
                clearBit(words, offset, own[i] - rangeFrom);
            }
        }
        else if (!below)
        {
            // SELF only: keep the sender's own responders, clear the rest of its interval.
            clearExceptOwn(words, offset, structure.responderFrom[sender] - rangeFrom,
                structure.responderTo[sender] - rangeFrom, sender, rangeFrom);
            return;
        }
        if ((level & Level.CHILD) != 0 && (level & Level.DESCENDANTS) == 0 && tags != Tag.EVERYTHING)
        {
            clearGatedSubtrees(sender, tags, words, offset, rangeFrom);
        }
    }

    private void clearExceptOwn(
        final long[] words, final int offset, final int from, final int to, final int sender, final int rangeFrom)
    {
        final int[] ownStart = structure.ownStart;
        final int[] own = structure.ownResponders;
        int next = from;
        for (int i = ownStart[sender], end = ownStart[sender + 1]; i < end; i++)
        {
            final int bit = own[i] - rangeFrom;
            clearBits(words, offset, next, bit);
            next = bit + 1;
        }
        clearBits(words, offset, next, to);
    }

    private void clearGatedSubtrees(
        final int sender, final long tags, final long[] words, final int offset, final int rangeFrom)
    {
        final int senderFrom = structure.nodeFrom[sender];
        final int senderTo = structure.nodeTo[sender];
        int g = firstGateAfter(senderFrom);
        while (g < gateFrom.length && gateFrom[g] < senderTo)
        {
            final int node = gateNode[g];
            if (Tag.passes(true, gateTags[g], tags))
            {
                g++;
                continue;
            }
            clearBits(words, offset, structure.responderFrom[node] - rangeFrom, structure.responderTo[node] - rangeFrom);
            final int skipTo = structure.nodeTo[node];
            while (g < gateFrom.length && gateFrom[g] < skipTo)
            {
                g++;
            }
        }
    }

    /** Index of the first gate whose node number is greater than {@code nodeNumber}. */
    private int firstGateAfter(final int nodeNumber)
    {
        int low = 0;
        int high = gateFrom.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (gateFrom[mid] <= nodeNumber)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private static void clearBit(final long[] words, final int offset, final int bit)
    {
        words[offset + (bit >>> 6)] &= ~(1L << bit);
    }

    private static void clearBits(final long[] words, final int offset, final int from, final int to)
    {
        for (int bit = from; bit < to; )
        {
            final int word = bit >>> 6;
            final int end = Math.min(to, (word + 1) << 6);
            final long mask = (end - bit == 64 ? -1L : ((1L << (end - bit)) - 1)) << bit;
            words[offset + word] &= ~mask;
            bit = end;
        }
    }

    /**
     * Write every responder, in depth-first order, into a {@code simd} responder table.
     *
     * @param table to overwrite; its capacity must hold {@link #responderCount()}.
     */
    public void fill(final ResponderTable table)
    {
        table.clear();
        for (int r = 0; r < structure.responderCount; r++)
        {
            table.add(tags[r], flags[r]);
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * @return the snapshot version this table was compiled from.
     */
    public long version()
    {
        return version;
    }

    /**
     * @return number of nodes.
     */
    public int nodeCount()
    {
        return structure.nodeCount;
    }

    /**
     * @return number of responders.
     */
    public int responderCount()
    {
        return structure.responderCount;
    }

    /**
     * @param node node id.
     * @return first responder number of the node's subtree (its own responders included).
     */
    public int responderFrom(final int node)
    {
        return structure.responderFrom[node];
    }

    /**
     * @param node node id.
     * @return end (exclusive) of the node's subtree's responder numbers.
     */
    public int responderTo(final int node)
    {
        return structure.responderTo[node];
    }

    /**
     * @param node node id.
     * @return the node's depth-first number.
     */
    public int nodeNumber(final int node)
    {
        return structure.nodeFrom[node];
    }

    /**
     * @param node node id.
     * @return end (exclusive) of the node numbers of its subtree.
     */
    public int nodeEnd(final int node)
    {
        return structure.nodeTo[node];
    }

    /**
     * @param number a depth-first node number.
     * @return the node id.
     */
    public int nodeAt(final int number)
    {
        return structure.nodeAt[number];
    }

    /**
     * @param node node id.
     * @return parent in the depth-first spanning forest, or {@link #NONE} for a root.
     */
    public int treeParent(final int node)
    {
        return structure.treeParent[node];
    }

    /**
     * @param node node id.
     * @return first child in the spanning forest, or {@link #NONE}.
     */
    public int firstChild(final int node)
    {
        return structure.firstChild[node];
    }

    /**
     * @param node node id.
     * @return next child of the same tree parent, or {@link #NONE}.
     */
    public int nextSibling(final int node)
    {
        return structure.nextSibling[node];
    }

    /**
     * @param node node id.
     * @return true if the node's subtree is a tree, so its interval is exactly what it reaches.
     */
    public boolean isExact(final int node)
    {
        return structure.exact[node];
    }

    /**
     * @param node node id.
     * @return true if every switch node on the tree path from its root lets it through.
     */
    public boolean isSelected(final int node)
    {
        return nodeSelected[node];
    }

    /**
     * @param responder depth-first responder number.
     * @return index of the responder in the {@link RoutingSnapshot}.
     */
    public int snapshotIndex(final int responder)
    {
        return structure.snapshotIndex[responder];
    }

    /**
     * @param responder depth-first responder number.
     * @return id of the node it is registered on.
     */
    public int owner(final int responder)
    {
        return structure.owner[responder];
    }

    /**
     * @param responder depth-first responder number.
     * @return its tag mask.
     */
    public long tags(final int responder)
    {
        return tags[responder];
    }

    /**
     * @param responder depth-first responder number.
     * @return its {@link ResponderTable} flags.
     */
    public int flags(final int responder)
    {
        return flags[responder];
    }

    @Override
    public String toString()
    {
        return "FlatRoutingTable{version=" + version + ", structureVersion=" + structure.structureVersion +
            ", nodes=" + structure.nodeCount + ", responders=" + structure.responderCount + '}';
    }
}
