package io.quicksilver.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Chooses the workload from the command line: the ring fan-out by default, the scene graph with {@code --scene}.
 * <p>
 * The scene-graph workload dispatches Mercury-shaped hierarchies (small, medium, large, or one read from a file) on
 * the parallel dispatcher; this is where it plugs in, as one more {@link Workload}, once that dispatcher has a public
 * builder. Until then {@code --scene} is checked (a named size, or a file that exists) and then refused with a
 * message saying so.
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
        throw new BenchFileException("--scene " + scene + ": the scene-graph workload runs on the parallel dispatcher " +
            "(io.quicksilver.runtime.parallel), which this build does not offer yet; run ./quicksilver bench without " +
            "--scene for the ring fan-out study");
    }
}
