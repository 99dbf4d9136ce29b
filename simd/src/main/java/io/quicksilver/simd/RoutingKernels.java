package io.quicksilver.simd;

import java.util.Optional;

/**
 * Chooses the routing kernel once per JVM: the Vector API kernel when the {@code jdk.incubator.vector} module is in
 * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and its preferred
 * {@code byte} species packs a 64-responder word in whole vectors, the scalar kernel otherwise.
 * <p>
 * The system property {@value #SIMD_PROP_NAME} overrides the choice: {@code auto} (the default), {@code scalar}
 * (always scalar, for example to compare or to rule the Vector API out while diagnosing) or {@code vector} (fail
 * instead of falling back). {@code java -cp quicksilver-simd.jar io.quicksilver.simd.RoutingKernels} prints the
 * choice for the JVM it runs in.
 */
public final class RoutingKernels
{
    /**
     * System property that selects the kernel: {@value #SIMD_AUTO}, {@value #SIMD_SCALAR} or {@value #SIMD_VECTOR}.
     */
    public static final String SIMD_PROP_NAME = "quicksilver.simd";

    /**
     * Vector kernel where the Vector API is usable, scalar otherwise.
     */
    public static final String SIMD_AUTO = "auto";

    /**
     * Always the scalar kernel.
     */
    public static final String SIMD_SCALAR = "scalar";

    /**
     * Always the vector kernel; {@link #best()} fails where it is not usable.
     */
    public static final String SIMD_VECTOR = "vector";

    /**
     * Default for {@value #SIMD_PROP_NAME}.
     */
    public static final String SIMD_DEFAULT = SIMD_AUTO;

    /**
     * Name of the incubator module the vector kernel needs.
     */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static volatile RoutingKernel best;

    private RoutingKernels()
    {
    }

    /**
     * @return the value of {@value #SIMD_PROP_NAME}, or {@value #SIMD_DEFAULT} when it is not set.
     */
    public static String simdMode()
    {
        return System.getProperty(SIMD_PROP_NAME, SIMD_DEFAULT);
    }

    /**
     * The kernel for this JVM, chosen on the first call from {@link #simdMode()} and the Vector API's presence.
     *
     * @return the same kernel on every call.
     * @throws IllegalArgumentException if {@value #SIMD_PROP_NAME} has an unknown value.
     * @throws IllegalStateException    if {@value #SIMD_PROP_NAME} is {@value #SIMD_VECTOR} and the Vector API is not
     *                                  usable.
     */
    public static RoutingKernel best()
    {
        RoutingKernel kernel = best;
        if (kernel == null)
        {
            // A race only computes the same answer twice; no lock needed.
            kernel = choose(simdMode(), isVectorModulePresent());
            best = kernel;
        }
        return kernel;
    }

    /**
     * @return the scalar kernel, available everywhere.
     */
    public static RoutingKernel scalar()
    {
        return ScalarRoutingKernel.INSTANCE;
    }

    /**
     * @return the Vector API kernel, or empty where the module is missing or the preferred byte species is not usable.
     */
    public static Optional<RoutingKernel> vector()
    {
        return isVectorModulePresent() ? VectorHolder.kernel() : Optional.empty();
    }

    /**
     * @return whether {@value #VECTOR_MODULE} is in the boot layer.
     */
    public static boolean isVectorModulePresent()
    {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    static RoutingKernel choose(final String mode, final boolean modulePresent)
    {
        switch (mode)
        {
            case SIMD_SCALAR:
                return scalar();

            case SIMD_AUTO:
                return modulePresent ? VectorHolder.kernel().orElse(scalar()) : scalar();

            case SIMD_VECTOR:
                if (!modulePresent)
                {
                    throw new IllegalStateException(
                        SIMD_PROP_NAME + "=" + SIMD_VECTOR + " but module " + VECTOR_MODULE +
                        " is not in the boot layer: start the JVM with --add-modules " + VECTOR_MODULE);
                }
                return VectorHolder.kernel().orElseThrow(() -> new IllegalStateException(
                    SIMD_PROP_NAME + "=" + SIMD_VECTOR + " but the preferred byte species is not usable: " +
                    VectorHolder.speciesDescription()));

            default:
                throw new IllegalArgumentException(
                    SIMD_PROP_NAME + " must be one of " + SIMD_AUTO + ", " + SIMD_SCALAR + ", " + SIMD_VECTOR + ": " +
                    SIMD_PROP_NAME + "=" + mode);
        }
    }

    /**
     * Prints the kernel this JVM chooses, and why.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        System.out.println(SIMD_PROP_NAME + "=" + simdMode());
        System.out.println(VECTOR_MODULE + (isVectorModulePresent() ? " present" : " absent"));
        if (isVectorModulePresent())
        {
            System.out.println("preferred species: " + VectorHolder.speciesDescription());
        }
        System.out.println("kernel: " + best().description());
    }

    /**
     * Touches the Vector API only when called, so that this class links where the module is missing.
     */
    private static final class VectorHolder
    {
        private VectorHolder()
        {
        }

        static Optional<RoutingKernel> kernel()
        {
            return VectorRoutingKernel.isUsable() ? Optional.of(VectorRoutingKernel.INSTANCE) : Optional.empty();
        }

        static String speciesDescription()
        {
            return VectorRoutingKernel.speciesDescription();
        }
    }
}
