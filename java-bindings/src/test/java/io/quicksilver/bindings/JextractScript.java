package io.quicksilver.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jextract invocations in native/jextract.sh, read back so tests check the generated code against
 * the include lists that regenerate it.
 */
record JextractScript(List<Invocation> invocations)
{
    record Invocation(String targetPackage, String headerClass, List<String> functions, List<String> constants, List<String> typedefs)
    {
        String headerClassName()
        {
            return targetPackage + "." + headerClass;
        }
    }

    static JextractScript read()
    {
        final Path script = locate();
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(script);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        final List<Invocation> invocations = new ArrayList<>();
        List<String> tokens = null;
        for (final String raw : lines)
        {
            final String line = raw.trim();
            if (line.startsWith("\"$JEXTRACT\""))
            {
                tokens = new ArrayList<>();
            }
            else if (null != tokens && line.startsWith("\"$HEADER\""))
            {
                invocations.add(parse(tokens));
                tokens = null;
            }
            else if (null != tokens && line.startsWith("--"))
            {
                tokens.add(line.replace("\\", "").trim());
            }
        }
        return new JextractScript(List.copyOf(invocations));
    }

    Invocation invocation(final String headerClass)
    {
        return invocations.stream()
            .filter(i -> i.headerClass().equals(headerClass))
            .findFirst()
            .orElseThrow(() -> new AssertionError("native/jextract.sh has no --header-class-name " + headerClass));
    }

    private static Invocation parse(final List<String> options)
    {
        String targetPackage = null;
        String headerClass = null;
        final List<String> functions = new ArrayList<>();
        final List<String> constants = new ArrayList<>();
        final List<String> typedefs = new ArrayList<>();
        for (final String option : options)
        {
            final String[] parts = option.split("\\s+", 2);
            final String value = parts.length > 1 ? parts[1].trim() : "";
            switch (parts[0])
            {
                case "--target-package" -> targetPackage = value;
                case "--header-class-name" -> headerClass = value;
                case "--include-function" -> functions.add(value);
                case "--include-constant" -> constants.add(value);
                case "--include-typedef" -> typedefs.add(value);
                default ->
                {
                }
            }
        }
        return new Invocation(targetPackage, headerClass, List.copyOf(functions), List.copyOf(constants), List.copyOf(typedefs));
    }

    private static Path locate()
    {
        for (Path dir = Path.of("").toAbsolutePath(); null != dir; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("native").resolve("jextract.sh");
            if (Files.isRegularFile(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException("native/jextract.sh not found above " + Path.of("").toAbsolutePath());
    }
}
