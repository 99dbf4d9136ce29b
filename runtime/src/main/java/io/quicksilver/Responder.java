package io.quicksilver;

import io.quicksilver.runtime.message.MessageView;

/**
 * Receives messages: Mercury's {@code MmResponder.MmInvoke}, as one method that gets the message in place.
 * <p>
 * The {@link MessageView} reads the message where it lies, in the runtime's off-heap slot: {@link MessageView#method()},
 * {@link MessageView#payloadType()}, the typed getters ({@link MessageView#getInt()}, {@link MessageView#getFloat()},
 * {@link MessageView#stringEquals(CharSequence)}, ...) and {@link MessageView#markHandled()}. It is valid only during
 * the call: copy what must outlive it (Mercury's pooled-message rule, enforced when {@code -Dquicksilver.checked=true}).
 * <p>
 * A responder may send messages (they are delivered at once, nested, depth first) and change the hierarchy (the
 * changes take effect when the outermost send returns, see {@code docs/semantics.md}). If it throws, the exception
 * goes to the runtime's {@link ErrorHandler} and routing carries on with the next receiver.
 */
@FunctionalInterface
public interface Responder
{
    /**
     * Handle one message.
     *
     * @param message the message, in place; valid only during this call.
     */
    void onMessage(MessageView message);
}
