package io.quicksilver.runtime.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class SequenceLhsPadding
{
    // Two cache lines before the value: the adjacent-line prefetcher pulls lines in pairs, so one line of padding
    // is not enough to keep a neighbour's writes from invalidating ours.
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

abstract class SequenceValue extends SequenceLhsPadding
{
    /** Accessed only through {@link Sequence#VALUE_VH}, in the mode each method names. */
    long value;
}

/**
 * A long alone on its own pair of cache lines, with accessors named for their memory ordering (Agrona's names).
 * <p>
 * Padding by inheritance, as the Disruptor does: HotSpot lays out a superclass's fields before a subclass's, so the
 * value sits between 128 bytes of {@code SequenceLhsPadding} and 128 bytes of padding here, whatever the JVM does
 * with field order inside one class. Pairs that belong together: {@link #setRelease(long)} with
 * {@link #getAcquire()} (publication: everything stored before the release is visible after the acquire);
 * {@link #getPlain()} and {@link #setPlain(long)} only from the single thread that owns the value;
 * {@link #compareAndSet(long, long)} and {@link #getAndAdd(long)} are volatile read-modify-writes.
 */
public final class Sequence extends SequenceValue
{
    static final VarHandle VALUE_VH;

    static
    {
        try
        {
            VALUE_VH = MethodHandles.lookup().findVarHandle(SequenceValue.class, "value", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    byte p128, p129, p130, p131, p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143;
    byte p144, p145, p146, p147, p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159;
    byte p160, p161, p162, p163, p164, p165, p166, p167, p168, p169, p170, p171, p172, p173, p174, p175;
    byte p176, p177, p178, p179, p180, p181, p182, p183, p184, p185, p186, p187, p188, p189, p190, p191;
    byte p192, p193, p194, p195, p196, p197, p198, p199, p200, p201, p202, p203, p204, p205, p206, p207;
    byte p208, p209, p210, p211, p212, p213, p214, p215, p216, p217, p218, p219, p220, p221, p222, p223;
    byte p224, p225, p226, p227, p228, p229, p230, p231, p232, p233, p234, p235, p236, p237, p238, p239;
    byte p240, p241, p242, p243, p244, p245, p246, p247, p248, p249, p250, p251, p252, p253, p254, p255;

    /**
     * A sequence with an initial value, published safely to whoever receives the reference.
     *
     * @param initialValue of the sequence.
     */
    public Sequence(final long initialValue)
    {
        VALUE_VH.setRelease(this, initialValue);
    }

    /**
     * Plain read: only for the thread that is the sole writer.
     *
     * @return the value.
     */
    public long getPlain()
    {
        return value;
    }

    /**
     * Plain write: only for the sole writer, when nothing needs to be ordered after it.
     *
     * @param value to store.
     */
    public void setPlain(final long value)
    {
        this.value = value;
    }

    /**
     * Opaque read: never cached in a register, no ordering; enough for monitoring.
     *
     * @return the value.
     */
    public long getOpaque()
    {
        return (long)VALUE_VH.getOpaque(this);
    }

    /**
     * Acquire read: loads and stores after it are not reordered before it. Pairs with {@link #setRelease(long)}.
     *
     * @return the value.
     */
    public long getAcquire()
    {
        return (long)VALUE_VH.getAcquire(this);
    }

    /**
     * Release write: loads and stores before it are not reordered after it. A plain {@code mov} on x86; pairs with
     * {@link #getAcquire()}.
     *
     * @param value to store.
     */
    public void setRelease(final long value)
    {
        VALUE_VH.setRelease(this, value);
    }

    /**
     * Volatile read: sequentially consistent with every other volatile access.
     *
     * @return the value.
     */
    public long getVolatile()
    {
        return (long)VALUE_VH.getVolatile(this);
    }

    /**
     * Volatile write (a full fence after the store on x86): rarely needed, a release is enough to publish.
     *
     * @param value to store.
     */
    public void setVolatile(final long value)
    {
        VALUE_VH.setVolatile(this, value);
    }

    /**
     * Atomic compare and set, volatile semantics.
     *
     * @param expectedValue the value must have.
     * @param newValue      to store if it has.
     * @return true if the value was {@code expectedValue} and is now {@code newValue}.
     */
    public boolean compareAndSet(final long expectedValue, final long newValue)
    {
        return VALUE_VH.compareAndSet(this, expectedValue, newValue);
    }

    /**
     * Atomic add, volatile semantics ({@code lock xadd} on x86).
     *
     * @param delta to add.
     * @return the value before the add.
     */
    public long getAndAdd(final long delta)
    {
        return (long)VALUE_VH.getAndAdd(this, delta);
    }

    @Override
    public String toString()
    {
        return Long.toString(getVolatile());
    }
}
