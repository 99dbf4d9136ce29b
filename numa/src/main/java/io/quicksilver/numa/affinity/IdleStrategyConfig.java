package io.quicksilver.numa.affinity;

import io.quicksilver.numa.config.Durations;

import java.util.List;

/**
 * What a worker does when it finds no work, as configured in the {@code [idle]} table. A validated value only: the
 * runtime maps it to an Agrona {@code IdleStrategy} ({@code BusySpinIdleStrategy}, {@code YieldingIdleStrategy},
 * {@code BackoffIdleStrategy}, {@code SleepingIdleStrategy}).
 */
public sealed interface IdleStrategyConfig
{
    /**
     * Longest park or sleep period accepted. Anything above is far more likely a unit typo ({@code "100s"} for
     * {@code "100us"}) than a wish to leave a pinned worker asleep for seconds.
     */
    long MAX_PERIOD_NS = 1_000_000_000L;

    /**
     * @return the name used in the config file.
     */
    String configName();

    /**
     * @return the names accepted for {@code idle.strategy}.
     */
    static List<String> configNames()
    {
        return List.of(BusySpin.NAME, Yield.NAME, Backoff.NAME, Sleep.NAME);
    }

    /**
     * Spin on the CPU with {@code Thread.onSpinWait()}: the lowest wake-up latency, a whole core burnt while idle.
     */
    record BusySpin() implements IdleStrategyConfig
    {
        /** Name in the config file. */
        public static final String NAME = "busy-spin";

        @Override
        public String configName()
        {
            return NAME;
        }

        @Override
        public String toString()
        {
            return NAME;
        }
    }

    /**
     * {@code Thread.yield()} between polls: gives the core to another runnable thread, if there is one.
     */
    record Yield() implements IdleStrategyConfig
    {
        /** Name in the config file. */
        public static final String NAME = "yield";

        @Override
        public String configName()
        {
            return NAME;
        }

        @Override
        public String toString()
        {
            return NAME;
        }
    }

    /**
     * Spin {@code maxSpins} times, yield {@code maxYields} times, then park for a period that doubles from
     * {@code minParkNs} up to {@code maxParkNs}; any work resets it.
     *
     * @param maxSpins  spins before yielding, {@code >= 0}.
     * @param maxYields yields before parking, {@code >= 0}.
     * @param minParkNs first park period in nanoseconds, {@code >= 1}.
     * @param maxParkNs longest park period in nanoseconds, {@code >= minParkNs} and at most {@link #MAX_PERIOD_NS}.
     */
    record Backoff(long maxSpins, long maxYields, long minParkNs, long maxParkNs) implements IdleStrategyConfig
    {
        /** Name in the config file. */
        public static final String NAME = "backoff";
        /** Default {@code max_spins}, as Agrona's BackoffIdleStrategy. */
        public static final long DEFAULT_MAX_SPINS = 10;
        /** Default {@code max_yields}, as Agrona's BackoffIdleStrategy. */
        public static final long DEFAULT_MAX_YIELDS = 5;
        /** Default {@code min_park}: 1us, as Agrona's BackoffIdleStrategy. */
        public static final long DEFAULT_MIN_PARK_NS = 1_000;
        /** Default {@code max_park}: 1ms, as Agrona's BackoffIdleStrategy. */
        public static final long DEFAULT_MAX_PARK_NS = 1_000_000;

        /**
         * Checks the parameters.
         */
        public Backoff
        {
            if (maxSpins < 0 || maxSpins > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("max_spins must be in 0.." + Integer.MAX_VALUE + ": max_spins=" + maxSpins);
            }
            if (maxYields < 0 || maxYields > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("max_yields must be in 0.." + Integer.MAX_VALUE + ": max_yields=" + maxYields);
            }
            checkPeriod("min_park", minParkNs);
            checkPeriod("max_park", maxParkNs);
            if (maxParkNs < minParkNs)
            {
                throw new IllegalArgumentException("max_park must be >= min_park: min_park=" + Durations.format(minParkNs) +
                    " max_park=" + Durations.format(maxParkNs));
            }
        }

        /**
         * @return Agrona's defaults: 10 spins, 5 yields, park 1us doubling to 1ms.
         */
        public static Backoff defaults()
        {
            return new Backoff(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
        }

        @Override
        public String configName()
        {
            return NAME;
        }

        @Override
        public String toString()
        {
            return NAME + "(max_spins=" + maxSpins + ", max_yields=" + maxYields + ", min_park=" +
                Durations.format(minParkNs) + ", max_park=" + Durations.format(maxParkNs) + ")";
        }
    }

    /**
     * Park for a fixed period between polls: the least CPU, the most wake-up latency.
     *
     * @param periodNs park period in nanoseconds, in 1..{@link #MAX_PERIOD_NS}.
     */
    record Sleep(long periodNs) implements IdleStrategyConfig
    {
        /** Name in the config file. */
        public static final String NAME = "sleep";
        /** Default {@code period}: 1us, as Agrona's SleepingIdleStrategy. */
        public static final long DEFAULT_PERIOD_NS = 1_000;

        /**
         * Checks the period.
         */
        public Sleep
        {
            checkPeriod("period", periodNs);
        }

        @Override
        public String configName()
        {
            return NAME;
        }

        @Override
        public String toString()
        {
            return NAME + "(period=" + Durations.format(periodNs) + ")";
        }
    }

    private static void checkPeriod(final String name, final long ns)
    {
        if (ns < 1 || ns > MAX_PERIOD_NS)
        {
            throw new IllegalArgumentException(name + " must be in 1ns..1s: " + name + "=" + Durations.format(ns));
        }
    }
}
