package io.quicksilver.runtime.parallel;

import io.quicksilver.numa.affinity.IdleStrategyConfig;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The affinity file's {@code [idle]} table as Agrona idle strategies: {@code busy-spin}, {@code yield},
 * {@code backoff} and {@code sleep} map one to one onto {@link BusySpinIdleStrategy}, {@link YieldingIdleStrategy},
 * {@link BackoffIdleStrategy} and {@link SleepingIdleStrategy}, with the file's numbers. A strategy has state (the
 * backoff's phase), so each worker gets its own from the supplier.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * @param config validated configuration.
     * @return a new idle strategy as configured.
     */
    public static IdleStrategy of(final IdleStrategyConfig config)
    {
        Objects.requireNonNull(config, "config");
        return switch (config)
        {
            case IdleStrategyConfig.BusySpin busySpin -> new BusySpinIdleStrategy();
            case IdleStrategyConfig.Yield yield -> new YieldingIdleStrategy();
            case IdleStrategyConfig.Backoff b ->
                new BackoffIdleStrategy(b.maxSpins(), b.maxYields(), b.minParkNs(), b.maxParkNs());
            case IdleStrategyConfig.Sleep sleep -> new SleepingIdleStrategy(sleep.periodNs());
        };
    }

    /**
     * @param config validated configuration.
     * @return makes one idle strategy per worker.
     */
    public static Supplier<IdleStrategy> supplier(final IdleStrategyConfig config)
    {
        Objects.requireNonNull(config, "config");
        return () -> of(config);
    }
}
