package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Twenty lines" example is the code {@link ReadmeExampleTest} compiles and runs: this test fails
 * when one is edited without the other.
 */
class ReadmeInSyncTest
{
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "quicksilver", "ReadmeExampleTest.java");

    @Test
    void shouldShowTheCompiledExampleInTheReadme() throws IOException
    {
        final String readme = Files.readString(README);
        final int heading = readme.indexOf("## Twenty lines");
        assertTrue(heading >= 0, "README.md has no '## Twenty lines' section");
        final int start = readme.indexOf("```java\n", heading) + "```java\n".length();
        final int end = readme.indexOf("```", start);
        final List<String> shown = readme.substring(start, end).lines()
            .filter(line -> !line.startsWith("// prints:"))
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toList());

        final String source = Files.readString(EXAMPLE);
        final int from = source.indexOf("static final int SCORE");
        final int to = source.indexOf("// --- README example ends");
        final List<String> compiled = source.substring(from, to).lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .collect(Collectors.toList());
        // The example class's closing brace sits before the end marker and is not part of the README.
        assertEquals("}", compiled.removeLast());

        assertEquals(compiled, shown);
        assertTrue(compiled.size() <= 24, "the README example should stay about twenty lines: lines=" + compiled.size());
    }
}
