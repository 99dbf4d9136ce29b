package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;

import java.util.Arrays;

/**
 * The depth-first numbering of one snapshot, the one walk that the worker layout, the kernel routes and the recorded
 * events read: from every root in id order, each node's routing table in table order, its own responders where its
 * {@code SELF} item stands and its children where their {@code CHILD} items stand. A node with several parents is
 * numbered under the first parent that reaches it (its tree parent); the other parents' links to it are cross links.
 * <p>
 * Built without recursion, so a chain of any depth is numbered without overflowing the stack, in time linear in the
 * snapshot (nodes plus table items). Immutable: built once per snapshot ({@link RoutingSnapshot#depthFirstOrder()})
 * and shared by every thread that reads it.
 */
public final class DepthFirstOrder
{
    /** Tree parent of a root. */
    public static final int NONE = -1;

    private final int[] nodeAt;
    private final int[] nodeFrom;
    private final int[] nodeTo;
    private final int[] responderAt;
    private final int[] responderPosition;
    private final int[] responderFrom;
    private final int[] responderTo;
    private final int[] treeParent;
    private final boolean[] crossLinked;

    DepthFirstOrder(final RoutingSnapshot snapshot)
    {
        final int nodes = snapshot.nodeCount();
        final int responders = snapshot.responderCount();
        final int[] tableStart = snapshot.tableStart();
        final byte[] itemLevel = snapshot.itemLevel();
        final int[] itemTarget = snapshot.itemTarget();
        final int[] parentStart = snapshot.parentStart();
        nodeAt = new int[nodes];
        nodeFrom = new int[nodes];
        nodeTo = new int[nodes];
        responderAt = new int[responders];
        responderPosition = new int[responders];
        responderFrom = new int[nodes];
        responderTo = new int[nodes];
        treeParent = new int[nodes];
        crossLinked = new boolean[nodes];
        Arrays.fill(treeParent, NONE);
        Arrays.fill(responderPosition, NONE);

        final boolean[] visited = new boolean[nodes];
        final int[] stackNode = new int[nodes];
        final int[] stackItem = new int[nodes];
        int nodeCount = 0;
        int responderCount = 0;
        for (int root = 0; root < nodes; root++)
        {
            if (visited[root] || parentStart[root + 1] != parentStart[root])
            {
                continue;
            }
            visited[root] = true;
            nodeFrom[root] = nodeCount;
            nodeAt[nodeCount++] = root;
            responderFrom[root] = responderCount;
            int top = 0;
            stackNode[0] = root;
            stackItem[0] = tableStart[root];
            while (top >= 0)
            {
                final int node = stackNode[top];
                final int item = stackItem[top];
                if (item == tableStart[node + 1])
                {
                    nodeTo[node] = nodeCount;
                    responderTo[node] = responderCount;
                    top--;
                    continue;
                }
                stackItem[top] = item + 1;
                final int target = itemTarget[item];
                if (itemLevel[item] == Level.SELF)
                {
                    if (responderPosition[target] != NONE)
                    {
                        throw new IllegalStateException("responder " + target + " is listed twice in the routing " +
                            "tables: node=" + node + ", snapshot=" + snapshot);
                    }
                    responderPosition[target] = responderCount;
                    responderAt[responderCount++] = target;
                }
                else if (itemLevel[item] == Level.CHILD)
                {
                    if (visited[target])
                    {
                        crossLinked[node] = true;
                    }
                    else
                    {
                        visited[target] = true;
                        treeParent[target] = node;
                        nodeFrom[target] = nodeCount;
                        nodeAt[nodeCount++] = target;
                        responderFrom[target] = responderCount;
                        top++;
                        stackNode[top] = target;
                        stackItem[top] = tableStart[target];
                    }
                }
            }
        }
        if (nodeCount != nodes || responderCount != responders)
        {
            throw new IllegalStateException("depth-first numbering missed part of the hierarchy: nodes=" + nodeCount +
                "/" + nodes + ", responders=" + responderCount + "/" + responders + ", snapshot=" + snapshot);
        }
    }

    /**
     * @return nodes numbered.
     */
    public int nodeCount()
    {
        return nodeAt.length;
    }

    /**
     * @return responders numbered.
     */
    public int responderCount()
    {
        return responderAt.length;
    }

    /**
     * @param number a depth-first node number.
     * @return the node's id.
     */
    public int nodeAt(final int number)
    {
        return nodeAt[number];
    }

    /**
     * @param node a node id.
     * @return the node's depth-first number.
     */
    public int nodeNumber(final int node)
    {
        return nodeFrom[node];
    }

    /**
     * @param node a node id.
     * @return one past the last node number of the node's subtree in the walk (itself and what it numbered).
     */
    public int nodeEnd(final int node)
    {
        return nodeTo[node];
    }

    /**
     * @param position a depth-first responder position.
     * @return the responder's snapshot index.
     */
    public int responderAt(final int position)
    {
        return responderAt[position];
    }

    /**
     * @param responder a snapshot responder index.
     * @return its depth-first position.
     */
    public int positionOf(final int responder)
    {
        return responderPosition[responder];
    }

    /**
     * @param node a node id.
     * @return the first responder position of the node's subtree in the walk (its own responders included).
     */
    public int responderFrom(final int node)
    {
        return responderFrom[node];
    }

    /**
     * @param node a node id.
     * @return one past the last responder position of the node's subtree in the walk.
     */
    public int responderTo(final int node)
    {
        return responderTo[node];
    }

    /**
     * @param node a node id.
     * @return the parent that numbered the node, or {@link #NONE} for a root.
     */
    public int treeParent(final int node)
    {
        return treeParent[node];
    }

    /**
     * @param node a node id.
     * @return true when the node has a child that another parent numbered first (so its descendants are not all in
     * its interval).
     */
    public boolean isCrossLinked(final int node)
    {
        return crossLinked[node];
    }

    /**
     * @return responder snapshot indices in depth-first order: a copy, for callers that keep their own.
     */
    public int[] responderOrder()
    {
        return responderAt.clone();
    }
}
