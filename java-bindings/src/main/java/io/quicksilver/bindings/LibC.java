package io.quicksilver.bindings;

import io.quicksilver.bindings.libc.Dl_info;
import io.quicksilver.bindings.libc.libc_h;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The libc functions Quicksilver needs (CPU affinity, current CPU, page size, errno text, dladdr),
 * through the generated {@link libc_h}, with errno captured on every call that sets it.
 * <p>
 * libc is the C library the JVM itself runs on, so on Linux this is always available; on a platform
 * without {@code sched_setaffinity} (macOS, for instance) {@link #isAvailable()} is false and
 * {@link #unavailableReason()} names the missing functions. Nothing here throws while probing.
 */
public final class LibC
{
    /**
     * Functions without which thread pinning cannot work.
     */
    static final List<String> REQUIRED_FUNCTIONS =
        List.of("sched_setaffinity", "sched_getaffinity", "sched_getcpu", "getpagesize");

    private static final class Holder
    {
        static final LibC INSTANCE = NativeAccess.isEnabled() ? probe(Linker.nativeLinker().defaultLookup()) :
            new LibC(NativeAccess.disabledReason(), false, false, null, null, null);
    }

    private final String unavailableReason;
    private final boolean errnoText;
    private final boolean dladdr;
    private final MethodHandle schedSetaffinity;
    private final MethodHandle schedGetaffinity;
    private final MethodHandle schedGetcpu;

    private LibC(
        final String unavailableReason,
        final boolean errnoText,
        final boolean dladdr,
        final MethodHandle schedSetaffinity,
        final MethodHandle schedGetaffinity,
        final MethodHandle schedGetcpu)
    {
        this.unavailableReason = unavailableReason;
        this.errnoText = errnoText;
        this.dladdr = dladdr;
        this.schedSetaffinity = schedSetaffinity;
        this.schedGetaffinity = schedGetaffinity;
        this.schedGetcpu = schedGetcpu;
    }

    /**
     * The process's C library, probed once.
     *
     * @return the shared instance.
     */
    public static LibC instance()
    {
        return Holder.INSTANCE;
    }

    /**
     * Probes {@code lookup} for the required functions. {@link #instance()} probes the JVM's default
     * lookup; this overload exists so tests (and capability reports) can model a C library that lacks
     * them. Calls still go through the generated {@link libc_h}, which resolves through its own lookup.
     *
     * @param lookup where to look for the required functions.
     * @return an instance that is either available or says which functions are missing.
     */
    public static LibC probe(final SymbolLookup lookup)
    {
        Objects.requireNonNull(lookup, "lookup");
        final List<String> missing = new ArrayList<>();
        for (final String function : REQUIRED_FUNCTIONS)
        {
            if (lookup.find(function).isEmpty())
            {
                missing.add(function);
            }
        }
        final boolean errnoText = lookup.find("strerrorname_np").isPresent() &&
            lookup.find("strerrordesc_np").isPresent();
        final boolean dladdr = lookup.find("dladdr").isPresent();
        if (!missing.isEmpty())
        {
            return new LibC(
                "the C library has no " + String.join(", ", missing) + " (Quicksilver pins threads only on Linux)",
                errnoText, dladdr, null, null, null);
        }
        return new LibC(
            null,
            errnoText,
            dladdr,
            Downcalls.capturingErrno(libc_h.sched_setaffinity$address(), libc_h.sched_setaffinity$descriptor()),
            Downcalls.capturingErrno(libc_h.sched_getaffinity$address(), libc_h.sched_getaffinity$descriptor()),
            Downcalls.capturingErrno(libc_h.sched_getcpu$address(), libc_h.sched_getcpu$descriptor()));
    }

    /**
     * Whether the affinity functions exist.
     *
     * @return true when {@code sched_setaffinity}, {@code sched_getaffinity} and {@code sched_getcpu} can be called.
     */
    public boolean isAvailable()
    {
        return null == unavailableReason;
    }

    /**
     * Why the affinity functions cannot be used.
     *
     * @return the reason, or an empty string when {@link #isAvailable()}.
     */
    public String unavailableReason()
    {
        return null == unavailableReason ? "" : unavailableReason;
    }

    /**
     * Whether {@code strerrorname_np}/{@code strerrordesc_np} exist (glibc 2.32+).
     *
     * @return true when errno values can be turned into text.
     */
    public boolean hasErrnoText()
    {
        return errnoText;
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)}.
     *
     * @param capture    receives errno.
     * @param pid        thread id; 0 is the calling thread.
     * @param cpuSetSize size of {@code mask} in bytes (a multiple of 8).
     * @param mask       the CPU bit mask, one bit per CPU id in native-order 64-bit words.
     * @return 0 on success, -1 on failure with errno in {@code capture}.
     */
    public int schedSetaffinity(final ErrnoCapture capture, final int pid, final long cpuSetSize, final MemorySegment mask)
    {
        requireAvailable();
        try
        {
            return (int)schedSetaffinity.invokeExact(capture.segment(), pid, cpuSetSize, mask);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * {@code int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)}.
     *
     * @param capture    receives errno.
     * @param pid        thread id; 0 is the calling thread.
     * @param cpuSetSize size of {@code mask} in bytes; EINVAL when smaller than the kernel's CPU mask.
     * @param mask       receives the affinity mask.
     * @return 0 on success (glibc hides the kernel's byte count), -1 on failure with errno in {@code capture}.
     */
    public int schedGetaffinity(final ErrnoCapture capture, final int pid, final long cpuSetSize, final MemorySegment mask)
    {
        requireAvailable();
        try
        {
            return (int)schedGetaffinity.invokeExact(capture.segment(), pid, cpuSetSize, mask);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * {@code int sched_getcpu(void)}: the CPU the calling thread is running on.
     *
     * @param capture receives errno.
     * @return the CPU id, or -1 with errno in {@code capture}.
     */
    public int schedGetcpu(final ErrnoCapture capture)
    {
        requireAvailable();
        try
        {
            return (int)schedGetcpu.invokeExact(capture.segment());
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * {@code int sched_getcpu(void)} without errno capture, for hot paths: it skips the capture block
     * and its thread-local lookup. {@code sched_getcpu} fails only where the kernel lacks it (ENOSYS),
     * and then on every call, so a caller that sees -1 can ask {@link #schedGetcpu(ErrnoCapture)}
     * for the errno.
     *
     * @return the CPU id, or -1.
     */
    public int schedGetcpu()
    {
        requireAvailable();
        return libc_h.sched_getcpu();
    }

    /**
     * {@code int getpagesize(void)}: the base page size (never fails).
     *
     * @return the page size in bytes.
     */
    public int pageSize()
    {
        requireAvailable();
        return libc_h.getpagesize();
    }

    /**
     * Which file the dynamic linker loaded the symbol at {@code address} from, via {@code dladdr}.
     * This is how {@link LibNuma} turns a soname into the path {@link System#load} needs.
     */
    Optional<String> fileOf(final MemorySegment address)
    {
        if (!dladdr)
        {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment info = Dl_info.allocate(arena);
            if (0 == libc_h.dladdr(address, info))
            {
                return Optional.empty();
            }
            final MemorySegment fileName = Dl_info.dli_fname(info);
            return MemorySegment.NULL.equals(fileName) ? Optional.empty() : Optional.of(fileName.getString(0));
        }
    }

    boolean hasDladdr()
    {
        return dladdr;
    }

    private void requireAvailable()
    {
        if (null != unavailableReason)
        {
            throw new IllegalStateException("libc affinity functions are unavailable: " + unavailableReason);
        }
    }
}
