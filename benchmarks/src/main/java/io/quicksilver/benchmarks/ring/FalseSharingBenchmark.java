package io.quicksilver.benchmarks.ring;

import io.quicksilver.runtime.ring.Sequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jol.info.ClassLayout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * False sharing proven absent: two threads, each the only writer of its own counter, with the counters padded
 * (two Quicksilver {@link Sequence}s) and unpadded (two adjacent longs of one object).
 * <pre>
 *   unpadded:  thread 0 --> pair.first  --+
 *                                         +-- one 64-byte line: each write takes it away from the other core
 *              thread 1 --> pair.second --+
 *
 *   padded:    thread 0 --> first.value   (a Sequence: its own pair of lines)
 *              thread 1 --> second.value  (a Sequence: its own pair of lines)
 * </pre>
 * Both variants do the same work per operation: a plain load and a release store (a plain {@code mov} on x86) of a
 * long that no other thread writes. Any difference is the cost of sharing a cache line. Scores are per thread, in
 * operations per microsecond.
 * <p>
 * The unpadded counters sit 8 bytes apart in one line. In the padded variant each {@code value} has 144 bytes of
 * its own object (header and padding) before it and 128 after, so no other object's field comes within two cache
 * lines of it (the adjacent-line prefetcher moves lines in pairs). HotSpot packs the first four bytes of the
 * subclass's padding into the gap before the superclass's 8-byte-aligned long, which JOL shows and which changes
 * nothing.
 * <p>
 * Layouts, from JOL ({@code org.openjdk.jol:jol-core}) on Temurin 25.0.3, x86-64, compressed class pointers; print
 * them again with {@code java -cp benchmarks/target/quicksilver-benchmarks.jar
 * io.quicksilver.benchmarks.ring.FalseSharingBenchmark}:
 * <pre>
 * io.quicksilver.benchmarks.ring.FalseSharingBenchmark$UnpaddedPair object internals:
 * OFF  SZ   TYPE DESCRIPTION               VALUE
 *   0   8        (object header: mark)     N/A
 *   8   4        (object header: class)    N/A
 *  12   4        (alignment/padding gap)
 *  16   8   long UnpaddedPair.first        N/A
 *  24   8   long UnpaddedPair.second       N/A
 * Instance size: 32 bytes
 *
 * io.quicksilver.runtime.ring.Sequence object internals:
 * OFF  SZ   TYPE DESCRIPTION               VALUE
 *   0   8        (object header: mark)     N/A
 *   8   4        (object header: class)    N/A
 *  12   1   byte SequenceLhsPadding.p000   N/A
 *  ...           (p001 to p126, one byte each at offsets 13 to 138)
 * 139   1   byte SequenceLhsPadding.p127   N/A
 * 140   1   byte Sequence.p128             N/A
 * 141   1   byte Sequence.p129             N/A
 * 142   1   byte Sequence.p130             N/A
 * 143   1   byte Sequence.p131             N/A
 * 144   8   long SequenceValue.value       N/A
 * 152   1   byte Sequence.p132             N/A
 *  ...           (p133 to p254, one byte each at offsets 153 to 274)
 * 275   1   byte Sequence.p255             N/A
 * 276   4        (object alignment gap)
 * Instance size: 280 bytes
 * </pre>
 * Run: {@code java -jar benchmarks/target/quicksilver-benchmarks.jar FalseSharing -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FalseSharingBenchmark
{
    /** Two counters side by side: sixteen bytes apart, in one cache line. */
    public static final class UnpaddedPair
    {
        static final VarHandle FIRST_VH;
        static final VarHandle SECOND_VH;

        static
        {
            try
            {
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                FIRST_VH = lookup.findVarHandle(UnpaddedPair.class, "first", long.class);
                SECOND_VH = lookup.findVarHandle(UnpaddedPair.class, "second", long.class);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new ExceptionInInitializerError(ex);
            }
        }

        long first;
        long second;
    }

    @State(Scope.Group)
    public static class Unpadded
    {
        final UnpaddedPair pair = new UnpaddedPair();
    }

    @State(Scope.Group)
    public static class Padded
    {
        final Sequence first = new Sequence(0);
        final Sequence second = new Sequence(0);
    }

    @Benchmark
    @Group("unpadded")
    @GroupThreads(1)
    public void unpaddedFirst(final Unpadded state)
    {
        final UnpaddedPair pair = state.pair;
        UnpaddedPair.FIRST_VH.setRelease(pair, pair.first + 1);
    }

    @Benchmark
    @Group("unpadded")
    @GroupThreads(1)
    public void unpaddedSecond(final Unpadded state)
    {
        final UnpaddedPair pair = state.pair;
        UnpaddedPair.SECOND_VH.setRelease(pair, pair.second + 1);
    }

    @Benchmark
    @Group("padded")
    @GroupThreads(1)
    public void paddedFirst(final Padded state)
    {
        final Sequence first = state.first;
        first.setRelease(first.getPlain() + 1);
    }

    @Benchmark
    @Group("padded")
    @GroupThreads(1)
    public void paddedSecond(final Padded state)
    {
        final Sequence second = state.second;
        second.setRelease(second.getPlain() + 1);
    }

    /**
     * Print the object layouts quoted above.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        System.out.println(ClassLayout.parseClass(UnpaddedPair.class).toPrintable());
        System.out.println(ClassLayout.parseClass(Sequence.class).toPrintable());
    }
}
