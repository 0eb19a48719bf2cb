package org.metricflow.flow.perelman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The periodic RFF network: the metric at θ = 0 is g0; its empirical NTK at θ = 0 is the local kernel
 * (g_ik g_jl + g_il g_jk) δ_xy/(m ΔV) up to the random-feature error; the matrix exponential; the gradient of
 * the discretized F against finite differences.
 */
class PeriodicFourierNetworkTest {

    @Test
    void empiricalKernelAtInitializationIsTheLocalKernel() {
        TorusGrid grid = TorusGrid.of(2, 4);
        GridMetric g0 = GridMetric.perturbedFlat(grid, 0.15, 5);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        int width = 40_000;
        PeriodicFourierNetwork net = PeriodicFourierNetwork.of(g0, f, width, 50.0, 11);
        int p = grid.pointCount();
        int c = 3;
        Tensor theta = Tensor.variable(width, c, new double[width * c]);
        Tensor out = net.components(theta);
        assertEquals(0.0, g0.distance(GridMetric.of(grid, out.value().data.clone())), 1e-12);
        // Jacobian rows by one vjp per output entry
        double[][] jac = new double[p * c][];
        for (int r = 0; r < p * c; r++) {
            DMatrixRMaj seed = new DMatrixRMaj(p, c);
            seed.data[r] = 1.0;
            jac[r] = Autodiff.vjp(out, seed, theta)[0].data;
        }
        double[] g = g0.components();
        double[] m = f.measure();
        double cell = grid.cellVolume();
        double worst = 0;
        double scale = 0;
        for (int a = 0; a < p * c; a++) {
            for (int b = 0; b < p * c; b++) {
                double theta_ab = 0;
                for (int k = 0; k < jac[a].length; k++) {
                    theta_ab += jac[a][k] * jac[b][k];
                }
                int x = a / c;
                int y = b / c;
                double expected = 0;
                if (x == y) {
                    int[] ij = pair(a % c);
                    int[] kl = pair(b % c);
                    expected = (metric(g, x, ij[0], kl[0]) * metric(g, x, ij[1], kl[1])
                            + metric(g, x, ij[0], kl[1]) * metric(g, x, ij[1], kl[0])) / (m[x] * cell);
                }
                worst = Math.max(worst, Math.abs(theta_ab - expected));
                scale = Math.max(scale, Math.abs(expected));
            }
        }
        // κ's random part has standard deviation ~ W^{−1/2} ≈ 0.005 per entry relative to the diagonal; the max
        // over 48² entries stays below ~4.5σ: demand 3% of the kernel's scale.
        assertTrue(worst < 0.03 * scale, "kernel error " + worst + " of scale " + scale);
    }

    private static int[] pair(int component) {
        int[][] pairs = {{0, 0}, {0, 1}, {1, 1}};
        return pairs[component];
    }

    private static double metric(double[] g, int point, int i, int j) {
        return g[point * 3 + GridCurvature.componentIndex(i, j, 2)];
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void gradientOfTheDiscretizedFunctionalMatchesFiniteDifferences(long seed) {
        TorusGrid grid = TorusGrid.of(2, 6);
        GridMetric g = GridMetric.perturbedFlat(grid, 0.2, seed);
        double[] m = GridMetric.perturbedFlat(grid, 0.2, seed + 1).volumeDensity();
        PerelmanFunctional f = PerelmanFunctional.of(grid, m);
        double[] c = g.components();
        double[] grad = f.gradient(c);
        Rng rng = Seeds.rng(seed);
        for (int trial = 0; trial < 6; trial++) {
            int idx = rng.nextInt(c.length);
            double h = 1e-5;
            double[] plus = c.clone();
            double[] minus = c.clone();
            plus[idx] += h;
            minus[idx] -= h;
            double fd = (f.value(GridMetric.of(grid, plus)) - f.value(GridMetric.of(grid, minus))) / (2 * h);
            // central differences: truncation h²·F'''/6 ~ 1e-10 and rounding 1e-16·|F|/h ~ 1e-11 on |∂F| ~ 0.1
            Seeds.assertClose(fd, grad[idx], 1e-6, 1e-8, seed, "∂F/∂c at " + idx);
        }
    }

    @Test
    void rejectsBadArguments() {
        TorusGrid grid = TorusGrid.of(2, 4);
        GridMetric g0 = GridMetric.flat(grid);
        PerelmanFunctional f = PerelmanFunctional.withVolumeOf(g0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeriodicFourierNetwork.of(g0, f, 0, 1, 1));
        assertTrue(e.getMessage().contains("width must be ≥ 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PerelmanFunctional.of(grid, new double[16]));
        assertTrue(e.getMessage().contains("must be finite and > 0, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorusGrid.of(4, 8));
        assertTrue(e.getMessage().contains("dimension must be 1, 2 or 3, got 4"), e.getMessage());
        double[] bad = GridMetric.flat(grid).components();
        bad[3] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> GridMetric.of(grid, bad));
        assertTrue(e.getMessage().contains("grid point 1 is not finite and positive definite"), e.getMessage());
    }
}
