package io.quicksilver;

/**
 * One item of a node's routing table, Mercury's {@code MmRoutingTableItem}.
 *
 * @param name      the responder's or the node's name.
 * @param level     {@link Level#SELF} (a responder of the node), {@link Level#CHILD} or {@link Level#PARENT}.
 * @param node      the child or parent node, null for a responder.
 * @param responder the responder, null for a node.
 */
public record RoutingTableItem(String name, int level, RelayNode node, ResponderHandle responder)
{
    /**
     * The item's tag mask, read live (Mercury copies it into the item when the item is added): the node's for a
     * child or parent item, the responder's for a responder item.
     *
     * @return the tag mask.
     */
    public long tags()
    {
        return node != null ? node.tags() : responder.tags();
    }

    @Override
    public String toString()
    {
        return Level.toString(level) + ":" + name;
    }
}
