package io.quicksilver.numa.doctor;

import io.quicksilver.numa.topology.Fixtures;
import io.quicksilver.numa.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DoctorTest
{
    /** A machine as Quicksilver wants it; each test spoils one fact. */
    private static class FakeProbe implements Doctor.Probe
    {
        Runtime.Version version = Runtime.Version.parse("25.0.1+8");
        String nativeAccessProblem;
        String species = "Species[int, 8, S_256_BIT]";
        String libnumaFile = "/lib/libnuma.so.1";
        String libnumaProblem = "";
        String topologyFixture = Fixtures.XEON_GOLD_6248_2S;
        BitSet allowed = BitSet.valueOf(new long[]{ 0xFFL });
        RuntimeException pinFailure;
        final Map<String, String> files = new HashMap<>(Map.of(
            "/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never",
            "/proc/sys/vm/nr_hugepages", "0",
            "/proc/sys/kernel/perf_event_paranoid", "1",
            "/sys/bus/event_source/devices/cpu/type", "4",
            "/sys/devices/system/cpu/isolated", "",
            "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance"));

        @Override
        public Runtime.Version javaVersion()
        {
            return version;
        }

        @Override
        public String javaVendorAndHome()
        {
            return "Test at /jdk";
        }

        @Override
        public String nativeAccessProblem()
        {
            return nativeAccessProblem;
        }

        @Override
        public String vectorSpecies()
        {
            return species;
        }

        @Override
        public String libnumaFile()
        {
            return libnumaFile;
        }

        @Override
        public String libnumaProblem()
        {
            return libnumaProblem;
        }

        @Override
        public Topology topology()
        {
            return Topology.fromSysfs(Fixtures.root(topologyFixture));
        }

        @Override
        public BitSet allowedCpus()
        {
            return allowed;
        }

        @Override
        public String pinOnce()
        {
            if (pinFailure != null)
            {
                throw pinFailure;
            }
            return "sched_setaffinity pinned a thread to cpu 7 and getcpu says it runs there";
        }

        @Override
        public String read(final String path)
        {
            return files.get(path);
        }
    }

    private static Doctor.Check check(final FakeProbe probe, final String name)
    {
        return Doctor.checks(probe).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldPassEveryCheckOnAWellSetUpMachineAndExitZero()
    {
        final FakeProbe probe = new FakeProbe();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Doctor.OK_STATUS, Doctor.run(new String[0], probe, print(out), print(new ByteArrayOutputStream())));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), String.join("\n", lines));
        for (final String line : lines.subList(0, 10))
        {
            assertTrue(line.startsWith("OK    "), line);
        }
        assertEquals("OK    jdk            JDK 25.0.1+8 (Test at /jdk)", lines.get(0));
        assertEquals("OK    vector-api     jdk.incubator.vector loaded, preferred species Species[int, 8, S_256_BIT]", lines.get(2));
        assertTrue(lines.get(4).startsWith("OK    cpus           80 cpus 0-79, 2 sockets"), lines.get(4));
        assertTrue(lines.get(4).endsWith("; this process may use 8: 0-7"), lines.get(4));
        assertEquals("OK    hugepages      transparent huge pages madvise, 0 reserved huge pages", lines.get(6));
        assertEquals("OK    perf           hardware counters available, perf_event_paranoid=1", lines.get(7));
        assertEquals("doctor: 10 checks, 10 OK, 0 WARN, 0 FAIL", lines.get(10));
    }

    @Test
    void shouldFailAnOldJdkAndMissingNativeAccessAndExitOne()
    {
        final FakeProbe probe = new FakeProbe();
        probe.version = Runtime.Version.parse("21.0.2");
        assertEquals("FAIL  jdk            JDK 21.0.2 (Test at /jdk), older than 25; fix: install a JDK 25+ and set " +
            "JAVA_HOME to it (./quicksilver java-home shows the one found)", check(probe, "jdk").line());

        final FakeProbe noAccess = new FakeProbe();
        noAccess.nativeAccessProblem = "native access is not enabled";
        noAccess.libnumaFile = null;
        noAccess.pinFailure = new IllegalStateException("native access is not enabled");
        assertEquals(Doctor.Status.FAIL, check(noAccess, "native-access").status());
        assertTrue(check(noAccess, "native-access").fix().contains("--enable-native-access=ALL-UNNAMED (class path)"));
        assertEquals("WARN  libnuma        not loaded: native access is not enabled; fix: enable native access " +
            "(native-access above)", check(noAccess, "libnuma").line());
        assertEquals(Doctor.Status.FAIL, check(noAccess, "pinning").status());
        assertEquals("enable native access (native-access above)", check(noAccess, "pinning").fix());

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Doctor.FAILED_STATUS, Doctor.run(new String[0], noAccess, print(out), print(new ByteArrayOutputStream())));
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("doctor: 10 checks, 7 OK, 1 WARN, 2 FAIL\n"),
            out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWarnWithAFixForEachFallback()
    {
        final FakeProbe probe = new FakeProbe();
        probe.species = null;
        probe.libnumaFile = null;
        probe.libnumaProblem = "libnuma.so.1: cannot open shared object file";
        probe.allowed = BitSet.valueOf(new long[]{ 1L });
        probe.files.put("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never");
        probe.files.put("/proc/sys/kernel/perf_event_paranoid", "2");
        probe.files.put("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave");
        assertEquals("WARN  vector-api     jdk.incubator.vector not loaded: routing kernels run scalar; fix: start the JVM " +
            "with --add-modules jdk.incubator.vector", check(probe, "vector-api").line());
        assertEquals("WARN  libnuma        not loaded (libnuma.so.1: cannot open shared object file): memory placed by " +
            "first touch, pinning through libc still works; fix: install libnuma (Debian/Ubuntu: apt-get install " +
            "libnuma1; Fedora/RHEL: dnf install numactl-libs)", check(probe, "libnuma").line());
        assertEquals(Doctor.Status.WARN, check(probe, "cpus").status());
        assertEquals("echo madvise > /sys/kernel/mm/transparent_hugepage/enabled", check(probe, "hugepages").fix());
        assertEquals("sudo sysctl kernel.perf_event_paranoid=1", check(probe, "perf").fix());
        assertEquals("WARN  governor       cpu0's frequency governor is powersave: a worker that idles clocks down and " +
            "wakes slow; fix: sudo cpupower frequency-set -g performance", check(probe, "governor").line());

        probe.files.remove("/sys/bus/event_source/devices/cpu/type");
        assertTrue(check(probe, "perf").detail().contains("no hardware counters"), check(probe, "perf").detail());
        probe.files.remove("/proc/sys/kernel/perf_event_paranoid");
        assertEquals(Doctor.Status.WARN, check(probe, "perf").status());

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Doctor.OK_STATUS, Doctor.run(new String[0], probe, print(out), print(new ByteArrayOutputStream())),
            "warnings alone exit 0");
    }

    @Test
    void shouldFailPinningThatTheKernelRefuses()
    {
        final FakeProbe probe = new FakeProbe();
        probe.pinFailure = new IllegalStateException("sched_setaffinity: EINVAL");
        assertEquals("FAIL  pinning        sched_setaffinity failed: sched_setaffinity: EINVAL: workers run where the " +
            "scheduler puts them; fix: pinning needs Linux and a cpuset that allows the cpu (taskset -p $$ shows it)",
            check(probe, "pinning").line());
    }

    @Test
    void shouldSayWhichCpusAreIsolatedAndReadTheSelectedChoice()
    {
        final FakeProbe probe = new FakeProbe();
        probe.files.put("/sys/devices/system/cpu/isolated", "2-7");
        assertTrue(check(probe, "isolcpus").detail().startsWith("cpus 2-7 isolated"), check(probe, "isolcpus").detail());
        assertEquals("never", Doctor.selected("always madvise [never]"));
        assertEquals("madvise", Doctor.selected("madvise"));
    }

    @Test
    void shouldCheckThisMachineWithARealPinningCall()
    {
        // The test JVM runs with the documented flags (the parent pom's argLine), so nothing may fail here.
        final List<Doctor.Check> checks = Doctor.checks(Doctor.system());
        for (final Doctor.Check check : checks)
        {
            assertTrue(check.status() != Doctor.Status.FAIL, check.line());
        }
        final Doctor.Check pinning = checks.stream().filter(c -> c.name().equals("pinning")).findFirst().orElseThrow();
        assertTrue(pinning.detail().matches("sched_setaffinity pinned a thread to cpu \\d+ and getcpu says it runs there"),
            pinning.line());
        assertEquals(Runtime.version().feature() >= 25 ? Doctor.Status.OK : Doctor.Status.FAIL, checks.get(0).status());
    }

    @Test
    void shouldExitTwoWithOneLineOnAnArgument()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Doctor.USAGE_STATUS, Doctor.run(new String[]{ "--fix" }, new FakeProbe(),
            print(new ByteArrayOutputStream()), print(err)));
        assertEquals("quicksilver doctor: unexpected argument '--fix'\n(./quicksilver doctor --help says what it checks)\n",
            err.toString(StandardCharsets.UTF_8));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Doctor.OK_STATUS, Doctor.run(new String[]{ "--help" }, new FakeProbe(), print(out), print(err)));
        assertEquals(Doctor.USAGE, out.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
