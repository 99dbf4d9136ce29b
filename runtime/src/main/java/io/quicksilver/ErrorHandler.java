package io.quicksilver;

import io.quicksilver.runtime.log.DistinctErrorLog;
import io.quicksilver.runtime.log.Notices;

import java.time.Duration;

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
     * The runtime this handler serves has closed: no failure is reported after this. A handler that holds reports
     * back says them now. The default does nothing.
     */
    default void onClose()
    {
    }

    /**
     * The default: through the {@link System.Logger} named {@code io.quicksilver}, each distinct error (the same
     * source on the same node throwing the same exception class with the same message) once, with its stack trace;
     * its repeats are counted and said as one line per error in a summary, at the next failure once 10 seconds have
     * passed since the last summary, and when the runtime closes. A responder that throws on every message costs a
     * few lines, not a stack trace per message.
     *
     * @return a new handler, with counts of its own.
     */
    static ErrorHandler logging()
    {
        return logging(System.getLogger(Notices.LOGGER_NAME), Duration.ofSeconds(10));
    }

    /**
     * {@link #logging()} to another logger, or with another summary period.
     *
     * @param logger        where the reports go.
     * @param summaryPeriod shortest time between two summaries of the repeats, positive.
     * @return a new handler, with counts of its own.
     * @throws IllegalArgumentException if {@code summaryPeriod} is not positive.
     */
    static ErrorHandler logging(final System.Logger logger, final Duration summaryPeriod)
    {
        final DistinctErrorLog log = new DistinctErrorLog(logger, summaryPeriod, System::nanoTime);
        return new ErrorHandler()
        {
            @Override
            public void onError(final RelayNode node, final String source, final int method, final Throwable error)
            {
                log.record(node == null ? null : node.name(), source, method >= 0 ? Method.toString(method) : null, error);
            }

            @Override
            public void onClose()
            {
                log.flush();
            }
        };
    }

    /**
     * Every failure, one line and the stack trace each, on {@code System.err}: for a test or a tool that wants them
     * all in its output. A responder that throws on every message prints a stack trace per message.
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
