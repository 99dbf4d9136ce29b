package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One responder call that took longer than the threshold. A duration event timed around the call by
 * {@link HotPathEvents#beginResponder()} / {@link HotPathEvents#endResponder}; JFR drops it unless its duration
 * reaches the {@code threshold} setting.
 */
@Name(QuicksilverEvents.SLOW_RESPONDER)
@Label("Slow Responder")
@Category({"Quicksilver", "Responders"})
@Description("A responder took longer than the threshold to handle one message")
@Enabled(true)
@Threshold("1 ms")
@StackTrace(false)
public final class SlowResponderEvent extends Event
{
    @Label("Responder")
    @Description("Name of the responder")
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

    @Label("Method Name")
    @Description("Readable method: a standard method's name or APP(id)")
    String methodName;

    SlowResponderEvent()
    {
    }
}
