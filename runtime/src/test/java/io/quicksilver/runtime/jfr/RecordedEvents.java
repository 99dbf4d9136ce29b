package io.quicksilver.runtime.jfr;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reading a test's recording back: dump it to a file and pick events by type name.
 */
final class RecordedEvents
{
    private RecordedEvents()
    {
    }

    static List<RecordedEvent> dump(final Recording recording, final Path dir) throws IOException
    {
        final Path file = Files.createTempFile(dir, "quicksilver", ".jfr");
        recording.dump(file);
        return RecordingFile.readAllEvents(file);
    }

    static List<RecordedEvent> named(final List<RecordedEvent> events, final String name)
    {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    static RecordedEvent only(final List<RecordedEvent> events, final String name)
    {
        final List<RecordedEvent> found = named(events, name);
        assertEquals(1, found.size(), name + " events: " + found);
        return found.getFirst();
    }
}
