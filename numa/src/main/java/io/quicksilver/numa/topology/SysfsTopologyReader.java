package io.quicksilver.numa.topology;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the topology from a sysfs tree. The root is injectable so that tests and {@code --topology} can point it at
 * a recorded tree ({@code ROOT/sys/devices/system/...}) instead of the live {@code /}.
 * <p>
 * Files read, relative to {@code sys/devices/system}: {@code cpu/online}; for each online CPU
 * {@code topology/physical_package_id}, {@code topology/core_id}, {@code topology/core_cpus_list} (or
 * {@code thread_siblings_list} on kernels before 5.7), {@code cache/index3/level} and
 * {@code cache/index3/shared_cpu_list}; {@code node/online}, {@code node/has_memory} and for each online node
 * {@code nodeN/cpulist} and {@code nodeN/distance}.
 */
final class SysfsTopologyReader
{
    private static final Pattern NODE_DIR = Pattern.compile("node(\\d+)");

    private final Path root;
    private final Path cpuDir;
    private final Path nodeDir;

    private SysfsTopologyReader(final Path root)
    {
        this.root = root;
        final Path system = root.resolve("sys").resolve("devices").resolve("system");
        this.cpuDir = system.resolve("cpu");
        this.nodeDir = system.resolve("node");
    }

    static Topology read(final Path root)
    {
        return new SysfsTopologyReader(root).read();
    }

    private record RawCpu(int id, int socket, int coreId, IdSet threads, IdSet l3Sharers)
    {
    }

    private Topology read()
    {
        final IdSet online = readIdSet(cpuDir.resolve("online"));
        if (online.isEmpty())
        {
            throw new TopologyException(cpuDir.resolve("online") + ": no online cpu in \"\"");
        }

        final Map<Integer, RawCpu> raw = new LinkedHashMap<>();
        boolean allHaveL3 = true;
        for (int i = 0; i < online.size(); i++)
        {
            final int cpu = online.get(i);
            final Path dir = cpuDir.resolve("cpu" + cpu);
            final Path topologyDir = dir.resolve("topology");
            final int socket = readInt(topologyDir.resolve("physical_package_id"));
            final int coreId = readInt(topologyDir.resolve("core_id"));
            Path threadsFile = topologyDir.resolve("core_cpus_list");
            if (!Files.exists(threadsFile))
            {
                threadsFile = topologyDir.resolve("thread_siblings_list");
            }
            final IdSet threads = readIdSet(threadsFile).intersect(online);
            if (!threads.contains(cpu))
            {
                throw new TopologyException(threadsFile + ": \"" + threads + "\" does not hold cpu " + cpu + " itself");
            }
            final IdSet l3 = readL3Sharers(dir.resolve("cache").resolve("index3"), cpu, online);
            allHaveL3 &= l3 != null;
            raw.put(cpu, new RawCpu(cpu, socket, coreId, threads, l3));
        }

        final Map<Integer, IdSet> socketCpus = new TreeMap<>();
        for (final RawCpu c : raw.values())
        {
            socketCpus.merge(c.socket(), IdSet.of(c.id()), IdSet::union);
        }
        final List<Socket> sockets = new ArrayList<>();
        socketCpus.forEach((id, cpus) -> sockets.add(new Socket(id, cpus)));

        // Cores and L3 groups are the distinct sibling sets; core_id alone is ambiguous across sockets and dies.
        final List<IdSet> coreSets = distinctGroups(raw, RawCpu::threads, "core_cpus_list");
        final boolean l3Reported = allHaveL3;
        final List<IdSet> l3Sets = distinctGroups(
            raw, c -> l3Reported ? c.l3Sharers() : socketCpus.get(c.socket()), "cache/index3/shared_cpu_list");

        final boolean numaReported = Files.isDirectory(nodeDir);
        final List<NumaNode> nodes = numaReported ? readNodes(online) : List.of(
            new NumaNode(0, online, true, IdSet.of(0), new int[]{ 10 }));
        final Map<Integer, Integer> nodeOfCpu = new TreeMap<>();
        for (final NumaNode node : nodes)
        {
            node.cpus().stream().forEach(cpu ->
            {
                final Integer previous = nodeOfCpu.put(cpu, node.id());
                if (previous != null)
                {
                    throw new TopologyException(nodeDir + ": cpu " + cpu + " is in the cpulist of node" + previous +
                        " and of node" + node.id());
                }
            });
        }
        for (final int cpu : online.toArray())
        {
            if (!nodeOfCpu.containsKey(cpu))
            {
                throw new TopologyException(nodeDir + ": cpu " + cpu + " is online but in no node's cpulist");
            }
        }

        final int[] l3OfCpu = indexOf(l3Sets, online);
        final int[] coreOfCpu = indexOf(coreSets, online);
        final List<L3Group> l3Groups = new ArrayList<>();
        for (int i = 0; i < l3Sets.size(); i++)
        {
            final IdSet cpus = l3Sets.get(i);
            l3Groups.add(new L3Group(i, raw.get(cpus.first()).socket(), cpus));
        }
        final List<Core> cores = new ArrayList<>();
        for (int i = 0; i < coreSets.size(); i++)
        {
            final IdSet cpus = coreSets.get(i);
            final RawCpu first = raw.get(cpus.first());
            cores.add(new Core(i, first.coreId(), first.socket(), nodeOfCpu.get(first.id()), l3OfCpu[first.id()], cpus));
        }
        final List<Cpu> cpus = new ArrayList<>();
        for (final RawCpu c : raw.values())
        {
            cpus.add(new Cpu(c.id(), coreOfCpu[c.id()], c.coreId(), c.socket(), nodeOfCpu.get(c.id()),
                l3OfCpu[c.id()], c.threads().minus(IdSet.of(c.id()))));
        }

        return new Topology(root.toString(), cpus, cores, l3Groups, sockets, nodes, numaReported, l3Reported);
    }

    /**
     * @return the online CPUs sharing index3, or null when index3 is absent or is not the L3 (the caller then treats
     * each socket as one group).
     */
    private IdSet readL3Sharers(final Path index3, final int cpu, final IdSet online)
    {
        final Path shared = index3.resolve("shared_cpu_list");
        if (!Files.exists(shared))
        {
            return null;
        }
        final Path level = index3.resolve("level");
        if (Files.exists(level) && readInt(level) != 3)
        {
            return null;
        }
        final IdSet sharers = readIdSet(shared).intersect(online);
        if (!sharers.contains(cpu))
        {
            throw new TopologyException(shared + ": \"" + sharers + "\" does not hold cpu " + cpu + " itself");
        }
        return sharers;
    }

    private static List<IdSet> distinctGroups(
        final Map<Integer, RawCpu> raw, final java.util.function.Function<RawCpu, IdSet> groupOf, final String file)
    {
        final Map<Integer, IdSet> byFirst = new TreeMap<>();
        for (final RawCpu c : raw.values())
        {
            final IdSet group = groupOf.apply(c);
            final IdSet seen = byFirst.putIfAbsent(group.first(), group);
            if (seen != null && !seen.equals(group))
            {
                throw new TopologyException(file + " disagrees between cpus: cpu " + c.id() + " says \"" + group +
                    "\" but another cpu says \"" + seen + "\"");
            }
        }
        // A cpu must appear in exactly one group, or the files overlap inconsistently.
        final List<IdSet> groups = new ArrayList<>(byFirst.values());
        groups.sort(Comparator.comparingInt(IdSet::first));
        final Map<Integer, IdSet> owner = new TreeMap<>();
        for (final IdSet group : groups)
        {
            for (final int cpu : group.toArray())
            {
                final IdSet other = owner.put(cpu, group);
                if (other != null)
                {
                    throw new TopologyException(file + " overlaps between cpus: cpu " + cpu + " is in \"" + other +
                        "\" and in \"" + group + "\"");
                }
            }
        }
        return List.copyOf(groups);
    }

    private static int[] indexOf(final List<IdSet> groups, final IdSet online)
    {
        final int[] index = new int[online.get(online.size() - 1) + 1];
        for (int i = 0; i < groups.size(); i++)
        {
            for (final int cpu : groups.get(i).toArray())
            {
                index[cpu] = i;
            }
        }
        return index;
    }

    private List<NumaNode> readNodes(final IdSet onlineCpus)
    {
        final Path onlineFile = nodeDir.resolve("online");
        final IdSet onlineNodes = Files.exists(onlineFile) ? readIdSet(onlineFile) : listNodeDirs();
        if (onlineNodes.isEmpty())
        {
            throw new TopologyException(onlineFile + ": no online node in \"\"");
        }
        final Path hasMemoryFile = nodeDir.resolve("has_memory");
        // Kernels before 2.6.36 have no has_memory; every node then counts as having memory.
        final IdSet withMemory = Files.exists(hasMemoryFile) ? readIdSet(hasMemoryFile) : onlineNodes;

        final List<NumaNode> nodes = new ArrayList<>();
        for (final int node : onlineNodes.toArray())
        {
            final Path dir = nodeDir.resolve("node" + node);
            final IdSet cpus = readIdSet(dir.resolve("cpulist")).intersect(onlineCpus);
            final Path distanceFile = dir.resolve("distance");
            final String distanceText = readText(distanceFile);
            final String[] fields = distanceText.isEmpty() ? new String[0] : distanceText.split("\\s+");
            if (fields.length != onlineNodes.size())
            {
                throw new TopologyException(distanceFile + ": \"" + distanceText + "\" has " + fields.length +
                    " distances but there are " + onlineNodes.size() + " online nodes (" + onlineNodes + ")");
            }
            final int[] distances = new int[fields.length];
            for (int i = 0; i < fields.length; i++)
            {
                distances[i] = parseInt(distanceFile, distanceText, fields[i]);
            }
            nodes.add(new NumaNode(node, cpus, withMemory.contains(node), onlineNodes, distances));
        }
        return List.copyOf(nodes);
    }

    private IdSet listNodeDirs()
    {
        final List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(nodeDir))
        {
            for (final Path entry : entries)
            {
                final var matcher = NODE_DIR.matcher(entry.getFileName().toString());
                if (matcher.matches())
                {
                    ids.add(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new TopologyException("cannot list " + nodeDir + ": " + ex, ex);
        }
        return IdSet.of(ids.stream().mapToInt(Integer::intValue).toArray());
    }

    private static IdSet readIdSet(final Path file)
    {
        final String text = readText(file);
        try
        {
            return IdSet.parse(text);
        }
        catch (final IdListFormatException ex)
        {
            throw new TopologyException(file + ": invalid cpu list \"" + text + "\": " + ex.reason(), ex);
        }
    }

    private static int readInt(final Path file)
    {
        final String text = readText(file);
        return parseInt(file, text, text);
    }

    private static int parseInt(final Path file, final String text, final String field)
    {
        try
        {
            return Integer.parseInt(field);
        }
        catch (final NumberFormatException ex)
        {
            throw new TopologyException(file + ": expected an integer, found \"" + field + "\"" +
                (field.equals(text) ? "" : " in \"" + text + "\""), ex);
        }
    }

    private static String readText(final Path file)
    {
        try
        {
            return Files.readString(file).strip();
        }
        catch (final NoSuchFileException ex)
        {
            throw new TopologyException("cannot read " + file + ": no such file", ex);
        }
        catch (final IOException ex)
        {
            throw new TopologyException("cannot read " + file + ": " + ex, ex);
        }
    }
}
