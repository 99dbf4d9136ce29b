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
 * <p>
 * The parking strategies ({@code backoff} once past its spins and yields, and {@code sleep}) park with
 * {@code LockSupport.parkNanos}, which returns at once while the thread's interrupt flag is set: an interrupted
 * thread idling with one of them spins. A worker clears its flag every duty cycle (interrupts are not stop
 * requests, see {@link ParallelDispatcher}), so interrupting it does not make it spin; a strategy given to
 * {@link ParallelDispatcher#newProducer(IdleStrategy)} idles the caller's own thread, whose interrupts are the
 * caller's to handle.
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
