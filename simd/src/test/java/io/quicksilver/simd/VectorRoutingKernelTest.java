package io.quicksilver.simd;

import static org.junit.jupiter.api.Assertions.fail;

class VectorRoutingKernelTest extends RoutingKernelContract
{
    @Override
    RoutingKernel kernel()
    {
        // Surefire starts the JVM with --add-modules jdk.incubator.vector: a missing kernel is a failure, not a skip.
        return RoutingKernels.vector().orElseGet(() -> fail("vector kernel not available in the test JVM"));
    }
}
