/**
 * What Quicksilver's files and tools read, in one grammar each: durations ({@link io.quicksilver.numa.config.Durations})
 * and TOML files with the line of every key ({@link io.quicksilver.numa.config.TomlFile}).
 */
package io.quicksilver.numa.config;
