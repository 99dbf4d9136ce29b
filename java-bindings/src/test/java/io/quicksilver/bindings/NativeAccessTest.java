package io.quicksilver.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@code --enable-native-access} the bindings call no restricted method (so the JDK prints no warning) and
 * say which flag to add; with it (as this test JVM runs) they load.
 */
class NativeAccessTest
{
    /** Run in a JVM started without the flag: prints what the bindings say. */
    public static final class Probe
    {
        public static void main(final String[] args)
        {
            System.out.println(NativeAccess.isEnabled());
            System.out.println(LibC.instance().unavailableReason());
            System.out.println(LibNuma.system().unavailableReason());
        }
    }

    @Test
    void shouldSeeNativeAccessInThisJvm()
    {
        assertTrue(NativeAccess.isEnabled(), "surefire runs with --enable-native-access=ALL-UNNAMED");
    }

    @Test
    @Timeout(60)
    void shouldNameTheFlagAndCallNoRestrictedMethodWithoutNativeAccess() throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Probe.class.getName())
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        final String reason = "native access is not enabled: start the JVM with --enable-native-access=ALL-UNNAMED";
        assertEquals(List.of("false", reason, reason), output.lines().toList(), "no JDK warning, the flag named");
    }
}
