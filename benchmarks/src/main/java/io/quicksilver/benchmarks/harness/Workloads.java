package io.quicksilver.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Chooses the workload from the command line: the ring fan-out by default, the scene graph with {@code --scene}.
 * <p>
 * The scene-graph workload dispatches Mercury-shaped hierarchies (small, medium, large, or one read from a file) on
 * the parallel dispatcher ({@code ParallelDispatcher.builder(hierarchy, failures)}); this is where it plugs in, as one
 * more {@link Workload} whose workers are the dispatcher's. Until it is written {@code --scene} is checked (a named
 * size, or a file that exists) and then refused with a message saying so.
 */
final class Workloads
{
    static final Set<String> SCENE_SIZES = Set.of("small", "medium", "large");

    private Workloads()
    {
    }

    static Workload resolve(final BenchOptions options)
    {
        final String scene = options.scene();
        if (scene == null)
        {
            return new RingFanOutWorkload();
        }
        if (!SCENE_SIZES.contains(scene))
        {
            final Path file = Path.of(scene);
            if (!Files.exists(file))
            {
                throw new BenchFileException("--scene is not small, medium or large, and no such file: --scene=" + scene);
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file))
            {
                throw new BenchFileException("--scene file is not a readable file: --scene=" + scene);
            }
        }
        throw new BenchFileException("--scene " + scene + ": the scene-graph workload (Mercury scene shapes dispatched " +
            "by io.quicksilver.runtime.parallel.ParallelDispatcher) is not wired into the bench yet; run " +
            "./quicksilver bench without --scene for the ring fan-out study");
    }
}
