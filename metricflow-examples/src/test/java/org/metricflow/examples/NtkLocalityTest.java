package org.metricflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class NtkLocalityTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void closedFormMatchesIntegratedKernelFlowEvenForASingularKernel(long seed) {
        Rng rng = Rng.of(seed);
        int n = 8;
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = rng.uniform(0, 2 * Math.PI);
            p[1] = rng.uniform(0, 2 * Math.PI);
        }
        x[n - 1] = x[0].clone(); // a repeated training point: K is singular
        for (String kernel : NtkLocality.KERNELS) {
            DMatrixRMaj k = NtkLocality.kernel(kernel, x, x);
            DMatrixRMaj r0 = new DMatrixRMaj(n, 1);
            for (int a = 0; a < n; a++) {
                r0.set(a, 0, rng.gaussian(0, 1));
            }
            double eta = 1 / k.get(0, 0);
            double time = 3;
            DMatrixRMaj c = NtkLocality.flowCoefficients(k, r0, eta, time);
            DMatrixRMaj kc = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(k, c, kc);
            // reference: dr/dt = −ηK r by Dormand–Prince 8(5,3)
            OdeSystem flow = new OdeSystem() {
                @Override
                public int dimension() {
                    return n;
                }

                @Override
                public void derivatives(double t, double[] y, double[] yDot) {
                    for (int a = 0; a < n; a++) {
                        double s = 0;
                        for (int b = 0; b < n; b++) {
                            s += k.get(a, b) * y[b];
                        }
                        yDot[a] = -eta * s;
                    }
                }
            };
            double[] rt = OdeIntegrator.dormandPrince853(1e-12, 1e-12).integrate(flow, 0, r0.getData().clone(), time);
            for (int a = 0; a < n; a++) {
                double closed = r0.get(a, 0) - kc.get(a, 0);
                assertTrue(Double.isFinite(c.get(a, 0)), kernel + ": coefficient " + a + " not finite");
                // both are accurate to ~1e-11; 1e-8 leaves room for the eigen-decomposition's rounding
                assertEquals(rt[a], closed, 1e-8, kernel + " residual " + a);
            }
        }
    }
}
