package io.quicksilver.bindings;

import io.quicksilver.bindings.libnuma.numa_h;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a class loader that never loaded libnuma (what a JVM without libnuma looks like to the generated
 * code), initialising the generated classes and probing a missing library throw nothing; only calling
 * a generated libnuma function directly fails, which is why every call goes through {@link LibNuma}.
 */
class IsolatedLoaderTest
{
    @Test
    void shouldInitialiseGeneratedClassesAndReportAMissingLibraryWithoutThrowing() throws Exception
    {
        try (URLClassLoader loader = isolatedLoader())
        {
            final Class<?> header = Class.forName(numa_h.class.getName(), true, loader);
            assertEquals(2, (int)header.getMethod("MPOL_BIND").invoke(null));

            final Class<?> libNuma = Class.forName(LibNuma.class.getName(), true, loader);
            final Object missing = libNuma.getMethod("load", String.class).invoke(null, LibNumaTest.MISSING_LIBRARY);
            assertFalse((boolean)libNuma.getMethod("isAvailable").invoke(missing));
            final String reason = (String)libNuma.getMethod("unavailableReason").invoke(missing);
            assertTrue(reason.startsWith("cannot load " + LibNumaTest.MISSING_LIBRARY + " ("), reason);
        }
    }

    @Test
    void shouldFailOnlyWhenAGeneratedFunctionIsCalledWithoutTheLoader() throws Exception
    {
        try (URLClassLoader loader = isolatedLoader())
        {
            final Class<?> header = Class.forName(numa_h.class.getName(), true, loader);
            final InvocationTargetException thrown = assertThrows(
                InvocationTargetException.class, () -> header.getMethod("numa_max_node").invoke(null));
            // An Error thrown by a static initialiser is not wrapped in ExceptionInInitializerError...
            final UnsatisfiedLinkError cause = assertInstanceOf(UnsatisfiedLinkError.class, thrown.getCause());
            assertEquals("unresolved symbol: numa_max_node", cause.getMessage());

            // ...and the holder class stays unusable for the life of its class loader.
            final InvocationTargetException again = assertThrows(
                InvocationTargetException.class, () -> header.getMethod("numa_max_node").invoke(null));
            assertInstanceOf(NoClassDefFoundError.class, again.getCause());
        }
    }

    private static URLClassLoader isolatedLoader()
    {
        final URL classes = LibNuma.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[]{ classes }, ClassLoader.getPlatformClassLoader());
    }
}
