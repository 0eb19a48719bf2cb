package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.ode.OdeIntegrator;
import org.metricflow.core.ode.OdeSystem;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/** The closed-form frozen-kernel flow against direct Dormand–Prince integration of its linear ODE. */
class NtkFlowTest {

    private static DMatrixRMaj gaussian(Rng rng, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        rng.fillGaussian(a.data, 1.0);
        return a;
    }

    /**
     * Θ = A Aᵀ of rank r &lt; n (rank-deficient, so Θ(X,X)⁻¹ does not exist), Θ(x,X) = B Aᵀ, random loss weights μ:
     * the closed form equals the ODE solution ġ_X = −ηΘμ(g_X − ĝ), ġ_x = −ηΘ(x,X)μ(g_X − ĝ) integrated with
     * DP853 at tolerance 1e-12 (the ODE's global error is a few times that; 1e-8 leaves room for the scale of g).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void closedFormMatchesTheOdeOnARankDeficientKernel(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 12;
        int r = 5;
        int np = 4;
        DMatrixRMaj a = gaussian(rng, n, r);
        DMatrixRMaj b = gaussian(rng, np, r);
        DMatrixRMaj theta = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, theta);
        DMatrixRMaj cross = new DMatrixRMaj(np, n);
        CommonOps_DDRM.multTransB(b, a, cross);
        double[] mu = new double[n];
        double[] g0 = new double[n];
        double[] target = new double[n];
        double[] g0x = new double[np];
        for (int i = 0; i < n; i++) {
            mu[i] = rng.uniform(0.5, 2.0);
            g0[i] = rng.nextGaussian();
            target[i] = rng.nextGaussian();
        }
        for (int i = 0; i < np; i++) {
            g0x[i] = rng.nextGaussian();
        }
        double eta = 0.1;
        double t = rng.uniform(0.1, 2.0);
        NtkFlow flow = NtkFlow.of(theta, mu, eta, NtkFlow.DEFAULT_CUTOFF);
        assertEquals(n - r, flow.zeroModes(), "rank-deficient kernel: n − r zero modes");

        OdeSystem ode = new OdeSystem() {
            @Override
            public int dimension() {
                return n + np;
            }

            @Override
            public void derivatives(double time, double[] y, double[] yDot) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = mu[i] * (y[i] - target[i]);
                }
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += theta.get(i, j) * v[j];
                    }
                    yDot[i] = -eta * s;
                }
                for (int p = 0; p < np; p++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += cross.get(p, j) * v[j];
                    }
                    yDot[n + p] = -eta * s;
                }
            }
        };
        double[] y0 = new double[n + np];
        System.arraycopy(g0, 0, y0, 0, n);
        System.arraycopy(g0x, 0, y0, n, np);
        double[] y = OdeIntegrator.dormandPrince853(1e-12, 1e-12).integrate(ode, 0, y0, t);
        double[] train = flow.training(g0, target, t);
        double[] pred = flow.predict(cross, g0x, g0, target, t);
        for (int i = 0; i < n; i++) {
            Seeds.assertClose(y[i], train[i], 1e-8, 1e-8, seed, "g_t at training output " + i);
        }
        for (int p = 0; p < np; p++) {
            Seeds.assertClose(y[n + p], pred[p], 1e-8, 1e-8, seed, "g_t predicted at point " + p);
        }
        // The training points are also predicted consistently by the cross-kernel formula with Θ(X,X).
        double[] self = flow.predict(theta, g0, g0, target, t);
        for (int i = 0; i < n; i++) {
            Seeds.assertClose(train[i], self[i], 1e-8, 1e-8, seed, "self-prediction " + i);
        }
    }

    /** A zero kernel and a kernel with rounding-level negative eigenvalues give finite outputs; zero moves nothing. */
    @Test
    void singularKernelsGiveFiniteResults() {
        int n = 6;
        double[] g0 = {1, 2, 3, 4, 5, 6};
        double[] target = {0, 0, 0, 0, 0, 0};
        NtkFlow zero = NtkFlow.of(new DMatrixRMaj(n, n), 1.0);
        assertEquals(n, zero.zeroModes());
        double[] g = zero.training(g0, target, 10.0);
        double[] p = zero.predict(new DMatrixRMaj(2, n), new double[] {7, 8}, g0, target, 10.0);
        for (int i = 0; i < n; i++) {
            assertEquals(g0[i], g[i], 0.0, "a zero kernel does not move the outputs");
        }
        assertEquals(7.0, p[0], 0.0);
        // rank one vvᵀ plus antisymmetric-free rounding noise of ±1e-17: still finite and moves only along v
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        double[] v = {1, -1, 2, 0.5, 0, 3};
        Rng rng = Rng.of(3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k.set(i, j, v[i] * v[j] + 1e-17 * rng.nextGaussian());
            }
        }
        NtkFlow f = NtkFlow.of(k, 1.0);
        double[] gt = f.training(g0, target, 1e3);
        double vv = 0;
        double vg = 0;
        for (int i = 0; i < n; i++) {
            vv += v[i] * v[i];
            vg += v[i] * g0[i];
        }
        for (int i = 0; i < n; i++) {
            assertTrue(Double.isFinite(gt[i]));
            // after a long time the component along v is removed, the orthogonal complement is untouched
            assertEquals(g0[i] - v[i] * vg / vv, gt[i], 1e-9);
        }
    }

    /** A full-rank kernel drives the training outputs to the target as t → ∞. */
    @Test
    void fullRankKernelReachesTheTarget() {
        DMatrixRMaj k = new DMatrixRMaj(new double[][] {{2, 1}, {1, 3}});
        NtkFlow f = NtkFlow.of(k, 1.0);
        double[] g = f.training(new double[] {5, -5}, new double[] {1, 2}, 100.0);
        assertEquals(1.0, g[0], 1e-12);
        assertEquals(2.0, g[1], 1e-12);
    }
}
