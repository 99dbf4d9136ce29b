package io.quicksilver.runtime.counters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a main class of the test classpath in a child JVM with the runtime's flags, and runs {@link Stat} as a
 * separate process, the way an operator would.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /** The java launcher of this JVM. */
    static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @param mainClass a main class on this JVM's class path.
     * @param args      its arguments.
     * @return the started process, stderr merged into stdout.
     */
    public static Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
            "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * @param process a child.
     * @param prefix  what the line must start with.
     * @return the first line of its output that starts with {@code prefix}.
     * @throws IllegalStateException with the output so far when it ends first.
     */
    public static String awaitLine(final Process process, final String prefix) throws IOException
    {
        final BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null)
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("child ended before printing '" + prefix + "': " + seen);
    }

    /** What a {@code stat} process printed and how it exited. */
    public record Result(int exit, String out, String err)
    {
    }

    /**
     * @param args {@code stat}'s arguments.
     * @return its exit status and output, from a separate JVM.
     */
    public static Result stat(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
            Stat.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).start();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("stat did not exit: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8));
    }
}
