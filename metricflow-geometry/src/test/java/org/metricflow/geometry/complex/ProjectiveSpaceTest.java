package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class ProjectiveSpaceTest {

    /**
     * ∂_a∂̄_b K = ¼[(∂x_a∂x_b + ∂y_a∂y_b)K + i(∂x_a∂y_b − ∂y_a∂x_b)K] by central second differences of the real
     * function K. Step 1e-4: truncation ~h²·K'''' ~ 1e-8, rounding ~ε/h² ~ 1e-8 relative to K ~ 1; tolerance 1e-6.
     */
    static double[] wirtingerHessian(java.util.function.ToDoubleFunction<double[]> k, double[] x, int c) {
        double h = 1e-4;
        double[] out = new double[2 * c * c];
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                double xx = second(k, x, 2 * a, 2 * b, h);
                double yy = second(k, x, 2 * a + 1, 2 * b + 1, h);
                double xy = second(k, x, 2 * a, 2 * b + 1, h);
                double yx = second(k, x, 2 * a + 1, 2 * b, h);
                out[2 * (a * c + b)] = 0.25 * (xx + yy);
                out[2 * (a * c + b) + 1] = 0.25 * (xy - yx);
            }
        }
        return out;
    }

    static double second(java.util.function.ToDoubleFunction<double[]> k, double[] x, int i, int j, double h) {
        double[] pp = x.clone();
        double[] pm = x.clone();
        double[] mp = x.clone();
        double[] mm = x.clone();
        pp[i] += h;
        pp[j] += h;
        pm[i] += h;
        pm[j] -= h;
        mp[i] -= h;
        mp[j] += h;
        mm[i] -= h;
        mm[j] -= h;
        return (k.applyAsDouble(pp) - k.applyAsDouble(pm) - k.applyAsDouble(mp) + k.applyAsDouble(mm)) / (4 * h * h);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void homogeneousMetricIsTheComplexHessianOfThePotential(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        ProjectiveSpace cp = ProjectiveSpace.of(n);
        int c = n + 1;
        double[] z = new double[2 * c];
        rng.fillGaussian(z, 1.0);
        double[] g = new double[2 * c * c];
        cp.metric(z, 1, g);
        double[] fd = wirtingerHessian(x -> {
            double[] out = new double[1];
            cp.kahlerPotential(x, 1, out);
            return out[0];
        }, z, c);
        Seeds.assertAllClose(fd, g, 0, 1e-6, seed, "g_{i jbar} vs FD of K");
        // the radial direction is null (K − (1/2π)log|λ|² is invariant under z → λz): Σ_i z_i g_{i jbar} = 0
        for (int j = 0; j < c; j++) {
            double sr = 0;
            double si = 0;
            for (int i = 0; i < c; i++) {
                sr += g[2 * (i * c + j)] * z[2 * i] - g[2 * (i * c + j) + 1] * z[2 * i + 1];
                si += g[2 * (i * c + j)] * z[2 * i + 1] + g[2 * (i * c + j) + 1] * z[2 * i];
            }
            Seeds.assertClose(0, sr, 0, 1e-14, seed, "g z = 0 (re)");
            Seeds.assertClose(0, si, 0, 1e-14, seed, "g z = 0 (im)");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void affineMetricMatchesPotentialAndClosedFormDeterminant(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        ProjectiveSpace cp = ProjectiveSpace.of(n);
        double[] w = new double[2 * n];
        rng.fillGaussian(w, 0.8);
        double[] g = new double[2 * n * n];
        cp.affineMetric(w, 1, g);
        double[] fd = wirtingerHessian(x -> {
            double[] out = new double[1];
            cp.affineKahlerPotential(x, 1, out);
            return out[0];
        }, w, n);
        Seeds.assertAllClose(fd, g, 0, 1e-6, seed, "affine g vs FD of K");
        double[] det = new double[1];
        cp.affineMetricDeterminant(w, 1, det);
        double detLu = KahlerMetrics.determinants(n, g, 1)[0];
        Seeds.assertClose(det[0], detLu, 1e-12, 0, seed, "closed-form det vs LU det");
    }

    @Test
    void volumeOfCP1IsOne() {
        // ∫ ω = ∫_C 2 g_{w wbar} dx dy = ∫_0^∞ 2·(1/2π)(1+r²)^{-2}·2πr dr, by Gauss–Legendre after r = tan(θ)
        ProjectiveSpace cp1 = ProjectiveSpace.of(1);
        IterativeLegendreGaussIntegrator quad = new IterativeLegendreGaussIntegrator(16, 1e-14, 1e-14);
        double integral = quad.integrate(100000, theta -> {
            double r = Math.tan(theta);
            double[] g = new double[2];
            cp1.affineMetric(new double[] {r, 0}, 1, g);
            double jac = 1.0 / (Math.cos(theta) * Math.cos(theta));
            return 2 * g[0] * 2 * Math.PI * r * jac;
        }, 0, Math.PI / 2);
        assertEquals(1.0, integral, 1e-12);
    }
}
