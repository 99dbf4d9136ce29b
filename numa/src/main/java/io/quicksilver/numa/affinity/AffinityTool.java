package io.quicksilver.numa.affinity;

import io.quicksilver.numa.NumaCapabilities;
import io.quicksilver.numa.topology.IdSet;
import io.quicksilver.numa.topology.Topology;
import io.quicksilver.numa.topology.TopologyException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./quicksilver affinity check FILE [--topology DIR]}: resolves an affinity config file against this machine,
 * or against a recorded sysfs tree, and prints the plan, so that a config can be checked before a deployment.
 * Against this machine it also prints {@link NumaCapabilities#describe()} (libnuma, pinning, memory placement) and
 * warns when the plan uses CPUs this process may not run on.
 * <p>
 * Exit status: 0 when the plan is printed, 1 when the config or the topology is wrong (the message says where),
 * 2 on bad usage.
 */
public final class AffinityTool
{
    static final int OK = 0;
    static final int CONFIG_ERROR = 1;
    static final int USAGE_ERROR = 2;

    static final String SEE_HELP = "(./quicksilver affinity --help lists the options)";

    static final String USAGE = """
        usage: quicksilver affinity check FILE [--topology DIR]

          check FILE        resolve the affinity config FILE against this machine and print
                            the worker placement plan
          --topology DIR    resolve against a recorded sysfs tree instead (DIR holds
                            sys/devices/system/...), e.g. one of numa/src/test/resources/topologies

        exit status: 0 plan printed, 1 config or topology error, 2 bad usage
        """;

    private AffinityTool()
    {
    }

    /**
     * @param args {@code check FILE [--topology DIR]}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool without exiting the JVM.
     *
     * @param args command-line arguments.
     * @param out  where the plan (and {@code --help}) goes.
     * @param err  where errors go: after bad usage, one line and a pointer to {@code --help}.
     * @return the exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")))
        {
            out.print(USAGE);
            return OK;
        }
        if (args.length == 0 || !args[0].equals("check"))
        {
            return usageError(err, args.length == 0 ? "missing command" : "unknown command '" + args[0] + "'");
        }

        Path file = null;
        Path topologyRoot = null;
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--topology"))
            {
                if (i + 1 >= args.length || topologyRoot != null)
                {
                    return usageError(err, topologyRoot != null ? "--topology given twice" : "--topology needs a directory");
                }
                topologyRoot = Path.of(args[++i]);
            }
            else if (arg.startsWith("-"))
            {
                return usageError(err, "unknown option '" + arg + "'");
            }
            else if (file == null)
            {
                file = Path.of(arg);
            }
            else
            {
                return usageError(err, "more than one FILE: '" + file + "' and '" + arg + "'");
            }
        }
        if (file == null)
        {
            return usageError(err, "check needs a FILE");
        }
        if (topologyRoot != null && !Files.isDirectory(topologyRoot.resolve("sys/devices/system")))
        {
            err.println("quicksilver affinity: --topology " + topologyRoot +
                ": not a sysfs tree (no sys/devices/system under it)");
            return CONFIG_ERROR;
        }

        try
        {
            final AffinityConfig config = AffinityConfig.parse(file);
            final Topology topology = topologyRoot == null ? Topology.live() : Topology.fromSysfs(topologyRoot);
            final AffinityPlan plan = AffinityPlanner.plan(config, topology);
            final NumaCapabilities capabilities = topologyRoot == null ? capabilities(err) : null;
            if (capabilities != null)
            {
                // What this JVM can actually do on this machine only means something for the live topology.
                out.print(capabilities.describe());
            }
            out.println("topology: " + (topologyRoot == null ? "this machine (/sys)" : topologyRoot.toString()) + ": " +
                topology.describe());
            out.println("config:   " + config.fileName() + ": " + config.describe());
            if (capabilities != null)
            {
                final IdSet allowed = IdSet.of(capabilities.allowedCpus().stream().toArray());
                final IdSet outside = plan.cpus().minus(allowed);
                if (capabilities.pinningAvailable() && !outside.isEmpty())
                {
                    out.println("warning:  " + (outside.size() == 1 ? "cpu " + outside + " is" : "cpus " + outside + " are") +
                        " outside this process's allowed cpus " + allowed +
                        " (taskset or cgroup cpuset): pinning a worker there fails unless the runtime is started " +
                        "with them allowed");
                }
            }
            out.println();
            out.print(plan.toTable());
            return OK;
        }
        catch (final AffinityConfigException ex)
        {
            err.println(ex.getMessage());
            return CONFIG_ERROR;
        }
        catch (final TopologyException ex)
        {
            err.println("quicksilver affinity: cannot read the topology: " + ex.getMessage());
            return CONFIG_ERROR;
        }
    }

    private static NumaCapabilities capabilities(final PrintStream err)
    {
        try
        {
            return NumaCapabilities.detect();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            err.println("quicksilver affinity: cannot detect NUMA capabilities: " + ex);
            return null;
        }
    }

    private static int usageError(final PrintStream err, final String problem)
    {
        // One line and a pointer, like every Quicksilver command: the whole usage would bury the problem.
        err.println("quicksilver affinity: " + problem);
        err.println(SEE_HELP);
        return USAGE_ERROR;
    }
}
