package io.quicksilver.runtime.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.Configuration;

/**
 * The shipped {@code quicksilver.jfc}: a class-path resource, since JFR reads settings only from files or from the
 * JDK's own names. For in-process recordings use {@link #configuration()} or {@link #settingsOver(String)}; for
 * {@code -XX:StartFlightRecording} or {@code jcmd} extract the file first, with {@link #main(String[])} or
 * {@code unzip -p quicksilver-runtime.jar io/quicksilver/runtime/jfr/quicksilver.jfc}.
 */
public final class QuicksilverJfc
{
    /** Class-path location of the settings file. */
    public static final String RESOURCE = "/io/quicksilver/runtime/jfr/quicksilver.jfc";

    private QuicksilverJfc()
    {
    }

    /**
     * Parse the shipped file.
     *
     * @return a configuration holding only the {@code io.quicksilver.*} settings.
     * @throws IOException    if the resource is missing or unreadable.
     * @throws ParseException if it is not a valid {@code .jfc}.
     */
    public static Configuration configuration() throws IOException, ParseException
    {
        try (Reader reader = new InputStreamReader(open(), StandardCharsets.UTF_8))
        {
            return Configuration.create(reader);
        }
    }

    /**
     * A JDK configuration with Quicksilver's settings laid over it, for {@code new Recording(settings)}.
     *
     * @param jdkConfiguration a JDK configuration name: {@code default} or {@code profile}.
     * @return the JDK configuration's settings overridden by Quicksilver's.
     * @throws IOException    if a configuration cannot be read, or the name is not one the JDK knows.
     * @throws ParseException if a file is not a valid {@code .jfc}.
     */
    public static Map<String, String> settingsOver(final String jdkConfiguration) throws IOException, ParseException
    {
        final Map<String, String> settings =
            new HashMap<>(Configuration.getConfiguration(jdkConfiguration).getSettings());
        settings.putAll(configuration().getSettings());
        return settings;
    }

    /**
     * Copy the shipped file to a path, replacing what is there.
     *
     * @param target file to write.
     * @return the target.
     * @throws IOException if it cannot be read or written.
     */
    public static Path extractTo(final Path target) throws IOException
    {
        try (InputStream in = open())
        {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * Write the shipped {@code quicksilver.jfc} to the path given, or to standard output when none is.
     *
     * @param args optional target path.
     * @throws IOException if it cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length > 0)
        {
            System.out.println(extractTo(Path.of(args[0])).toAbsolutePath());
        }
        else
        {
            try (InputStream in = open())
            {
                in.transferTo(System.out);
            }
            System.out.flush();
        }
    }

    private static InputStream open() throws IOException
    {
        final InputStream in = QuicksilverJfc.class.getResourceAsStream(RESOURCE);
        if (null == in)
        {
            throw new IOException("JFR settings resource not on the class path: resource=" + RESOURCE);
        }
        return in;
    }
}
