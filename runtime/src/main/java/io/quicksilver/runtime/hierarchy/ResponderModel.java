package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Responder;

/**
 * A registered responder and its Mercury properties, as the application last set them. The dispatchers do not read
 * this: they read the compiled {@link RoutingSnapshot}, rebuilt at the safe point.
 */
public final class ResponderModel
{
    final String name;
    final Responder handler;
    final NodeModel node;
    long tags;
    boolean checksTags;
    boolean receiveHandled;
    boolean active;
    boolean registered = true;
    // Weak: the engine (workers, snapshots) must not keep the API's objects, and through them a dropped runtime,
    // reachable. The API layer holds its handles strongly for as long as the runtime lives.
    java.lang.ref.WeakReference<Object> handle;

    ResponderModel(
        final String name,
        final Responder handler,
        final NodeModel node,
        final long tags,
        final boolean checksTags,
        final boolean receiveHandled,
        final boolean active)
    {
        this.name = name;
        this.handler = handler;
        this.node = node;
        this.tags = tags;
        this.checksTags = checksTags;
        this.receiveHandled = receiveHandled;
        this.active = active;
    }

    /**
     * @return name in the node's routing table.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the handler.
     */
    public Responder handler()
    {
        return handler;
    }

    /**
     * @return the node it is registered on.
     */
    public NodeModel node()
    {
        return node;
    }

    /**
     * @return tag mask.
     */
    public long tags()
    {
        return tags;
    }

    /**
     * @return whether the tag check applies.
     */
    public boolean checksTags()
    {
        return checksTags;
    }

    /**
     * @return whether handled messages are still delivered.
     */
    public boolean receiveHandled()
    {
        return receiveHandled;
    }

    /**
     * @return the responder's own active flag.
     */
    public boolean isActive()
    {
        return active;
    }

    /**
     * @return false once removed from its node.
     */
    public boolean isRegistered()
    {
        return registered;
    }

    /**
     * @return the public handle the API layer attached, or null.
     */
    public Object handle()
    {
        return handle == null ? null : handle.get();
    }

    /**
     * @param handle public handle to attach.
     */
    public void handle(final Object handle)
    {
        this.handle = handle == null ? null : new java.lang.ref.WeakReference<>(handle);
    }

    @Override
    public String toString()
    {
        return "responder '" + name + "' on '" + node.name + "'";
    }
}
