package org.metricflow.geometry.algebraic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.ComplexTensor;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.Wirtinger;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveSpace;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The algebraic potential K_k = log(s†Hs)/(2πk): its closed-form ∂∂̄ against finite differences of K itself
 * (Wirtinger derivatives from real ones), the Fubini–Study special case, homogeneity, and the pullback paths.
 */
class AlgebraicPotentialTest {

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * ∂_i∂̄_j K = ¼[(∂x_i∂x_j + ∂y_i∂y_j)K + i(∂x_i∂y_j − ∂y_i∂x_j)K] with z = x + iy, each real second derivative
     * by the 4-point central difference [f(++) − f(+−) − f(−+) + f(−−)]/(4h²). With h = 1e-4: truncation
     * ~h²·|K''''| ~ 1e-8, rounding ~ 1e-16·|K|/h² ~ 1e-8; tolerance 1e-6 relative to the largest entry.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void closedFormMetricMatchesFiniteDifferencesOfThePotential(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(3);
        int m = n + 1;
        SectionBasis s = SectionBasis.ofProjectiveSpace(n, k);
        AlgebraicPotential pot = AlgebraicPotential.of(s, HermitianMatrix.randomPositiveDefinite(s.size(), 0.3, rng));
        double[] z = new double[2 * m];
        rng.fillGaussian(z, 0.6);
        double[] g = new double[2 * m * m];
        pot.metric(z, 1, g);
        double h = 1e-4;
        double[] real = new double[4 * m * m]; // real Hessian over (x_0, y_0, x_1, y_1, ...)
        for (int u = 0; u < 2 * m; u++) {
            for (int v = 0; v < 2 * m; v++) {
                real[u * 2 * m + v] = (value(pot, z, u, h, v, h) - value(pot, z, u, h, v, -h)
                        - value(pot, z, u, -h, v, h) + value(pot, z, u, -h, v, -h)) / (4 * h * h);
            }
        }
        double tol = 1e-6 * maxAbs(g);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double xx = real[(2 * i) * 2 * m + 2 * j];
                double yy = real[(2 * i + 1) * 2 * m + 2 * j + 1];
                double xy = real[(2 * i) * 2 * m + 2 * j + 1];
                double yx = real[(2 * i + 1) * 2 * m + 2 * j];
                Seeds.assertClose(0.25 * (xx + yy), g[2 * (i * m + j)], 0, tol, seed, "Re g_" + i + j);
                Seeds.assertClose(0.25 * (xy - yx), g[2 * (i * m + j) + 1], 0, tol, seed, "Im g_" + i + j);
            }
        }
    }

    private static double value(AlgebraicPotential pot, double[] z, int u, double du, int v, double dv) {
        double[] w = z.clone();
        w[u] += du;
        w[v] += dv;
        double[] out = new double[1];
        pot.potential(w, 1, out);
        return out[0];
    }

    /**
     * Homogeneity K(λz) = K(z) + log|λ|²/(2π) implies Σ_i z_i G_{i j̄} = 0 (the radial direction is null), and the
     * metric is invariant under H → cH; both to rounding (1e-12 relative).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void radialDirectionIsNullAndScalingHDoesNotChangeTheMetric(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(4);
        int m = n + 1;
        SectionBasis s = SectionBasis.ofProjectiveSpace(n, k);
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(s.size(), 0.3, rng);
        AlgebraicPotential pot = AlgebraicPotential.of(s, h);
        double[] z = new double[2 * m];
        rng.fillGaussian(z, 1.0);
        double[] g = new double[2 * m * m];
        pot.metric(z, 1, g);
        double scale = maxAbs(g) * Math.sqrt(maxAbs(z) * maxAbs(z) * m);
        for (int j = 0; j < m; j++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < m; i++) {
                double zr = z[2 * i];
                double zi = z[2 * i + 1];
                re += zr * g[2 * (i * m + j)] - zi * g[2 * (i * m + j) + 1];
                im += zr * g[2 * (i * m + j) + 1] + zi * g[2 * (i * m + j)];
            }
            Seeds.assertClose(0, re, 0, 1e-12 * scale, seed, "Re Σ z_i G_ij");
            Seeds.assertClose(0, im, 0, 1e-12 * scale, seed, "Im Σ z_i G_ij");
        }
        double[] g2 = new double[2 * m * m];
        AlgebraicPotential.of(s, h.scaled(17.5)).metric(z, 1, g2);
        Seeds.assertAllClose(g, g2, 0, 1e-12 * maxAbs(g), seed, "G(17.5 H) vs G(H)");
    }

    /**
     * The differentiable Tensor potential equals the double one (1e-13 relative), and reverse-mode
     * ∂∂̄ of it (Wirtinger.complexHessian: an independent route through autodiff) equals the closed form
     * (1e-10 relative to the largest entry: both exact up to rounding in ~10³ operations).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void tensorPotentialAndItsAutodiffHessianMatchTheClosedForm(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(3);
        int m = n + 1;
        int count = 4;
        SectionBasis s = SectionBasis.ofProjectiveSpace(n, k);
        AlgebraicPotential pot = AlgebraicPotential.of(s, HermitianMatrix.randomPositiveDefinite(s.size(), 0.3, rng));
        double[] z = new double[2 * count * m];
        rng.fillGaussian(z, 0.7);
        double[] xy = new double[2 * count * m]; // Wirtinger layout: x_0..x_{m-1}, y_0..y_{m-1}
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < m; j++) {
                xy[p * 2 * m + j] = z[2 * (p * m + j)];
                xy[p * 2 * m + m + j] = z[2 * (p * m + j) + 1];
            }
        }
        Tensor points = Tensor.variable(count, 2 * m, xy);
        Tensor kt = pot.potential(points);
        double[] kd = new double[count];
        pot.potential(z, count, kd);
        for (int p = 0; p < count; p++) {
            Seeds.assertClose(kd[p], kt.get(p, 0), 1e-13, 1e-13, seed, "K tensor vs double");
        }
        ComplexTensor hess = Wirtinger.complexHessian(pot::potential, Tensor.constant(count, 2 * m, xy));
        double[] g = new double[2 * count * m * m];
        pot.metric(z, count, g);
        double tol = 1e-10 * maxAbs(g);
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < m * m; i++) {
                Seeds.assertClose(g[2 * (p * m * m + i)], hess.re().get(p, i), 0, tol, seed, "Re G autodiff");
                Seeds.assertClose(g[2 * (p * m * m + i) + 1], hess.im().get(p, i), 0, tol, seed, "Im G autodiff");
            }
        }
    }

    /** k = 1, s = z, H = I is the Fubini–Study potential and metric of {@link ProjectiveSpace} (to rounding). */
    @Test
    void degreeOneIdentityIsFubiniStudy() {
        Rng rng = Rng.of(11);
        for (int n = 1; n <= 5; n++) {
            int m = n + 1;
            int count = 20;
            double[] z = new double[2 * count * m];
            rng.fillGaussian(z, 1.0);
            AlgebraicPotential pot = AlgebraicPotential.of(SectionBasis.ofProjectiveSpace(n, 1),
                    HermitianMatrix.identity(m));
            double[] g = new double[2 * count * m * m];
            double[] gfs = new double[2 * count * m * m];
            pot.metric(z, count, g);
            ProjectiveSpace.of(n).metric(z, count, gfs);
            for (int i = 0; i < g.length; i++) {
                assertEquals(gfs[i], g[i], 1e-15 * (1 + Math.abs(gfs[i])));
            }
            double[] k = new double[count];
            double[] kfs = new double[count];
            pot.potential(z, count, k);
            FubiniStudyPotential.of(n).potential(z, count, kfs);
            for (int p = 0; p < count; p++) {
                assertEquals(kfs[p], k[p], 1e-14);
            }
        }
    }

    /**
     * On the quintic: the direct tangential formula (metricOn) equals the pullback of the ambient metric, and for
     * k = 1, H = I both equal KahlerMetrics.fubiniStudy, with σ equal to sigmaFubiniStudy to rounding.
     */
    @Test
    void onTheQuinticTheTangentialFormulaEqualsThePullbackAndFubiniStudy() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet pts = x.sample(2000, 5);
        AlgebraicPotential fs = AlgebraicPotential.of(SectionBasis.of(x, 1), HermitianMatrix.identity(5));
        double[] g = fs.metricOn(pts);
        double[] gfs = KahlerMetrics.fubiniStudy(pts);
        double tol = 1e-13 * maxAbs(gfs);
        for (int i = 0; i < g.length; i++) {
            assertEquals(gfs[i], g[i], tol);
        }
        Estimate sigma = fs.sigma(pts);
        Estimate sigmaFs = KahlerIntegrals.sigmaFubiniStudy(pts);
        assertEquals(sigmaFs.value(), sigma.value(), 1e-12 * sigmaFs.value());
        Estimate vol = FubiniStudyPotential.of(4).volume(pts);
        assertEquals(KahlerIntegrals.volume(pts, pts.fubiniStudyDeterminants()).value(), vol.value(), 1e-12);

        AlgebraicPotential k2 = AlgebraicPotential.of(SectionBasis.of(x, 2),
                HermitianMatrix.randomPositiveDefinite(15, 0.2, Rng.of(3)));
        double[] direct = k2.metricOn(pts);
        double[] ambient = new double[2 * pts.size() * 25];
        k2.metric(pts.coordinates(), pts.size(), ambient);
        double[] pulled = KahlerMetrics.pullback(pts, ambient);
        double tol2 = 1e-12 * maxAbs(pulled);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(pulled[i], direct[i], tol2);
        }
        // positive definite on X
        for (double det : k2.determinantsOn(pts)) {
            assertTrue(det > 0);
        }
    }

    @Test
    void invalidInputsAreRejected() {
        SectionBasis s = SectionBasis.ofProjectiveSpace(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlgebraicPotential.of(s, HermitianMatrix.identity(5)));
        assertTrue(e.getMessage().contains("6 sections"), e.getMessage());
        double[] bad = HermitianMatrix.identity(6).toArray();
        bad[0] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> AlgebraicPotential.of(s, HermitianMatrix.of(6, bad)));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        AlgebraicPotential p = AlgebraicPotential.of(s, HermitianMatrix.identity(6));
        PointSet quintic = ProjectiveVariety.fermatQuintic().sample(10, 1);
        e = assertThrows(IllegalArgumentException.class, () -> p.metricOn(quintic));
        assertTrue(e.getMessage().contains("5 homogeneous coordinates"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.metric(new double[5], 1, new double[18]));
    }
}
