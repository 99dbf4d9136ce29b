package io.quicksilver.runtime.jfr;

/**
 * The {@code sampleEvery} setting of {@code io.quicksilver.SlowResponder}: time one responder call in every N, per
 * worker.
 * <p>
 * Timing a call reads the clock twice; on a machine whose JVM cannot use the time-stamp counter that is two
 * {@code clock_gettime} calls, which measured as half of a worker's time on the large scene (3x fewer deliveries
 * per second with every call timed). One call in {@value #DEFAULT_SAMPLE_EVERY} keeps a recording's cost to a few
 * percent; a responder that is slow on every call is still reported at once, one that is slow once in a while is
 * caught with probability 1/N per slow call, and a blocked one is the watchdog's to report.
 */
public final class SlowResponderSampleEveryControl extends SampleEveryControl
{
    /** Used when no recording sets a valid value; also the shipped {@code quicksilver.jfc}'s. */
    public static final int DEFAULT_SAMPLE_EVERY = 64;

    private static volatile int sampleEvery = DEFAULT_SAMPLE_EVERY;

    /**
     * Created by JFR when the event type is registered.
     */
    public SlowResponderSampleEveryControl()
    {
    }

    /**
     * The value JFR last resolved for {@code io.quicksilver.SlowResponder}.
     *
     * @return N, at least 1.
     */
    public static int responderSampleEvery()
    {
        return sampleEvery;
    }

    @Override
    protected void store(final int n)
    {
        sampleEvery = n;
    }

    @Override
    protected int load()
    {
        return sampleEvery;
    }

    @Override
    protected int defaultSampleEvery()
    {
        return DEFAULT_SAMPLE_EVERY;
    }
}
