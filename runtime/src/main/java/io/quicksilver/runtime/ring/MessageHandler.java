package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.message.MessageView;

/**
 * Receives messages polled from a ring, one call per message, in sequence order.
 */
@FunctionalInterface
public interface MessageHandler
{
    /**
     * Handle one message in place. The view is valid only during this call: copy whatever must outlive it.
     *
     * @param message view bound to the message.
     */
    void onMessage(MessageView message);
}
