package io.quicksilver.runtime.network;

import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.charset.StandardCharsets;

/**
 * The nodes of one routing snapshot by path: a node's path is the names from a root down to it, joined by '/',
 * following each node's first parent ({@code root/child/grandchild}). Built once per snapshot (the cold path, when
 * the hierarchy changes); looked up without allocation on the message path.
 * <p>
 * Paths name nodes across processes, so two runtimes that build the same hierarchy name the same nodes alike,
 * whatever ids they gave them. Two nodes with one path (siblings with one name) are ambiguous: the path names the one
 * with the lower id, and {@link #duplicates()} counts the others.
 */
final class NodePaths
{
    private static final long MISSING = -1L;

    private final RoutingSnapshot snapshot;
    private final byte[][] pathOf;
    private final Long2LongHashMap idByHash = new Long2LongHashMap(MISSING);
    private int duplicates;

    NodePaths(final RoutingSnapshot snapshot)
    {
        this.snapshot = snapshot;
        final int nodes = snapshot.nodeCount();
        pathOf = new byte[nodes][];
        final NodeModel[] models = snapshot.nodes();
        final int[] parentStart = snapshot.parentStart();
        final int[] parentIds = snapshot.parentIds();
        for (int id = 0; id < nodes; id++)
        {
            if (models[id] == null || models[id].isRemoved())
            {
                continue;
            }
            final StringBuilder path = new StringBuilder(models[id].name());
            int node = id;
            // A cycle of first parents would never reach a root: a path is at most as deep as there are nodes.
            for (int depth = 0; depth < nodes && parentStart[node] < end(parentStart, parentIds, node); depth++)
            {
                node = parentIds[parentStart[node]];
                path.insert(0, '/').insert(0, models[node].name());
            }
            final byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > NetworkLayout.MAX_PATH_LENGTH)
            {
                continue;
            }
            pathOf[id] = bytes;
            final long hash = hash(bytes);
            if (idByHash.get(hash) != MISSING)
            {
                duplicates++;
                continue;
            }
            idByHash.put(hash, id);
        }
    }

    private static int end(final int[] parentStart, final int[] parentIds, final int node)
    {
        return node + 1 < parentStart.length ? parentStart[node + 1] : parentIds.length;
    }

    RoutingSnapshot snapshot()
    {
        return snapshot;
    }

    /**
     * @param id a node id of this snapshot.
     * @return its path in UTF-8, or null for an id without one (removed, out of range, a path over
     * {@link NetworkLayout#MAX_PATH_LENGTH}).
     */
    byte[] pathOf(final int id)
    {
        return id >= 0 && id < pathOf.length ? pathOf[id] : null;
    }

    /**
     * @param buffer holding a path.
     * @param offset of its first byte.
     * @param length of it, in bytes.
     * @return the id of the node with that path, or -1 when no node of this snapshot has it.
     */
    int idOf(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(offset + i) & 0xff;
            hash *= 0x100000001b3L;
        }
        final long id = idByHash.get(hash);
        if (id == MISSING)
        {
            return -1;
        }
        final byte[] path = pathOf[(int)id];
        if (path.length != length)
        {
            return -1;
        }
        for (int i = 0; i < length; i++)
        {
            if (path[i] != buffer.getByte(offset + i))
            {
                return -1;
            }
        }
        return (int)id;
    }

    /**
     * @return nodes whose path another node of lower id already has.
     */
    int duplicates()
    {
        return duplicates;
    }

    private static long hash(final byte[] bytes)
    {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : bytes)
        {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
