package io.quicksilver.simd;

class ScalarRoutingKernelTest extends RoutingKernelContract
{
    @Override
    RoutingKernel kernel()
    {
        return RoutingKernels.scalar();
    }
}
