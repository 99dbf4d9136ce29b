package io.quicksilver.runtime.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One responder call that took longer than the threshold. A duration event timed around the call by
 * {@link HotPathEvents#beginResponder()} / {@link HotPathEvents#endResponder}; JFR drops it unless its duration
 * reaches the {@code threshold} setting. Only one call in every {@code sampleEvery} (per worker; a custom setting,
 * {@link SlowResponderSampleEveryControl}, 64 in the shipped {@code quicksilver.jfc}) is timed, so that a recording
 * does not read the clock twice around every call.
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

    /**
     * Attaches the {@code sampleEvery} setting to this event type. The sampling decision is taken before the call, in
     * {@link HotPathEvents#beginResponder()}, so that an unsampled call reads no clock.
     *
     * @param control the setting's current value.
     * @return always true.
     */
    @Name(SampleEveryControl.NAME)
    @Label("Sample Every")
    @Description("Time one responder call in every N per worker (1: every call)")
    @SettingDefinition
    boolean sampleEvery(final SlowResponderSampleEveryControl control)
    {
        return true;
    }
}
