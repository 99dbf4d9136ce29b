package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.topology.Topology;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the report says about where it ran: CPUs, CPU model, NUMA layout, JVM and its flags, the command line.
 *
 * @param nproc       CPUs this JVM may use.
 * @param cpuModel    from /proc/cpuinfo, or "unknown".
 * @param topology    {@link Topology#describe()} of the live machine, or why it could not be read.
 * @param jvm         vendor, name and version.
 * @param jvmFlags    the JVM's input arguments.
 * @param commandLine as the user typed it.
 * @param pinning     whether pinning works, or why not.
 */
public record MachineInfo(
    int nproc, String cpuModel, String topology, String jvm, List<String> jvmFlags, String commandLine, String pinning,
    String stalls)
{
    /**
     * @param args     the bench arguments.
     * @param topology the live topology, or null.
     * @param topologyError why it is null.
     * @param pinning  pinning status line.
     * @param stalls   what the {@link StallProbe} saw.
     * @return this machine.
     */
    public static MachineInfo live(
        final List<String> args, final Topology topology, final String topologyError, final String pinning,
        final String stalls)
    {
        return new MachineInfo(
            Runtime.getRuntime().availableProcessors(),
            readCpuModel(),
            topology != null ? topology.describe() : "unavailable: " + topologyError,
            System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " +
                System.getProperty("java.runtime.version"),
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            "./quicksilver bench" + (args.isEmpty() ? "" : " " + String.join(" ", args)),
            pinning,
            stalls);
    }

    static String readCpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
        return "unknown";
    }
}
