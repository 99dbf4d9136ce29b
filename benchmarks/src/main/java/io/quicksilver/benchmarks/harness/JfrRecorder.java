package io.quicksilver.benchmarks.harness;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A JFR recording of the whole bench run, openable in JDK Mission Control: the JDK's "default" settings, overlaid
 * with Quicksilver's own event settings ({@value #QUICKSILVER_JFC} from the runtime jar) when that file is on the
 * class path.
 */
final class JfrRecorder implements AutoCloseable
{
    /** Class-path resource of the runtime's JFR settings. */
    static final String QUICKSILVER_JFC = "io/quicksilver/runtime/jfr/quicksilver.jfc";

    private final Recording recording;
    private final String settingsDescription;

    private JfrRecorder(final Recording recording, final String settingsDescription)
    {
        this.recording = recording;
        this.settingsDescription = settingsDescription;
    }

    /**
     * Start recording.
     *
     * @return the recorder.
     * @throws IOException    if the default configuration cannot be read.
     * @throws ParseException if the Quicksilver settings file is malformed.
     */
    static JfrRecorder start() throws IOException, ParseException
    {
        final Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("default").getSettings());
        String description = "JDK \"default\" settings";
        final ClassLoader loader = JfrRecorder.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(QUICKSILVER_JFC))
        {
            if (in != null)
            {
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8))
                {
                    settings.putAll(Configuration.create(reader).getSettings());
                    description += " + " + QUICKSILVER_JFC;
                }
            }
            else
            {
                description += " (" + QUICKSILVER_JFC + " not on the class path)";
            }
        }
        final Recording recording = new Recording(settings);
        recording.setName("quicksilver-bench");
        recording.setToDisk(true);
        recording.start();
        return new JfrRecorder(recording, description);
    }

    String settingsDescription()
    {
        return settingsDescription;
    }

    /**
     * Stop and write the recording.
     *
     * @param file where to write it.
     * @throws IOException if it cannot be written.
     */
    void stopAndDump(final Path file) throws IOException
    {
        recording.stop();
        recording.dump(file);
    }

    @Override
    public void close()
    {
        recording.close();
    }
}
