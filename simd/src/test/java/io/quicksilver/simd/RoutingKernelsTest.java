package io.quicksilver.simd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingKernelsTest
{
    @Test
    void shouldChooseVectorKernelInAutoModeWhenModuleIsPresent()
    {
        final RoutingKernel kernel = RoutingKernels.choose(RoutingKernels.SIMD_AUTO, true);
        assertTrue(kernel instanceof VectorRoutingKernel, kernel.description());
        assertEquals(VectorRoutingKernel.SPECIES.vectorBitSize(), kernel.vectorBitSize());
        assertTrue(kernel.description().startsWith("vector(ByteVector "), kernel.description());
    }

    @Test
    void shouldChooseScalarKernelWhenModuleIsMissingOrScalarIsForced()
    {
        assertSame(RoutingKernels.scalar(), RoutingKernels.choose(RoutingKernels.SIMD_AUTO, false));
        assertSame(RoutingKernels.scalar(), RoutingKernels.choose(RoutingKernels.SIMD_SCALAR, true));
        assertEquals(0, RoutingKernels.scalar().vectorBitSize());
    }

    @Test
    void shouldRefuseForcedVectorWithoutModuleAndUnknownModes()
    {
        assertEquals("quicksilver.simd=vector but module jdk.incubator.vector is not in the boot layer: " +
            "start the JVM with --add-modules jdk.incubator.vector",
            assertThrows(IllegalStateException.class,
                () -> RoutingKernels.choose(RoutingKernels.SIMD_VECTOR, false)).getMessage());
        assertEquals("quicksilver.simd must be one of auto, scalar, vector: quicksilver.simd=avx",
            assertThrows(IllegalArgumentException.class, () -> RoutingKernels.choose("avx", true)).getMessage());
    }

    @Test
    void shouldReturnTheSameBestKernelOnEveryCall()
    {
        assertSame(RoutingKernels.best(), RoutingKernels.best());
    }

    @Test
    @Timeout(60)
    void shouldFallBackToScalarInAJvmWithoutTheVectorModule() throws Exception
    {
        final String output = runChooser();
        assertTrue(output.contains("jdk.incubator.vector absent"), output);
        assertTrue(output.contains("kernel: scalar"), output);
    }

    @Test
    @Timeout(60)
    void shouldUseScalarWhenPropertyForcesItAndVectorOtherwise() throws Exception
    {
        final String forced = runChooser("--add-modules", "jdk.incubator.vector", "-Dquicksilver.simd=scalar");
        assertTrue(forced.contains("jdk.incubator.vector present"), forced);
        assertTrue(forced.contains("kernel: scalar"), forced);

        final String auto = runChooser("--add-modules", "jdk.incubator.vector");
        assertTrue(auto.contains("kernel: vector("), auto);
    }

    /**
     * Runs {@link RoutingKernels#main(String[])} in a fresh JVM: the boot layer's modules are fixed at start-up, so
     * only a new process can show the choice without the Vector API module.
     */
    private static String runChooser(final String... jvmArgs) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RoutingKernels.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "chooser JVM did not exit");
        final String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
