package io.quicksilver.runtime.counters;

import java.nio.file.Path;

/**
 * A child JVM's main: creates a live counters file at {@code args[0]}, says {@code ready}, then halts without closing
 * it, as a crashed process would.
 */
public final class HaltingWriter
{
    private HaltingWriter()
    {
    }

    public static void main(final String[] args)
    {
        final CountersWriter writer = CountersWriter.create(Path.of(args[0]), "halting", 4, 100);
        writer.setRelease(writer.allocate(CounterTypes.DELIVERIES, 0, "worker 0: deliveries"), 42);
        writer.publish();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
