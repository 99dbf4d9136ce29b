package io.quicksilver.benchmarks.harness;

import java.time.Duration;

/**
 * How long and how often each measurement runs. The default fits in about a minute on a 2-core machine; smoke is
 * for CI (about 10 seconds, never asserts a figure); full is for results worth publishing.
 *
 * @param name          the flag that selects it, or "default".
 * @param duration      length of each measured run.
 * @param warmup        one unmeasured run before the study, so the first step is not measuring the JIT.
 * @param repetitions   measured runs per step and phase; the table shows the median.
 * @param floorSeconds  passed to the C floor as {@code --seconds}.
 * @param maxSteps      most worker counts in the study (0 = no limit beyond the workload's).
 */
public record BenchMode(
    String name, Duration duration, Duration warmup, int repetitions, double floorSeconds, int maxSteps)
{
    /** CI: 1 and 2 workers, one repetition of 1 s runs after a 1 s warm-up (less leaves W=1 measuring the JIT), a short floor. */
    public static final BenchMode SMOKE = new BenchMode("smoke", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0.1, 2);

    /** {@code ./quicksilver bench} with no flags. */
    public static final BenchMode DEFAULT = new BenchMode("default", Duration.ofSeconds(2), Duration.ofSeconds(2), 3, 0.5, 0);

    /** {@code --full}: publication-grade. */
    public static final BenchMode FULL = new BenchMode("full", Duration.ofSeconds(10), Duration.ofSeconds(10), 5, 3.0, 0);
}
