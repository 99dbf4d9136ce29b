package io.quicksilver.runtime.jfr;

/**
 * Names and depth-first indices of the responders a thread calls, asked for only when a responder event is actually
 * recorded: the caller passes the index it already holds, so a call that is not recorded looks nothing up.
 * Implemented by the dispatcher over its installed routing tables.
 */
public interface ResponderLookup
{
    /**
     * Name of a responder.
     *
     * @param responder the caller's responder index.
     * @return the responder's name, an existing string (nothing is built).
     */
    String responderName(int responder);

    /**
     * Depth-first index of a responder: its position in the hierarchy's depth-first responder order.
     *
     * @param responder the caller's responder index.
     * @return the depth-first index.
     */
    int depthFirstIndex(int responder);
}
