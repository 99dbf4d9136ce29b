package io.quicksilver.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C floor ({@code native/build/floor}) as measured in this run: a cache-line ping-pong between two CPUs and a
 * single-producer single-consumer ring of 64-byte slots. Every figure the study reports is also stated as a ratio to
 * these. When the program is missing and cannot be built (no gcc), the floor is unavailable and says why.
 *
 * @param available whether it ran and printed its figures.
 * @param reason    why not, when unavailable.
 * @param values    its key=value output, in order.
 * @param output    its raw output, for the report's raw data.
 */
public record Floor(boolean available, String reason, Map<String, String> values, String output)
{
    /** Where native/build.sh puts the program, relative to the project root. */
    public static final String BINARY = "native/build/floor";

    /** The script that builds it with the machine's gcc. */
    public static final String BUILD_SCRIPT = "native/build.sh";

    private static final long TIMEOUT_S = 600;

    /**
     * @param reason why there is no floor in this run.
     * @return an unavailable floor.
     */
    public static Floor unavailable(final String reason)
    {
        return new Floor(false, reason, Map.of(), "");
    }

    /**
     * A floor from the program's output.
     *
     * @param output key=value lines.
     * @return the floor; unavailable if the output lacks the figures the report uses.
     */
    public static Floor parse(final String output)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String line : output.split("\\R"))
        {
            final int equals = line.indexOf('=');
            if (equals > 0)
            {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        for (final String key : List.of("pingpong_one_way_ns_median", "spsc_ns_per_msg_median"))
        {
            if (!values.containsKey(key) || Double.isNaN(number(values, key)))
            {
                return new Floor(false, "floor output has no number for " + key, Map.copyOf(values), output);
            }
        }
        return new Floor(true, null, java.util.Collections.unmodifiableMap(values), output);
    }

    /**
     * Build the floor if needed (with gcc, through native/build.sh) and run it.
     *
     * @param root    project root.
     * @param seconds passed as {@code --seconds}.
     * @param cpuA    first CPU of the ping-pong and the ring's producer.
     * @param cpuB    second CPU, the ring's consumer.
     * @return the floor, or an unavailable one saying why.
     */
    public static Floor measure(final Path root, final double seconds, final int cpuA, final int cpuB)
    {
        final Path binary = root.resolve(BINARY);
        if (!Files.isExecutable(binary))
        {
            final Path script = root.resolve(BUILD_SCRIPT);
            if (!Files.isRegularFile(script))
            {
                return unavailable(binary + " is missing and there is no " + script + " to build it");
            }
            if (!onPath("gcc"))
            {
                return unavailable("gcc not found: the C floor (" + BINARY + ") cannot be built on this machine " +
                    "(Debian/Ubuntu: apt-get install gcc)");
            }
            final Result build = exec(root, List.of("bash", script.toString()));
            if (build.exit != 0 || !Files.isExecutable(binary))
            {
                return unavailable(BUILD_SCRIPT + " failed (exit " + build.exit + "): " + build.output.strip());
            }
        }
        final Result run = exec(root, List.of(binary.toString(), Integer.toString(cpuA), Integer.toString(cpuB),
            "--seconds", String.format(Locale.ROOT, "%.3f", seconds)));
        if (run.exit != 0)
        {
            return unavailable(BINARY + " " + cpuA + " " + cpuB + " failed (exit " + run.exit + "): " + run.output.strip());
        }
        return parse(run.output);
    }

    /**
     * @return one-way cache-line hop between the two CPUs (half the ping-pong round trip), ns; NaN if unavailable.
     */
    public double oneWayNs()
    {
        return number(values, "pingpong_one_way_ns_median");
    }

    /**
     * @return nanoseconds per 64-byte message through the C SPSC ring; NaN if unavailable.
     */
    public double spscNsPerMessage()
    {
        return number(values, "spsc_ns_per_msg_median");
    }

    /**
     * @return the CPUs the floor ran on, as it printed them, or "-".
     */
    public String cpus()
    {
        return values.getOrDefault("cpus", "-");
    }

    private static double number(final Map<String, String> values, final String key)
    {
        final String value = values.get(key);
        if (value == null)
        {
            return Double.NaN;
        }
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    private static boolean onPath(final String program)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String dir : path.split(java.io.File.pathSeparator))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)))
            {
                return true;
            }
        }
        return false;
    }

    private record Result(int exit, String output)
    {
    }

    private static Result exec(final Path dir, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
            .redirectErrorStream(true);
        try
        {
            final Process process = builder.start();
            final String output;
            try (InputStream in = process.getInputStream())
            {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_S + " s");
            }
            return new Result(process.exitValue(), output);
        }
        catch (final IOException ex)
        {
            return new Result(-1, ex.toString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
