package io.quicksilver.runtime.counters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where counters files live: {@code /dev/shm/quicksilver-<user>/<pid>-<name>.counters}, or under
 * {@code java.io.tmpdir} where there is no {@code /dev/shm}. Memory-backed, so a sample never waits on a disk.
 */
public final class CountersFiles
{
    /** Every counters file's name ends so. */
    public static final String SUFFIX = ".counters";

    private CountersFiles()
    {
    }

    /**
     * @return the directory this user's runtimes put their counters files in by default.
     */
    public static Path defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("quicksilver-" + System.getProperty("user.name", "unknown"));
    }

    /**
     * @param directory where the file goes.
     * @param pid       the process.
     * @param name      the runtime's name in that process.
     * @return the file's path.
     */
    public static Path file(final Path directory, final long pid, final String name)
    {
        return directory.resolve(pid + "-" + name + SUFFIX);
    }

    /**
     * @param file a counters file's path.
     * @return true when another runtime of this process writes it now (live or starting, with this pid and start
     *         time), so a new one must not replace it.
     */
    public static boolean inUseByThisProcess(final Path file)
    {
        if (!Files.exists(file))
        {
            return false;
        }
        try (CountersReader reader = CountersReader.open(file))
        {
            final Liveness.State state = Liveness.of(reader, System.currentTimeMillis()).state();
            return reader.pid() == ProcessHandle.current().pid() &&
                (state == Liveness.State.LIVE || state == Liveness.State.STARTING);
        }
        catch (final CountersFileException e)
        {
            // Not a readable counters file: nobody's, so it may be replaced.
            return false;
        }
    }

    /**
     * Delete the files in {@code directory} of processes that died without closing (their pid gone or another
     * process's) and whose last heartbeat is older than {@code olderThanMillis}, with their hierarchy descriptions:
     * recent ones stay for a post-mortem, old ones would pile up in {@code /dev/shm} with every crash.
     *
     * @param directory       a counters directory.
     * @param olderThanMillis how old a dead process's last heartbeat must be.
     * @return files deleted.
     */
    public static int sweepStale(final Path directory, final long olderThanMillis)
    {
        int deleted = 0;
        try
        {
            for (final Path file : list(directory))
            {
                final boolean sweep;
                try (CountersReader reader = CountersReader.open(file))
                {
                    final long now = System.currentTimeMillis();
                    final Liveness liveness = Liveness.of(reader, now);
                    sweep = liveness.state() == Liveness.State.STALE && !liveness.reason().startsWith("no heartbeat") &&
                        now - reader.heartbeatAcquire() > olderThanMillis;
                }
                catch (final CountersFileException e)
                {
                    continue;   // not a counters file this version reads: not ours to delete
                }
                if (sweep)
                {
                    final String name = file.getFileName().toString();
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(file.resolveSibling(
                        name.substring(0, name.length() - SUFFIX.length()) + Inspect.DESCRIPTION_SUFFIX));
                    deleted++;
                }
            }
        }
        catch (final IOException e)
        {
            // Sweeping is hygiene: a directory that cannot be listed or a file another user owns stays.
        }
        return deleted;
    }

    /**
     * @param file a counters file's path.
     * @return the pid its name starts with, or -1 when the name is not {@code <pid>-<name>.counters}.
     */
    public static long pidOf(final Path file)
    {
        final String name = file.getFileName().toString();
        final int dash = name.indexOf('-');
        if (!name.endsWith(SUFFIX) || dash <= 0)
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name.substring(0, dash));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    /**
     * @param directory a counters directory.
     * @return its counters files, sorted by name; none when it does not exist.
     * @throws IOException when it cannot be listed.
     */
    public static List<Path> list(final Path directory) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (Stream<Path> entries = Files.list(directory))
        {
            entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(files::add);
        }
        return files;
    }

    /**
     * The counters files a command-line target names now.
     *
     * @param target    a pid (its files in {@code directory}), a directory (its files), a file, or null ({@code
     *                  directory}'s files).
     * @param directory the default directory.
     * @return the files, never empty.
     * @throws CountersFileException with a one-line reason when there are none or the target does not exist.
     */
    public static List<Path> resolve(final String target, final Path directory)
    {
        try
        {
            if (target == null)
            {
                return nonEmpty(CountersFiles.list(directory), "no Quicksilver counters files in " + directory +
                    " (no runtime running, or its counters are off)");
            }
            if (target.chars().allMatch(Character::isDigit))
            {
                final long pid = Long.parseLong(target);
                final List<Path> files = new ArrayList<>();
                for (final Path file : CountersFiles.list(directory))
                {
                    if (CountersFiles.pidOf(file) == pid)
                    {
                        files.add(file);
                    }
                }
                return nonEmpty(files, "no Quicksilver counters file for pid " + pid + " in " + directory + " (" +
                    (ProcessHandle.of(pid).isPresent() ? "not a Quicksilver process, or its counters are off" :
                    "no such process") + ")");
            }
            final Path path = Path.of(target);
            if (Files.isDirectory(path))
            {
                return nonEmpty(CountersFiles.list(path), "no Quicksilver counters files in " + path);
            }
            if (!Files.exists(path))
            {
                throw new CountersFileException(target + ": no such pid, directory or counters file");
            }
            return List.of(path);
        }
        catch (final IOException e)
        {
            throw new CountersFileException(e.getMessage() + ": cannot list counters files", e);
        }
    }

    private static List<Path> nonEmpty(final List<Path> files, final String whenEmpty)
    {
        if (files.isEmpty())
        {
            throw new CountersFileException(whenEmpty);
        }
        return files;
    }

}
