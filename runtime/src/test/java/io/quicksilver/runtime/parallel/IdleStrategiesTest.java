package io.quicksilver.runtime.parallel;

import io.quicksilver.Tag;
import io.quicksilver.numa.affinity.AffinityConfig;
import io.quicksilver.numa.affinity.AffinityPlan;
import io.quicksilver.numa.affinity.AffinityPlanner;
import io.quicksilver.numa.affinity.IdleStrategyConfig;
import io.quicksilver.numa.topology.Topology;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest
{
    @Test
    void shouldMapEachConfiguredStrategyToAgronas()
    {
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.of(new IdleStrategyConfig.BusySpin()));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.of(new IdleStrategyConfig.Yield()));
        final String backoff =
            IdleStrategies.of(new IdleStrategyConfig.Backoff(7, 3, 1_000, 50_000)).toString();
        assertTrue(backoff.contains("maxSpins=7") && backoff.contains("maxYields=3") &&
            backoff.contains("minParkPeriodNs=1000") && backoff.contains("maxParkPeriodNs=50000"), backoff);
        final String sleep = IdleStrategies.of(new IdleStrategyConfig.Sleep(250_000)).toString();
        assertTrue(sleep.contains("250000"), sleep);
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.of(new IdleStrategyConfig.Sleep(250_000)));
    }

    @Test
    @Timeout(30)
    void shouldTakeThePlansIdleStrategyAndRunUnpinnedWorkersItDoesNotPlaceSayingSoOnce()
    {
        final AffinityConfig config = AffinityConfig.parse("""
            workers = 1
            strategy = "compact"
            allow_oversubscribe = true

            [idle]
            strategy = "yield"
            """, "test.toml");
        final AffinityPlan plan = AffinityPlanner.plan(config, Topology.live());
        final List<String> notices = new CopyOnWriteArrayList<>();
        final Hierarchy h = new Hierarchy((n, s, m, e) -> { });
        h.addResponder(h.createNode("root", false), "r", v -> { }, Tag.EVERYTHING, true, false, true);
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (n, s, m, e) -> { })
            .workers(3)
            .affinity(plan)
            .log(notices::add)
            .build())
        {
            assertTrue(d.flush(java.time.Duration.ofSeconds(10)));
            for (int w = 0; w < 3; w++)
            {
                assertInstanceOf(YieldingIdleStrategy.class, d.idleStrategy(w));
            }
        }
        // Workers 1 and 2 have no placement (and worker 0 may find pinning unavailable): one pinning notice in all.
        final List<String> pinning = notices.stream().filter(n -> n.contains("unpinned")).toList();
        assertEquals(1, pinning.size(), notices.toString());
        assertTrue(pinning.get(0).startsWith("quicksilver: workers run unpinned ("), pinning.get(0));
    }
}
