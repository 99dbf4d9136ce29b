package io.quicksilver.runtime.parallel;

import io.quicksilver.Tag;
import io.quicksilver.runtime.counters.ChildJvm;
import io.quicksilver.runtime.hierarchy.Hierarchy;
import io.quicksilver.runtime.hierarchy.NodeModel;
import io.quicksilver.runtime.hierarchy.RoutingSnapshot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code inspect}'s picture of a recorded scene: the description a running dispatcher keeps beside its counters file
 * has every node once, each node with responders in the colour of the worker the dispatcher assigned its partition,
 * the switch node's state and the inactive node marked; after a partition move it follows the new owner; and
 * {@code inspect}, in another process, renders it with Graphviz.
 */
@Timeout(60)
class InspectTest
{
    private static final Pattern NODE = Pattern.compile(
        "(?m)^  n(\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(, fillcolor=\"([^\"]+)\")?");

    @TempDir
    Path dir;

    @Test
    void shouldDrawEveryNodeOnceInItsPartitionOwnersColour() throws Exception
    {
        final Hierarchy h = new Hierarchy((node, source, method, error) -> { });
        final NodeModel scene = h.createNode("scene", false);
        final NodeModel modes = h.createNode("modes", true);
        final NodeModel play = h.createNode("play", false);
        final NodeModel pause = h.createNode("pause", false);
        final NodeModel hud = h.createNode("hud \"overlay\"", false);
        h.link(scene, modes);
        h.link(modes, play);
        h.link(modes, pause);
        h.link(scene, hud);
        h.jumpTo(modes, pause);
        h.setActive(hud, false);
        h.setTags(hud, 0x5L);
        final NodeModel[] withResponders = {scene, play, pause, hud};
        for (final NodeModel n : withResponders)
        {
            for (int r = 0; r < 3; r++)
            {
                h.addResponder(n, n.name() + r, view -> { }, Tag.EVERYTHING, true, false, true);
            }
        }
        for (int i = 0; i < 12; i++)
        {
            final NodeModel leaf = h.createNode("leaf" + i, false);
            h.link(play, leaf);
            h.addResponder(leaf, "leaf" + i, view -> { }, Tag.EVERYTHING, true, false, true);
        }
        try (ParallelDispatcher d = ParallelDispatcher.builder(h, (node, source, method, error) -> { })
            .workers(3)
            .balancePeriod(Duration.ZERO)
            .counters(true)
            .countersDirectory(dir)
            .countersName("scene")
            .log(line -> { })
            .build())
        {
            final Path description = dir.resolve(ProcessHandle.current().pid() + "-scene.dot");
            String dot = awaitDescription(description, "layout 0,");
            checkColours(d, dot);
            assertTrue(dot.contains("n" + modes.id() + " [label=\"modes\\nswitch, state: pause\""), dot);
            assertTrue(dot.contains("n" + modes.id() + " -> n" + pause.id() + " [penwidth=3];"), dot);
            assertTrue(dot.contains("n" + modes.id() + " -> n" + play.id() + ";"), dot);
            assertTrue(Pattern.compile("n" + hud.id() + " \\[label=\"hud \\\\\"overlay\\\\\"\\\\ntags 0x5\\\\ninactive")
                .matcher(dot).find(), dot);
            assertTrue(dot.contains("style=\"filled,dashed\""), dot);

            // Move a partition to another worker: the next description colours it so.
            final int partition = 0;
            final int to = (d.partitionOwner(partition) + 1) % 3;
            d.movePartition(partition, to);
            d.flush();
            dot = awaitDescription(description, "layout 1,");
            checkColours(d, dot);

            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dot")), "graphviz (ci/ensure-tools.sh)");
            final Path out = dir.resolve("out");
            final Process inspect = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.quicksilver.runtime.counters.Inspect",
                d.countersFile().toString(), "--out", out.toString()).redirectErrorStream(true).start();
            final String printed = new String(inspect.getInputStream().readAllBytes());
            assertTrue(inspect.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, inspect.exitValue(), printed);
            final Path svg = out.resolve(ProcessHandle.current().pid() + "-scene.svg");
            assertEquals("wrote " + out.resolve(description.getFileName()) + " and " + svg + "\n", printed);
            final String picture = Files.readString(svg);
            assertTrue(picture.contains("<svg"), picture);
            assertTrue(picture.contains(">modes</text>"), picture);
        }
        assertFalse(Files.exists(dir.resolve(ProcessHandle.current().pid() + "-scene.dot")), "deleted on close");
    }

    @Test
    void shouldSayWhatIsMissingWithOneLine() throws Exception
    {
        final Path lonely = Files.writeString(dir.resolve("1-x.counters"), "");
        ChildJvm.Result r = run("--format", "gif");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("inspect: --format must be svg, png or dot: --format gif (usage:"), r.err());
        r = run(lonely.toString());
        assertEquals(1, r.exit());
        assertEquals("inspect: " + lonely + ": no hierarchy description beside it (1-x.dot is missing)\n", r.err());
    }

    private static ChildJvm.Result run(final String... args) throws Exception
    {
        final java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), "io.quicksilver.runtime.counters.Inspect"));
        command.addAll(java.util.List.of(args));
        final Process p = new ProcessBuilder(command).start();
        final String out = new String(p.getInputStream().readAllBytes());
        final String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new ChildJvm.Result(p.exitValue(), out, err);
    }

    /** Every node once; a node with responders in its partition owner's colour, one without in none. */
    private static void checkColours(final ParallelDispatcher d, final String dot)
    {
        final Layout layout = d.issuedLayout();
        final RoutingSnapshot s = layout.snapshot;
        final Map<Integer, String> fill = new HashMap<>();
        final Matcher m = NODE.matcher(dot);
        while (m.find())
        {
            assertEquals(null, fill.put(Integer.parseInt(m.group(1)), m.group(4) == null ? "" : m.group(4)),
                "node n" + m.group(1) + " twice");
        }
        assertEquals(s.nodeCount(), fill.size(), dot);
        final Map<Integer, String> expected = new HashMap<>();
        for (int id = 0; id < s.nodeCount(); id++)
        {
            expected.put(id, "");
        }
        for (int r = 0; r < s.responderCount(); r++)
        {
            final int owner = layout.partitionOwner[layout.responderPartition[r]];
            expected.put(s.responderNode()[r], HierarchyDot.PALETTE[owner]);
        }
        assertEquals(expected, fill, dot);
        assertTrue(expected.values().stream().distinct().count() >= 3, "three workers' colours: " + expected);
    }

    private static String awaitDescription(final Path description, final String marker) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0)
        {
            if (Files.exists(description))
            {
                final String dot = Files.readString(description);
                if (dot.contains(marker))
                {
                    return dot;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new AssertionError("no description with '" + marker + "' at " + description);
    }
}
