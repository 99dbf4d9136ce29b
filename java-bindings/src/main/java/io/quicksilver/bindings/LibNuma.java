package io.quicksilver.bindings;

import io.quicksilver.bindings.libnuma.numa_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * libnuma, loaded by name at run time, with errno captured on every call that sets it.
 * <p>
 * {@link #load(String)} never throws for a missing or unusable library: the instance it returns says
 * {@link #isAvailable() isAvailable() == false} and {@link #unavailableReason()} names the library it
 * tried and what went wrong. A kernel without NUMA support ({@code numa_available() < 0}) is
 * reported the same way. Every other method throws {@link IllegalStateException} on an unavailable
 * instance, so callers check once and pick their fallback.
 * <p>
 * How loading reaches the generated code: {@link numa_h} resolves symbols through
 * {@code SymbolLookup.loaderLookup()} (jextract's output without {@code --library}), which sees only
 * libraries {@link System#load loaded} by this class loader. {@code load} therefore
 * <ol>
 *     <li>{@code dlopen}s the library by name ({@link SymbolLookup#libraryLookup(String, Arena)}), so the
 *     system's own search rules (ld.so.cache, LD_LIBRARY_PATH) find {@code libnuma.so.1} without the
 *     unversioned {@code libnuma.so} only the -dev package installs;</li>
 *     <li>checks every bound function is present before any generated holder class is touched;</li>
 *     <li>asks {@code dladdr} which file the dynamic linker opened and {@link System#load}s that path
 *     into this class loader;</li>
 *     <li>calls {@code numa_available()}.</li>
 * </ol>
 * Like any native library registered with {@code System.load}, it can belong to only one class loader
 * per JVM; a second loader's attempt is reported as unavailable, not thrown.
 */
public final class LibNuma
{
    /**
     * System property naming the libnuma shared library to load: a soname or a path.
     */
    public static final String LIBRARY_NAME_PROP_NAME = "quicksilver.libnuma.name";

    /**
     * Default libnuma soname: what the runtime package (Debian {@code libnuma1}, Fedora
     * {@code numactl-libs}) installs.
     */
    public static final String LIBRARY_NAME_DEFAULT = "libnuma.so.1";

    /**
     * Every function bound in {@link numa_h}; all must resolve before the library counts as available.
     */
    static final List<String> FUNCTIONS = List.of(
        "numa_available",
        "numa_max_node",
        "numa_num_configured_nodes",
        "numa_num_configured_cpus",
        "numa_node_of_cpu",
        "numa_alloc_onnode",
        "numa_free",
        "numa_tonode_memory",
        "get_mempolicy",
        "mbind",
        "move_pages");

    private static final String INSTALL_HINT =
        "install libnuma1 (Debian/Ubuntu) or numactl-libs (Fedora/RHEL), or point -D" + LIBRARY_NAME_PROP_NAME +
        " at a libnuma shared library";

    private static final class SystemHolder
    {
        static final LibNuma INSTANCE = load(libraryName());
    }

    private final String libraryName;
    private final String libraryFile;
    private final String unavailableReason;
    private final MethodHandle nodeOfCpu;
    private final MethodHandle allocOnNode;
    private final MethodHandle getMempolicy;
    private final MethodHandle mbind;
    private final MethodHandle movePages;

    private LibNuma(final String libraryName, final String libraryFile, final String unavailableReason)
    {
        this.libraryName = libraryName;
        this.libraryFile = libraryFile;
        this.unavailableReason = unavailableReason;
        this.nodeOfCpu = null;
        this.allocOnNode = null;
        this.getMempolicy = null;
        this.mbind = null;
        this.movePages = null;
    }

    private LibNuma(final String libraryName, final String libraryFile)
    {
        this.libraryName = libraryName;
        this.libraryFile = libraryFile;
        this.unavailableReason = null;
        this.nodeOfCpu = Downcalls.capturingErrno(numa_h.numa_node_of_cpu$address(), numa_h.numa_node_of_cpu$descriptor());
        this.allocOnNode = Downcalls.capturingErrno(numa_h.numa_alloc_onnode$address(), numa_h.numa_alloc_onnode$descriptor());
        this.getMempolicy = Downcalls.capturingErrno(numa_h.get_mempolicy$address(), numa_h.get_mempolicy$descriptor());
        this.mbind = Downcalls.capturingErrno(numa_h.mbind$address(), numa_h.mbind$descriptor());
        this.movePages = Downcalls.capturingErrno(numa_h.move_pages$address(), numa_h.move_pages$descriptor());
    }

    /**
     * The configured library name: {@value #LIBRARY_NAME_PROP_NAME} when set and not blank,
     * else {@value #LIBRARY_NAME_DEFAULT}.
     *
     * @return the libnuma name {@link #system()} loads.
     */
    public static String libraryName()
    {
        final String name = System.getProperty(LIBRARY_NAME_PROP_NAME);
        return null == name || name.isBlank() ? LIBRARY_NAME_DEFAULT : name.trim();
    }

    /**
     * libnuma as configured by {@value #LIBRARY_NAME_PROP_NAME}, loaded once per JVM.
     *
     * @return the shared instance; check {@link #isAvailable()}.
     */
    public static LibNuma system()
    {
        return SystemHolder.INSTANCE;
    }

    /**
     * Loads libnuma from {@code name} (a soname such as {@code libnuma.so.1}, or a path).
     *
     * @param name the library to {@code dlopen}.
     * @return an instance that is either available or says why not; never null.
     * @throws IllegalArgumentException if {@code name} is blank.
     */
    public static LibNuma load(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (name.isBlank())
        {
            throw new IllegalArgumentException("libnuma library name must not be blank: name='" + name + "'");
        }

        if (!NativeAccess.isEnabled())
        {
            return unavailable(name, null, NativeAccess.disabledReason());
        }
        final SymbolLookup lookup;
        try
        {
            // The global arena keeps the handle open for the JVM's life, as System.load would.
            lookup = SymbolLookup.libraryLookup(name, Arena.global());
        }
        catch (final IllegalArgumentException | IllegalCallerException ex)
        {
            return unavailable(name, null, "cannot load " + name + " (" + ex.getMessage() + "); " + INSTALL_HINT);
        }

        final List<String> missing = new ArrayList<>();
        for (final String function : FUNCTIONS)
        {
            if (lookup.find(function).isEmpty())
            {
                missing.add(function);
            }
        }
        if (!missing.isEmpty())
        {
            return unavailable(name, null, name + " lacks " + String.join(", ", missing) +
                " (not libnuma, or a libnuma older than 2.0.8); " + INSTALL_HINT);
        }

        final MemorySegment numaAvailable = lookup.find("numa_available").orElseThrow();
        final Optional<String> file = LibC.instance().fileOf(numaAvailable);
        if (file.isEmpty())
        {
            return unavailable(name, null, "cannot tell which file " + name + " was loaded from (" +
                (LibC.instance().hasDladdr() ? "dladdr found no object" : "the C library has no dladdr") +
                "), so the generated bindings cannot be pointed at it");
        }
        final String path = Path.of(file.get()).toAbsolutePath().toString();

        try
        {
            System.load(path);
        }
        catch (final UnsatisfiedLinkError | SecurityException | IllegalCallerException ex)
        {
            return unavailable(name, path, "System.load(" + path + ") failed: " + ex.getMessage());
        }

        // Safe to touch the generated holders now: every symbol is known to be in a library the
        // loader lookup can see. A different libnuma loaded earlier into this class loader would win
        // the lookup, so insist the generated code binds the library just loaded.
        final long generated;
        try
        {
            generated = numa_h.numa_available$address().address();
        }
        catch (final LinkageError ex)
        {
            return unavailable(name, path, "the generated bindings cannot resolve numa_available: " + ex);
        }
        if (generated != numaAvailable.address())
        {
            return unavailable(name, path, "the generated bindings resolve numa_available to another libnuma than " +
                path + " (two libnuma libraries loaded into one class loader)");
        }

        final LibNuma libnuma = new LibNuma(name, path);
        final ErrnoCapture capture = ErrnoCapture.perThread();
        final int rc = libnuma.numaAvailable(capture);
        if (rc < 0)
        {
            return unavailable(name, path, "numa_available() returned " + rc + " (" + capture.describe() +
                "): the kernel has no NUMA support, or a seccomp filter forbids get_mempolicy/mbind");
        }
        return libnuma;
    }

    private static LibNuma unavailable(final String name, final String file, final String reason)
    {
        return new LibNuma(name, file, reason);
    }

    /**
     * Whether libnuma loaded, every bound function resolved and {@code numa_available() >= 0}.
     *
     * @return true when the other methods may be called.
     */
    public boolean isAvailable()
    {
        return null == unavailableReason;
    }

    /**
     * Why libnuma cannot be used, naming the library tried.
     *
     * @return the reason, or an empty string when {@link #isAvailable()}.
     */
    public String unavailableReason()
    {
        return null == unavailableReason ? "" : unavailableReason;
    }

    /**
     * The name this instance was loaded from.
     *
     * @return the soname or path passed to {@link #load(String)}.
     */
    public String name()
    {
        return libraryName;
    }

    /**
     * The file the dynamic linker opened for {@link #name()}.
     *
     * @return the absolute path, or empty when the library never loaded.
     */
    public Optional<String> file()
    {
        return Optional.ofNullable(libraryFile);
    }

    private int numaAvailable(final ErrnoCapture capture)
    {
        final MethodHandle handle = Downcalls.capturingErrno(
            numa_h.numa_available$address(), numa_h.numa_available$descriptor());
        try
        {
            return (int)handle.invokeExact(capture.segment());
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
     * {@code int numa_max_node(void)}: the highest node number the kernel knows.
     *
     * @return the highest node number.
     */
    public int maxNode()
    {
        requireAvailable();
        return numa_h.numa_max_node();
    }

    /**
     * {@code int numa_num_configured_nodes(void)}: nodes with memory, memoryless nodes excluded.
     *
     * @return the number of configured nodes.
     */
    public int configuredNodes()
    {
        requireAvailable();
        return numa_h.numa_num_configured_nodes();
    }

    /**
     * {@code int numa_num_configured_cpus(void)}: CPUs in the system, including offline ones.
     *
     * @return the number of configured CPUs.
     */
    public int configuredCpus()
    {
        requireAvailable();
        return numa_h.numa_num_configured_cpus();
    }

    /**
     * {@code int numa_node_of_cpu(int cpu)}.
     *
     * @param capture receives errno.
     * @param cpu     the CPU id.
     * @return the node of {@code cpu}, or -1 with errno (EINVAL for an unknown CPU) in {@code capture}.
     */
    public int nodeOfCpu(final ErrnoCapture capture, final int cpu)
    {
        requireAvailable();
        try
        {
            return (int)nodeOfCpu.invokeExact(capture.segment(), cpu);
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
     * {@code void *numa_alloc_onnode(size_t size, int node)}: an anonymous mapping of whole pages bound
     * to {@code node}; no page is touched. libnuma only prints (it does not report) a failed bind.
     *
     * @param capture receives errno.
     * @param size    bytes to map.
     * @param node    the node to bind to.
     * @return a zero-length segment at the mapping, or {@link MemorySegment#NULL} with errno in {@code capture}.
     */
    public MemorySegment allocOnNode(final ErrnoCapture capture, final long size, final int node)
    {
        requireAvailable();
        try
        {
            return (MemorySegment)allocOnNode.invokeExact(capture.segment(), size, node);
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
     * {@code void numa_free(void *mem, size_t size)}: unmaps what {@link #allocOnNode} returned.
     *
     * @param memory the start of the mapping.
     * @param size   the size passed to {@link #allocOnNode}.
     */
    public void free(final MemorySegment memory, final long size)
    {
        requireAvailable();
        numa_h.numa_free(memory, size);
    }

    /**
     * {@code void numa_tonode_memory(void *start, size_t size, int node)}: binds a page-aligned range to
     * {@code node} (libnuma prints, but does not return, a failure).
     *
     * @param start page-aligned start.
     * @param size  bytes.
     * @param node  the node.
     */
    public void toNodeMemory(final MemorySegment start, final long size, final int node)
    {
        requireAvailable();
        numa_h.numa_tonode_memory(start, size, node);
    }

    /**
     * {@code long get_mempolicy(int *mode, unsigned long *nmask, unsigned long maxnode, void *addr, unsigned flags)}.
     *
     * @param capture  receives errno.
     * @param mode     receives the policy, or with {@code MPOL_F_NODE} the node; may be NULL.
     * @param nodeMask receives the policy's nodes; may be NULL when {@code maxNode} is 0.
     * @param maxNode  bits in {@code nodeMask} plus one (the kernel's historical off-by-one).
     * @param address  with {@code MPOL_F_ADDR}, the address to query.
     * @param flags    {@code MPOL_F_NODE}, {@code MPOL_F_ADDR}, ...
     * @return 0, or -1 with errno in {@code capture}.
     */
    public long getMempolicy(
        final ErrnoCapture capture,
        final MemorySegment mode,
        final MemorySegment nodeMask,
        final long maxNode,
        final MemorySegment address,
        final int flags)
    {
        requireAvailable();
        try
        {
            return (long)getMempolicy.invokeExact(capture.segment(), mode, nodeMask, maxNode, address, flags);
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
     * {@code long mbind(void *start, unsigned long len, int mode, const unsigned long *nmask, unsigned long maxnode, unsigned flags)}.
     *
     * @param capture  receives errno.
     * @param start    page-aligned start of the range.
     * @param length   bytes in the range.
     * @param mode     {@code MPOL_BIND}, {@code MPOL_PREFERRED}, ...
     * @param nodeMask the nodes, one bit per node in native-order 64-bit words.
     * @param maxNode  bits in {@code nodeMask} plus one (the kernel's historical off-by-one).
     * @param flags    {@code MPOL_MF_STRICT}, {@code MPOL_MF_MOVE}, or 0.
     * @return 0, or -1 with errno in {@code capture}.
     */
    public long mbind(
        final ErrnoCapture capture,
        final MemorySegment start,
        final long length,
        final int mode,
        final MemorySegment nodeMask,
        final long maxNode,
        final int flags)
    {
        requireAvailable();
        try
        {
            return (long)mbind.invokeExact(capture.segment(), start, length, mode, nodeMask, maxNode, flags);
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
     * {@code long move_pages(int pid, unsigned long count, void **pages, const int *nodes, int *status, int flags)}.
     * With {@code nodes} NULL nothing moves: {@code status} receives each page's node, or a negative
     * errno ({@code -ENOENT} for a page never touched).
     *
     * @param capture receives errno.
     * @param pid     process id; 0 is the calling process.
     * @param count   pages in {@code pages}.
     * @param pages   {@code count} page addresses.
     * @param nodes   target nodes, or NULL to query.
     * @param status  {@code count} ints receiving per-page results.
     * @param flags   {@code MPOL_MF_MOVE} or 0.
     * @return 0 (or the number of pages not moved), or -1 with errno in {@code capture}.
     */
    public long movePages(
        final ErrnoCapture capture,
        final int pid,
        final long count,
        final MemorySegment pages,
        final MemorySegment nodes,
        final MemorySegment status,
        final int flags)
    {
        requireAvailable();
        try
        {
            return (long)movePages.invokeExact(capture.segment(), pid, count, pages, nodes, status, flags);
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

    private void requireAvailable()
    {
        if (null != unavailableReason)
        {
            throw new IllegalStateException("libnuma is unavailable: " + unavailableReason);
        }
    }

    @Override
    public String toString()
    {
        return isAvailable() ?
            "LibNuma{" + libraryName + " -> " + libraryFile + "}" :
            "LibNuma{" + libraryName + " unavailable: " + unavailableReason + "}";
    }
}
