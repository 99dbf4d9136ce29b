package io.quicksilver.runtime.parallel;

import io.quicksilver.Level;
import io.quicksilver.runtime.hierarchy.ResponderModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;

import java.util.Arrays;

/**
 * What every worker routes with from one sequence on: a routing snapshot, its responders cut into partitions (runs
 * of the depth-first responder order) and the worker owning each partition.
 * <p>
 * A layout is installed by a control message in the sequencer ring, so every worker switches at the same sequence.
 * Immutable once built; built on the control thread.
 * <p>
 * {@link #gainedFrom} says, for each worker, which workers owned (in the previous layout) a responder that this
 * layout gives it: the hand-over barrier waits for exactly those.
 */
final class Layout
{
    final long id;
    /** Id of the layout that cut these partitions: per-partition load counts carry over while it stays the same. */
    final long geometry;
    final RoutingSnapshot snapshot;
    final int workers;
    /** Depth-first position to responder index. */
    final int[] dfsOrder;
    /** Responder index to depth-first position: the inverse of {@link #dfsOrder}, shared while it is the same. */
    final int[] dfsPosition;
    /** First depth-first position of each partition; entry {@code partitionCount} is the responder count. */
    final int[] partitionStart;
    final int[] partitionOwner;
    final int[] responderPartition;
    final int[] responderOwner;
    final long[] gainedFrom;
    /**
     * The snapshot's responders and intervals for routing by the simd kernels, shared by layouts of one snapshot;
     * null when kernel routing is off.
     */
    final KernelRoutes routes;

    private Layout(
        final long id,
        final long geometry,
        final RoutingSnapshot snapshot,
        final int workers,
        final int[] dfsOrder,
        final int[] partitionStart,
        final int[] partitionOwner,
        final KernelRoutes routes,
        final Layout previous)
    {
        this.routes = routes;
        this.id = id;
        this.geometry = geometry;
        this.snapshot = snapshot;
        this.workers = workers;
        this.dfsOrder = dfsOrder;
        this.partitionStart = partitionStart;
        this.partitionOwner = partitionOwner;
        final int responders = snapshot.responderCount();
        responderPartition = new int[responders];
        responderOwner = new int[responders];
        for (int p = 0; p < partitionOwner.length; p++)
        {
            for (int pos = partitionStart[p]; pos < partitionStart[p + 1]; pos++)
            {
                responderPartition[dfsOrder[pos]] = p;
                responderOwner[dfsOrder[pos]] = partitionOwner[p];
            }
        }
        if (previous != null && previous.dfsOrder == dfsOrder)
        {
            dfsPosition = previous.dfsPosition;
        }
        else
        {
            dfsPosition = new int[responders];
            for (int pos = 0; pos < responders; pos++)
            {
                dfsPosition[dfsOrder[pos]] = pos;
            }
        }
        gainedFrom = new long[workers];
        if (previous != null && previous.snapshot == snapshot)
        {
            // Same snapshot (a partition move): responder indices match, no lookup needed.
            for (int r = 0; r < responders; r++)
            {
                final int before = previous.responderOwner[r];
                if (before != responderOwner[r])
                {
                    gainedFrom[responderOwner[r]] |= 1L << before;
                }
            }
        }
        else if (previous != null)
        {
            final ResponderModel[] oldResponders = previous.snapshot.responders();
            final ResponderModel[] responderModels = snapshot.responders();
            IdentityIndex oldIndex = null;
            for (int r = 0; r < responders; r++)
            {
                // Most responders keep their index across a change: try it before building the lookup.
                final ResponderModel model = responderModels[r];
                int old = r;
                if (r >= oldResponders.length || oldResponders[r] != model)
                {
                    if (oldIndex == null)
                    {
                        oldIndex = new IdentityIndex(oldResponders);
                    }
                    old = oldIndex.indexOf(model);
                }
                if (old >= 0)
                {
                    final int before = previous.responderOwner[old];
                    if (before != responderOwner[r])
                    {
                        gainedFrom[responderOwner[r]] |= 1L << before;
                    }
                }
            }
        }
    }

    /**
     * Object to index by identity, open addressing over {@code int}s: no boxing, one array, so mapping 100,000
     * responders of the previous snapshot costs a few hundred microseconds rather than an
     * {@code IdentityHashMap<ResponderModel, Integer>}'s tens of milliseconds of boxing and garbage.
     */
    private static final class IdentityIndex
    {
        private final Object[] keys;
        private final int[] values;
        private final int mask;

        IdentityIndex(final Object[] objects)
        {
            final int capacity = Integer.highestOneBit(Math.max(2, objects.length) * 2 - 1) << 1;
            keys = new Object[capacity];
            values = new int[capacity];
            mask = capacity - 1;
            for (int i = 0; i < objects.length; i++)
            {
                int slot = System.identityHashCode(objects[i]) * 0x9E3779B9 & mask;
                while (keys[slot] != null)
                {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = objects[i];
                values[slot] = i;
            }
        }

        int indexOf(final Object object)
        {
            int slot = System.identityHashCode(object) * 0x9E3779B9 & mask;
            Object key;
            while ((key = keys[slot]) != null)
            {
                if (key == object)
                {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }
    }

    /**
     * A fresh layout: partitions balanced by responder count, partition {@code p} owned by worker
     * {@code p * workers / partitions} so neighbouring runs share a worker.
     */
    static Layout balanced(
        final long id, final RoutingSnapshot snapshot, final int workers, final int maxPartitions, final Layout previous)
    {
        return balanced(id, snapshot, workers, maxPartitions, previous, false);
    }

    /**
     * As {@link #balanced(long, RoutingSnapshot, int, int, Layout)}, with the snapshot's kernel routing data too when
     * {@code withRoutes} (a compile step of the snapshot rather than partitioning: it costs more than the cut).
     */
    static Layout balanced(
        final long id,
        final RoutingSnapshot snapshot,
        final int workers,
        final int maxPartitions,
        final Layout previous,
        final boolean withRoutes)
    {
        final int[] dfs = snapshot.depthFirstOrder().responderOrder();
        final int responders = dfs.length;
        final int[] start = cuts(snapshot, dfs, Math.min(maxPartitions, responders));
        final int partitions = start.length - 1;
        final int[] owner = new int[partitions];
        for (int p = 0; p < partitions; p++)
        {
            owner[p] = (int)((long)p * workers / partitions);
        }
        return new Layout(id, id, snapshot, workers, dfs, start, owner,
            withRoutes ? KernelRoutes.build(snapshot) : null, previous);
    }

    /**
     * Where partitions start: {@code wanted} runs of about equal size, each cut moved forward to the next place that
     * does not split a node's responders, so every responder of a node is in one partition, called by one worker, in
     * order (the handled flag then holds between them, as Mercury users rely on). A node whose responders stand on
     * both sides of a child's subtree keeps that subtree with it. Cuts that meet are merged: there may be fewer
     * partitions than wanted, never an empty one.
     */
    static int[] cuts(final RoutingSnapshot snapshot, final int[] dfs, final int wanted)
    {
        final int responders = dfs.length;
        if (responders == 0)
        {
            return new int[] {0};
        }
        if (wanted <= 1)
        {
            return new int[] {0, responders};
        }
        // blocked[i] > 0: a cut before position i would split some node's responders.
        final int[] responderNode = snapshot.responderNode();
        final int nodes = snapshot.nodeCount();
        final int[] first = new int[nodes];
        final int[] last = new int[nodes];
        Arrays.fill(first, -1);
        for (int position = 0; position < responders; position++)
        {
            final int node = responderNode[dfs[position]];
            if (first[node] < 0)
            {
                first[node] = position;
            }
            last[node] = position;
        }
        final int[] delta = new int[responders + 1];
        for (int node = 0; node < nodes; node++)
        {
            if (first[node] >= 0 && last[node] > first[node])
            {
                delta[first[node] + 1]++;
                delta[last[node] + 1]--;
            }
        }
        final boolean[] blocked = new boolean[responders + 1];
        int open = 0;
        for (int position = 0; position <= responders; position++)
        {
            open += delta[position];
            blocked[position] = open > 0;
        }
        final int[] start = new int[wanted + 1];
        int count = 1;
        for (int p = 1; p < wanted; p++)
        {
            int cut = (int)((long)p * responders / wanted);
            while (cut < responders && blocked[cut])
            {
                cut++;
            }
            if (cut > start[count - 1] && cut < responders)
            {
                start[count++] = cut;
            }
        }
        start[count++] = responders;
        return Arrays.copyOf(start, count);
    }

    /**
     * This layout with one partition given to another worker.
     */
    Layout withOwner(final long id, final int partition, final int worker)
    {
        final int[] owner = Arrays.copyOf(partitionOwner, partitionOwner.length);
        owner[partition] = worker;
        return new Layout(id, geometry, snapshot, workers, dfsOrder, partitionStart, owner, routes, this);
    }

    int partitionCount()
    {
        return partitionOwner.length;
    }

    /**
     * @param partition a partition.
     * @return responders in it.
     */
    int partitionSize(final int partition)
    {
        return partitionStart[partition + 1] - partitionStart[partition];
    }

    @Override
    public String toString()
    {
        return "Layout{id=" + id + ", snapshot=" + snapshot.version() + ", partitions=" + partitionCount() +
            ", owners=" + Arrays.toString(partitionOwner) + '}';
    }
}
