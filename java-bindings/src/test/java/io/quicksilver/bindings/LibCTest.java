package io.quicksilver.bindings;

import io.quicksilver.bindings.libc.libc_h;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibCTest
{
    private static final long MASK_BYTES = libc_h.CPU_SETSIZE() / 8;

    private final LibC libc = LibC.instance();

    @Test
    void shouldBeAvailableOnLinux()
    {
        assertTrue(libc.isAvailable(), libc.unavailableReason());
        assertEquals("", libc.unavailableReason());
        assertTrue(libc.hasErrnoText());
    }

    @Test
    void shouldReportACpuThisThreadMayRunOn()
    {
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final int cpu = libc.schedGetcpu(capture);
        assertTrue(cpu >= 0 && cpu < Sysfs.configuredCpus().length(), "cpu=" + cpu);
        final int uncaptured = libc.schedGetcpu();
        assertTrue(Sysfs.threadAllowedCpus().get(uncaptured), "cpu=" + uncaptured);
        // The thread may migrate between the two reads, but only within its allowed set.
        assertTrue(Sysfs.threadAllowedCpus().get(cpu), "cpu=" + cpu + " allowed=" + Sysfs.threadAllowedCpus());
    }

    @Test
    void shouldReadThisThreadsAffinity()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final ErrnoCapture capture = ErrnoCapture.allocate(arena);
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            assertEquals(0, libc.schedGetaffinity(capture, 0, MASK_BYTES, mask), capture::describe);
            assertEquals(Sysfs.threadAllowedCpus(), BitSet.valueOf(mask.toArray(JAVA_LONG)));
        }
    }

    @Test
    void shouldCaptureEinvalForAnEmptyMask()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final ErrnoCapture capture = ErrnoCapture.allocate(arena);
            final MemorySegment empty = arena.allocate(MASK_BYTES, 8);
            assertEquals(-1, libc.schedSetaffinity(capture, 0, MASK_BYTES, empty));
            assertEquals(libc_h.EINVAL(), capture.errno());
        }
    }

    @Test
    @Timeout(10)
    void shouldPinAFreshThreadToOneAllowedCpu() throws InterruptedException
    {
        final int target = Sysfs.threadAllowedCpus().previousSetBit(Integer.MAX_VALUE);
        final AtomicReference<String> failure = new AtomicReference<>();
        final int[] seen = new int[2];
        final Thread thread = Thread.ofPlatform().start(() ->
        {
            try (Arena arena = Arena.ofConfined())
            {
                final ErrnoCapture capture = ErrnoCapture.allocate(arena);
                final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
                mask.setAtIndex(JAVA_LONG, target / 64, 1L << (target % 64));
                seen[0] = libc.schedSetaffinity(capture, 0, MASK_BYTES, mask);
                seen[1] = libc.schedGetcpu(capture);
            }
            catch (final RuntimeException | Error ex)
            {
                failure.set(ex.toString());
            }
        });
        thread.join();
        assertEquals(null, failure.get());
        assertEquals(0, seen[0]);
        assertEquals(target, seen[1]);
    }

    @Test
    void shouldNameErrnoValues()
    {
        assertEquals("EINVAL (Invalid argument)", Errno.describe(libc_h.EINVAL()));
        assertEquals("ENOENT", Errno.name(libc_h.ENOENT()));
        assertEquals("Operation not permitted", Errno.description(libc_h.EPERM()));
        assertEquals("errno 100000 (unknown error)", Errno.describe(100_000));
    }

    @Test
    void shouldReportAPowerOfTwoPageSize()
    {
        final int pageSize = libc.pageSize();
        assertTrue(pageSize >= 4096 && Integer.bitCount(pageSize) == 1, "pageSize=" + pageSize);
    }

    @Test
    void shouldFindTheFileASymbolWasLoadedFrom()
    {
        final Optional<String> file = libc.fileOf(libc_h.sched_getcpu$address());
        assertTrue(file.orElseThrow().contains("libc"), file.orElseThrow());
        assertTrue(libc.fileOf(MemorySegment.ofAddress(8)).isEmpty());
    }

    @Test
    void shouldBeUnavailableWhenTheAffinityFunctionsAreMissing()
    {
        final LibC none = LibC.probe(name -> Optional.empty());
        assertFalse(none.isAvailable());
        assertEquals("the C library has no sched_setaffinity, sched_getaffinity, sched_getcpu, getpagesize " +
            "(Quicksilver pins threads only on Linux)", none.unavailableReason());
        assertFalse(none.hasErrnoText());
        final IllegalStateException thrown = assertThrows(
            IllegalStateException.class, () -> none.schedGetcpu(ErrnoCapture.perThread()));
        assertNotEquals(-1, thrown.getMessage().indexOf(none.unavailableReason()));
        assertThrows(IllegalStateException.class, none::schedGetcpu);
    }
}
