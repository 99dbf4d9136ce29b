package io.quicksilver.bindings;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every symbol native/jextract.sh binds resolves through the generated code, so the include lists and
 * the committed sources cannot drift apart.
 */
class BoundSymbolsTest
{
    private static final JextractScript SCRIPT = JextractScript.read();

    @Test
    void shouldReadBothJextractInvocations()
    {
        final List<String> headers = SCRIPT.invocations().stream().map(JextractScript.Invocation::headerClassName).toList();
        assertEquals(List.of("io.quicksilver.bindings.libnuma.numa_h", "io.quicksilver.bindings.libc.libc_h"), headers);
        assertTrue(SCRIPT.invocation("numa_h").functions().size() >= 10, "numa_h functions");
        assertTrue(SCRIPT.invocation("libc_h").functions().size() >= 3, "libc_h functions");
    }

    @TestFactory
    Stream<DynamicTest> shouldResolveEveryIncludedLibcFunction()
    {
        return functionTests(SCRIPT.invocation("libc_h"));
    }

    @TestFactory
    Stream<DynamicTest> shouldResolveEveryIncludedLibnumaFunction()
    {
        // The generated numa_h finds libnuma only once the hand-written loader has loaded it.
        final LibNuma libnuma = LibNuma.system();
        assumeTrue(libnuma.isAvailable(), libnuma::unavailableReason);
        return functionTests(SCRIPT.invocation("numa_h"));
    }

    @TestFactory
    Stream<DynamicTest> shouldExposeEveryIncludedConstant()
    {
        return SCRIPT.invocations().stream().flatMap(invocation -> invocation.constants().stream().map(constant ->
            DynamicTest.dynamicTest(invocation.headerClass() + "." + constant + "()", () ->
            {
                final Method accessor = Class.forName(invocation.headerClassName()).getMethod(constant);
                assertTrue(Modifier.isStatic(accessor.getModifiers()), "static");
                assertEquals(int.class, accessor.getReturnType());
                final int value = (int)accessor.invoke(null);
                assertTrue(value >= 0, constant + "=" + value);
            })));
    }

    @Test
    void shouldGenerateEveryIncludedTypedef() throws ReflectiveOperationException
    {
        for (final JextractScript.Invocation invocation : SCRIPT.invocations())
        {
            for (final String typedef : invocation.typedefs())
            {
                final Class<?> type = Class.forName(invocation.targetPackage() + "." + typedef);
                final GroupLayout layout = (GroupLayout)type.getMethod("layout").invoke(null);
                assertTrue(layout.byteSize() > 0, typedef + " layout");
            }
        }
    }

    @Test
    void shouldCheckEveryGeneratedLibnumaFunctionBeforeTouchingTheGeneratedCode()
    {
        // LibNuma verifies these before any numa_h holder class initialises; a function missing from
        // the checklist could throw from a static initialiser instead of making libnuma unavailable.
        assertEquals(new HashSet<>(SCRIPT.invocation("numa_h").functions()), new HashSet<>(LibNuma.FUNCTIONS));
    }

    @Test
    void shouldBindEveryFunctionLibcRequires()
    {
        assertTrue(SCRIPT.invocation("libc_h").functions().containsAll(LibC.REQUIRED_FUNCTIONS));
    }

    private static Stream<DynamicTest> functionTests(final JextractScript.Invocation invocation)
    {
        return invocation.functions().stream().map(function -> DynamicTest.dynamicTest(
            invocation.headerClass() + "." + function, () ->
            {
                final Class<?> header = Class.forName(invocation.headerClassName());
                final MemorySegment address = (MemorySegment)header.getMethod(function + "$address").invoke(null);
                assertNotEquals(0L, address.address(), function + " resolved to NULL");
                final FunctionDescriptor descriptor = (FunctionDescriptor)header.getMethod(function + "$descriptor").invoke(null);
                final MethodHandle handle = (MethodHandle)header.getMethod(function + "$handle").invoke(null);
                assertEquals(descriptor.toMethodType(), handle.type(), function + " handle type");
            }));
    }
}
