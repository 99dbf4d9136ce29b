package io.quicksilver.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Scene files: what parses, and the exact message of every kind of mistake (file, line, key and value).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SceneSpecTest
{
    @Test
    void shouldParseEveryKeyAndDefaultTheRestToMedium()
    {
        final SceneSpec spec = SceneSpec.parse("""
            # a comment
            name = "wide"   # trailing comment
            seed = 7
            branching = [4, 3, 2]
            responders_per_node = 2
            tagged_nodes = 0.5
            switch_nodes = 0
            inactive_nodes = 0.1
            root_share = 0.2
            tagged_share = 0.3
            selected_share = 0.4
            min_fanout = 5
            max_fanout = 50
            templates = 8
            """, "wide.toml", "ignored");
        assertEquals("wide", spec.name());
        assertEquals(7, spec.seed());
        assertArrayEquals(new int[]{ 4, 3, 2 }, spec.branching());
        assertEquals(4, spec.levels());
        assertEquals(1 + 4 + 12 + 24, spec.nodes());
        assertEquals(2 * 41, spec.responders());
        assertEquals(0.5, spec.taggedNodes());
        assertEquals(0.4, spec.selectedShare());
        assertEquals(8, spec.templates());

        // TOML the old line-by-line reader did not take: a multi-line array, a literal string, underscores.
        final SceneSpec toml = SceneSpec.parse("""
            name = 'multi'
            branching = [
                3,  # level 0
                2,
            ]
            seed = 1_000
            """, "multi.toml", "ignored");
        assertEquals("multi", toml.name());
        assertArrayEquals(new int[]{ 3, 2 }, toml.branching());
        assertEquals(1000, toml.seed());

        final SceneSpec minimal = SceneSpec.parse("branching = [2, 2]\n", "x/min.toml", "min");
        assertEquals("min", minimal.name());
        assertEquals(SceneSpec.MEDIUM.respondersPerNode(), minimal.respondersPerNode());
        assertEquals(SceneSpec.MEDIUM.minFanout(), minimal.minFanout());
    }

    @Test
    void shouldNameTheFileLineKeyAndValueOfEveryMistake()
    {
        // Syntax is TOML's, read by the affinity file's parser: its message, at the line.
        assertError("s.toml:2: invalid TOML: Unexpected end of line, expected . or =", "branching = [2]\noops\n");
        assertError("s.toml:3: invalid TOML: seed previously defined at line 1, column 1",
            "seed = 3\nbranching = [2]\nseed = 4\n");
        assertError("s.toml:1: invalid TOML: Unexpected 'a', expected ', \", ''', \"\"\", a number, a boolean, " +
            "a date/time, an array, or a table (strings are quoted in TOML: name = \"wide\")", "seed = abc\n");
        assertError("s.toml:1: invalid TOML: Unexpected end of line, expected ', \", ''', \"\"\", a number, " +
            "a boolean, a date/time, an array, or a table", "seed =\n");
        assertError("s.toml:1: invalid TOML: nested more than 2 deep", "branching = [[[2]]]\n");
        // The scene's own rules: file, line, key and the value as TOML writes it.
        assertError("s.toml:1: tables are not part of a scene file, only key = value: idle", "[idle]\n");
        assertError("s.toml:2: tables are not part of a scene file, only key = value: tree",
            "branching = [2]\ntree.depth = 3\n");
        assertError("s.toml:1: unknown key (known: name, seed, branching, responders_per_node, tagged_nodes, " +
            "switch_nodes, inactive_nodes, root_share, tagged_share, selected_share, min_fanout, max_fanout, " +
            "templates): colour=\"blue\"", "colour = \"blue\"\n");
        assertError("s.toml:1: seed must be an integer: seed=\"abc\"", "seed = \"abc\"\n");
        assertError("s.toml:1: templates must be an integer: templates=1.5", "templates = 1.5\n");
        assertError("s.toml:2: tagged_nodes must be a number between 0 and 1: tagged_nodes=1.5",
            "branching = [2]\ntagged_nodes = 1.5\n");
        assertError("s.toml:1: tagged_nodes must be a number between 0 and 1: tagged_nodes=\"half\"",
            "tagged_nodes = \"half\"\n");
        assertError("s.toml:1: branching must be a list of 1 to 31 integers in [1, 1024], e.g. [3, 3, 2]: " +
            "branching=[3, \"x\"]", "branching = [3, \"x\"]\n");
        assertError("s.toml:1: branching must be a list of 1 to 31 integers in [1, 1024], e.g. [3, 3, 2]: " +
            "branching=[]", "branching = []\n");
        assertError("s.toml:1: branching must be a list of 1 to 31 integers in [1, 1024], e.g. [3, 3, 2]: " +
            "branching=3", "branching = 3\n");
        assertError("s.toml:1: responders_per_node must be between 1 and 1024: responders_per_node=0",
            "responders_per_node = 0\n");
        assertError("s.toml:1: name must be a non-empty quoted string, e.g. \"wide\": name=7", "name = 7\n");
        assertError("s.toml:1: name must be a non-empty quoted string, e.g. \"wide\": name=\"\"", "name = \"\"\n");
        assertError("s.toml:1: name may use only letters, digits, '.', '_' and '-' (it names report files): " +
            "name=\"a b\"", "name = \"a b\"\n");
        assertError("s.toml: branching is required (children per node at each level, e.g. branching = [3, 3, 2])",
            "seed = 1\n");
        assertError("s.toml:1: scene has more than 2000000 responders (3001001 nodes x 3 responders per node): " +
            "branching=[1000, 1000, 2]", "branching = [1000, 1000, 2]\n");
        assertError("s.toml:2: min_fanout must be at most max_fanout = 400: min_fanout=500",
            "branching = [2]\nmin_fanout = 500\nmax_fanout = 400\n");
    }

    @Test
    void shouldReadAFileAndNameItInErrors() throws Exception
    {
        final Path file = Files.createTempFile("scene", ".toml");
        try
        {
            Files.writeString(file, "branching = [3, 3]\nswitch_nodes = \"lots\"\n");
            final BenchFileException ex = assertThrows(BenchFileException.class, () -> SceneSpec.parse(file));
            assertEquals(file + ":2: switch_nodes must be a number between 0 and 1: switch_nodes=\"lots\"", ex.getMessage());

            Files.writeString(file, "branching = [3, 3]\n");
            final String fileName = file.getFileName().toString();
            assertEquals(fileName.substring(0, fileName.length() - ".toml".length()), SceneSpec.parse(file).name());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldKnowTheNamedShapes()
    {
        assertEquals(SceneSpec.SMALL, SceneSpec.named("small"));
        assertEquals(SceneSpec.MEDIUM, SceneSpec.named("medium"));
        assertEquals(SceneSpec.LARGE, SceneSpec.named("large"));
        assertEquals(null, SceneSpec.named("huge"));
        assertEquals(5, SceneSpec.SMALL.levels());
        assertEquals(10, SceneSpec.MEDIUM.levels());
        assertEquals(12, SceneSpec.LARGE.levels());
    }

    private static void assertError(final String expected, final String text)
    {
        final BenchFileException ex = assertThrows(BenchFileException.class, () -> SceneSpec.parse(text, "s.toml", "s"));
        assertEquals(expected, ex.getMessage());
    }
}
