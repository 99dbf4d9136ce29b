package io.quicksilver;

import io.quicksilver.runtime.hierarchy.ResponderModel;

/**
 * A registered responder: its Mercury properties, changeable at any time (during a dispatch, routing sees a change
 * at the safe point), and its removal.
 */
public final class ResponderHandle
{
    private final RelayNode node;
    private final ResponderModel model;

    ResponderHandle(final RelayNode node, final ResponderModel model)
    {
        this.node = node;
        this.model = model;
    }

    /**
     * @return name in the routing table.
     */
    public String name()
    {
        return model.name();
    }

    /**
     * @return the node it is registered on.
     */
    public RelayNode node()
    {
        return node;
    }

    /**
     * @return the handler.
     */
    public Responder responder()
    {
        return model.handler();
    }

    /**
     * @return tag mask.
     */
    public long tags()
    {
        return model.tags();
    }

    /**
     * @param tags new tag mask.
     * @return this handle.
     */
    public ResponderHandle setTags(final long tags)
    {
        node.runtime.change(() -> node.hierarchy.setTags(model, tags));
        return this;
    }

    /**
     * @return whether the tag check applies (Mercury's {@code TagCheckEnabled}).
     */
    public boolean checksTags()
    {
        return model.checksTags();
    }

    /**
     * @param checksTags whether the tag check applies.
     * @return this handle.
     */
    public ResponderHandle setChecksTags(final boolean checksTags)
    {
        node.runtime.change(() -> node.hierarchy.setChecksTags(model, checksTags));
        return this;
    }

    /**
     * @return whether messages already handled are still delivered (Mercury's {@code ReceiveHandledMessages}).
     */
    public boolean receivesHandled()
    {
        return model.receiveHandled();
    }

    /**
     * @param receiveHandled whether messages already handled are still delivered.
     * @return this handle.
     */
    public ResponderHandle setReceiveHandled(final boolean receiveHandled)
    {
        node.runtime.change(() -> node.hierarchy.setReceiveHandled(model, receiveHandled));
        return this;
    }

    /**
     * @return the responder's own active flag (it also needs its node active in the hierarchy).
     */
    public boolean isActive()
    {
        return model.isActive();
    }

    /**
     * @param active the responder's own active flag.
     * @return this handle.
     */
    public ResponderHandle setActive(final boolean active)
    {
        node.runtime.change(() -> node.hierarchy.setActive(model, active));
        return this;
    }

    /**
     * @return false once removed.
     */
    public boolean isRegistered()
    {
        return model.isRegistered();
    }

    /**
     * Remove the responder from its node's routing table.
     *
     * @return true if it was registered.
     */
    public boolean remove()
    {
        final boolean removed;
        synchronized (node.runtime.changes())
        {
            removed = node.change().removeResponder(model);
        }
        if (removed)
        {
            synchronized (node.handles)
            {
                node.handles.remove(this);
            }
        }
        return removed;
    }

    @Override
    public String toString()
    {
        return "ResponderHandle{" + model.name() + " on " + node.name() + '}';
    }
}
