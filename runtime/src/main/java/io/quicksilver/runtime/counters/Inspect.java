package io.quicksilver.runtime.counters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./quicksilver inspect [PID|DIR|FILE] [--out DIR] [--format svg|png|dot]}: the hierarchy of running
 * Quicksilver runtimes as a picture. Each runtime keeps its layout as Graphviz DOT beside its counters file
 * ({@code <pid>-<name>.dot}, rewritten whenever the layout changes: relay and switch nodes, tags, inactive nodes, and
 * every node with responders coloured by the worker that owns its partition); this copies it to {@code --out} (the
 * current directory by default) and renders it with Graphviz's {@code dot}. Exit status: 0; 1 when a description is
 * missing or {@code dot} is not installed (the DOT file is written anyway); 2 for a usage error.
 */
public final class Inspect
{
    static final String USAGE = "usage: ./quicksilver inspect [PID|DIR|FILE] [--out DIR] [--format svg|png|dot]";

    /** The description beside {@code <pid>-<name>.counters}. */
    public static final String DESCRIPTION_SUFFIX = ".dot";

    private final PrintStream out;
    private final PrintStream err;
    private final Path directory;

    Inspect(final PrintStream out, final PrintStream err, final Path directory)
    {
        this.out = out;
        this.err = err;
        this.directory = directory;
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        System.exit(new Inspect(System.out, System.err, CountersFiles.defaultDirectory()).run(args));
    }

    int run(final String[] args)
    {
        String target = null;
        Path outDir = Path.of(".");
        String format = "svg";
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out", "--format" ->
                {
                    if (i + 1 == args.length)
                    {
                        return usage(args[i] + " needs a value");
                    }
                    if (args[i].equals("--out"))
                    {
                        outDir = Path.of(args[++i]);
                    }
                    else
                    {
                        format = args[++i];
                        if (!List.of("svg", "png", "dot").contains(format))
                        {
                            return usage("--format must be svg, png or dot: --format " + format);
                        }
                    }
                }
                case "-h", "--help" ->
                {
                    out.println(USAGE);
                    return 0;
                }
                default ->
                {
                    if (args[i].startsWith("-"))
                    {
                        return usage("unknown option '" + args[i] + "'");
                    }
                    if (target != null)
                    {
                        return usage("one PID, DIR or FILE at most, got '" + target + "' and '" + args[i] + "'");
                    }
                    target = args[i];
                }
            }
        }
        final List<Path> descriptions = new ArrayList<>();
        int status = 0;
        try
        {
            for (final Path file : CountersFiles.resolve(target, directory))
            {
                try
                {
                    descriptions.add(description(file));
                }
                catch (final CountersFileException e)
                {
                    // One runtime without a description (a stale file of an older one): the others are still drawn.
                    err.println("inspect: " + e.getMessage());
                    status = 1;
                }
            }
            Files.createDirectories(outDir);
        }
        catch (final CountersFileException e)
        {
            err.println("inspect: " + e.getMessage());
            return 1;
        }
        catch (final IOException e)
        {
            err.println("inspect: cannot create " + outDir + ": " + e);
            return 1;
        }
        for (final Path description : descriptions)
        {
            status = Math.max(status, render(description, outDir, format));
        }
        return status;
    }

    private int usage(final String problem)
    {
        err.println("inspect: " + problem + " (" + USAGE + ")");
        return 2;
    }

    /** The description beside a counters file, or the file itself when it is one. */
    static Path description(final Path file)
    {
        final String name = file.getFileName().toString();
        final Path description = name.endsWith(DESCRIPTION_SUFFIX) ? file : name.endsWith(CountersFiles.SUFFIX) ?
            file.resolveSibling(name.substring(0, name.length() - CountersFiles.SUFFIX.length()) + DESCRIPTION_SUFFIX) :
            null;
        if (description == null || !Files.isRegularFile(description))
        {
            throw new CountersFileException(file + ": no hierarchy description beside it (" +
                (description == null ? "not a .counters or .dot file" : description.getFileName() + " is missing") + ")");
        }
        return description;
    }

    private int render(final Path description, final Path outDir, final String format)
    {
        final Path dot = outDir.resolve(description.getFileName());
        try
        {
            if (!Files.isSameFile(outDir, description.getParent()))
            {
                Files.copy(description, dot, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException e)
        {
            err.println("inspect: cannot write " + dot + ": " + e);
            return 1;
        }
        if (format.equals("dot"))
        {
            out.println("wrote " + dot);
            return 0;
        }
        final String name = dot.getFileName().toString();
        final Path picture = dot.resolveSibling(name.substring(0, name.length() - DESCRIPTION_SUFFIX.length()) + "." +
            format);
        try
        {
            final Process process = new ProcessBuilder("dot", "-T" + format, "-o", picture.toString(), dot.toString())
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                process.destroyForcibly();
                err.println("inspect: dot failed on " + dot + ": " + output.strip().replace('\n', ' '));
                return 1;
            }
        }
        catch (final IOException e)
        {
            err.println("inspect: Graphviz's dot is not on PATH (Debian/Ubuntu: apt-get install graphviz); wrote " + dot +
                " only");
            return 1;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println("wrote " + dot + " and " + picture);
        return 0;
    }
}
