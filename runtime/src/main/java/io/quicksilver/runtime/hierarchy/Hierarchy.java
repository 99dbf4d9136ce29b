package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Responder;
import org.agrona.collections.IntArrayList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nodes and responders of one runtime, the rules every change obeys, and the safe point.
 * <p>
 * <b>Changes.</b> Every change (link, unlink, add or remove a responder, tags, active flags) is applied to the model
 * at once, so queries and the cycle check see it immediately, and marks the hierarchy dirty. The dispatchers route
 * with a compiled {@link RoutingSnapshot} that is rebuilt only when no dispatch is running, so a change made inside
 * a handler takes effect for the next outermost send, never for the message being delivered.
 * <p>
 * <b>Switch transitions</b> run user code (enter and exit listeners) that expects the new state to be routable, so a
 * transition asked for during a dispatch is queued whole and runs at the safe point: when the outermost dispatch
 * unwinds, before its send returns, in the order asked.
 * <p>
 * Not thread-safe: one thread owns a hierarchy at a time.
 */
public final class Hierarchy
{
    private final ArrayList<NodeModel> nodes = new ArrayList<>();
    // A removed node's id: vacant (its place in the id order holds a vacancy), then compiled (a snapshot without the
    // node exists; each entry is the snapshot's version and the id), then free once the dispatcher says no message or
    // staged reaction can still name the removed node (releaseIds), and handed to the next node created.
    private final IntArrayList vacantIds = new IntArrayList();
    private final ArrayDeque<long[]> compiledIds = new ArrayDeque<>();
    private final IntArrayList freeIds = new IntArrayList();
    private final ArrayDeque<Runnable> atSafePoint = new ArrayDeque<>();
    private final FailureSink failures;
    private int responderCount;
    private int dispatchDepth;
    private boolean draining;
    private boolean dirty = true;
    private long version;
    private long structureVersion;

    /**
     * @param failures where listener failures go.
     */
    public Hierarchy(final FailureSink failures)
    {
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /**
     * Create a node, unlinked.
     *
     * @param name     its name, not null or empty.
     * @param isSwitch whether it is a switch node.
     * @return the node.
     */
    public NodeModel createNode(final String name, final boolean isSwitch)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("node name must not be empty: name=" + (name == null ? "null" : "''"));
        }
        if (freeIds.isEmpty())
        {
            final NodeModel node = new NodeModel(nodes.size(), name, isSwitch);
            nodes.add(node);
            structureChanged();
            return node;
        }
        final NodeModel node = new NodeModel(freeIds.removeAt(freeIds.size() - 1), name, isSwitch);
        nodes.set(node.id, node);
        structureChanged();
        return node;
    }

    /**
     * Remove a node: unlink it from its parents and children (as {@link #unlink} does, so a switch node whose current
     * state it was is left without one), remove its responders, and vacate its id. The snapshots compiled from now
     * on route nothing from or to it; messages already published from it route with the snapshot that was current
     * at their sequence. Its id is reused by a later {@link #createNode} only once {@link #releaseIds(long)} releases
     * the snapshot that first had it vacant.
     *
     * @param node the node.
     * @throws IllegalStateException if it was already removed.
     */
    public void removeNode(final NodeModel node)
    {
        checkOwned(node);
        for (final NodeModel parent : new ArrayList<>(node.parents))
        {
            unlink(parent, node);
        }
        for (final NodeModel child : new ArrayList<>(node.children))
        {
            unlink(node, child);
        }
        for (final TableItem item : new ArrayList<>(node.table))
        {
            if (item.responder != null)
            {
                removeResponder(item.responder);
            }
        }
        node.markRemoved();
        nodes.set(node.id, NodeModel.vacancy(node.id));
        vacantIds.addInt(node.id);
        structureChanged();
    }

    /**
     * Make the ids vacated before the snapshot of this version was compiled free for new nodes. The caller promises
     * that no message and no staged reaction can still name a node removed before that compile: single-threaded
     * mode right after the compile (it runs only with no dispatch under way), parallel mode once every worker has
     * consumed past the barrier that installed it and every reaction caused before that barrier.
     *
     * @param version a snapshot version from {@link #compile()}.
     * @return the ids released.
     */
    public int releaseIds(final long version)
    {
        int released = 0;
        while (!compiledIds.isEmpty() && compiledIds.peekFirst()[0] <= version)
        {
            freeIds.addInt((int)compiledIds.pollFirst()[1]);
            released++;
        }
        return released;
    }

    /**
     * @return ids of removed nodes not yet free for reuse (vacant or compiled, waiting for {@link #releaseIds}).
     */
    public int retiringIds()
    {
        return vacantIds.size() + compiledIds.size();
    }

    /**
     * @return every node, by id (read-only).
     */
    public List<NodeModel> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * @param id a node id.
     * @return the node.
     */
    public NodeModel node(final int id)
    {
        return nodes.get(id);
    }

    /**
     * Link a child under a parent: the parent's table gets a {@code CHILD} item, the child's table a {@code PARENT}
     * item, as Mercury's {@code MmAddToRoutingTable} and {@code AddParent} do.
     *
     * @param parent the parent.
     * @param child  the child.
     * @throws IllegalArgumentException if the link exists, or would make a cycle (the message names the nodes and the
     *                                  path that closes the cycle).
     */
    public void link(final NodeModel parent, final NodeModel child)
    {
        checkOwned(parent);
        checkOwned(child);
        if (parent == child)
        {
            throw new IllegalArgumentException(
                "a node cannot be its own child: cycle '" + parent.name + "' -> '" + child.name + "'");
        }
        if (parent.children.contains(child))
        {
            throw new IllegalArgumentException(
                "node '" + child.name + "' is already a child of '" + parent.name + "'");
        }
        final List<NodeModel> path = pathDown(child, parent);
        if (path != null)
        {
            final StringBuilder sb = new StringBuilder();
            for (final NodeModel n : path)
            {
                sb.append('\'').append(n.name).append("' -> ");
            }
            sb.append('\'').append(child.name).append('\'');
            throw new IllegalArgumentException(
                "linking '" + child.name + "' under '" + parent.name + "' would make a cycle: " + sb +
                " ('" + child.name + "' is already an ancestor of '" + parent.name + "')");
        }
        parent.table.add(TableItem.child(child));
        parent.children.add(child);
        child.parents.add(parent);
        child.table.add(TableItem.parent(parent));
        structureChanged();
    }

    /**
     * Remove a link. Removing a switch node's current state leaves it with no current state, without events.
     *
     * @param parent the parent.
     * @param child  the child.
     * @return true if the link existed.
     */
    public boolean unlink(final NodeModel parent, final NodeModel child)
    {
        checkOwned(parent);
        checkOwned(child);
        if (!parent.children.remove(child))
        {
            return false;
        }
        child.parents.remove(parent);
        removeNodeItem(parent.table, child);
        removeNodeItem(child.table, parent);
        if (parent.current == child)
        {
            parent.current = null;
        }
        if (parent.next == child)
        {
            parent.next = null;
            parent.transitioning = false;
        }
        if (parent.previous == child)
        {
            parent.previous = null;
        }
        structureChanged();
        return true;
    }

    private static void removeNodeItem(final ArrayList<TableItem> table, final NodeModel node)
    {
        for (int i = 0; i < table.size(); i++)
        {
            if (table.get(i).node == node)
            {
                table.remove(i);
                return;
            }
        }
    }

    /**
     * A path of child links from {@code from} down to {@code to}, or null when {@code to} is not below. Searched from
     * both ends at once, one node each way per step (down from {@code from} through children, up from {@code to}
     * through parents), and given up as soon as either side runs out: the cost is bounded by the smaller of
     * {@code from}'s descendants and {@code to}'s ancestors, so a chain built top-down or bottom-up links in constant
     * time per link, not in time proportional to the chain.
     */
    private List<NodeModel> pathDown(final NodeModel from, final NodeModel to)
    {
        final Search down = new Search(from, true);
        final Search up = new Search(to, false);
        while (true)
        {
            final NodeModel d = down.step();
            if (d == to)
            {
                return down.pathTo(d, false);
            }
            final NodeModel u = up.step();
            if (u == from)
            {
                return up.pathTo(u, true);
            }
            if (d == null || u == null)
            {
                return null;
            }
        }
    }

    /** One side of {@link #pathDown}: a depth-first search that remembers where it came from. */
    private static final class Search
    {
        private final NodeModel start;
        private final boolean downward;
        private final Map<NodeModel, NodeModel> cameFrom = new IdentityHashMap<>();
        private final ArrayDeque<NodeModel> stack = new ArrayDeque<>();

        Search(final NodeModel start, final boolean downward)
        {
            this.start = start;
            this.downward = downward;
            cameFrom.put(start, start);
            stack.push(start);
        }

        /** @return the next node visited, or null once there is none. */
        NodeModel step()
        {
            final NodeModel n = stack.poll();
            if (n == null)
            {
                return null;
            }
            for (final NodeModel next : downward ? n.children : n.parents)
            {
                if (!cameFrom.containsKey(next))
                {
                    cameFrom.put(next, n);
                    stack.push(next);
                }
            }
            return n;
        }

        /** The nodes from the top of the path to its bottom: the chain back from {@code n}, reversed unless already so. */
        List<NodeModel> pathTo(final NodeModel n, final boolean topDown)
        {
            final ArrayList<NodeModel> path = new ArrayList<>();
            for (NodeModel p = n; ; p = cameFrom.get(p))
            {
                path.add(p);
                if (p == start)
                {
                    break;
                }
            }
            if (!topDown)
            {
                Collections.reverse(path);
            }
            return path;
        }
    }

    /**
     * @param node     the node.
     * @param tags     its new tag mask.
     */
    public void setTags(final NodeModel node, final long tags)
    {
        node.tags = tags;
        changed();
    }

    /**
     * @param node       the node.
     * @param checksTags whether its tag gates its subtree.
     */
    public void setChecksTags(final NodeModel node, final boolean checksTags)
    {
        node.checksTags = checksTags;
        changed();
    }

    /**
     * @param node   the node.
     * @param active its own active flag.
     */
    public void setActive(final NodeModel node, final boolean active)
    {
        node.active = active;
        changed();
    }

    // ------------------------------------------------------------------------------------------------ responders

    /**
     * Register a responder: a {@code SELF} item appended to the node's routing table.
     *
     * @param node           the node.
     * @param name           name in the table, or null for a generated one.
     * @param handler        the handler.
     * @param tags           tag mask.
     * @param checksTags     whether the tag check applies.
     * @param receiveHandled whether handled messages are still delivered.
     * @param active         its own active flag.
     * @return the responder.
     */
    public ResponderModel addResponder(
        final NodeModel node,
        final String name,
        final Responder handler,
        final long tags,
        final boolean checksTags,
        final boolean receiveHandled,
        final boolean active)
    {
        checkOwned(node);
        Objects.requireNonNull(handler, "handler");
        final String itemName = name != null ? name : "responder-" + node.generatedNames++;
        final ResponderModel responder =
            new ResponderModel(itemName, handler, node, tags, checksTags, receiveHandled, active);
        node.table.add(TableItem.self(responder));
        responderCount++;
        structureChanged();
        return responder;
    }

    /**
     * Remove a responder from its node's table.
     *
     * @param responder the responder.
     * @return true if it was registered.
     */
    public boolean removeResponder(final ResponderModel responder)
    {
        if (!responder.registered)
        {
            return false;
        }
        final ArrayList<TableItem> table = responder.node.table;
        for (int i = 0; i < table.size(); i++)
        {
            if (table.get(i).responder == responder)
            {
                table.remove(i);
                break;
            }
        }
        responder.registered = false;
        responderCount--;
        structureChanged();
        return true;
    }

    /**
     * @param responder the responder.
     * @param tags      its new tag mask.
     */
    public void setTags(final ResponderModel responder, final long tags)
    {
        responder.tags = tags;
        changed();
    }

    /**
     * @param responder  the responder.
     * @param checksTags whether the tag check applies.
     */
    public void setChecksTags(final ResponderModel responder, final boolean checksTags)
    {
        responder.checksTags = checksTags;
        changed();
    }

    /**
     * @param responder      the responder.
     * @param receiveHandled whether handled messages are still delivered.
     */
    public void setReceiveHandled(final ResponderModel responder, final boolean receiveHandled)
    {
        responder.receiveHandled = receiveHandled;
        changed();
    }

    /**
     * @param responder the responder.
     * @param active    its own active flag.
     */
    public void setActive(final ResponderModel responder, final boolean active)
    {
        responder.active = active;
        changed();
    }

    /**
     * @return number of registered responders.
     */
    public int responderCount()
    {
        return responderCount;
    }

    // ------------------------------------------------------------------------------------------------ switch nodes

    /**
     * Jump a switch node to a state: Mercury's {@code JumpTo}. Runs GlobalExit and Exit (of the old state, when there
     * is one), then makes the state current and runs Enter and GlobalEnter. Jumping to the current state does
     * nothing. Asked during a dispatch, the whole transition runs at the safe point.
     *
     * @param switchNode the switch node.
     * @param state      one of its child nodes.
     * @throws IllegalArgumentException if {@code state} is not a child of {@code switchNode}.
     */
    public void jumpTo(final NodeModel switchNode, final NodeModel state)
    {
        checkState(switchNode, state);
        if (isDispatching())
        {
            atSafePoint.add(() ->
            {
                if (isStillState(switchNode, state, "jumpTo"))
                {
                    doJumpTo(switchNode, state);
                }
            });
            return;
        }
        doJumpTo(switchNode, state);
    }

    /**
     * Start leaving the current state for another: Mercury's {@code StartTransitionTo}. Runs GlobalExit and Exit; the
     * new state becomes current at {@link #enterNext(NodeModel)}.
     *
     * @param switchNode the switch node.
     * @param state      one of its child nodes.
     */
    public void startTransitionTo(final NodeModel switchNode, final NodeModel state)
    {
        checkState(switchNode, state);
        if (isDispatching())
        {
            atSafePoint.add(() ->
            {
                if (isStillState(switchNode, state, "startTransitionTo"))
                {
                    doStartLeaving(switchNode, state);
                }
            });
            return;
        }
        doStartLeaving(switchNode, state);
    }

    /**
     * Finish a transition: Mercury's {@code EnterNext}. Makes the next state current, runs Enter and GlobalEnter.
     * Does nothing when no transition was started.
     *
     * @param switchNode the switch node.
     */
    public void enterNext(final NodeModel switchNode)
    {
        checkSwitch(switchNode);
        if (isDispatching())
        {
            atSafePoint.add(() -> doEnterNext(switchNode));
            return;
        }
        doEnterNext(switchNode);
    }

    /**
     * Abandon a started transition: Mercury's {@code CancelStateChange}.
     *
     * @param switchNode the switch node.
     * @return true if a transition was in progress (during a dispatch: if one is in progress when asked).
     */
    public boolean cancelStateChange(final NodeModel switchNode)
    {
        checkSwitch(switchNode);
        final boolean wasTransitioning = switchNode.transitioning;
        if (isDispatching())
        {
            atSafePoint.add(() -> doCancel(switchNode));
            return wasTransitioning;
        }
        doCancel(switchNode);
        return wasTransitioning;
    }

    /**
     * Set the current state without running any event: Mercury's {@code ResetTo}. Deferred like the others.
     *
     * @param switchNode the switch node.
     * @param state      one of its child nodes, or null for none.
     */
    public void resetTo(final NodeModel switchNode, final NodeModel state)
    {
        if (state != null)
        {
            checkState(switchNode, state);
        }
        else
        {
            checkSwitch(switchNode);
        }
        final Runnable reset = () ->
        {
            if (state == null || isStillState(switchNode, state, "resetTo"))
            {
                switchNode.previous = null;
                switchNode.current = state;
                changed();
            }
        };
        if (isDispatching())
        {
            atSafePoint.add(reset);
            return;
        }
        reset.run();
    }

    /**
     * @param switchNode a switch node.
     * @param listener   run after every transition's Enter.
     */
    public void addGlobalEnter(final NodeModel switchNode, final Runnable listener)
    {
        checkSwitch(switchNode);
        switchNode.globalEnter.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param switchNode a switch node.
     * @param listener   run before every transition's Exit.
     */
    public void addGlobalExit(final NodeModel switchNode, final Runnable listener)
    {
        checkSwitch(switchNode);
        switchNode.globalExit.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param switchNode a switch node.
     * @param state      one of its states.
     * @param listener   run when the state is entered.
     */
    public void addEnter(final NodeModel switchNode, final NodeModel state, final Runnable listener)
    {
        checkState(switchNode, state);
        switchNode.enter.computeIfAbsent(state, s -> new ArrayList<>(1)).add(Objects.requireNonNull(listener));
    }

    /**
     * @param switchNode a switch node.
     * @param state      one of its states.
     * @param listener   run when the state is left.
     */
    public void addExit(final NodeModel switchNode, final NodeModel state, final Runnable listener)
    {
        checkState(switchNode, state);
        switchNode.exit.computeIfAbsent(state, s -> new ArrayList<>(1)).add(Objects.requireNonNull(listener));
    }

    private void doJumpTo(final NodeModel switchNode, final NodeModel state)
    {
        if (state == switchNode.current)
        {
            return;
        }
        doStartLeaving(switchNode, state);
        doEnterNext(switchNode);
    }

    private void doStartLeaving(final NodeModel switchNode, final NodeModel state)
    {
        switchNode.next = state;
        switchNode.transitioning = true;
        final NodeModel leaving = switchNode.current;
        if (leaving == null)
        {
            return;
        }
        run(switchNode, switchNode.globalExit, "globalExit");
        run(switchNode, switchNode.exit.get(leaving), "onExit(" + leaving.name + ")");
    }

    private void doEnterNext(final NodeModel switchNode)
    {
        if (!switchNode.transitioning)
        {
            return;
        }
        switchNode.transitioning = false;
        switchNode.previous = switchNode.current;
        switchNode.current = switchNode.next;
        switchNode.next = null;
        changed();
        final NodeModel entered = switchNode.current;
        if (entered != null)
        {
            run(switchNode, switchNode.enter.get(entered), "onEnter(" + entered.name + ")");
        }
        run(switchNode, switchNode.globalEnter, "globalEnter");
    }

    private void doCancel(final NodeModel switchNode)
    {
        switchNode.next = null;
        switchNode.transitioning = false;
    }

    private void run(final NodeModel switchNode, final List<Runnable> listeners, final String source)
    {
        if (listeners == null || listeners.isEmpty())
        {
            return;
        }
        // A listener may add listeners: run the ones registered when the event fired.
        final Runnable[] snapshot = listeners.toArray(new Runnable[0]);
        for (final Runnable listener : snapshot)
        {
            try
            {
                listener.run();
            }
            catch (final Throwable t)
            {
                failures.onFailure(switchNode, source, -1, t);
            }
        }
    }

    private boolean isStillState(final NodeModel switchNode, final NodeModel state, final String operation)
    {
        if (switchNode.children.contains(state))
        {
            return true;
        }
        failures.onFailure(switchNode, operation, -1, new IllegalStateException(
            operation + " at the safe point: node '" + state.name + "' is no longer a state of switch node '" +
            switchNode.name + "'"));
        return false;
    }

    private void checkSwitch(final NodeModel switchNode)
    {
        checkOwned(switchNode);
        if (!switchNode.isSwitch)
        {
            throw new IllegalArgumentException("node '" + switchNode.name + "' is not a switch node");
        }
    }

    private void checkState(final NodeModel switchNode, final NodeModel state)
    {
        checkSwitch(switchNode);
        Objects.requireNonNull(state, "state");
        if (!switchNode.children.contains(state))
        {
            final StringBuilder states = new StringBuilder();
            for (final NodeModel c : switchNode.children)
            {
                if (!states.isEmpty())
                {
                    states.append(", ");
                }
                states.append(c.name);
            }
            throw new IllegalArgumentException(
                "node '" + state.name + "' is not a state of switch node '" + switchNode.name + "': states=[" +
                states + "]");
        }
    }

    private void checkOwned(final NodeModel node)
    {
        if (node.isRemoved())
        {
            throw new IllegalStateException("node '" + node.name + "' was removed from this runtime");
        }
        if (node.id >= nodes.size() || nodes.get(node.id) != node)
        {
            throw new IllegalArgumentException("node '" + node.name + "' belongs to another runtime");
        }
    }

    // ------------------------------------------------------------------------------------------------ safe point

    /**
     * A dispatch starts (outermost or nested).
     */
    public void beginDispatch()
    {
        dispatchDepth++;
    }

    /**
     * A dispatch ends. When it was the outermost one, this is the safe point: queued switch transitions run, in the
     * order they were asked, before the send that started the dispatch returns.
     */
    public void endDispatch()
    {
        if (--dispatchDepth == 0 && !draining && !atSafePoint.isEmpty())
        {
            draining = true;
            try
            {
                Runnable task;
                while ((task = atSafePoint.poll()) != null)
                {
                    task.run();
                }
            }
            finally
            {
                draining = false;
            }
        }
    }

    /**
     * @return true while a dispatch is running: changes then wait for the safe point.
     */
    public boolean isDispatching()
    {
        return dispatchDepth > 0;
    }

    /**
     * @return depth of dispatch nesting, 0 outside any dispatch.
     */
    public int dispatchDepth()
    {
        return dispatchDepth;
    }

    /**
     * @return true if something changed since the last {@link #compile()}.
     */
    public boolean isDirty()
    {
        return dirty;
    }

    /**
     * @return number of compilations so far; a dispatcher compares it to know its tables are current.
     */
    public long version()
    {
        return version;
    }

    /**
     * Compile the current shape into the flat tables the dispatchers read. Only at a safe point.
     *
     * @return the snapshot.
     * @throws IllegalStateException if a dispatch is running.
     */
    public RoutingSnapshot compile()
    {
        if (isDispatching())
        {
            throw new IllegalStateException(
                "compile only at the safe point: dispatchDepth=" + dispatchDepth);
        }
        final RoutingSnapshot snapshot = RoutingSnapshot.compile(nodes, responderCount, ++version, structureVersion);
        dirty = false;
        for (int i = 0; i < vacantIds.size(); i++)
        {
            compiledIds.addLast(new long[] {version, vacantIds.getInt(i)});
        }
        vacantIds.clear();
        return snapshot;
    }

    /**
     * @return number of structural changes so far (nodes, links, responders added or removed); flags, tags and
     * switch states do not count. Compiled tables whose structure version matches can be patched, not rebuilt.
     */
    public long structureVersion()
    {
        return structureVersion;
    }

    private void changed()
    {
        dirty = true;
    }

    private void structureChanged()
    {
        structureVersion++;
        dirty = true;
    }
}
