package io.quicksilver.runtime.jfr;

import java.util.Set;

import jdk.jfr.SettingControl;

/**
 * The {@code sampleEvery} setting of {@code io.quicksilver.DispatchBatch}: record one batch in every N, per worker.
 * {@link SlowResponderSampleEveryControl} is the same setting for {@code io.quicksilver.SlowResponder}, with its own
 * value.
 * <p>
 * JFR creates the control and calls {@link #setValue(String)} when recordings start or stop; the value is published
 * to a static so that {@link HotPathEvents#beginBatch()} can decide before reading any clock. Only one event type
 * uses this class, so one static value is exact; a subclass for another event overrides the value hooks.
 */
public class SampleEveryControl extends SettingControl
{
    /** Setting name, as written in a {@code .jfc} file. */
    public static final String NAME = "sampleEvery";

    /** Used when no recording sets a valid value. */
    public static final int DEFAULT_SAMPLE_EVERY = 1024;

    private static volatile int sampleEvery = DEFAULT_SAMPLE_EVERY;

    /**
     * Created by JFR when the event type is registered.
     */
    public SampleEveryControl()
    {
    }

    /**
     * The value JFR last resolved.
     *
     * @return N, at least 1.
     */
    public static int sampleEvery()
    {
        return sampleEvery;
    }

    /**
     * Several recordings: the smallest N, so that each gets at least the batches it asked for.
     *
     * @param settingValues values of the running recordings.
     * @return the smallest valid value, or the default when none is valid.
     */
    @Override
    public String combine(final Set<String> settingValues)
    {
        int min = Integer.MAX_VALUE;
        for (final String value : settingValues)
        {
            final int n = parse(value);
            if (n > 0 && n < min)
            {
                min = n;
            }
        }
        return Integer.toString(min == Integer.MAX_VALUE ? defaultSampleEvery() : min);
    }

    /**
     * Invalid values are ignored, as {@link SettingControl} requires.
     *
     * @param settingValue a positive integer.
     */
    @Override
    public void setValue(final String settingValue)
    {
        final int n = parse(settingValue);
        if (n > 0)
        {
            store(n);
        }
    }

    @Override
    public String getValue()
    {
        return Integer.toString(load());
    }

    /**
     * Publish a resolved value where the emitter reads it.
     *
     * @param n positive.
     */
    protected void store(final int n)
    {
        sampleEvery = n;
    }

    /**
     * @return the published value.
     */
    protected int load()
    {
        return sampleEvery;
    }

    /**
     * @return the value used when no recording sets a valid one.
     */
    protected int defaultSampleEvery()
    {
        return DEFAULT_SAMPLE_EVERY;
    }

    /**
     * Parse a setting value.
     *
     * @param value text, possibly null.
     * @return the positive integer, or -1 when it is not one.
     */
    static int parse(final String value)
    {
        if (value == null)
        {
            return -1;
        }
        try
        {
            final int n = Integer.parseInt(value.trim());
            return n > 0 ? n : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
