package io.quicksilver.runtime.parallel;

import io.quicksilver.Tag;
import io.quicksilver.numa.NumaCapabilities;
import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.AffinityPlanner;
import io.quicksilver.numa.memory.MemoryPlacement;
import io.quicksilver.numa.memory.NumaMemory;
import io.quicksilver.numa.topology.Topology;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.memory.NodeSegmentAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the dispatcher's ring and staging memory go: on the affinity plan's memory nodes through libnuma by default,
 * the operating system's placement without a plan, and a plan's node this machine has no memory on left to the
 * operating system with one notice instead of a failed build.
 */
class ParallelDispatcherMemoryTest
{
    /** A two-socket fixture recorded in the numa module: its second socket's node 1 does not exist here. */
    private static final Path TWO_SOCKETS = Path.of("..", "numa", "src", "test", "resources", "topologies",
        "xeon-gold-6248-2s");

    private static Hierarchy oneResponder()
    {
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        h.addResponder(h.createNode("root", false), "r", v -> { }, Tag.EVERYTHING, true, false, true);
        return h;
    }

    private static AffinityPlan plan(final Topology topology, final String strategy, final int workers)
    {
        return AffinityPlanner.plan(AffinityConfig.parse(
            "workers = " + workers + "\nstrategy = \"" + strategy + "\"\nallow_oversubscribe = true\n", "test.toml"),
            topology);
    }

    @Test
    @Timeout(30)
    void shouldBindTheRingToThePlansNodeWhenLibnumaIsPresent()
    {
        final NumaCapabilities capabilities = NumaCapabilities.detect();
        assumeTrue(capabilities.memoryPlacement() == MemoryPlacement.NUMA_BIND, "libnuma is not usable here");
        final AffinityPlan plan = plan(Topology.live(), "compact", 1);
        final int node = plan.worker(0).memoryNode();
        final List<String> notices = new CopyOnWriteArrayList<>();
        try (ParallelDispatcher d = ParallelDispatcher.builder(oneResponder(), (n, s, m, e) -> { })
            .workers(1)
            .affinity(plan)
            .log(notices::add)
            .build())
        {
            final NumaMemory numa = NumaMemory.create(capabilities);
            // libnuma's mapping is page-aligned; Arena.allocate's 64-byte-aligned block (the OS placement) is not
            // (malloc's header sits before it), so this tells the two paths apart even on a one-node machine.
            assertEquals(0, d.ring().segment().address() % numa.pageSize(),
                "ring allocated through libnuma: address=" + d.ring().segment().address());
            final int[] pages = numa.nodesOfPages(d.ring().segment());
            assertTrue(pages.length > 0);
            assertTrue(Arrays.stream(pages).allMatch(p -> p == node),
                "every ring page on node " + node + ": " + Arrays.toString(pages));
            assertTrue(d.flush(Duration.ofSeconds(10)));
        }
        assertTrue(notices.stream().noneMatch(n -> n.contains("memory")), notices.toString());
    }

    @Test
    @Timeout(30)
    void shouldLeaveANodeWithoutMemoryHereToTheOperatingSystemSayingSoOnce()
    {
        final AffinityPlan plan = plan(Topology.fromSysfs(TWO_SOCKETS), "spread", 2);
        assumeTrue(!NumaCapabilities.detect().memoryNodes().get(1), "this machine has a node 1");
        final List<String> notices = new CopyOnWriteArrayList<>();
        try (ParallelDispatcher d = ParallelDispatcher.builder(oneResponder(), (n, s, m, e) -> { })
            .workers(2)
            .affinity(plan)
            .log(notices::add)
            .build())
        {
            assertTrue(d.flush(Duration.ofSeconds(10)));
        }
        final List<String> memory = notices.stream().filter(n -> n.contains("memory")).toList();
        assertEquals(1, memory.size(), notices.toString());
        assertTrue(memory.get(0).contains("not bound to the plan's nodes"), memory.get(0));
    }

    @Test
    void shouldLetTheOperatingSystemPlaceMemoryWithoutAPlan()
    {
        final List<String> notices = new CopyOnWriteArrayList<>();
        final NodeSegmentAllocator allocator = ParallelDispatcher.defaultAllocator(null, notices::add);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = allocator.allocate(arena, 4096, 64, NodeSegmentAllocator.ANY_NODE);
            assertEquals(4096, segment.byteSize());
        }
        assertEquals(List.of(), notices);
    }
}
