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
    @Override
    public String toString()
    {
        return Level.toString(level) + ":" + name;
    }
}
