package io.quicksilver.numa.topology;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The machine's CPUs, physical cores, shared-L3 groups, sockets and NUMA nodes, as Linux reports them in sysfs.
 * <p>
 * Immutable and read once, at startup: placement asks it questions ("the CPUs of node 1", "the first thread of every
 * core", "the siblings of cpu 3"), nothing on a hot path does. Only online CPUs are modelled. A kernel without NUMA
 * support is modelled as one node 0 holding every CPU; a machine that does not report its L3 cache is modelled with
 * one L3 group per socket. {@link #numaReported()} and {@link #l3Reported()} say when those fallbacks were taken.
 */
public final class Topology
{
    private final String source;
    private final List<Cpu> cpus;
    private final Cpu[] cpuById;
    private final IdSet cpuIds;
    private final List<Core> cores;
    private final List<L3Group> l3Groups;
    private final List<Socket> sockets;
    private final List<NumaNode> nodes;
    private final IdSet nodeIds;
    private final boolean numaReported;
    private final boolean l3Reported;

    Topology(
        final String source,
        final List<Cpu> cpus,
        final List<Core> cores,
        final List<L3Group> l3Groups,
        final List<Socket> sockets,
        final List<NumaNode> nodes,
        final boolean numaReported,
        final boolean l3Reported)
    {
        this.source = Objects.requireNonNull(source, "source");
        this.cpus = List.copyOf(cpus);
        this.cores = List.copyOf(cores);
        this.l3Groups = List.copyOf(l3Groups);
        this.sockets = List.copyOf(sockets);
        this.nodes = List.copyOf(nodes);
        this.numaReported = numaReported;
        this.l3Reported = l3Reported;
        this.cpuIds = IdSet.of(this.cpus.stream().mapToInt(Cpu::id).toArray());
        this.cpuById = new Cpu[cpuIds.isEmpty() ? 0 : cpuIds.get(cpuIds.size() - 1) + 1];
        for (final Cpu cpu : this.cpus)
        {
            cpuById[cpu.id()] = cpu;
        }
        this.nodeIds = IdSet.of(this.nodes.stream().mapToInt(NumaNode::id).toArray());
    }

    /**
     * Reads the topology of a sysfs tree.
     *
     * @param root the directory that holds {@code sys/devices/system}: {@code /} for this machine, or a recorded tree.
     * @return the topology it describes.
     * @throws TopologyException naming the file and the value when a file is missing or malformed.
     */
    public static Topology fromSysfs(final Path root)
    {
        return SysfsTopologyReader.read(root);
    }

    /**
     * @return the topology of the machine this JVM runs on, read from {@code /sys}.
     * @throws TopologyException when sysfs is not there (not Linux) or malformed.
     */
    public static Topology live()
    {
        return fromSysfs(Path.of("/"));
    }

    /**
     * @return the sysfs root this topology was read from.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the online CPUs, in ascending order of id.
     */
    public List<Cpu> cpus()
    {
        return cpus;
    }

    /**
     * @return the ids of the online CPUs.
     */
    public IdSet cpuIds()
    {
        return cpuIds;
    }

    /**
     * @param id a CPU number.
     * @return true when that CPU is online on this machine.
     */
    public boolean hasCpu(final int id)
    {
        return id >= 0 && id < cpuById.length && cpuById[id] != null;
    }

    /**
     * @param id an online CPU number.
     * @return that CPU.
     * @throws IllegalArgumentException naming the CPUs there are when it is not online.
     */
    public Cpu cpu(final int id)
    {
        if (!hasCpu(id))
        {
            throw new IllegalArgumentException("cpu " + id + " not in this machine's cpus " + cpuIds);
        }
        return cpuById[id];
    }

    /**
     * @return the physical cores, ordered by their lowest CPU number.
     */
    public List<Core> cores()
    {
        return cores;
    }

    /**
     * @param index a core index, as in {@link Cpu#core()}.
     * @return that core.
     */
    public Core core(final int index)
    {
        return cores.get(index);
    }

    /**
     * @return the groups of CPUs sharing an L3 cache, ordered by their lowest CPU number.
     */
    public List<L3Group> l3Groups()
    {
        return l3Groups;
    }

    /**
     * @param index an L3 group index, as in {@link Cpu#l3Group()}.
     * @return that group.
     */
    public L3Group l3Group(final int index)
    {
        return l3Groups.get(index);
    }

    /**
     * @return the sockets, in ascending order of id.
     */
    public List<Socket> sockets()
    {
        return sockets;
    }

    /**
     * @return the online NUMA nodes, in ascending order of id, including nodes with no CPUs.
     */
    public List<NumaNode> nodes()
    {
        return nodes;
    }

    /**
     * @return the ids of the online NUMA nodes.
     */
    public IdSet nodeIds()
    {
        return nodeIds;
    }

    /**
     * @param id a node number.
     * @return true when that node is online.
     */
    public boolean hasNode(final int id)
    {
        return nodeIds.contains(id);
    }

    /**
     * @param id an online node number.
     * @return that node.
     * @throws IllegalArgumentException naming the nodes there are when it is not online.
     */
    public NumaNode node(final int id)
    {
        for (final NumaNode node : nodes)
        {
            if (node.id() == id)
            {
                return node;
            }
        }
        throw new IllegalArgumentException("node " + id + " not in this machine's nodes " + nodeIds);
    }

    /**
     * @return the ids of the nodes memory can be allocated on.
     */
    public IdSet nodesWithMemory()
    {
        return IdSet.of(nodes.stream().filter(NumaNode::hasMemory).mapToInt(NumaNode::id).toArray());
    }

    /**
     * @param from an online node.
     * @param to   an online node.
     * @return the SLIT distance between them (10 = local).
     */
    public int distance(final int from, final int to)
    {
        return node(from).distanceTo(to);
    }

    /**
     * The node memory "local to" {@code node} really comes from: the node itself when it has memory, otherwise the
     * closest node that has, which is where the kernel's local allocation falls back to.
     *
     * @param node an online node.
     * @return the nearest node with memory (lowest id on a tie).
     */
    public int nearestNodeWithMemory(final int node)
    {
        final NumaNode from = node(node);
        if (from.hasMemory())
        {
            return node;
        }
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (final NumaNode candidate : nodes)
        {
            if (candidate.hasMemory() && from.distanceTo(candidate.id()) < bestDistance)
            {
                best = candidate.id();
                bestDistance = from.distanceTo(best);
            }
        }
        if (best < 0)
        {
            throw new IllegalStateException("no node has memory: nodes=" + nodeIds);
        }
        return best;
    }

    /**
     * @param node an online node.
     * @return its CPUs (empty for a memory-only node).
     */
    public IdSet cpusOfNode(final int node)
    {
        return node(node).cpus();
    }

    /**
     * @param socket a socket id.
     * @return its CPUs, empty when there is no such socket.
     */
    public IdSet cpusOfSocket(final int socket)
    {
        return sockets.stream().filter(s -> s.id() == socket).map(Socket::cpus).findFirst().orElse(IdSet.empty());
    }

    /**
     * @param l3Group an L3 group index.
     * @return its CPUs.
     */
    public IdSet cpusOfL3Group(final int l3Group)
    {
        return l3Groups.get(l3Group).cpus();
    }

    /**
     * @param cpu an online CPU.
     * @return the other hardware threads of its physical core.
     */
    public IdSet siblingsOf(final int cpu)
    {
        return cpu(cpu).siblings();
    }

    /**
     * @return the lowest-numbered thread of every physical core: the CPUs to use for one worker per core.
     */
    public IdSet firstThreadOfEachCore()
    {
        return IdSet.of(cores.stream().mapToInt(Core::firstCpu).toArray());
    }

    /**
     * @return the most hardware threads any core has (1 without SMT).
     */
    public int threadsPerCore()
    {
        return cores.stream().mapToInt(c -> c.cpus().size()).max().orElse(0);
    }

    /**
     * @return false when the kernel reports no NUMA nodes and this model assumed one node 0.
     */
    public boolean numaReported()
    {
        return numaReported;
    }

    /**
     * @return false when no CPU reports an L3 cache and this model assumed one L3 group per socket.
     */
    public boolean l3Reported()
    {
        return l3Reported;
    }

    /**
     * @return a one-line summary, e.g. {@code 80 cpus 0-79, 2 sockets, 40 cores x 2 threads, 2 L3 groups of 40 cpus,
     * 2 NUMA nodes (node0 0-19,40-59; node1 20-39,60-79), distances [10 21] [21 10]}.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(cpus.size()).append(cpus.size() == 1 ? " cpu " : " cpus ").append(cpuIds)
            .append(", ").append(plural(sockets.size(), "socket"))
            .append(", ").append(plural(cores.size(), "core")).append(" x ").append(plural(threadsPerCore(), "thread"))
            .append(", ").append(plural(l3Groups.size(), "L3 group")).append(" of ").append(range(
                l3Groups.stream().mapToInt(g -> g.cpus().size()).min().orElse(0),
                l3Groups.stream().mapToInt(g -> g.cpus().size()).max().orElse(0))).append(" cpus");
        if (!l3Reported)
        {
            sb.append(" (no L3 reported: one per socket assumed)");
        }
        sb.append(", ").append(plural(nodes.size(), "NUMA node")).append(" (")
            .append(nodes.stream().map(n -> "node" + n.id() + " " + (n.cpus().isEmpty() ? "no cpus" : n.cpus()) +
                (n.hasMemory() ? "" : " no memory")).collect(Collectors.joining("; ")))
            .append(")");
        if (numaReported)
        {
            sb.append(", distances ").append(nodes.stream()
                .map(n -> Arrays.stream(n.distances()).mapToObj(Integer::toString).collect(Collectors.joining(" ", "[", "]")))
                .collect(Collectors.joining(" ")));
        }
        else
        {
            sb.append(" (kernel reports no NUMA: one node assumed)");
        }
        return sb.toString();
    }

    private static String plural(final int count, final String noun)
    {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String range(final int min, final int max)
    {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    @Override
    public String toString()
    {
        return "Topology{" + source + ": " + describe() + "}";
    }
}
