package io.quicksilver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's complete examples are, character for character, the files under {@code src/test/java/example} that
 * {@link ReadmeExampleTest} compiles and runs: this test fails when one is edited without the other. (The same
 * blocks, pasted into a separate project, are what {@code ci/consumer-check.sh} compiles and runs.)
 */
class ReadmeInSyncTest
{
    private static final Path EXAMPLES = Path.of("src", "test", "java", "example");

    @Test
    void shouldShowEveryCompiledExampleInTheReadmeUnchanged() throws IOException
    {
        final List<ReadmeBlocks.Block> shown = ReadmeBlocks.examples();
        final List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES))
        {
            files = list.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "examples: " + files);
        assertEquals(files.size(), shown.size(), "README examples: " + shown.stream().map(ReadmeBlocks.Block::className).toList());
        for (final ReadmeBlocks.Block block : shown)
        {
            final String simpleName = block.className().substring(block.className().lastIndexOf('.') + 1);
            assertEquals(Files.readString(EXAMPLES.resolve(simpleName + ".java")), block.text(), block.className());
        }
    }

    @Test
    void shouldImportEveryQuicksilverTypeAnExampleUses()
    {
        for (final ReadmeBlocks.Block block : ReadmeBlocks.examples())
        {
            for (final String type : List.of("Quicksilver", "RelayNode", "SwitchNode", "Method", "Metadata", "SelectedFilter"))
            {
                final boolean used = block.text().matches("(?s).*\\b" + type + "[ .(].*");
                final boolean imported = block.text().contains("import io.quicksilver." + type + ";");
                assertEquals(used, imported, block.className() + " uses " + type + " without importing it, or the other way");
            }
        }
    }

    @Test
    void shouldDocumentTheFlagsTheBuildPassesToItsOwnJvms() throws IOException
    {
        final String pom = Files.readString(Path.of("..", "pom.xml"));
        final String flags = pom.substring(pom.indexOf("<quicksilver.jvm.flags>") + "<quicksilver.jvm.flags>".length(),
            pom.indexOf("</quicksilver.jvm.flags>"));
        final String classPathCommand = ReadmeBlocks.all().stream()
            .filter(block -> block.language().equals("bash") && block.text().startsWith("java ") && block.text().contains(" -cp "))
            .findFirst().orElseThrow().text();
        assertEquals("java " + flags + " -cp", classPathCommand.substring(0, classPathCommand.indexOf(" -cp ") + 4));
    }
}
