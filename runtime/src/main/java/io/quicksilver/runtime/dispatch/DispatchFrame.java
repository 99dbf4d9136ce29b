package io.quicksilver.runtime.dispatch;

import io.quicksilver.Metadata;
import io.quicksilver.runtime.message.MessageView;

import java.util.Arrays;

/**
 * State of one dispatch at one nesting depth: its own message slot and view, the message's routing fields, and the
 * visit marks that deliver each node's responders once per send (a node with two parents included).
 * <p>
 * A send made from inside a handler runs in the next frame, so it never disturbs the slot or the marks of the
 * message whose delivery it interrupts; that is why there is a stack of frames and not one.
 * <p>
 * Marks are epoch stamps: a node is marked for the current send when its stamp equals {@link #epoch}, so starting
 * a send costs one increment, not a clear of every array.
 */
final class DispatchFrame
{
    final int depth;
    final long slotOffset;
    final MessageView view;

    long sequence;
    Metadata metadata;
    int sender;
    int method;
    int level;
    long tags;
    boolean activeOnly;
    boolean selectedOnly;

    /** Hop count the slot's header holds now (the writer starts it at 0). */
    int hopInSlot;

    int epoch;
    /** The node's own responders have been delivered to. */
    int[] selfMark = new int[0];
    /** The node has forwarded the message to its children. */
    int[] childMark = new int[0];
    /** The node has been collected by the descendants route. */
    int[] descendantMark = new int[0];
    /** The node has been collected by the ancestors route. */
    int[] ancestorMark = new int[0];

    DispatchFrame(final int depth, final long slotOffset, final MessageView view)
    {
        this.depth = depth;
        this.slotOffset = slotOffset;
        this.view = view;
    }

    void resize(final int nodeCount)
    {
        if (selfMark.length < nodeCount)
        {
            final int length = Math.max(nodeCount, selfMark.length * 2);
            selfMark = Arrays.copyOf(selfMark, length);
            childMark = Arrays.copyOf(childMark, length);
            descendantMark = Arrays.copyOf(descendantMark, length);
            ancestorMark = Arrays.copyOf(ancestorMark, length);
        }
    }

    void nextEpoch()
    {
        if (++epoch == 0)
        {
            // Wrapped after 2^32 sends at this depth: stale stamps could now match, so start clean.
            Arrays.fill(selfMark, 0);
            Arrays.fill(childMark, 0);
            Arrays.fill(descendantMark, 0);
            Arrays.fill(ancestorMark, 0);
            epoch = 1;
        }
    }
}
