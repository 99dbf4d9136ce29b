package io.quicksilver;

import io.quicksilver.runtime.hierarchy.NodeModel;

import java.util.List;
import java.util.Objects;

/**
 * A relay node whose children are the states of a finite-state machine: Mercury's {@code MmRelaySwitchNode}.
 * <p>
 * Under {@link SelectedFilter#SELECTED} a switch node forwards a message only to its current state's subtree; its
 * own responders and its other states do not receive it. Under {@link SelectedFilter#ALL} it routes like any node.
 * <p>
 * Transitions run Mercury's events in Mercury's order: GlobalExit, Exit (of the state left, when there is one),
 * then Enter (of the state entered) and GlobalEnter. Jumping to the current state fires none. A switch starts with
 * no current state. A transition asked for from inside a handler runs whole, events included, at the safe point
 * (when the outermost send returns), so that the events run with the new state routable.
 */
public final class SwitchNode extends RelayNode
{
    SwitchNode(final Quicksilver runtime, final NodeModel model)
    {
        super(runtime, model);
    }

    /**
     * @return the states: the child nodes, in routing-table order.
     */
    public List<RelayNode> states()
    {
        return children();
    }

    /**
     * @return the current state, or null before the first transition.
     */
    public RelayNode current()
    {
        return handle(model.current());
    }

    /**
     * @return the current state's name, or null.
     */
    public String currentName()
    {
        final NodeModel current = model.current();
        return current == null ? null : current.name();
    }

    /**
     * @return the state before the last transition, or null.
     */
    public RelayNode previous()
    {
        return handle(model.previous());
    }

    /**
     * @return the state a transition begun with {@link #startTransitionTo(RelayNode)} is heading for, or null.
     */
    public RelayNode next()
    {
        return handle(model.next());
    }

    /**
     * Mercury's {@code JumpTo}: leave the current state and enter another, running GlobalExit, Exit, Enter and
     * GlobalEnter. Does nothing when {@code state} is already current.
     *
     * @param state one of this node's children.
     * @throws IllegalArgumentException if it is not a state of this switch node (the message lists the states).
     */
    public void jumpTo(final RelayNode state)
    {
        final NodeModel target = stateModel(state);
        runtime.change(() -> hierarchy.jumpTo(model, target));
    }

    /**
     * Mercury's {@code JumpTo(string)}: jump to the first state with this name.
     *
     * @param stateName name of one of this node's children.
     * @throws IllegalArgumentException if no state has that name.
     */
    public void jumpTo(final String stateName)
    {
        jumpTo(state(stateName));
    }

    /**
     * Mercury's {@code StartTransitionTo}: run GlobalExit and Exit now; the state becomes current at
     * {@link #enterNext()}.
     *
     * @param state one of this node's children.
     */
    public void startTransitionTo(final RelayNode state)
    {
        final NodeModel target = stateModel(state);
        runtime.change(() -> hierarchy.startTransitionTo(model, target));
    }

    /**
     * Mercury's {@code EnterNext}: finish a transition begun with {@link #startTransitionTo(RelayNode)}.
     */
    public void enterNext()
    {
        runtime.change(() -> hierarchy.enterNext(model));
    }

    /**
     * Mercury's {@code CancelStateChange}.
     *
     * @return true if a transition was in progress.
     */
    public boolean cancelStateChange()
    {
        synchronized (runtime.changes())
        {
            return change().cancelStateChange(model);
        }
    }

    /**
     * Mercury's {@code ResetTo}: make a state current without running any event.
     *
     * @param state one of this node's children, or null for none.
     */
    public void resetTo(final RelayNode state)
    {
        final NodeModel target = state == null ? null : stateModel(state);
        runtime.change(() -> hierarchy.resetTo(model, target));
    }

    /**
     * The state with a name.
     *
     * @param stateName name of a child.
     * @return the first child with that name.
     * @throws IllegalArgumentException if there is none.
     */
    public RelayNode state(final String stateName)
    {
        for (final NodeModel child : model.children())
        {
            if (child.name().equals(stateName))
            {
                return (RelayNode)child.handle();
            }
        }
        throw new IllegalArgumentException(
            "switch node '" + name() + "' has no state named '" + stateName + "': states=" + stateNames());
    }

    /**
     * Add a listener run after every transition's Enter (Mercury's {@code GlobalEnter}).
     *
     * @param listener to run.
     * @return this node.
     */
    public SwitchNode onGlobalEnter(final Runnable listener)
    {
        synchronized (runtime.changes())
        {
            change().addGlobalEnter(model, listener);
        }
        return this;
    }

    /**
     * Add a listener run before every transition's Exit (Mercury's {@code GlobalExit}).
     *
     * @param listener to run.
     * @return this node.
     */
    public SwitchNode onGlobalExit(final Runnable listener)
    {
        synchronized (runtime.changes())
        {
            change().addGlobalExit(model, listener);
        }
        return this;
    }

    /**
     * Add a listener run when a state is entered (Mercury's {@code this[state].Enter}).
     *
     * @param state    one of this node's children.
     * @param listener to run.
     * @return this node.
     */
    public SwitchNode onEnter(final RelayNode state, final Runnable listener)
    {
        synchronized (runtime.changes())
        {
            change().addEnter(model, stateModel(state), listener);
        }
        return this;
    }

    /**
     * Add a listener run when a state is left (Mercury's {@code this[state].Exit}).
     *
     * @param state    one of this node's children.
     * @param listener to run.
     * @return this node.
     */
    public SwitchNode onExit(final RelayNode state, final Runnable listener)
    {
        synchronized (runtime.changes())
        {
            change().addExit(model, stateModel(state), listener);
        }
        return this;
    }

    private NodeModel stateModel(final RelayNode state)
    {
        Objects.requireNonNull(state, "state");
        if (state.runtime != runtime)
        {
            throw new IllegalArgumentException("node '" + state.name() + "' belongs to another runtime");
        }
        return state.model;
    }

    private String stateNames()
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final NodeModel child : model.children())
        {
            if (sb.length() > 1)
            {
                sb.append(", ");
            }
            sb.append(child.name());
        }
        return sb.append(']').toString();
    }

    private static RelayNode handle(final NodeModel node)
    {
        return node == null ? null : (RelayNode)node.handle();
    }

    @Override
    public String toString()
    {
        return "SwitchNode{" + name() + ", current=" + currentName() + '}';
    }
}
