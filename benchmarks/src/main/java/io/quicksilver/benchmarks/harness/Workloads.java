package io.quicksilver.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Chooses the workload from the command line: the scene graph on the parallel dispatcher by default (the medium
 * scene unless {@code --scene} names another shape or a scene file), the ring fan-out with
 * {@code --workload ring-fanout}.
 */
final class Workloads
{
    static final Set<String> SCENE_SIZES = Set.of("small", "medium", "large");

    private Workloads()
    {
    }

    static Workload resolve(final BenchOptions options)
    {
        if (options.workload().equals(BenchOptions.RING_FANOUT))
        {
            return new RingFanOutWorkload();
        }
        final SceneSpec spec = scene(options.scene() == null ? BenchOptions.DEFAULT_SCENE : options.scene());
        try
        {
            return new SceneGraphWorkload(spec, options.producers());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BenchFileException("--scene " + options.scene() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param scene a named size or a scene file.
     * @return its shape.
     * @throws BenchFileException when the file is missing, unreadable or invalid (naming the file, line and value).
     */
    static SceneSpec scene(final String scene)
    {
        final SceneSpec named = SceneSpec.named(scene);
        if (named != null)
        {
            return named;
        }
        final Path file = Path.of(scene);
        if (!Files.exists(file))
        {
            // A value that is neither a scene name nor a file is a usage error (exit 2), like any other bad flag.
            throw new BenchUsageException("--scene is not small, medium or large, and no such file: --scene=" + scene);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new BenchFileException("--scene file is not a readable file: --scene=" + scene);
        }
        try
        {
            return SceneSpec.parse(file);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BenchFileException("--scene " + scene + ": " + ex.getMessage(), ex);
        }
    }
}
