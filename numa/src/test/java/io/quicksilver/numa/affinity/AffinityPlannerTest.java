package io.quicksilver.numa.affinity;

import io.quicksilver.numa.topology.Fixtures;
import io.quicksilver.numa.topology.IdSet;
import io.quicksilver.numa.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.quicksilver.numa.affinity.AffinityConfigTest.parse;
import static io.quicksilver.numa.topology.Fixtures.EPYC_7543_2S;
import static io.quicksilver.numa.topology.Fixtures.KVM_EPYC_2CPU;
import static io.quicksilver.numa.topology.Fixtures.MIXED_MEMORY_NODES;
import static io.quicksilver.numa.topology.Fixtures.NO_NUMA_4CPU;
import static io.quicksilver.numa.topology.Fixtures.XEON_GOLD_6248_2S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AffinityPlannerTest
{
    private static final Topology VM = Fixtures.topology(KVM_EPYC_2CPU);
    private static final Topology XEON = Fixtures.topology(XEON_GOLD_6248_2S);
    private static final Topology EPYC = Fixtures.topology(EPYC_7543_2S);

    private static AffinityPlan plan(final Topology topology, final String... lines)
    {
        return AffinityPlanner.plan(parse(lines), topology);
    }

    private static String error(final Topology topology, final String... lines)
    {
        final AffinityConfig config = parse(lines);
        return assertThrows(AffinityConfigException.class, () -> AffinityPlanner.plan(config, topology)).getMessage();
    }

    private static List<Integer> cpus(final AffinityPlan plan)
    {
        return plan.placements().stream().map(WorkerPlacement::cpu).toList();
    }

    private static List<Integer> nodes(final AffinityPlan plan)
    {
        return plan.placements().stream().map(WorkerPlacement::node).toList();
    }

    private static void assertNoTwoWorkersShareACore(final AffinityPlan plan, final Topology topology)
    {
        for (final WorkerPlacement a : plan.placements())
        {
            for (final WorkerPlacement b : plan.placements())
            {
                if (a.worker() != b.worker())
                {
                    assertFalse(topology.siblingsOf(a.cpu()).contains(b.cpu()),
                        "workers " + a.worker() + " and " + b.worker() + " are SMT siblings: cpus " + a.cpu() + ", " + b.cpu());
                    assertFalse(a.core() == b.core(), "workers " + a.worker() + " and " + b.worker() + " share core " + a.core());
                }
            }
        }
    }

    @Test
    void shouldPlaceDefaultConfigOnThisMachineAwayFromCpu0()
    {
        final AffinityPlan plan = plan(VM, "workers = 1", "strategy = \"one-per-core\"", "reserved_cpus = \"0\"");

        assertEquals(List.of(1), cpus(plan));
        assertEquals("""
            worker  cpu  core  ccx  socket  node  memory  placed-by
                 0    1     1    0       0     0       0  one-per-core
            """, plan.toTable());
    }

    @Test
    void shouldFillXeonSocket0PhysicalCoresFirstWhenCompact()
    {
        final AffinityPlan plan = plan(XEON, "workers = 20", "strategy = \"compact\"");

        assertEquals(IdSet.parse("0-19"), plan.cpus());
        assertTrue(plan.placements().stream().allMatch(p -> p.socket() == 0 && p.node() == 0 && p.memoryNode() == 0));
        assertNoTwoWorkersShareACore(plan, XEON);
    }

    @Test
    void shouldUseSocket0HyperthreadsBeforeSocket1WhenCompact()
    {
        final AffinityPlan plan = plan(XEON, "workers = 25", "strategy = \"compact\"");

        assertEquals(IdSet.parse("0-19,40-44"), plan.cpus());
        assertEquals(40, plan.worker(20).cpu());
        assertEquals(0, plan.worker(20).core(), "cpu 40 is core 0's hyperthread");
    }

    @Test
    void shouldAlternateNodesWhenSpread()
    {
        final AffinityPlan xeon = plan(XEON, "workers = 6", "strategy = \"spread\"");
        final AffinityPlan epyc = plan(EPYC, "workers = 6", "strategy = \"spread\"");

        assertEquals(List.of(0, 20, 1, 21, 2, 22), cpus(xeon));
        assertEquals(List.of(0, 1, 0, 1, 0, 1), nodes(xeon));
        assertEquals(List.of(0, 1, 0, 1, 0, 1), xeon.placements().stream().map(WorkerPlacement::memoryNode).toList());
        assertEquals(List.of(0, 32, 4, 36, 8, 40), cpus(epyc), "within a node, round-robin across CCXs");
        assertEquals(List.of(0, 8, 1, 9, 2, 10), epyc.placements().stream().map(WorkerPlacement::l3Group).toList());
    }

    @Test
    void shouldGiveEveryEpycCcxOneWorkerWhenOnePerCcx()
    {
        final AffinityPlan plan = plan(EPYC, "workers = 16", "strategy = \"one-per-ccx\"");

        final Set<Integer> groups = new HashSet<>();
        plan.placements().forEach(p -> groups.add(p.l3Group()));
        assertEquals(16, groups.size(), "16 workers on 16 different L3 groups");
        assertNoTwoWorkersShareACore(plan, EPYC);
        assertEquals(8, plan.placements().stream().filter(p -> p.socket() == 1).count());
        assertEquals(IdSet.parse("0,4,8,12,16,20,24,28,32,36,40,44,48,52,56,60"), plan.cpus());
    }

    @Test
    void shouldSkipReservedCoreInsideCcxWhenOnePerCcx()
    {
        final AffinityPlan plan = plan(EPYC, "workers = 16", "strategy = \"one-per-ccx\"", "reserved_cpus = \"0\"");

        assertEquals(1, plan.worker(0).cpu(), "ccx 0 keeps a worker, on its next core");
        assertFalse(plan.cpus().contains(64), "nor on cpu 0's SMT twin");
    }

    @Test
    void shouldRefuseMoreWorkersThanCcxs()
    {
        assertEquals("affinity.toml:1: workers = 17: 17 workers but strategy \"one-per-ccx\" gives each its own L3 group " +
            "(ccx) and only 16 of this machine's 16 L3 groups are usable; lower workers to 16 or use \"one-per-core\"",
            error(EPYC, "workers = 17", "strategy = \"one-per-ccx\"", "allow_oversubscribe = true"));
    }

    @Test
    void shouldSkipCoresWithReservedThreadWhenOnePerCore()
    {
        final AffinityPlan plan = plan(XEON, "workers = 39", "strategy = \"one-per-core\"", "reserved_cpus = \"0\"");

        assertEquals(IdSet.parse("1-39"), plan.cpus());
        assertNoTwoWorkersShareACore(plan, XEON);
        assertEquals("affinity.toml:1: workers = 40: 40 workers but strategy \"one-per-core\" gives each its own physical " +
            "core and only 39 of this machine's 40 cores are usable after reserved_cpus 0; lower workers to 39 or use " +
            "\"compact\" to let workers share cores through SMT",
            error(XEON, "workers = 40", "strategy = \"one-per-core\"", "reserved_cpus = \"0\""));
    }

    @Test
    void shouldHonourReservedCpusInEveryStrategy()
    {
        final IdSet reserved = IdSet.parse("0-3,40-43");
        for (final String strategy : List.of("compact", "spread", "one-per-core", "one-per-ccx"))
        {
            final int workers = strategy.equals("one-per-ccx") ? 2 : 30;
            final AffinityPlan plan = plan(XEON, "workers = " + workers, "strategy = \"" + strategy + "\"",
                "reserved_cpus = \"" + reserved + "\"");
            assertTrue(plan.cpus().intersect(reserved).isEmpty(), strategy + " used a reserved cpu: " + plan.cpus());
        }
        assertEquals(4, plan(XEON, "workers = 1", "reserved_cpus = [0, 1, 2, 3]").worker(0).cpu());
    }

    @Test
    void shouldRefuseMoreWorkersThanCpusWithoutOversubscribe()
    {
        assertEquals("affinity.toml:1: workers = 3: 3 workers but strategy \"compact\" has only 1 cpu to use (1) after " +
            "reserved_cpus 0; lower workers or set allow_oversubscribe = true to share cpus",
            error(VM, "workers = 3", "reserved_cpus = \"0\""));
    }

    @Test
    void shouldWrapRoundWhenOversubscribing()
    {
        final AffinityPlan plan = plan(VM, "workers = 5", "strategy = \"spread\"", "allow_oversubscribe = true");

        assertEquals(List.of(0, 1, 0, 1, 0), cpus(plan));
    }

    @Test
    void shouldRefuseWhenReservedCpusLeaveNothing()
    {
        assertEquals("affinity.toml:1: workers = 1: strategy \"compact\" has no cpu left for 1 worker after " +
            "reserved_cpus 0-1", error(VM, "workers = 1", "reserved_cpus = \"0-1\"", "allow_oversubscribe = true"));
    }

    @Test
    void shouldRejectCpuNotOnThisMachine()
    {
        assertEquals("affinity.toml:5: worker[3].cpu = 80: cpu 80 not in this machine's cpus 0-79",
            error(XEON, "workers = 4", "strategy = \"compact\"", "[[worker]]", "id = 3", "cpu = 80"));
        assertEquals("affinity.toml:2: cpus[1] = 2: cpu 2 not in this machine's cpus 0-1",
            error(VM, "workers = 2", "cpus = [1, 2]"));
        assertEquals("affinity.toml:2: reserved_cpus = \"0,2-3\": cpus 2-3 not in this machine's cpus 0-1",
            error(VM, "workers = 1", "reserved_cpus = \"0,2-3\""));
    }

    @Test
    void shouldRejectNodeThatDoesNotExist()
    {
        assertEquals("affinity.toml:2: memory_node = 2: node 2 not in this machine's nodes 0-1",
            error(XEON, "workers = 2", "memory_node = 2"));
        assertEquals("affinity.toml:4: worker[0].memory_node = 1: node 1 not in this machine's nodes 0",
            error(Fixtures.topology(NO_NUMA_4CPU), "workers = 2", "[[worker]]", "id = 0", "memory_node = 1"));
    }

    @Test
    void shouldRejectMemoryNodeWithoutMemory()
    {
        assertEquals("affinity.toml:2: memory_node = 1: node 1 has no memory; nodes with memory: 0,2",
            error(Fixtures.topology(MIXED_MEMORY_NODES), "workers = 2", "memory_node = 1"));
    }

    @Test
    void shouldPutLocalMemoryOnNearestNodeWithMemory()
    {
        final Topology mixed = Fixtures.topology(MIXED_MEMORY_NODES);
        final AffinityPlan plan = plan(mixed, "workers = 2", "strategy = \"spread\"");

        assertEquals(List.of(0, 4), cpus(plan));
        assertEquals(1, plan.worker(1).node());
        assertEquals(0, plan.worker(1).memoryNode(), "node 1 has no DIMMs; node 0 (21) is nearer than the CXL node 2 (24)");
    }

    @Test
    void shouldPlaceMemoryOnConfiguredNode()
    {
        final AffinityPlan plan = plan(Fixtures.topology(MIXED_MEMORY_NODES),
            "workers = 2", "memory_node = 2", "[[worker]]", "id = 1", "memory_node = \"local\"");

        assertEquals(2, plan.worker(0).memoryNode(), "CXL node 2 has memory and no cpus");
        assertEquals(0, plan.worker(1).memoryNode());
    }

    @Test
    void shouldKeepStrategyAwayFromPinnedCpus()
    {
        final AffinityPlan compact = plan(XEON, "workers = 3", "[[worker]]", "id = 1", "cpu = 0");

        assertEquals(List.of(1, 0, 2), cpus(compact));
        assertEquals("worker[1].cpu", compact.worker(1).placedBy());
        assertEquals("compact", compact.worker(0).placedBy());

        final AffinityPlan ccx = plan(EPYC, "workers = 3", "strategy = \"one-per-ccx\"", "[[worker]]", "id = 0", "cpu = 5");
        assertEquals(List.of(5, 0, 8), cpus(ccx), "ccx 1 holds the pinned worker, so the others skip it");
    }

    @Test
    void shouldUseExplicitCpusAsGiven()
    {
        final AffinityPlan plan = plan(XEON, "workers = 3", "cpus = [79, 0, 41]");

        assertEquals(List.of(79, 0, 41), cpus(plan));
        assertEquals(List.of(1, 0, 0), nodes(plan));
        assertEquals("cpus[2]", plan.worker(2).placedBy());
    }

    @Test
    void shouldSpreadOnMachineWithoutNuma()
    {
        final AffinityPlan plan = plan(Fixtures.topology(NO_NUMA_4CPU), "workers = 4", "strategy = \"spread\"");

        assertEquals(List.of(0, 2, 1, 3), cpus(plan), "cores before their second threads");
        assertTrue(plan.placements().stream().allMatch(p -> p.node() == 0 && p.memoryNode() == 0));
    }

    @Test
    void shouldCarryIdleStrategyIntoEveryPlacement()
    {
        final AffinityPlan plan = plan(VM, "workers = 2", "[idle]", "strategy = \"yield\"");

        assertTrue(plan.placements().stream().allMatch(p -> p.idle() instanceof IdleStrategyConfig.Yield));
        assertEquals(plan.idle(), plan.worker(1).idle());
    }
}
