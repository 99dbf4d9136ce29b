package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.affinity.IdleStrategyConfig;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Maps the affinity file's {@code [idle]} table to Agrona's idle strategies, one fresh instance per thread (backoff
 * keeps per-thread state).
 */
final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    static IdleStrategy create(final IdleStrategyConfig config)
    {
        return switch (config)
        {
            case IdleStrategyConfig.BusySpin ignored -> new BusySpinIdleStrategy();
            case IdleStrategyConfig.Yield ignored -> new YieldingIdleStrategy();
            case IdleStrategyConfig.Backoff b -> new BackoffIdleStrategy(b.maxSpins(), b.maxYields(), b.minParkNs(), b.maxParkNs());
            case IdleStrategyConfig.Sleep s -> new SleepingIdleStrategy(s.periodNs());
        };
    }
}
