package io.quicksilver.numa.topology;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.quicksilver.numa.topology.Fixtures.EPYC_7543_2S;
import static io.quicksilver.numa.topology.Fixtures.KVM_EPYC_2CPU;
import static io.quicksilver.numa.topology.Fixtures.MIXED_MEMORY_NODES;
import static io.quicksilver.numa.topology.Fixtures.NO_NUMA_4CPU;
import static io.quicksilver.numa.topology.Fixtures.XEON_GOLD_6248_2S;
import static io.quicksilver.numa.topology.Fixtures.topology;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest
{
    @Test
    void shouldReadThisBuildMachine()
    {
        final Topology t = topology(KVM_EPYC_2CPU);

        assertEquals(2, t.cpus().size());
        assertEquals(2, t.cores().size());
        assertEquals(1, t.sockets().size());
        assertEquals(1, t.l3Groups().size());
        assertEquals(1, t.nodes().size());
        assertEquals(1, t.threadsPerCore());
        assertTrue(t.siblingsOf(0).isEmpty());
        assertEquals(10, t.distance(0, 0));
        assertEquals("0-1", t.cpusOfL3Group(0).toString());
        assertTrue(t.numaReported());
        assertTrue(t.l3Reported());
    }

    @Test
    void shouldCountXeonGold6248TwoSocket()
    {
        final Topology t = topology(XEON_GOLD_6248_2S);

        assertEquals(80, t.cpus().size());
        assertEquals(40, t.cores().size());
        assertEquals(2, t.sockets().size());
        assertEquals(2, t.l3Groups().size());
        assertEquals(2, t.nodes().size());
        assertEquals(2, t.threadsPerCore());
        assertEquals("0-79", t.cpuIds().toString());
    }

    @Test
    void shouldPairXeonHyperthreadsFortyApart()
    {
        final Topology t = topology(XEON_GOLD_6248_2S);

        for (int cpu = 0; cpu < 40; cpu++)
        {
            assertEquals(IdSet.of(cpu + 40), t.siblingsOf(cpu), "cpu " + cpu);
            assertEquals(IdSet.of(cpu), t.siblingsOf(cpu + 40), "cpu " + (cpu + 40));
            assertEquals(t.cpu(cpu).core(), t.cpu(cpu + 40).core());
        }
        assertEquals("0-39", t.firstThreadOfEachCore().toString());
    }

    @Test
    void shouldKeepXeonNonContiguousCoreIdsButGiveCoresUniqueIndices()
    {
        final Topology t = topology(XEON_GOLD_6248_2S);

        assertEquals(8, t.cpu(5).coreId());
        assertEquals(28, t.cpu(19).coreId());
        assertEquals(0, t.cpu(20).coreId(), "core_id restarts on socket 1");
        assertEquals(20, t.cpu(20).core(), "core index does not");
        assertEquals(t.cpu(0).coreId(), t.cpu(20).coreId());
        assertFalse(t.cpu(0).core() == t.cpu(20).core());
    }

    @Test
    void shouldGiveXeonOneL3AndOneNodePerSocket()
    {
        final Topology t = topology(XEON_GOLD_6248_2S);

        assertEquals("0-19,40-59", t.cpusOfSocket(0).toString());
        assertEquals("20-39,60-79", t.cpusOfSocket(1).toString());
        assertEquals(t.cpusOfSocket(0), t.cpusOfL3Group(0));
        assertEquals(t.cpusOfSocket(1), t.cpusOfL3Group(1));
        assertEquals(t.cpusOfSocket(0), t.cpusOfNode(0));
        assertEquals(t.cpusOfSocket(1), t.cpusOfNode(1));
        assertEquals(1, t.cpu(65).node());
        assertEquals(1, t.cpu(65).socket());
    }

    @Test
    void shouldReadXeonDistances()
    {
        final Topology t = topology(XEON_GOLD_6248_2S);

        assertEquals(10, t.distance(0, 0));
        assertEquals(21, t.distance(0, 1));
        assertEquals(21, t.distance(1, 0));
        assertArrayEquals(new int[]{ 21, 10 }, t.node(1).distances());
    }

    @Test
    void shouldCountEpyc7543TwoSocket()
    {
        final Topology t = topology(EPYC_7543_2S);

        assertEquals(128, t.cpus().size());
        assertEquals(64, t.cores().size());
        assertEquals(2, t.sockets().size());
        assertEquals(16, t.l3Groups().size());
        assertEquals(2, t.nodes().size());
        assertEquals(2, t.threadsPerCore());
    }

    @Test
    void shouldGroupEpycCcxOfFourCoresAndEightThreads()
    {
        final Topology t = topology(EPYC_7543_2S);

        for (final L3Group group : t.l3Groups())
        {
            assertEquals(8, group.cpus().size(), "ccx " + group.index());
            assertEquals(group.index() < 8 ? 0 : 1, group.socket());
        }
        assertEquals("4-7,68-71", t.cpusOfL3Group(1).toString());
        assertEquals("60-63,124-127", t.cpusOfL3Group(15).toString());
        assertEquals(1, t.cpu(70).l3Group());
        assertEquals(t.cpu(6).l3Group(), t.cpu(70).l3Group());
    }

    @Test
    void shouldPairEpycSmtThreadsSixtyFourApart()
    {
        final Topology t = topology(EPYC_7543_2S);

        assertEquals(IdSet.of(64), t.siblingsOf(0));
        assertEquals(IdSet.of(63), t.siblingsOf(127));
        assertEquals(10, t.cpu(70).coreId(), "apic-derived core_id: ccx 1 starts at 8");
        assertEquals("0-63", t.firstThreadOfEachCore().toString());
    }

    @Test
    void shouldReadEpycNps1NodesAndDistances()
    {
        final Topology t = topology(EPYC_7543_2S);

        assertEquals("0-31,64-95", t.cpusOfNode(0).toString());
        assertEquals("32-63,96-127", t.cpusOfNode(1).toString());
        assertEquals(32, t.distance(0, 1));
        assertEquals(10, t.distance(1, 1));
    }

    @Test
    void shouldFallBackToOneNodeAndSocketL3WithoutNumaOrCacheInfo()
    {
        final Topology t = topology(NO_NUMA_4CPU);

        assertFalse(t.numaReported());
        assertFalse(t.l3Reported());
        assertEquals(List.of(0), t.nodes().stream().map(NumaNode::id).toList());
        assertEquals("0-3", t.cpusOfNode(0).toString());
        assertEquals(10, t.distance(0, 0));
        assertEquals(1, t.l3Groups().size());
        assertEquals("0-3", t.cpusOfL3Group(0).toString());
        assertEquals(2, t.cores().size(), "cores come from thread_siblings_list on pre-5.7 kernels");
        assertEquals(IdSet.of(1), t.siblingsOf(0));
    }

    @Test
    void shouldModelNodesWithoutCpusOrWithoutMemory()
    {
        final Topology t = topology(MIXED_MEMORY_NODES);

        assertEquals(3, t.nodes().size());
        assertTrue(t.node(2).cpus().isEmpty());
        assertFalse(t.node(1).hasMemory());
        assertEquals("0,2", t.nodesWithMemory().toString());
        assertEquals(0, t.nearestNodeWithMemory(1), "node 1 is 21 from node 0 and 24 from node 2");
        assertEquals(2, t.nearestNodeWithMemory(2));
    }

    @Test
    void shouldDescribeItselfOnOneLine()
    {
        assertEquals("80 cpus 0-79, 2 sockets, 40 cores x 2 threads, 2 L3 groups of 40 cpus, " +
            "2 NUMA nodes (node0 0-19,40-59; node1 20-39,60-79), distances [10 21] [21 10]",
            topology(XEON_GOLD_6248_2S).describe());
        assertEquals("4 cpus 0-3, 1 socket, 2 cores x 2 threads, 1 L3 group of 4 cpus " +
            "(no L3 reported: one per socket assumed), 1 NUMA node (node0 0-3) (kernel reports no NUMA: one node assumed)",
            topology(NO_NUMA_4CPU).describe());
    }

    @Test
    void shouldRejectCpuNotOnMachineNamingTheCpusThereAre()
    {
        final Topology t = topology(KVM_EPYC_2CPU);

        assertFalse(t.hasCpu(2));
        assertEquals("cpu 2 not in this machine's cpus 0-1",
            assertThrows(IllegalArgumentException.class, () -> t.cpu(2)).getMessage());
        assertEquals("node 1 not in this machine's nodes 0",
            assertThrows(IllegalArgumentException.class, () -> t.node(1)).getMessage());
    }

    @Test
    void shouldReadLiveMachineConsistently()
    {
        final Topology t = Topology.live();

        assertTrue(Runtime.getRuntime().availableProcessors() <= t.cpus().size(),
            "the JVM sees no more cpus than are online");
        assertEquals(t.cpus().size(), t.cores().stream().mapToInt(c -> c.cpus().size()).sum());
        assertEquals(t.cpus().size(), t.l3Groups().stream().mapToInt(g -> g.cpus().size()).sum());
    }
}
