package io.quicksilver;

import io.quicksilver.runtime.counters.ChildJvm;
import io.quicksilver.runtime.counters.CountersFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stat} as an operator runs it: a runtime in a child JVM drives a known workload, {@code stat} in another
 * process reads its counters file, and the counts match what the responders received, exactly; once the child has
 * halted, the file reads stale; bad input gets one line and a non-zero exit.
 */
@Timeout(120)
class StatTest
{
    private static final int SENDS = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldReportExactCountsAsJsonFromAnotherProcessThenStaleOnceTheRuntimeHalted() throws Exception
    {
        final Process child = ChildJvm.start(CountersWorkload.class, "stat", "2", String.valueOf(SENDS), dir.toString());
        try
        {
            final String[] ready = ChildJvm.awaitLine(child, "ready ").split(" ");
            final long pid = Long.parseLong(ready[1]);
            final long received = Long.parseLong(ready[2]);
            final long failures = Long.parseLong(ready[3]);
            final Path file = Path.of(ready[4]);
            assertEquals(3L * SENDS, received);
            assertEquals(CountersFiles.file(dir, pid, "stat"), file);

            final ChildJvm.Result json = ChildJvm.stat(dir.toString(), "--once", "--json", "--interval", "200");
            assertEquals(0, json.exit(), json.err());
            final String out = json.out();
            assertTrue(out.contains("\"name\":\"stat\",\"pid\":" + pid + ",\"state\":\"LIVE\""), out);
            assertTrue(out.contains("\"totals\":{\"deliveries\":" + received + ","), out);
            assertTrue(out.contains("\"responderFailures\":" + failures + ","), out);
            final long claimed = longField(out, "\"claimed\":(\\d+)");
            final List<Long> read = longFields(out, "\\{\"worker\":\\d+,\"deliveries\":\\d+,\"messagesRead\":(\\d+)");
            assertEquals(List.of(claimed, claimed), read, "both workers read every sequence");
            assertEquals(received, longFields(out, "\\{\"worker\":\\d+,\"deliveries\":(\\d+)").stream()
                .mapToLong(Long::longValue).sum());
            assertTrue(out.contains("\"deliveriesPerSecond\":0.000"), "nothing moves after the flush: " + out);

            final ChildJvm.Result text = ChildJvm.stat(file.toString(), "--once", "--interval", "100");
            assertEquals(0, text.exit(), text.err());
            final String[] lines = text.out().split("\n");
            assertTrue(lines[0].startsWith(file + "  pid " + pid + "  name stat  LIVE  heartbeat "), lines[0]);
            assertTrue(lines[1].trim().startsWith("worker  deliveries/s    messages/s"), lines[1]);
            assertTrue(lines[2].trim().startsWith("0 "), lines[2]);
            assertTrue(lines[3].trim().startsWith("1 "), lines[3]);
            assertTrue(lines[4].trim().startsWith("total "), lines[4]);
            assertTrue(lines[4].contains(" " + received + " "), lines[4]);
            assertTrue(text.out().contains("changed: nothing"), text.out());

            child.getOutputStream().write("halt\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, child.exitValue(), "halted, not closed");
            assertTrue(Files.exists(file), "a halted runtime leaves its file");

            final ChildJvm.Result stale = ChildJvm.stat(dir.toString(), "--once", "--json", "--interval", "1");
            assertEquals(0, stale.exit(), stale.err());
            assertTrue(stale.out().contains("\"state\":\"STALE\",\"reason\":\"process " + pid + " is gone\""),
                stale.out());
            assertTrue(stale.out().contains("\"totals\":{\"deliveries\":" + received + ","), "its last values");
            final ChildJvm.Result staleText = ChildJvm.stat(file.toString(), "--once", "--interval", "1");
            assertTrue(staleText.out().contains("STALE (process " + pid + " is gone)"), staleText.out());
            assertFalse(staleText.out().contains("LIVE"), staleText.out());
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldShowRatesWhileMessagesFlow() throws Exception
    {
        final Process child = ChildJvm.start(CountersWorkload.class, "flowing", "2", "1", dir.toString(), "flowing");
        try
        {
            ChildJvm.awaitLine(child, "ready ");
            final ChildJvm.Result json = ChildJvm.stat(dir.toString(), "--once", "--json", "--interval", "1000");
            assertEquals(0, json.exit(), json.err());
            final String totals = json.out().substring(json.out().indexOf("\"totals\":"));
            final double deliveries = Double.parseDouble(field(totals, "deliveriesPerSecond"));
            final double messages = Double.parseDouble(field(totals, "messagesPerSecond"));
            final double perBatch = Double.parseDouble(field(totals, "messagesPerBatch"));
            assertTrue(messages > 0, totals);
            assertTrue(deliveries >= 2 * messages, "three responders per message, the last batch maybe not counted: " +
                totals);
            assertTrue(perBatch >= 1 && perBatch <= 256, totals);
            assertTrue(json.out().contains("\"ring claimed\":"), "claims changed: " + json.out());
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    private static String field(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    void shouldDeleteTheFileWhenTheRuntimeCloses() throws Exception
    {
        final Process child = ChildJvm.start(CountersWorkload.class, "closing", "1", "100", dir.toString());
        try
        {
            final Path file = Path.of(ChildJvm.awaitLine(child, "ready ").split(" ")[4]);
            assertTrue(Files.exists(file));
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            assertFalse(Files.exists(file));
            final ChildJvm.Result none = ChildJvm.stat(dir.toString(), "--once");
            assertEquals(1, none.exit());
            assertEquals("stat: no Quicksilver counters files in " + dir + "\n", none.err());
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldDeleteTheFileWhenTheJvmExitsWithoutClosing() throws Exception
    {
        final Process child = ChildJvm.start(CountersWorkload.class, "exiting", "1", "100", dir.toString());
        try
        {
            final Path file = Path.of(ChildJvm.awaitLine(child, "ready ").split(" ")[4]);
            assertTrue(Files.exists(file));
            child.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(4, child.exitValue(), "System.exit, no close()");
            assertFalse(Files.exists(file), "the exit hook deleted it");
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldRejectBadInputWithOneLineAndANonZeroExit() throws Exception
    {
        assertOneLine(ChildJvm.stat("--bogus"), 2, "stat: unknown option '--bogus' (usage: ./quicksilver stat");
        assertOneLine(ChildJvm.stat("a", "b"), 2, "stat: one PID, DIR or FILE at most, got 'a' and 'b'");
        assertOneLine(ChildJvm.stat("--interval", "x"), 2, "stat: --interval must be a whole number");
        final Path notCounters = Files.writeString(dir.resolve("notes.counters"), "x".repeat(500));
        assertOneLine(ChildJvm.stat(notCounters.toString(), "--once"), 1,
            "stat: " + notCounters + ": not a Quicksilver counters file: magic=0x");
        final Path truncated = Files.write(dir.resolve("short"), new byte[10]);
        assertOneLine(ChildJvm.stat(truncated.toString(), "--once"), 1,
            "stat: " + truncated + ": truncated counters file: size=10");
        assertOneLine(ChildJvm.stat(dir.resolve("missing").toString(), "--once"), 1,
            "stat: " + dir.resolve("missing") + ": no such pid, directory or counters file");
        // pid 1 runs, and is not Quicksilver.
        assertOneLine(ChildJvm.stat("1", "--once"), 1, "stat: no Quicksilver counters file for pid 1 in ");
    }

    @Test
    void shouldShowTheRowsInARealTerminal() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux (ci/ensure-tools.sh installs it)");
        final Process child = ChildJvm.start(CountersWorkload.class, "tmux", "2", String.valueOf(SENDS), dir.toString());
        final String session = "qs-stat-" + ProcessHandle.current().pid();
        try
        {
            final String[] ready = ChildJvm.awaitLine(child, "ready ").split(" ");
            final String command = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "'" + System.getProperty("java.class.path") + "'", "io.quicksilver.runtime.counters.Stat",
                "'" + dir + "'");
            run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String pane = "";
            while (System.nanoTime() - deadline < 0 && !pane.contains("changed:"))
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                pane = run("tmux", "capture-pane", "-p", "-t", session);
            }
            assertTrue(pane.contains("pid " + ready[1] + "  name tmux  LIVE"), pane);
            assertTrue(Pattern.compile("(?m)^\\s+0\\s+0\\s+0\\s+\\d+\\s+\\d+").matcher(pane).find(), pane);
            assertTrue(Pattern.compile("(?m)^\\s+1\\s+0\\s+0\\s+\\d+\\s+\\d+").matcher(pane).find(), pane);
            assertTrue(Pattern.compile("(?m)^\\s+total\\s+0\\s+0\\s+" + ready[2] + "\\s").matcher(pane).find(), pane);
        }
        finally
        {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
            child.destroyForcibly();
        }
    }

    private static String run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static void assertOneLine(final ChildJvm.Result result, final int exit, final String prefix)
    {
        assertEquals(exit, result.exit(), result.err());
        assertTrue(result.err().startsWith(prefix), result.err());
        assertEquals(1, result.err().split("\n").length, result.err());
        assertTrue(result.err().endsWith("\n"));
        assertEquals("", result.out());
    }

    private static long longField(final String json, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(json);
        assertTrue(m.find(), regex + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static List<Long> longFields(final String json, final String regex)
    {
        final List<Long> values = new ArrayList<>();
        final Matcher m = Pattern.compile(regex).matcher(json);
        while (m.find())
        {
            values.add(Long.parseLong(m.group(1)));
        }
        return values;
    }
}
