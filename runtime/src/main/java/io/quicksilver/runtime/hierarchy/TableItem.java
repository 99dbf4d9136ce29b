package io.quicksilver.runtime.hierarchy;

import io.quicksilver.Level;

/**
 * One item of a node's routing table, Mercury's {@code MmRoutingTableItem}: a responder of the node
 * ({@link Level#SELF}), a child node ({@link Level#CHILD}) or a parent node ({@link Level#PARENT}).
 */
public final class TableItem
{
    final int level;
    final NodeModel node;
    final ResponderModel responder;

    private TableItem(final int level, final NodeModel node, final ResponderModel responder)
    {
        this.level = level;
        this.node = node;
        this.responder = responder;
    }

    static TableItem self(final ResponderModel responder)
    {
        return new TableItem(Level.SELF, null, responder);
    }

    static TableItem child(final NodeModel child)
    {
        return new TableItem(Level.CHILD, child, null);
    }

    static TableItem parent(final NodeModel parent)
    {
        return new TableItem(Level.PARENT, parent, null);
    }

    /**
     * @return {@link Level#SELF}, {@link Level#CHILD} or {@link Level#PARENT}.
     */
    public int level()
    {
        return level;
    }

    /**
     * @return the child or parent node, null for a responder item.
     */
    public NodeModel node()
    {
        return node;
    }

    /**
     * @return the responder, null for a node item.
     */
    public ResponderModel responder()
    {
        return responder;
    }

    /**
     * @return the item's name: the responder's or the node's.
     */
    public String name()
    {
        return responder != null ? responder.name : node.name;
    }

    @Override
    public String toString()
    {
        return Level.toString(level) + ":" + name();
    }
}
