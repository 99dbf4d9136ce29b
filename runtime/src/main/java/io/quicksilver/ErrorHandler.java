package io.quicksilver;

/**
 * Told about every exception a responder, a switch node listener or a custom filter throws; routing carries on.
 * <p>
 * Called on the thread that dispatches, in the middle of a dispatch: it should record and return, not send. In
 * parallel mode that is a worker thread, and several workers may call it at once, so it must be thread-safe.
 * <p>
 * Parallel mode's reports of the runtime itself that come from no worker (a worker stuck on one message, seen by the
 * watchdog; a failure of the balancer; a worker that did not stop at {@code close()}) are made on the runtime's
 * reporter thread, {@code quicksilver-reporter}, never on the watchdog's or the caller of {@code close()}: a handler
 * that does not return holds that thread only. The watchdog goes on scanning (its later reports wait, at most 1024 of
 * them, then are dropped), and {@code close()} waits for its reports at most the close timeout, then says so through
 * the log and returns. A handler that does not return from a worker's report holds that worker, like a responder
 * that does not return.
 */
@FunctionalInterface
public interface ErrorHandler
{
    /**
     * One failure.
     *
     * @param node   the node the failing code was attached to; null for a failure of the runtime itself (parallel
     *               mode: a worker stuck on one message, a worker that did not stop at close).
     * @param source what failed: a responder's name, {@code "onEnter(state)"}, {@code "customFilter"},
     *               {@code "routing"} (a strict-mode hop-limit drop in parallel mode), ...
     * @param method id of the message being delivered, or -1 when no message was.
     * @param error  what it threw.
     */
    void onError(RelayNode node, String source, int method, Throwable error);

    /**
     * The default: one line and the stack trace on {@code System.err}.
     *
     * @return an error handler that prints.
     */
    static ErrorHandler printing()
    {
        return (node, source, method, error) ->
        {
            System.err.println("quicksilver: '" + source + "'" +
                (node == null ? "" : " on node '" + node.name() + "'") + " threw" +
                (method >= 0 ? " while handling " + Method.toString(method) : "") + ": " + error);
            error.printStackTrace(System.err);
        };
    }
}
