package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A responder threw while handling a message; the runtime isolated and counted it. Emit through
 * {@link QuicksilverEvents#responderFailed(String, int, int, long, int, Throwable)}.
 */
@Name(QuicksilverEvents.RESPONDER_FAILED)
@Label("Responder Failed")
@Category({"Quicksilver", "Responders"})
@Description("A responder threw while handling a message; the failure was isolated and counted")
@Enabled(true)
@StackTrace(false)
public final class ResponderFailedEvent extends Event
{
    @Label("Responder")
    @Description("Name of the responder that threw")
    String responder;

    @Label("Responder Index")
    @Description("Depth-first index of the responder in the hierarchy")
    int responderIndex;

    @Label("Worker")
    @Description("Worker that called the responder, or -1 in single-threaded mode")
    int worker;

    @Label("Message Sequence")
    @Description("Ring sequence of the message being handled")
    long sequence;

    @Label("Method")
    @Description("Method id of the message")
    int method;

    @Label("Exception Class")
    @Description("Class of the exception the responder threw")
    Class<?> exceptionClass;

    @Label("Message")
    @Description("The exception's message, or empty when it has none")
    String message;

    ResponderFailedEvent()
    {
    }
}
