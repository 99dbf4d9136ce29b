package io.quicksilver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chronicle Queue is an optional dependency: on a class path without it (a child JVM given this test's class path
 * less every net.openhft jar), the runtime works, and a journal or a replay is refused with a
 * {@code JournalException} that names the missing artifact.
 */
class JournalWithoutChronicleTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void shouldRunWithoutChronicleAndNameItWhenAJournalIsAskedFor() throws Exception
    {
        final String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final String classPath = Stream.of(full.split(File.pathSeparator))
            .filter(entry -> !entry.contains(File.separator + "openhft" + File.separator))
            .collect(Collectors.joining(File.pathSeparator));
        assertTrue(full.contains("chronicle-queue"), "the test class path has Chronicle, to take it away: " + full);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")).toList());
        command.add("-cp");
        command.add(classPath);
        command.add(JournalWithoutChronicleChild.class.getName());
        command.add(tmp.resolve("journal").toString());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("without a journal: delivered 5"), out);
        final String refusal = "JournalException: journal " + tmp.resolve("journal").toAbsolutePath() +
            " needs Chronicle Queue on the class path (net.openhft:chronicle-queue";
        assertTrue(out.contains("journal: " + refusal), out);
        assertTrue(out.contains("replay: " + refusal), out);
    }
}
