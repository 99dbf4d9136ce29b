package io.quicksilver.numa.pin;

import io.quicksilver.bindings.Errno;
import io.quicksilver.bindings.ErrnoCapture;
import io.quicksilver.bindings.LibC;
import io.quicksilver.bindings.libc.libc_h;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * Pins the calling thread to CPUs and reports where it may run ({@code sched_getaffinity}) and where it
 * is running ({@code sched_getcpu}), through libc alone: pinning works without libnuma.
 * <p>
 * Every method acts on the <em>calling</em> thread (pid 0 in the kernel's terms), so a worker pins
 * itself as its first action; there is no way to pin another Java thread, by design, because the
 * JVM does not expose native thread ids and a thread that pins itself cannot race its own start-up.
 * Virtual threads must not be pinned: the affinity would stick to whichever carrier runs them.
 * <p>
 * Masks are sized for the machine, not for 64 CPUs: at least glibc's {@code CPU_SETSIZE} (1024) bits,
 * more when {@code /sys/devices/system/cpu/possible} or the requested CPU ids need it.
 * <p>
 * Pinning and reading the affinity allocate (they are set-up calls); {@link #currentCpu()} does not,
 * and on its success path skips errno capture altogether (see {@link LibC#schedGetcpu()}).
 */
public final class ThreadPinning
{
    /**
     * Highest CPU id accepted: Linux's NR_CPUS tops out at 8192, so this only stops a typo from
     * allocating a huge mask.
     */
    public static final int MAX_CPU = 65_535;

    private static final Path POSSIBLE_CPUS = Path.of("/sys/devices/system/cpu/possible");

    private final LibC libc;
    private final int maskBits;

    private ThreadPinning(final LibC libc, final int maskBits)
    {
        this.libc = libc;
        this.maskBits = maskBits;
    }

    /**
     * Pinning through the process's C library.
     *
     * @return a pinning facade; check {@link #isAvailable()}.
     */
    public static ThreadPinning create()
    {
        return create(LibC.instance());
    }

    /**
     * Pinning through {@code libc}.
     *
     * @param libc the C library bindings to call.
     * @return a pinning facade; check {@link #isAvailable()}.
     */
    public static ThreadPinning create(final LibC libc)
    {
        Objects.requireNonNull(libc, "libc");
        return new ThreadPinning(libc, CpuMask.bitsFor(highestPossibleCpu()));
    }

    /**
     * Whether the C library has the affinity functions (Linux).
     *
     * @return true when pinning can work.
     */
    public boolean isAvailable()
    {
        return libc.isAvailable();
    }

    /**
     * Why pinning cannot work.
     *
     * @return the reason, or an empty string when {@link #isAvailable()}.
     */
    public String unavailableReason()
    {
        return libc.unavailableReason();
    }

    /**
     * The mask size used when no requested CPU needs more.
     *
     * @return bits in the default CPU mask, a multiple of 64 and at least 1024.
     */
    public int maskBits()
    {
        return maskBits;
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @param cpu the CPU id.
     * @throws IllegalArgumentException if {@code cpu} is negative or above {@link #MAX_CPU}.
     * @throws PinningException         if the kernel refuses (for example EINVAL for a CPU this
     *                                  machine or cgroup does not have).
     */
    public void pinCurrentThread(final int cpu)
    {
        final BitSet cpus = new BitSet();
        cpus.set(checkCpu(cpu));
        setAffinity(cpus);
    }

    /**
     * Pins the calling thread to a set of CPUs; the scheduler picks among them.
     *
     * @param cpus CPU ids, in any order.
     * @throws IllegalArgumentException if {@code cpus} is empty or holds an id out of range.
     * @throws PinningException         if the kernel refuses.
     */
    public void pinCurrentThread(final int[] cpus)
    {
        Objects.requireNonNull(cpus, "cpus");
        final BitSet set = new BitSet();
        for (final int cpu : cpus)
        {
            set.set(checkCpu(cpu));
        }
        setAffinity(set);
    }

    /**
     * Pins the calling thread to a set of CPUs; the scheduler picks among them.
     *
     * @param cpus the CPU ids as set bits.
     * @throws IllegalArgumentException if {@code cpus} is empty or holds an id above {@link #MAX_CPU}.
     * @throws PinningException         if the kernel refuses.
     */
    public void pinCurrentThread(final BitSet cpus)
    {
        Objects.requireNonNull(cpus, "cpus");
        if (!cpus.isEmpty())
        {
            checkCpu(cpus.length() - 1);
        }
        setAffinity((BitSet)cpus.clone());
    }

    /**
     * The CPUs the calling thread may run on.
     *
     * @return the affinity mask as set bits.
     * @throws PinningException if the kernel refuses.
     */
    public BitSet currentAffinity()
    {
        requireAvailable();
        // The kernel rejects a buffer smaller than its own CPU mask with EINVAL; grow until it fits.
        for (int bits = maskBits; ; bits *= 2)
        {
            try (Arena arena = Arena.ofConfined())
            {
                final ErrnoCapture capture = ErrnoCapture.allocate(arena);
                final MemorySegment mask = arena.allocate(CpuMask.byteSize(bits), Long.BYTES);
                if (0 == libc.schedGetaffinity(capture, 0, mask.byteSize(), mask))
                {
                    return CpuMask.read(mask);
                }
                final int errno = capture.errno();
                if (libc_h.EINVAL() != errno || bits > MAX_CPU)
                {
                    throw new PinningException(
                        "sched_getaffinity failed for maskBits=" + bits + ": " + Errno.describe(errno), errno, new int[0]);
                }
            }
        }
    }

    /**
     * The CPU the calling thread is running on now. Unless the thread is pinned to one CPU this can be
     * stale by the time it returns.
     *
     * @return the CPU id.
     * @throws PinningException if the kernel cannot say (ENOSYS on kernels before 2.6.19).
     */
    public int currentCpu()
    {
        requireAvailable();
        final int cpu = libc.schedGetcpu();
        if (cpu < 0)
        {
            // Only a kernel without getcpu fails, and on every call: ask again, capturing errno.
            final ErrnoCapture capture = ErrnoCapture.perThread();
            final int again = libc.schedGetcpu(capture);
            if (again >= 0)
            {
                return again;
            }
            final int errno = capture.errno();
            throw new PinningException("sched_getcpu failed: " + Errno.describe(errno), errno, new int[0]);
        }
        return cpu;
    }

    private void setAffinity(final BitSet cpus)
    {
        if (cpus.isEmpty())
        {
            throw new IllegalArgumentException("cpus must not be empty: cpus=[]");
        }
        requireAvailable();
        final int bits = Math.max(maskBits, CpuMask.bitsFor(cpus.length() - 1));
        try (Arena arena = Arena.ofConfined())
        {
            final ErrnoCapture capture = ErrnoCapture.allocate(arena);
            final MemorySegment mask = CpuMask.write(arena, cpus, bits);
            if (0 != libc.schedSetaffinity(capture, 0, mask.byteSize(), mask))
            {
                final int errno = capture.errno();
                final int[] ids = cpus.stream().toArray();
                throw new PinningException(
                    "sched_setaffinity failed for cpus=" + Arrays.toString(ids) + ": " + Errno.describe(errno), errno, ids);
            }
        }
    }

    private void requireAvailable()
    {
        if (!libc.isAvailable())
        {
            throw new UnsupportedOperationException("thread pinning is unavailable: " + libc.unavailableReason());
        }
    }

    private static int checkCpu(final int cpu)
    {
        if (cpu < 0 || cpu > MAX_CPU)
        {
            throw new IllegalArgumentException("cpu must be in 0.." + MAX_CPU + ": cpu=" + cpu);
        }
        return cpu;
    }

    /**
     * Highest id in {@code /sys/devices/system/cpu/possible} ({@code 0-63}: the last number is the
     * highest), or 0 where sysfs is not mounted; the mask never shrinks below 1024 bits anyway.
     */
    private static int highestPossibleCpu()
    {
        try
        {
            final String list = Files.readString(POSSIBLE_CPUS).trim();
            final int separator = Math.max(list.lastIndexOf('-'), list.lastIndexOf(','));
            return Math.min(MAX_CPU, Integer.parseInt(list.substring(separator + 1)));
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }
}
