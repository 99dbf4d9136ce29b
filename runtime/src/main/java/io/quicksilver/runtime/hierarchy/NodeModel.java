package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Tag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A relay node as the application last shaped it: Mercury's {@code MmRelayNode} (and {@code MmRelaySwitchNode} when
 * {@link #isSwitch()}), with its ordered routing table, its parent list and, for a switch node, its state machine.
 * <p>
 * Changes apply here at once, so queries and the cycle check always see the latest shape; the dispatchers read the
 * compiled {@link RoutingSnapshot} instead, which is rebuilt only at the safe point.
 */
public final class NodeModel
{
    final int id;
    final String name;
    final boolean isSwitch;
    // Weak: the engine (workers, snapshots) must not keep the API's objects, and through them a dropped runtime,
    // reachable. The API layer holds its handles strongly for as long as the runtime lives.
    java.lang.ref.WeakReference<Object> handle;
    long tags = Tag.EVERYTHING;
    boolean checksTags = true;
    boolean active = true;
    final ArrayList<TableItem> table = new ArrayList<>();
    final ArrayList<NodeModel> children = new ArrayList<>();
    final ArrayList<NodeModel> parents = new ArrayList<>();
    int generatedNames;

    // Switch node state machine, Mercury's FiniteStateMachine<MmRoutingTableItem>.
    NodeModel current;
    NodeModel previous;
    NodeModel next;
    boolean transitioning;
    final ArrayList<Runnable> globalEnter = new ArrayList<>(0);
    final ArrayList<Runnable> globalExit = new ArrayList<>(0);
    final Map<NodeModel, List<Runnable>> enter = new IdentityHashMap<>(0);
    final Map<NodeModel, List<Runnable>> exit = new IdentityHashMap<>(0);
    // Written once, by Hierarchy.removeNode, before the snapshot without the node is compiled; read by senders after
    // they claim a slot (a volatile load: a claim ordered after the removal's barrier sees it).
    private volatile boolean removed;

    NodeModel(final int id, final String name, final boolean isSwitch)
    {
        this.id = id;
        this.name = name;
        this.isSwitch = isSwitch;
    }

    /**
     * The place of a removed node in the id order until its id is reused: no table, no links, inactive, so the
     * snapshots route nothing from it or to it.
     */
    static NodeModel vacancy(final int id)
    {
        final NodeModel vacancy = new NodeModel(id, "(removed)", false);
        vacancy.active = false;
        vacancy.removed = true;
        return vacancy;
    }

    /**
     * @return true once the node was removed from its hierarchy (its id may then belong to a newer node).
     */
    public boolean isRemoved()
    {
        return removed;
    }

    void markRemoved()
    {
        removed = true;
    }

    /**
     * @return id, unique in its hierarchy, dense from 0; what the message header's sender field carries.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the node's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return true for a switch node.
     */
    public boolean isSwitch()
    {
        return isSwitch;
    }

    /**
     * @return the public handle the API layer attached.
     */
    public Object handle()
    {
        return handle == null ? null : handle.get();
    }

    /**
     * @param handle the public handle.
     */
    public void handle(final Object handle)
    {
        this.handle = handle == null ? null : new java.lang.ref.WeakReference<>(handle);
    }

    /**
     * @return tag mask.
     */
    public long tags()
    {
        return tags;
    }

    /**
     * @return whether the node's tag gates its subtree.
     */
    public boolean checksTags()
    {
        return checksTags;
    }

    /**
     * @return the node's own active flag.
     */
    public boolean isActive()
    {
        return active;
    }

    /**
     * Whether the node and every ancestor are active (Unity's {@code activeInHierarchy}): with several parents, every
     * one of them must be.
     * <p>
     * Linear in the number of ancestors, without recursion: a chain is climbed parent by parent with no allocation,
     * and only where a node has several parents does the walk keep a visited set, so a node shared by several paths
     * (a DAG) is looked at once, not once per path.
     *
     * @return true if active in the hierarchy.
     */
    public boolean isActiveInHierarchy()
    {
        NodeModel node = this;
        while (true)
        {
            if (!node.active)
            {
                return false;
            }
            final int parentCount = node.parents.size();
            if (parentCount == 0)
            {
                return true;
            }
            if (parentCount > 1)
            {
                return areAncestorsActive(node);
            }
            node = node.parents.getFirst();
        }
    }

    /**
     * Depth-first over the ancestors of an active node with several parents: false at the first inactive one, each
     * node visited once (ids are dense, so the visited set is a bit set).
     */
    private static boolean areAncestorsActive(final NodeModel from)
    {
        final BitSet visited = new BitSet();
        final ArrayDeque<NodeModel> stack = new ArrayDeque<>();
        visited.set(from.id);
        stack.push(from);
        while (!stack.isEmpty())
        {
            final ArrayList<NodeModel> parents = stack.pop().parents;
            for (int i = 0, n = parents.size(); i < n; i++)
            {
                final NodeModel parent = parents.get(i);
                if (visited.get(parent.id))
                {
                    continue;
                }
                if (!parent.active)
                {
                    return false;
                }
                visited.set(parent.id);
                stack.push(parent);
            }
        }
        return true;
    }

    /**
     * @return the routing table, in order (read-only).
     */
    public List<TableItem> table()
    {
        return Collections.unmodifiableList(table);
    }

    /**
     * @return child nodes in routing-table order (read-only).
     */
    public List<NodeModel> children()
    {
        return Collections.unmodifiableList(children);
    }

    /**
     * @return parent nodes in the order they were linked (read-only).
     */
    public List<NodeModel> parents()
    {
        return Collections.unmodifiableList(parents);
    }

    /**
     * @return the switch node's current state, or null.
     */
    public NodeModel current()
    {
        return current;
    }

    /**
     * @return the switch node's previous state, or null.
     */
    public NodeModel previous()
    {
        return previous;
    }

    /**
     * @return the state a transition started with {@code startTransitionTo} is heading for, or null.
     */
    public NodeModel next()
    {
        return next;
    }

    @Override
    public String toString()
    {
        return (isSwitch ? "switch node '" : "node '") + name + "'";
    }
}
