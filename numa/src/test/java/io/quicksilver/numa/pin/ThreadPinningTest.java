package io.quicksilver.numa.pin;

import io.quicksilver.bindings.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadPinningTest
{
    private static final int SAMPLES = 1_000;

    private final ThreadPinning pinning = ThreadPinning.create();

    static IntStream allowedCpus()
    {
        return ThreadPinning.create().currentAffinity().stream();
    }

    @ParameterizedTest(name = "cpu {0}")
    @MethodSource("allowedCpus")
    @Timeout(30)
    void shouldReportThePinnedCpuOnEverySample(final int cpu) throws InterruptedException
    {
        final List<Integer> elsewhere = OnFreshThread.call(() ->
        {
            pinning.pinCurrentThread(cpu);
            final List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++)
            {
                final int current = pinning.currentCpu();
                if (current != cpu)
                {
                    seen.add(current);
                }
            }
            return seen;
        });
        assertEquals(List.of(), elsewhere, "samples not on cpu " + cpu);
    }

    @ParameterizedTest(name = "cpu {0}")
    @MethodSource("allowedCpus")
    @Timeout(30)
    void shouldReadBackASingleCpuAffinity(final int cpu) throws InterruptedException
    {
        final BitSet expected = new BitSet();
        expected.set(cpu);
        assertEquals(expected, OnFreshThread.call(() ->
        {
            pinning.pinCurrentThread(cpu);
            return pinning.currentAffinity();
        }));
    }

    @Test
    @Timeout(30)
    void shouldPinToACpuSetGivenAsBitSetOrArray() throws InterruptedException
    {
        final BitSet allowed = pinning.currentAffinity();
        assertEquals(allowed, OnFreshThread.call(() ->
        {
            pinning.pinCurrentThread(allowed);
            return pinning.currentAffinity();
        }));
        assertEquals(allowed, OnFreshThread.call(() ->
        {
            pinning.pinCurrentThread(allowed.stream().toArray());
            return pinning.currentAffinity();
        }));
    }

    @Test
    @Timeout(30)
    void shouldHandleCpuIdsBeyondSixtyFour() throws InterruptedException
    {
        // Bit 1000 lives in word 15 of the mask: if it were dropped or misplaced the kernel would see
        // a different set. It does not exist here, so only the real CPU remains.
        final int real = pinning.currentAffinity().nextSetBit(0);
        final BitSet expected = new BitSet();
        expected.set(real);
        assertEquals(expected, OnFreshThread.call(() ->
        {
            pinning.pinCurrentThread(new int[]{ real, 1000 });
            return pinning.currentAffinity();
        }));
    }

    @Test
    @Timeout(30)
    void shouldReportTheKernelsRefusalWithErrnoAndKeepTheOldAffinity() throws InterruptedException
    {
        // Beyond every possible CPU (the mask is sized past them), so no cpuset can allow it.
        final int absent = pinning.maskBits() + 5;
        final BitSet before = pinning.currentAffinity();
        final PinningException thrown = OnFreshThread.call(() ->
        {
            final BitSet original = pinning.currentAffinity();
            final PinningException refused = assertThrows(PinningException.class, () -> pinning.pinCurrentThread(absent));
            assertEquals(original, pinning.currentAffinity());
            return refused;
        });
        assertEquals("sched_setaffinity failed for cpus=[" + absent + "]: EINVAL (Invalid argument)", thrown.getMessage());
        assertEquals(22, thrown.errno());
        assertArrayEquals(new int[]{ absent }, thrown.cpus());
        assertEquals(before, pinning.currentAffinity());
    }

    @Test
    void shouldRejectCpusOutOfRangeBeforeAskingTheKernel()
    {
        assertEquals("cpu must be in 0..65535: cpu=-1",
            assertThrows(IllegalArgumentException.class, () -> pinning.pinCurrentThread(-1)).getMessage());
        assertEquals("cpu must be in 0..65535: cpu=65536",
            assertThrows(IllegalArgumentException.class, () -> pinning.pinCurrentThread(new int[]{ 0, 65_536 })).getMessage());
        final BitSet tooHigh = new BitSet();
        tooHigh.set(70_000);
        assertEquals("cpu must be in 0..65535: cpu=70000",
            assertThrows(IllegalArgumentException.class, () -> pinning.pinCurrentThread(tooHigh)).getMessage());
    }

    @Test
    void shouldRejectAnEmptyCpuSet()
    {
        assertEquals("cpus must not be empty: cpus=[]",
            assertThrows(IllegalArgumentException.class, () -> pinning.pinCurrentThread(new BitSet())).getMessage());
        assertEquals("cpus must not be empty: cpus=[]",
            assertThrows(IllegalArgumentException.class, () -> pinning.pinCurrentThread(new int[0])).getMessage());
    }

    @Test
    void shouldSizeTheMaskForThisMachine()
    {
        final int bits = pinning.maskBits();
        assertTrue(bits >= 1024 && bits % 64 == 0, "maskBits=" + bits);
        assertTrue(bits > pinning.currentAffinity().length(), "maskBits=" + bits);
    }

    @Test
    void shouldReportCurrentCpuWithinTheAffinity()
    {
        final int cpu = pinning.currentCpu();
        assertTrue(pinning.currentAffinity().get(cpu), "cpu=" + cpu);
    }

    @Test
    void shouldBeUnavailableWithoutTheAffinityFunctions()
    {
        final ThreadPinning none = ThreadPinning.create(LibC.probe(name -> Optional.empty()));
        assertFalse(none.isAvailable());
        assertTrue(none.unavailableReason().startsWith("the C library has no sched_setaffinity"), none.unavailableReason());
        final UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class, () -> none.pinCurrentThread(0));
        assertEquals("thread pinning is unavailable: " + none.unavailableReason(), thrown.getMessage());
        assertThrows(UnsupportedOperationException.class, none::currentCpu);
        assertThrows(UnsupportedOperationException.class, none::currentAffinity);
    }
}
