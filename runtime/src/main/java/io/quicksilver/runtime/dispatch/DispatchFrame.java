package io.quicksilver.runtime.dispatch;

import io.quicksilver.Metadata;
import io.quicksilver.runtime.hierarchy.RoutingWalk;
import io.quicksilver.runtime.jfr.HotPathEvents;
import io.quicksilver.runtime.message.MessageView;

/**
 * State of one dispatch at one nesting depth: its own message slot and view, the message's routing fields, and the
 * routing walk whose visit marks deliver each node's responders once per send (a node with two parents included).
 * <p>
 * A send made from inside a handler runs in the next frame, so it never disturbs the slot or the walk of the
 * message whose delivery it interrupts; that is why there is a stack of frames and not one. The frame is its walk's
 * sink, so the walk's recipients reach the dispatcher with the frame they belong to.
 */
final class DispatchFrame implements RoutingWalk.Sink
{
    final SingleThreadedDispatcher dispatcher;
    final int depth;
    final long slotOffset;
    // With checks on, a new view per message (MessageView.forNextMessage), so a view kept from one message fails.
    MessageView view;
    final RoutingWalk walk;
    /** This depth's SlowResponder sampling and timing: a nested send times its calls apart from the outer call's. */
    final HotPathEvents events = new HotPathEvents(-1);

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
    /** The slot's handled flag when the dispatch began; later marks are seen through {@link MessageView}. */
    boolean handled;

    DispatchFrame(
        final SingleThreadedDispatcher dispatcher,
        final int depth,
        final long slotOffset,
        final MessageView view)
    {
        this.dispatcher = dispatcher;
        this.depth = depth;
        this.slotOffset = slotOffset;
        this.view = view;
        this.walk = new RoutingWalk(dispatcher.hopLimit(), this);
    }

    @Override
    public void onRecipient(final int responder, final int hop)
    {
        dispatcher.deliver(this, responder, hop);
    }

    @Override
    public void onHopLimit(final int node, final int hop)
    {
        dispatcher.dropAtHopLimit(this, node, hop);
    }
}
