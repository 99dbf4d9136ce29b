package io.quicksilver.runtime.hierarchy;

/**
 * Where the runtime reports code of the application that threw (a responder, a switch listener, a custom filter)
 * so that routing can carry on.
 */
@FunctionalInterface
public interface FailureSink
{
    /**
     * One failure.
     *
     * @param node   node the failing code belongs to.
     * @param source what failed, for the report.
     * @param method id of the message being delivered, or -1.
     * @param error  what it threw.
     */
    void onFailure(NodeModel node, String source, int method, Throwable error);
}
