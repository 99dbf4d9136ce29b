package io.quicksilver.numa.affinity;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a config file came from (line) and how it was written, so that errors found after parsing,
 * against a topology, still point at the line and show the value.
 */
final class ConfigSource
{
    private record Location(int line, String value)
    {
    }

    private final String fileName;
    private final Map<String, Location> locations = new HashMap<>();

    ConfigSource(final String fileName)
    {
        this.fileName = fileName;
    }

    String fileName()
    {
        return fileName;
    }

    void record(final String key, final int line, final String value)
    {
        locations.put(key, new Location(line, value));
    }

    int lineOf(final String key)
    {
        final Location location = locations.get(key);
        return location == null ? 0 : location.line();
    }

    String valueOf(final String key)
    {
        final Location location = locations.get(key);
        return location == null ? null : location.value();
    }

    AffinityConfigException error(final String key, final String reason)
    {
        return new AffinityConfigException(fileName, lineOf(key), key, valueOf(key), reason);
    }
}
