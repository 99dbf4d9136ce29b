package io.quicksilver.runtime.ring;

import io.quicksilver.runtime.message.CheckedMode;
import io.quicksilver.runtime.message.MessageView;

abstract class RingConsumerLhsPadding
{
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

abstract class RingConsumerFields extends RingConsumerLhsPadding
{
    /** Highest sequence known to be published, as last read; written and read by the consumer thread only. */
    long cachedAvailable = -1;
    /** The gate's sequence as last read (see {@link RingConsumer#gateOn}); consumer thread only. */
    long cachedGate = -1;
}

/**
 * One gating consumer of a {@link MessageRing}: sees every message, in sequence order, on one thread at a time.
 * <p>
 * Its sequence (the last message it is done with) is what producers gate on: {@link #release(long)} is a release
 * store, after which the producer may overwrite every slot up to it. Between {@link #peekAvailable(int)} and
 * {@link #release(long)} the consumer reads slots in place through {@link #view(long)}; {@link #poll} does all three.
 * <p>
 * Each consumer owns one {@link MessageView} per slot, made at construction, so a poll allocates nothing and each
 * view's read-only payload segment is made once. In {@link CheckedMode} a view is released after its handler call
 * and on every {@link #release(long)}, so a view kept past its call throws instead of reading a later message.
 * <p>
 * The mutable state is padded by inheritance so two consumers polling on two cores never share a written line.
 */
public final class RingConsumer extends RingConsumerFields
{
    private final MessageRing ring;
    private final int index;
    private final long mask;
    private final Sequence sequence = new Sequence(-1);
    private final MessageView[] views;
    /** Another consumer of the same ring this one never reads past, or null (see {@link #gateOn}). */
    private RingConsumer gate;

    byte p128, p129, p130, p131, p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143;
    byte p144, p145, p146, p147, p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159;
    byte p160, p161, p162, p163, p164, p165, p166, p167, p168, p169, p170, p171, p172, p173, p174, p175;
    byte p176, p177, p178, p179, p180, p181, p182, p183, p184, p185, p186, p187, p188, p189, p190, p191;
    byte p192, p193, p194, p195, p196, p197, p198, p199, p200, p201, p202, p203, p204, p205, p206, p207;
    byte p208, p209, p210, p211, p212, p213, p214, p215, p216, p217, p218, p219, p220, p221, p222, p223;
    byte p224, p225, p226, p227, p228, p229, p230, p231, p232, p233, p234, p235, p236, p237, p238, p239;
    byte p240, p241, p242, p243, p244, p245, p246, p247, p248, p249, p250, p251, p252, p253, p254, p255;

    RingConsumer(final MessageRing ring, final int index)
    {
        this.ring = ring;
        this.index = index;
        this.mask = ring.capacity() - 1L;
        this.views = new MessageView[ring.capacity()];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = new MessageView(ring, i);
        }
    }

    /**
     * Position a consumer no thread has used yet: it counts every message up to {@code sequence} as done with.
     */
    void startAfter(final long sequence)
    {
        cachedAvailable = sequence;
        this.sequence.setRelease(sequence);
    }

    /**
     * Never read past {@code upstream}: from now on {@link #peekAvailable(int)} returns nothing beyond the last
     * sequence {@code upstream} has released, the Disruptor's dependent sequence (a journaller that must append a
     * message before any worker delivers it). Set before this consumer's thread starts polling; a consumer put in
     * this one's place by {@link MessageRing#replaceConsumer} keeps the gate.
     *
     * @param upstream a consumer of the same ring, or null for none.
     */
    public void gateOn(final RingConsumer upstream)
    {
        if (upstream == this || upstream != null && upstream.ring != ring)
        {
            throw new IllegalArgumentException("a consumer can only gate on another consumer of its ring: " + upstream);
        }
        this.gate = upstream;
        this.cachedGate = upstream == null ? -1 : upstream.lvSequence();
    }

    /**
     * @return the consumer this one never reads past, or null.
     */
    public RingConsumer gate()
    {
        return gate;
    }

    /**
     * Index of this consumer in its ring.
     *
     * @return consumer index.
     */
    public int index()
    {
        return index;
    }

    /**
     * The ring this consumer reads.
     *
     * @return the ring.
     */
    public MessageRing ring()
    {
        return ring;
    }

    /**
     * Last sequence this consumer released, read with acquire (any thread).
     *
     * @return consumer sequence, -1 before the first release.
     */
    public long lvSequence()
    {
        return sequence.getAcquire();
    }

    /**
     * Next sequence this consumer will read (consumer thread only).
     *
     * @return one past the last released sequence.
     */
    public long nextSequence()
    {
        return sequence.getPlain() + 1;
    }

    /**
     * Highest sequence this consumer may read now, looking at most {@code limit} messages ahead. Every message from
     * {@link #nextSequence()} to the result is published and safe to read through {@link #view(long)}.
     *
     * @param limit most messages to look ahead, positive.
     * @return highest readable sequence, or {@code nextSequence() - 1} when nothing is published yet.
     */
    public long peekAvailable(final int limit)
    {
        if (limit <= 0)
        {
            throw new IllegalArgumentException("limit must be positive: limit=" + limit);
        }
        final long next = sequence.getPlain() + 1;
        final long limitSequence = next + limit - 1;
        long available = cachedAvailable;
        if (available < next)
        {
            available = ring.lvHighestPublished(next, limitSequence);
            cachedAvailable = available;
        }
        final RingConsumer gate = this.gate;
        if (gate != null)
        {
            // Acquire: the gate released a slot only after its own reads of it; this consumer reads after that.
            long gated = cachedGate;
            if (gated < next)
            {
                gated = gate.lvSequence();
                cachedGate = gated;
            }
            available = Math.min(available, gated);
        }
        return Math.min(available, limitSequence);
    }

    /**
     * View bound to a message between {@link #nextSequence()} and the last {@link #peekAvailable(int)}.
     *
     * @param sequence of the message.
     * @return the slot's view, bound to it; valid until this consumer releases the sequence.
     */
    public MessageView view(final long sequence)
    {
        if (CheckedMode.ENABLED)
        {
            checkReadable(sequence);
        }
        return bound(sequence);
    }

    /**
     * The slot's view bound to {@code sequence}: with checks on, a view of its own for each message (see
     * {@link MessageView#forNextMessage()}), the same one for repeated calls on the same message.
     */
    private MessageView bound(final long sequence)
    {
        final int index = (int)(sequence & mask);
        final MessageView view = views[index];
        if (CheckedMode.ENABLED)
        {
            if (view.isBoundTo(sequence))
            {
                return view;
            }
            final MessageView fresh = view.forNextMessage();
            views[index] = fresh;
            return fresh.bind(sequence);
        }
        return view.bind(sequence);
    }

    /**
     * Done with every message up to and including {@code sequence}: producers may now reuse those slots (once the
     * other consumers are done too). One release store.
     *
     * @param sequence last message handled, between {@code nextSequence() - 1} and the last peek.
     */
    public void release(final long sequence)
    {
        final long current = this.sequence.getPlain();
        if (CheckedMode.ENABLED)
        {
            if (sequence < current || sequence > cachedAvailable)
            {
                throw new IllegalStateException("release outside what was read: sequence=" + sequence +
                    ", lastReleased=" + current + ", available=" + cachedAvailable + ", consumer=" + index);
            }
            for (long s = current + 1; s <= sequence; s++)
            {
                views[(int)(s & mask)].release();
            }
        }
        this.sequence.setRelease(sequence);
    }

    /**
     * Hand up to {@code limit} published messages to a handler, in order, then release them with one store.
     * <p>
     * If the handler throws, the message it threw on counts as consumed (so a poison message cannot wedge the
     * ring): everything up to it is released and the exception propagates.
     *
     * @param handler called once per message with a view valid for the call.
     * @param limit   most messages to handle, positive.
     * @return number of messages handled.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        final long current = sequence.getPlain();
        final long available = peekAvailable(limit);
        if (available <= current)
        {
            return 0;
        }

        final MessageView[] views = this.views;
        final long mask = this.mask;
        long next = current + 1;
        try
        {
            while (next <= available)
            {
                final MessageView view = bound(next);
                handler.onMessage(view);
                if (CheckedMode.ENABLED)
                {
                    view.release();
                }
                next++;
            }
        }
        finally
        {
            release(Math.min(next, available));
        }
        return (int)(available - current);
    }

    private void checkReadable(final long sequence)
    {
        final long next = this.sequence.getPlain() + 1;
        if (sequence < next || sequence > cachedAvailable)
        {
            throw new IllegalStateException("view of a sequence not readable now: sequence=" + sequence +
                ", nextSequence=" + next + ", available=" + cachedAvailable + ", consumer=" + index);
        }
    }

    @Override
    public String toString()
    {
        return "RingConsumer{index=" + index + ", sequence=" + lvSequence() + '}';
    }
}
