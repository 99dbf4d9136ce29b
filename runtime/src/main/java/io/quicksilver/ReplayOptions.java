package io.quicksilver;

import java.time.Instant;

/**
 * What {@link Quicksilver#replay(java.nio.file.Path, ReplayOptions)} replays and how fast: a range of journal
 * sequences, a range of append times, at recorded pace or as fast as the runtime takes them.
 *
 * @param fromSequence     first journal sequence replayed (inclusive).
 * @param toSequence       last journal sequence replayed (inclusive).
 * @param fromTimeMillis   messages appended before this (epoch milliseconds) are passed over.
 * @param toTimeMillis     messages appended after this (epoch milliseconds) are passed over.
 * @param recordedPace     true: each message is published no sooner after the first than its document was
 *                         appended after the first one's; false (default): as fast as possible.
 */
public record ReplayOptions(
    long fromSequence, long toSequence, long fromTimeMillis, long toTimeMillis, boolean recordedPace)
{
    /**
     * Checks the ranges.
     */
    public ReplayOptions
    {
        if (fromSequence < 0 || toSequence < fromSequence)
        {
            throw new IllegalArgumentException("replay sequences must satisfy 0 <= from <= to: from=" + fromSequence +
                ", to=" + toSequence);
        }
        if (toTimeMillis < fromTimeMillis)
        {
            throw new IllegalArgumentException("replay times must satisfy from <= to: from=" +
                Instant.ofEpochMilli(fromTimeMillis) + ", to=" + Instant.ofEpochMilli(toTimeMillis));
        }
    }

    /**
     * @return the whole journal, as fast as possible.
     */
    public static ReplayOptions all()
    {
        return new ReplayOptions(0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    /**
     * @param sequence first journal sequence replayed.
     * @return a copy starting there.
     */
    public ReplayOptions from(final long sequence)
    {
        return new ReplayOptions(sequence, toSequence, fromTimeMillis, toTimeMillis, recordedPace);
    }

    /**
     * @param sequence last journal sequence replayed.
     * @return a copy ending there.
     */
    public ReplayOptions to(final long sequence)
    {
        return new ReplayOptions(fromSequence, sequence, fromTimeMillis, toTimeMillis, recordedPace);
    }

    /**
     * @param time messages appended before it are passed over.
     * @return a copy starting at that time.
     */
    public ReplayOptions fromTime(final Instant time)
    {
        return new ReplayOptions(fromSequence, toSequence, time.toEpochMilli(), toTimeMillis, recordedPace);
    }

    /**
     * @param time messages appended after it are passed over.
     * @return a copy ending at that time.
     */
    public ReplayOptions toTime(final Instant time)
    {
        return new ReplayOptions(fromSequence, toSequence, fromTimeMillis, time.toEpochMilli(), recordedPace);
    }

    /**
     * @param recordedPace true to replay at the pace the journal was appended at.
     * @return a copy with that pace.
     */
    public ReplayOptions recordedPace(final boolean recordedPace)
    {
        return new ReplayOptions(fromSequence, toSequence, fromTimeMillis, toTimeMillis, recordedPace);
    }
}
