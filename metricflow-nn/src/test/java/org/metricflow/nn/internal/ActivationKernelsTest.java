package org.metricflow.nn.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;

/**
 * The fused activation kernels against {@link Activation}'s scalar σ, σ', σ'', σ''' (Commons Math erfc for the
 * normal CDF, Math.exp for the density): the tabulated Taylor expansion of Φ is accurate to a few ulps, so 1e-14
 * absolute plus 1e-13 relative leaves a wide margin and still catches a wrong coefficient (an error in the k-th
 * Taylor coefficient shows at (1/16)^k ≳ 1e-13).
 */
class ActivationKernelsTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void fusedDerivativesEqualTheScalarOnes(long seed) {
        Rng rng = Seeds.rng(seed);
        int len = 64;
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            double scale = i < 8 ? 14.0 : 4.0; // a few beyond the table's range |x| < 10
            a[i] = rng.uniform(-scale, scale);
        }
        a[0] = 0.0;
        a[1] = 10.0;
        a[2] = -10.0;
        for (Activation act : Activation.values()) {
            double[] h = new double[len + 3];
            double[] d1 = new double[len];
            double[] d2 = new double[len];
            double[] d3 = new double[len];
            ActivationKernels.evaluate(act, a, 0, h, 3, d1, d2, d3, 0, len);
            for (int i = 0; i < len; i++) {
                double x = a[i];
                String what = act + " at " + x;
                Seeds.assertClose(act.value(x), h[3 + i], 1e-13, 1e-14, seed, what + ": σ");
                Seeds.assertClose(act.derivative(x), d1[i], 1e-13, 1e-14, seed, what + ": σ'");
                Seeds.assertClose(act.secondDerivative(x), d2[i], 1e-13, 1e-14, seed, what + ": σ''");
                Seeds.assertClose(act.thirdDerivative(x), d3[i], 1e-13, 1e-14, seed, what + ": σ'''");
            }
        }
    }
}
