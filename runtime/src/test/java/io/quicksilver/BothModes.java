package io.quicksilver;

import org.agrona.concurrent.YieldingIdleStrategy;

import java.time.Duration;

/**
 * The runtimes the tests that run in both modes build: two workers yielding when idle (tests run on 2 cores) with a
 * 5 s close timeout, or a single-threaded runtime with the defaults.
 */
final class BothModes
{
    private BothModes()
    {
    }

    static Quicksilver.ParallelBuilder parallelBuilder()
    {
        return Quicksilver.parallel().workers(2).idleStrategy(YieldingIdleStrategy::new)
            .closeTimeout(Duration.ofSeconds(5));
    }

    static Quicksilver runtime(final boolean parallel)
    {
        return parallel ? parallelBuilder().build() : Quicksilver.singleThreaded().build();
    }
}
