package io.quicksilver.benchmarks.harness;

import io.quicksilver.numa.config.TomlFile;
import io.quicksilver.numa.config.TomlFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a scene graph, Mercury's large-scene layout described by numbers: a tree with a fixed branching per
 * level, responders on every node, some nodes tagged, some switch nodes, some inactive, and the mix of sends the
 * producers make. {@link SceneGraph#build(SceneSpec, int)} turns it into a hierarchy, deterministically from
 * {@link #seed()}.
 * <p>
 * The three named shapes are {@link #SMALL}, {@link #MEDIUM} and {@link #LARGE}; any other shape comes from a scene
 * file ({@link #parse(Path)}), TOML read by the parser the affinity file uses, top-level keys only:
 * <pre>
 * # 10 levels, about 1,300 responders
 * name = "wide"
 * seed = 7
 * branching = [3, 3, 2, 2, 2, 1, 1, 1, 1]   # children per node at level 0, 1, ...; levels = entries + 1
 * responders_per_node = 3
 * tagged_nodes = 0.2                        # fraction of non-root nodes tagged with one of tags 0..3
 * switch_nodes = 0.1                        # fraction of nodes with 2+ children that are switch nodes
 * inactive_nodes = 0.02                     # fraction of non-root nodes that are inactive
 * root_share = 0.05                         # fraction of sends from the root
 * tagged_share = 0.15                       # fraction of send templates carrying one tag
 * selected_share = 0.25                     # fraction of send templates with SelectedFilter.SELECTED
 * min_fanout = 100                          # a send template reaches at least this many responders
 * max_fanout = 400                          # mid-level senders reach at most this many (the root all)
 * templates = 64                            # distinct (sender, metadata) pairs
 * </pre>
 * Only {@code branching} is required; the others default to {@link #MEDIUM}'s values ({@code name} to the file's
 * name without its extension).
 *
 * @param name              shown in the workload's name and the report.
 * @param seed              the shape's and the send mix's random seed.
 * @param branching         children per node at each level but the last; the tree has {@code branching.length + 1}
 *                          levels.
 * @param respondersPerNode responders on every node.
 * @param taggedNodes       fraction of non-root nodes with one tag of {@link #TAGS} (the others accept every tag).
 * @param switchNodes       fraction of nodes with two or more children that are switch nodes (one current state).
 * @param inactiveNodes     fraction of non-root nodes that are inactive (their subtree is skipped by
 *                          {@code ActiveFilter.ACTIVE}).
 * @param rootShare         fraction of sends made from the root.
 * @param taggedShare       fraction of send templates with a one-tag mask.
 * @param selectedShare     fraction of send templates with {@code SelectedFilter.SELECTED} (switch nodes route their
 *                          current state only).
 * @param minFanout         every send template reaches at least this many responders (templates reaching fewer are
 *                          redrawn).
 * @param maxFanout         mid-level senders reach at most this many responders.
 * @param templates         distinct (sender, metadata) pairs the producers cycle through.
 */
public record SceneSpec(
    String name,
    long seed,
    int[] branching,
    int respondersPerNode,
    double taggedNodes,
    double switchNodes,
    double inactiveNodes,
    double rootShare,
    double taggedShare,
    double selectedShare,
    int minFanout,
    int maxFanout,
    int templates)
{
    /** Tags a tagged node or a tagged send uses: tags 0..TAGS-1. */
    public static final int TAGS = 4;

    /** Largest scene a spec may describe, in responders (a 2-core machine builds it in seconds). */
    public static final long MAX_RESPONDERS = 2_000_000;

    /** Most levels. */
    public static final int MAX_LEVELS = 32;

    /** Most children per node. */
    public static final int MAX_BRANCHING = 1024;

    /** Most send templates. */
    public static final int MAX_TEMPLATES = 4096;

    /** About 100 responders on 5 levels: the tests' and {@code --smoke}'s quick shape. */
    public static final SceneSpec SMALL = new SceneSpec("small", 1, new int[]{ 3, 2, 2, 2 }, 2,
        0.2, 0.1, 0.02, 0.1, 0.15, 0.25, 10, 60, 16);

    /** About 1,300 responders on 10 levels: the default of {@code ./quicksilver bench}. */
    public static final SceneSpec MEDIUM = new SceneSpec("medium", 2, new int[]{ 3, 3, 2, 2, 2, 1, 1, 1, 1 }, 3,
        0.2, 0.1, 0.02, 0.05, 0.15, 0.25, 100, 500, 64);

    /** About 10,000 responders on 12 levels: the 1,000,000 sends/s target shape. */
    public static final SceneSpec LARGE = new SceneSpec("large", 3, new int[]{ 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1 }, 5,
        0.2, 0.1, 0.02, 0.01, 0.15, 0.25, 100, 400, 128);

    /** Scene files are flat: one level for the file, one for {@code branching}'s array. */
    private static final int MAX_NESTING = 2;

    private static final List<String> KEYS = List.of("name", "seed", "branching", "responders_per_node",
        "tagged_nodes", "switch_nodes", "inactive_nodes", "root_share", "tagged_share", "selected_share",
        "min_fanout", "max_fanout", "templates");

    /**
     * Checks the numbers.
     */
    public SceneSpec
    {
        branching = branching.clone();
        if (branching.length < 1 || branching.length >= MAX_LEVELS)
        {
            throw new IllegalArgumentException("levels must be in [2, " + MAX_LEVELS + "]: levels=" + (branching.length + 1));
        }
        for (final int b : branching)
        {
            if (b < 1 || b > MAX_BRANCHING)
            {
                throw new IllegalArgumentException(
                    "branching must be in [1, " + MAX_BRANCHING + "] at every level: branching=" + Arrays.toString(branching));
            }
        }
        if (respondersPerNode < 1 || respondersPerNode > 1024)
        {
            throw new IllegalArgumentException("respondersPerNode must be in [1, 1024]: respondersPerNode=" + respondersPerNode);
        }
        if (minFanout < 1 || maxFanout < minFanout)
        {
            throw new IllegalArgumentException(
                "fan-out band must satisfy 1 <= minFanout <= maxFanout: minFanout=" + minFanout + ", maxFanout=" + maxFanout);
        }
        if (templates < 1 || templates > MAX_TEMPLATES)
        {
            throw new IllegalArgumentException("templates must be in [1, " + MAX_TEMPLATES + "]: templates=" + templates);
        }
        final long responders = nodes(branching) * respondersPerNode;
        if (responders > MAX_RESPONDERS)
        {
            throw new IllegalArgumentException("scene has too many responders: responders=" + responders +
                ", at most " + MAX_RESPONDERS);
        }
    }

    @Override
    public int[] branching()
    {
        return branching.clone();
    }

    /**
     * @return levels of the tree, the root's included.
     */
    public int levels()
    {
        return branching.length + 1;
    }

    /**
     * @return nodes of the tree.
     */
    public long nodes()
    {
        return nodes(branching);
    }

    /**
     * @return responders of the scene.
     */
    public long responders()
    {
        return nodes() * respondersPerNode;
    }

    private static long nodes(final int[] branching)
    {
        long total = 1;
        long level = 1;
        for (final int b : branching)
        {
            level *= b;
            total += level;
            if (total > MAX_RESPONDERS)
            {
                return total;
            }
        }
        return total;
    }

    /**
     * @param value {@code small}, {@code medium} or {@code large}.
     * @return that shape, or null when the name is not one.
     */
    public static SceneSpec named(final String value)
    {
        return switch (value)
        {
            case "small" -> SMALL;
            case "medium" -> MEDIUM;
            case "large" -> LARGE;
            default -> null;
        };
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "%s: seed %d, %d levels, branching %s, %d responders per node, " +
                "tagged nodes %.2f, switch nodes %.2f, inactive nodes %.2f, root share %.2f, tagged share %.2f, " +
                "selected share %.2f, fan-out band [%d, %d], %d templates",
            name, seed, levels(), Arrays.toString(branching), respondersPerNode, taggedNodes, switchNodes,
            inactiveNodes, rootShare, taggedShare, selectedShare, minFanout, maxFanout, templates);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SceneSpec s && s.toString().equals(toString());
    }

    @Override
    public int hashCode()
    {
        return toString().hashCode();
    }

    // ------------------------------------------------------------------------------------------------ scene files

    /**
     * Read a scene file.
     *
     * @param file the file.
     * @return the shape it describes.
     * @throws BenchFileException naming the file, the line and the value when it cannot be read or is invalid.
     */
    public static SceneSpec parse(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new BenchFileException("cannot read scene file " + file + ": " + ex, ex);
        }
        final String fileName = file.getFileName() == null ? "scene" : file.getFileName().toString();
        final int dot = fileName.lastIndexOf('.');
        return parse(text, file.toString(), dot > 0 ? fileName.substring(0, dot) : fileName);
    }

    /**
     * Parse a scene file's text with the TOML parser the affinity file uses ({@link TomlFile}).
     *
     * @param text        the contents.
     * @param source      the file's name, for error messages.
     * @param defaultName the scene's name when the file has no {@code name}.
     * @return the shape.
     * @throws BenchFileException {@code source:line: what is wrong: key=value}.
     */
    public static SceneSpec parse(final String text, final String source, final String defaultName)
    {
        final TomlFile toml;
        try
        {
            toml = TomlFile.parse(text, source, MAX_NESTING);
        }
        catch (final TomlFileException ex)
        {
            // The line-by-line reader scene files had before took bare words; TOML quotes its strings.
            final boolean bareWord = ex.reason().matches("invalid TOML: Unexpected '[A-Za-z]', expected ', \", .*");
            throw new BenchFileException(ex.getMessage() + (bareWord ? " (strings are quoted in TOML: name = \"wide\")" : ""), ex);
        }
        final SceneSpec d = MEDIUM;
        String name = defaultName;
        long seed = d.seed;
        int[] branching = null;
        int respondersPerNode = d.respondersPerNode;
        double taggedNodes = d.taggedNodes;
        double switchNodes = d.switchNodes;
        double inactiveNodes = d.inactiveNodes;
        double rootShare = d.rootShare;
        double taggedShare = d.taggedShare;
        double selectedShare = d.selectedShare;
        int minFanout = d.minFanout;
        int maxFanout = d.maxFanout;
        int templates = d.templates;

        for (final String key : toml.keys())
        {
            final int line = toml.line(key);
            if (toml.isTable(key))
            {
                throw new BenchFileException(source + ":" + line + ": tables are not part of a scene file, only " +
                    "key = value: " + key);
            }
            final Object value = toml.get(key);
            if (!KEYS.contains(key))
            {
                throw error(source, line, "unknown key (known: " + String.join(", ", KEYS) + ")", key, value);
            }
            switch (key)
            {
                case "name" -> name = string(source, line, key, value);
                case "seed" -> seed = integer(source, line, key, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "branching" -> branching = intList(source, line, key, value);
                case "responders_per_node" -> respondersPerNode = (int)integer(source, line, key, value, 1, 1024);
                case "tagged_nodes" -> taggedNodes = fraction(source, line, key, value);
                case "switch_nodes" -> switchNodes = fraction(source, line, key, value);
                case "inactive_nodes" -> inactiveNodes = fraction(source, line, key, value);
                case "root_share" -> rootShare = fraction(source, line, key, value);
                case "tagged_share" -> taggedShare = fraction(source, line, key, value);
                case "selected_share" -> selectedShare = fraction(source, line, key, value);
                case "min_fanout" -> minFanout = (int)integer(source, line, key, value, 1, MAX_RESPONDERS);
                case "max_fanout" -> maxFanout = (int)integer(source, line, key, value, 1, MAX_RESPONDERS);
                case "templates" -> templates = (int)integer(source, line, key, value, 1, MAX_TEMPLATES);
                default -> throw new IllegalStateException(key);
            }
        }
        if (branching == null)
        {
            throw new BenchFileException(source + ": branching is required (children per node at each level, " +
                "e.g. branching = [3, 3, 2])");
        }
        final long nodes = nodes(branching);
        if (nodes * respondersPerNode > MAX_RESPONDERS)
        {
            throw error(source, toml.line("branching"), "scene has more than " + MAX_RESPONDERS + " responders (" +
                nodes + " nodes x " + respondersPerNode + " responders per node)", "branching", toml.get("branching"));
        }
        if (minFanout > maxFanout)
        {
            throw error(source, toml.line("min_fanout"), "min_fanout must be at most max_fanout = " + maxFanout,
                "min_fanout", (long)minFanout);
        }
        return new SceneSpec(name, seed, branching, respondersPerNode, taggedNodes, switchNodes, inactiveNodes,
            rootShare, taggedShare, selectedShare, minFanout, maxFanout, templates);
    }

    private static BenchFileException error(
        final String source, final int line, final String what, final String key, final Object value)
    {
        return new BenchFileException(source + ":" + line + ": " + what + ": " + key + "=" + TomlFile.render(value));
    }

    private static String string(final String source, final int line, final String key, final Object value)
    {
        if (!(value instanceof String name) || name.isEmpty())
        {
            throw error(source, line, key + " must be a non-empty quoted string, e.g. \"wide\"", key, value);
        }
        if (!name.matches("[A-Za-z0-9._-]+"))
        {
            throw error(source, line, key + " may use only letters, digits, '.', '_' and '-' (it names report files)",
                key, value);
        }
        return name;
    }

    private static long integer(
        final String source, final int line, final String key, final Object value, final long min, final long max)
    {
        if (!(value instanceof Long parsed))
        {
            throw error(source, line, key + " must be an integer", key, value);
        }
        if (parsed < min || parsed > max)
        {
            throw error(source, line, key + " must be between " + min + " and " + max, key, value);
        }
        return parsed;
    }

    private static double fraction(final String source, final int line, final String key, final Object value)
    {
        final double parsed = switch (value)
        {
            case Double number -> number;
            case Long number -> number;
            default -> Double.NaN;
        };
        if (!(parsed >= 0 && parsed <= 1))
        {
            throw error(source, line, key + " must be a number between 0 and 1", key, value);
        }
        return parsed;
    }

    private static int[] intList(final String source, final int line, final String key, final Object value)
    {
        final String what = key + " must be a list of 1 to " + (MAX_LEVELS - 1) + " integers in [1, " + MAX_BRANCHING +
            "], e.g. [3, 3, 2]";
        if (!(value instanceof List<?> parts) || parts.isEmpty() || parts.size() >= MAX_LEVELS)
        {
            throw error(source, line, what, key, value);
        }
        final int[] list = new int[parts.size()];
        for (int i = 0; i < list.length; i++)
        {
            if (!(parts.get(i) instanceof Long b) || b < 1 || b > MAX_BRANCHING)
            {
                throw error(source, line, what, key, value);
            }
            list[i] = b.intValue();
        }
        return list;
    }
}
