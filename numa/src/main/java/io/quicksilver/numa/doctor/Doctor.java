package io.quicksilver.numa.doctor;

import io.quicksilver.bindings.LibNuma;
import io.quicksilver.bindings.NativeAccess;
import io.quicksilver.numa.NumaCapabilities;
import io.quicksilver.numa.pin.ThreadPinning;
import io.quicksilver.numa.topology.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./quicksilver doctor}: checks this machine and the JVM it runs in for what Quicksilver needs and prints one
 * line per check, {@code OK}, {@code WARN} (Quicksilver runs, with less: a scalar kernel, first-touch memory, noisier
 * latency) or {@code FAIL} (a part of it cannot work), each {@code WARN} and {@code FAIL} with what to change. The
 * checks: the JDK, native access, the Vector API module, libnuma, the CPUs and NUMA nodes, a real
 * {@code sched_setaffinity} call through the bindings, transparent and reserved huge pages, perf counters, isolated
 * CPUs and the CPU frequency governor.
 * <p>
 * Exit status: {@value #OK_STATUS} when no check fails, {@value #FAILED_STATUS} when one does, {@value #USAGE_STATUS}
 * on bad usage.
 */
public final class Doctor
{
    static final int OK_STATUS = 0;
    static final int FAILED_STATUS = 1;
    static final int USAGE_STATUS = 2;

    /** Oldest JDK Quicksilver runs on. */
    public static final int REQUIRED_JAVA = 25;

    static final String USAGE = """
        usage: quicksilver doctor

        Checks this machine and JVM for what Quicksilver needs (JDK, native access, the Vector API, libnuma,
        CPUs and NUMA nodes, thread pinning, huge pages, perf counters, isolated CPUs, CPU governor) and prints
        one line per check: OK, WARN (runs, with less) or FAIL (cannot work), with what to change.

        exit status: 0 nothing failed, 1 a check failed, 2 bad usage
        """;

    private static final String NATIVE_ACCESS_FIRST = "enable native access (native-access above)";

    /** How a check came out. */
    public enum Status
    {
        /** As Quicksilver wants it. */
        OK,
        /** Quicksilver runs, with less (a fallback, or noisier figures). */
        WARN,
        /** Part of Quicksilver cannot work here. */
        FAIL
    }

    /**
     * One check's outcome.
     *
     * @param name   short name, e.g. {@code libnuma}.
     * @param status how it came out.
     * @param detail what was found.
     * @param fix    what to change, or empty when {@link Status#OK}.
     */
    public record Check(String name, Status status, String detail, String fix)
    {
        /**
         * @return the line {@code ./quicksilver doctor} prints.
         */
        public String line()
        {
            return String.format(Locale.ROOT, "%-4s  %-14s %s%s", status, name, detail, fix.isEmpty() ? "" : "; fix: " + fix);
        }
    }

    /**
     * The facts the checks read: this JVM and machine by default ({@link #system()}), recorded ones in tests.
     */
    public interface Probe
    {
        /**
         * @return the running JVM's version.
         */
        Runtime.Version javaVersion();

        /**
         * @return the running JVM's vendor and home, e.g. {@code Eclipse Adoptium at /usr/lib/jvm/temurin-25}.
         */
        String javaVendorAndHome();

        /**
         * @return why native access is not enabled, or null when it is.
         */
        String nativeAccessProblem();

        /**
         * @return the Vector API's preferred int species, or null when {@code jdk.incubator.vector} is not loaded.
         */
        String vectorSpecies();

        /**
         * @return libnuma's file when it loaded, else null.
         */
        String libnumaFile();

        /**
         * @return why libnuma did not load (when {@link #libnumaFile()} is null).
         */
        String libnumaProblem();

        /**
         * @return the machine's topology.
         * @throws RuntimeException when sysfs cannot be read.
         */
        Topology topology();

        /**
         * @return the CPUs this process may run on, or null when they cannot be read.
         */
        BitSet allowedCpus();

        /**
         * Pins a new thread to one CPU with {@code sched_setaffinity} and reads its affinity back.
         *
         * @return what happened, e.g. {@code a thread pinned to cpu 1 runs on cpu 1}.
         * @throws RuntimeException saying why pinning does not work.
         */
        String pinOnce();

        /**
         * @param path a procfs or sysfs file.
         * @return its contents stripped, or null when it cannot be read.
         */
        String read(String path);
    }

    private Doctor()
    {
    }

    /**
     * @param args none (or {@code --help}).
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, system(), System.out, System.err));
    }

    /**
     * Runs the checks and prints them.
     *
     * @param args  none (or {@code --help}).
     * @param probe the facts to check.
     * @param out   where the lines go.
     * @param err   where a usage error goes.
     * @return the exit status.
     */
    public static int run(final String[] args, final Probe probe, final PrintStream out, final PrintStream err)
    {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")))
        {
            out.print(USAGE);
            return OK_STATUS;
        }
        if (args.length > 0)
        {
            err.println("quicksilver doctor: unexpected argument '" + args[0] + "'");
            err.println("(./quicksilver doctor --help says what it checks)");
            return USAGE_STATUS;
        }
        final List<Check> checks = checks(probe);
        int warnings = 0;
        int failures = 0;
        for (final Check check : checks)
        {
            out.println(check.line());
            warnings += check.status() == Status.WARN ? 1 : 0;
            failures += check.status() == Status.FAIL ? 1 : 0;
        }
        out.println("doctor: " + checks.size() + " checks, " + (checks.size() - warnings - failures) + " OK, " +
            warnings + " WARN, " + failures + " FAIL");
        return failures > 0 ? FAILED_STATUS : OK_STATUS;
    }

    /**
     * @param probe the facts to check.
     * @return every check, in the order printed.
     */
    public static List<Check> checks(final Probe probe)
    {
        final List<Check> checks = new ArrayList<>();
        checks.add(jdk(probe));
        checks.add(nativeAccess(probe));
        checks.add(vectorApi(probe));
        checks.add(libnuma(probe));
        checks.add(cpus(probe));
        checks.add(pinning(probe));
        checks.add(hugePages(probe));
        checks.add(perf(probe));
        checks.add(isolatedCpus(probe));
        checks.add(governor(probe));
        return checks;
    }

    static Check jdk(final Probe probe)
    {
        final Runtime.Version version = probe.javaVersion();
        final String detail = "JDK " + version + " (" + probe.javaVendorAndHome() + ")";
        return version.feature() >= REQUIRED_JAVA ? ok("jdk", detail) :
            new Check("jdk", Status.FAIL, detail + ", older than " + REQUIRED_JAVA,
                "install a JDK " + REQUIRED_JAVA + "+ and set JAVA_HOME to it (./quicksilver java-home shows the one found)");
    }

    static Check nativeAccess(final Probe probe)
    {
        final String problem = probe.nativeAccessProblem();
        return problem == null ? ok("native-access", "enabled (FFM downcalls to libc and libnuma allowed)") :
            new Check("native-access", Status.FAIL, "not enabled: no pinning, no NUMA memory",
                "start the JVM with " + NativeAccess.CLASS_PATH_FLAG + " (class path) or " +
                    NativeAccess.MODULE_PATH_FLAG + " (module path)");
    }

    static Check vectorApi(final Probe probe)
    {
        final String species = probe.vectorSpecies();
        return species != null ? ok("vector-api", "jdk.incubator.vector loaded, preferred species " + species) :
            new Check("vector-api", Status.WARN, "jdk.incubator.vector not loaded: routing kernels run scalar",
                "start the JVM with --add-modules jdk.incubator.vector");
    }

    static Check libnuma(final Probe probe)
    {
        final String file = probe.libnumaFile();
        if (file == null && probe.nativeAccessProblem() != null)
        {
            return new Check("libnuma", Status.WARN, "not loaded: native access is not enabled", NATIVE_ACCESS_FIRST);
        }
        return file != null ? ok("libnuma", "loaded from " + file) :
            new Check("libnuma", Status.WARN, "not loaded (" + probe.libnumaProblem() + "): memory placed by first " +
                "touch, pinning through libc still works",
                "install libnuma (Debian/Ubuntu: apt-get install libnuma1; Fedora/RHEL: dnf install numactl-libs)");
    }

    static Check cpus(final Probe probe)
    {
        final Topology topology;
        try
        {
            topology = probe.topology();
        }
        catch (final RuntimeException ex)
        {
            return new Check("cpus", Status.FAIL, "cannot read the topology: " + ex.getMessage(),
                "Quicksilver reads /sys/devices/system/{cpu,node}; mount sysfs (in a container: do not mask /sys)");
        }
        final BitSet allowed = probe.allowedCpus();
        final String detail = topology.describe() +
            (allowed == null ? "" : "; this process may use " + allowed.cardinality() + ": " + NumaCapabilities.formatList(allowed));
        if (allowed != null && allowed.cardinality() < 2)
        {
            return new Check("cpus", Status.WARN, detail + " (workers and producers share one cpu)",
                "give the process two or more cpus (taskset, the container's cpuset)");
        }
        return ok("cpus", detail);
    }

    static Check pinning(final Probe probe)
    {
        try
        {
            return ok("pinning", probe.pinOnce());
        }
        catch (final RuntimeException ex)
        {
            return new Check("pinning", Status.FAIL, "sched_setaffinity failed: " + ex.getMessage() +
                ": workers run where the scheduler puts them", probe.nativeAccessProblem() != null ? NATIVE_ACCESS_FIRST :
                "pinning needs Linux and a cpuset that allows the cpu (taskset -p $$ shows it)");
        }
    }

    static Check hugePages(final Probe probe)
    {
        final String thp = probe.read("/sys/kernel/mm/transparent_hugepage/enabled");
        final String reserved = probe.read("/proc/sys/vm/nr_hugepages");
        final String thpMode = thp == null ? null : selected(thp);
        final String detail = "transparent huge pages " + (thpMode == null ? "unknown (not readable)" : thpMode) +
            ", " + (reserved == null ? "reserved huge pages unknown" : reserved + " reserved huge pages");
        if ("always".equals(thpMode))
        {
            return new Check("hugepages", Status.WARN, detail + " (khugepaged's compaction can stall a pinned worker)",
                "echo madvise > /sys/kernel/mm/transparent_hugepage/enabled");
        }
        return ok("hugepages", detail);
    }

    static Check perf(final Probe probe)
    {
        final String paranoid = probe.read("/proc/sys/kernel/perf_event_paranoid");
        if (paranoid == null)
        {
            return new Check("perf", Status.WARN, "no /proc/sys/kernel/perf_event_paranoid: no perf events here " +
                "(JMH -prof perfnorm and perf stat cannot count)", "run on a kernel with perf events (CONFIG_PERF_EVENTS)");
        }
        final boolean pmu = probe.read("/sys/bus/event_source/devices/cpu/type") != null;
        final int level;
        try
        {
            level = Integer.parseInt(paranoid);
        }
        catch (final NumberFormatException ex)
        {
            return new Check("perf", Status.WARN, "perf_event_paranoid=" + paranoid + " (not a number)", "check the kernel");
        }
        if (!pmu)
        {
            return new Check("perf", Status.WARN, "perf_event_paranoid=" + level + ", but no hardware counters " +
                "(no /sys/bus/event_source/devices/cpu: a VM without a virtual PMU): cycles and cache misses cannot be counted",
                "enable the virtual PMU (KVM: -cpu host,pmu=on) or measure on bare metal");
        }
        if (level > 1)
        {
            return new Check("perf", Status.WARN, "perf_event_paranoid=" + level + ": unprivileged perf stat and " +
                "JMH -prof perfnorm count user space only, or nothing", "sudo sysctl kernel.perf_event_paranoid=1");
        }
        return ok("perf", "hardware counters available, perf_event_paranoid=" + level);
    }

    static Check isolatedCpus(final Probe probe)
    {
        final String isolated = probe.read("/sys/devices/system/cpu/isolated");
        if (isolated == null || isolated.isEmpty())
        {
            return ok("isolcpus", "no cpu isolated from the scheduler (fine to develop; for latency figures worth " +
                "publishing isolate the workers' cpus, docs/bench.md)");
        }
        return ok("isolcpus", "cpus " + isolated + " isolated from the scheduler: give them to workers " +
            "(reserved_cpus for the rest, docs/affinity.md)");
    }

    static Check governor(final Probe probe)
    {
        final String governor = probe.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        if (governor == null)
        {
            return ok("governor", "no cpufreq governor readable (a VM, or a fixed frequency)");
        }
        if (!governor.equals("performance"))
        {
            return new Check("governor", Status.WARN, "cpu0's frequency governor is " + governor +
                ": a worker that idles clocks down and wakes slow",
                "sudo cpupower frequency-set -g performance");
        }
        return ok("governor", "cpu0's frequency governor is performance");
    }

    /**
     * @param choices a sysfs choice list such as {@code always [madvise] never}.
     * @return the bracketed choice, or the whole text when none is bracketed.
     */
    static String selected(final String choices)
    {
        final int open = choices.indexOf('[');
        final int close = choices.indexOf(']', open + 1);
        return open >= 0 && close > open ? choices.substring(open + 1, close) : choices;
    }

    private static Check ok(final String name, final String detail)
    {
        return new Check(name, Status.OK, detail, "");
    }

    /**
     * @return the facts of this JVM and machine.
     */
    public static Probe system()
    {
        return new SystemProbe();
    }

    private static final class SystemProbe implements Probe
    {
        @Override
        public Runtime.Version javaVersion()
        {
            return Runtime.version();
        }

        @Override
        public String javaVendorAndHome()
        {
            return System.getProperty("java.vendor", "unknown vendor") + " at " + System.getProperty("java.home");
        }

        @Override
        public String nativeAccessProblem()
        {
            return NativeAccess.isEnabled() ? null : NativeAccess.disabledReason();
        }

        @Override
        public String vectorSpecies()
        {
            final Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
            if (vector.isEmpty())
            {
                return null;
            }
            try
            {
                // By reflection: this class must load, and say so, when the module is absent.
                final Class<?> intVector = Class.forName("jdk.incubator.vector.IntVector", true, vector.get().getClassLoader());
                return String.valueOf(intVector.getField("SPECIES_PREFERRED").get(null));
            }
            catch (final ReflectiveOperationException | LinkageError ex)
            {
                return "unknown (" + ex + ")";
            }
        }

        @Override
        public String libnumaFile()
        {
            final LibNuma libnuma = LibNuma.system();
            return libnuma.isAvailable() ? libnuma.file().orElse(libnuma.name()) : null;
        }

        @Override
        public String libnumaProblem()
        {
            return LibNuma.system().unavailableReason();
        }

        @Override
        public Topology topology()
        {
            return Topology.live();
        }

        @Override
        public BitSet allowedCpus()
        {
            final ThreadPinning pinning = ThreadPinning.create();
            try
            {
                return pinning.isAvailable() ? pinning.currentAffinity() : null;
            }
            catch (final RuntimeException ex)
            {
                return null;
            }
        }

        @Override
        public String pinOnce()
        {
            final ThreadPinning pinning = ThreadPinning.create();
            if (!pinning.isAvailable())
            {
                throw new IllegalStateException(pinning.unavailableReason());
            }
            final BitSet allowed = pinning.currentAffinity();
            final int cpu = allowed.length() - 1;
            final AtomicReference<Object> result = new AtomicReference<>();
            // A thread of its own: the pin must not outlive the check on a thread the caller keeps.
            final Thread thread = Thread.ofPlatform().name("quicksilver-doctor-pin").unstarted(() ->
            {
                try
                {
                    pinning.pinCurrentThread(cpu);
                    final BitSet after = pinning.currentAffinity();
                    final int running = pinning.currentCpu();
                    final BitSet expected = new BitSet();
                    expected.set(cpu);
                    result.set(!after.equals(expected) ?
                        new IllegalStateException("pinned to cpu " + cpu + " but the affinity reads " +
                            NumaCapabilities.formatList(after)) :
                        running != cpu ? new IllegalStateException("pinned to cpu " + cpu + " but runs on cpu " + running) :
                        "sched_setaffinity pinned a thread to cpu " + cpu + " and getcpu says it runs there");
                }
                catch (final RuntimeException ex)
                {
                    result.set(ex);
                }
            });
            thread.start();
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
            final Object outcome = result.get();
            if (outcome instanceof RuntimeException ex)
            {
                throw new IllegalStateException(ex.getMessage(), ex);
            }
            if (outcome == null)
            {
                throw new IllegalStateException("the pinned thread did not finish in 10 s");
            }
            return (String)outcome;
        }

        @Override
        public String read(final String path)
        {
            try
            {
                return Files.readString(Path.of(path)).strip();
            }
            catch (final IOException | RuntimeException ex)
            {
                return null;
            }
        }
    }
}
