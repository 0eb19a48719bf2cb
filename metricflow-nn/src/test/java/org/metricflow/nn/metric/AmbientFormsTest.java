package org.metricflow.nn.metric;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * The Tensor constructions of {@link AmbientForms} against plain-array references: the pullback against
 * {@link KahlerMetrics#pullback} (an independent loop implementation), the Hermitian and Cholesky assemblies against
 * explicit complex arithmetic, the ambient Fubini–Study form against {@link KahlerMetrics#fubiniStudy}, the
 * horizontal projection Π H Π/|z|² against explicit loops, its defining properties (annihilates z, Hermitian
 * projector, degree (−1, −1) under a change of representative, I/2π ↦ Fubini–Study). All entries are O(1) sums of a
 * few dozen O(1) products, so 1e-12 absolute is a few hundred ulps.
 */
class AmbientFormsTest {

    private static final double TOL = 1e-12;

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void pullbackEqualsThePlainArrayPullback(long seed) {
        Rng rng = Seeds.rng(seed);
        // a threefold in CP^4 and a curve in CP^2 (different d and m)
        ProjectiveVariety v = seed % 2 == 0 ? ProjectiveVariety.fermatQuintic() : ProjectiveVariety.fermatCubic();
        PointSet ps = v.sample(7, seed);
        int n = ps.size();
        int m = ps.coordinateCount();
        int d = ps.dimension();
        double[] interleaved = new double[2 * n * m * m]; // arbitrary complex matrices, not even Hermitian
        rng.fillGaussian(interleaved, 1.0);
        HermitianMetric ambient = HermitianMetric.fromInterleaved(m, n, interleaved);
        HermitianMetric g = AmbientForms.pullback(ps, ambient);
        double[] expected = KahlerMetrics.pullback(ps, interleaved);
        for (int q = 0; q < n * d * d; q++) {
            assertClose(expected[2 * q], g.re().value().data[q], 0, TOL, seed, "Re g entry " + q);
            assertClose(expected[2 * q + 1], g.im().value().data[q], 0, TOL, seed, "Im g entry " + q);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void ambientFubiniStudyPullsBackToTheFubiniStudyMetric(long seed) {
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(10, seed);
        HermitianMetric g = AmbientForms.pullback(ps, AmbientForms.fubiniStudy(ps));
        double[] fs = KahlerMetrics.fubiniStudy(ps);
        for (int q = 0; q < ps.size() * 9; q++) {
            assertClose(fs[2 * q], g.re().value().data[q], 0, TOL, seed, "Re g_FS entry " + q);
            assertClose(fs[2 * q + 1], g.im().value().data[q], 0, TOL, seed, "Im g_FS entry " + q);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void hermitianFromComponentsIsHermitianAndUsesEveryComponentOnce(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 1 + rng.nextInt(5);
        int n = 3;
        double[] raw = new double[n * m * m];
        rng.fillGaussian(raw, 1.0);
        HermitianMetric h = AmbientForms.hermitianFromComponents(Tensor.constant(n, m * m, raw), m);
        double[] a = h.re().value().data;
        double[] b = h.im().value().data;
        for (int p = 0; p < n; p++) {
            int o = p * m * m;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (a[o + i * m + j] != a[o + j * m + i] || b[o + i * m + j] != -b[o + j * m + i]) {
                        throw new AssertionError("not Hermitian at (" + i + ", " + j + ") [seed=" + seed + "]");
                    }
                    // the inverse map recovers every raw component: upper+diagonal from A, strict lower from B
                    double recovered = i <= j ? a[o + i * m + j] : b[o + j * m + i];
                    assertClose(raw[o + i * m + j], recovered, 0, 0, seed, "raw component (" + i + ", " + j + ")");
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void choleskyProductEqualsExplicitComplexLLdaggerAndIsPositiveDefinite(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 1 + rng.nextInt(5);
        int n = 4;
        double eps = 1e-3;
        double[] raw = new double[n * m * m];
        rng.fillGaussian(raw, 2.0);
        HermitianMetric h = AmbientForms.choleskyProduct(Tensor.constant(n, m * m, raw), m, eps);
        for (int p = 0; p < n; p++) {
            int o = p * m * m;
            double[][] lr = new double[m][m];
            double[][] li = new double[m][m];
            for (int i = 0; i < m; i++) {
                lr[i][i] = Math.log1p(Math.exp(raw[o + i * m + i]));
                for (int j = 0; j < i; j++) {
                    lr[i][j] = raw[o + i * m + j];
                    li[i][j] = raw[o + j * m + i];
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double re = i == j ? eps : 0;
                    double im = 0;
                    for (int k = 0; k < m; k++) { // L_ik conj(L_jk)
                        re += lr[i][k] * lr[j][k] + li[i][k] * li[j][k];
                        im += li[i][k] * lr[j][k] - lr[i][k] * li[j][k];
                    }
                    double scale = 1 + Math.abs(re);
                    assertClose(re, h.re().value().data[o + i * m + j], 0, TOL * scale, seed, "Re H" + i + j);
                    assertClose(im, h.im().value().data[o + i * m + j], 0, TOL * scale, seed, "Im H" + i + j);
                }
            }
        }
        double[] logDet = h.logDet().value().data;
        for (int p = 0; p < n; p++) {
            if (!Double.isFinite(logDet[p])) {
                throw new AssertionError("L L† + εI not positive definite at point " + p + " [seed=" + seed + "]");
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void pullbackIsDifferentiableInTheAmbientForm(long seed) {
        // ∂/∂H of Σ c·g equals the plain-array pullback of the perturbation (the map is linear in H).
        Rng rng = Seeds.rng(seed);
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(3, seed);
        int n = ps.size();
        int m = 5;
        double[] hr = new double[n * m * m];
        double[] hi = new double[n * m * m];
        rng.fillGaussian(hr, 1.0);
        rng.fillGaussian(hi, 1.0);
        Tensor a = Tensor.variable(n, m * m, hr);
        Tensor b = Tensor.variable(n, m * m, hi);
        double[] c = new double[n * 9];
        rng.fillGaussian(c, 1.0);
        HermitianMetric g = AmbientForms.pullback(ps, new HermitianMetric(m, a, b));
        Tensor loss = g.re().times(Tensor.constant(n, 9, c)).sum().plus(g.im().sum());
        DMatrixRMaj[] grad = org.metricflow.core.autodiff.Autodiff.grad(loss, a, b);
        for (int k = 0; k < 2 * n * m * m; k++) {
            double[] unit = new double[2 * n * m * m];
            unit[k] = 1.0;
            double[] dg = KahlerMetrics.pullback(ps, unit);
            double expected = 0;
            for (int q = 0; q < n * 9; q++) {
                expected += c[q] * dg[2 * q] + dg[2 * q + 1];
            }
            int q = k / 2;
            double actual = k % 2 == 0 ? grad[0].data[q] : grad[1].data[q];
            assertClose(expected, actual, 0, TOL, seed, "∂loss/∂H component " + k);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void horizontalPullbackEqualsThePlainPullbackOfTheProjectionByHand(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety v = seed % 2 == 0 ? ProjectiveVariety.fermatQuintic() : ProjectiveVariety.fermatCubic();
        PointSet ps = v.sample(7, seed);
        int n = ps.size();
        int m = ps.coordinateCount();
        int d = ps.dimension();
        double[] interleaved = new double[2 * n * m * m]; // arbitrary complex matrices
        rng.fillGaussian(interleaved, 1.0);
        HermitianMetric ambient = HermitianMetric.fromInterleaved(m, n, interleaved);
        double[] projected = AmbientModelsTest.projectByHand(ps, interleaved, true);
        double[] expected = KahlerMetrics.pullback(ps, projected);
        HermitianMetric g = AmbientForms.horizontalPullback(ps, ambient);
        HermitianMetric g2 = AmbientForms.pullback(ps, AmbientForms.horizontalProjection(ps, ambient));
        for (int q = 0; q < n * d * d; q++) {
            assertClose(expected[2 * q], g.re().value().data[q], 0, TOL, seed, "Re g entry " + q);
            assertClose(expected[2 * q + 1], g.im().value().data[q], 0, TOL, seed, "Im g entry " + q);
            assertClose(expected[2 * q], g2.re().value().data[q], 0, TOL, seed, "Re P H_eff P† entry " + q);
            assertClose(expected[2 * q + 1], g2.im().value().data[q], 0, TOL, seed, "Im P H_eff P† entry " + q);
        }
        HermitianMetric h = AmbientForms.horizontalProjection(ps, ambient);
        for (int q = 0; q < n * m * m; q++) {
            assertClose(projected[2 * q], h.re().value().data[q], 0, TOL, seed, "Re H_eff entry " + q);
            assertClose(projected[2 * q + 1], h.im().value().data[q], 0, TOL, seed, "Im H_eff entry " + q);
        }
    }

    /**
     * H<sub>eff</sub> = Π H Π/|z|² annihilates the Euler direction (Σ<sub>i</sub> z<sub>i</sub> H<sub>eff,ij</sub> = 0),
     * and for the same H at another representative z' = z/z<sub>q</sub> of the point (another patch) it is
     * |z<sub>q</sub>|² times the first: homogeneous of degree (−1, −1), the two conditions under which P H P† is one
     * tensor on X. The projection of I/2π is the ambient Fubini–Study form.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void horizontalProjectionAnnihilatesZAndHasDegreeMinusOne(long seed) {
        Rng rng = Seeds.rng(seed);
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(6, seed);
        int n = ps.size();
        int m = 5;
        double[] interleaved = new double[2 * n * m * m];
        rng.fillGaussian(interleaved, 1.0);
        HermitianMetric ambient = HermitianMetric.fromInterleaved(m, n, interleaved);
        HermitianMetric h = AmbientForms.horizontalProjection(ps, ambient);
        int[] other = new int[n];
        for (int p = 0; p < n; p++) {
            other[p] = (ps.patch(p) + 1 + rng.nextInt(m - 1)) % m;
        }
        PointSet moved = ps.inPatches(other);
        HermitianMetric h2 = AmbientForms.horizontalProjection(moved, ambient);
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < m; j++) {
                double sr = 0;
                double si = 0;
                for (int i = 0; i < m; i++) {
                    double hr = h.re().value().data[p * m * m + i * m + j];
                    double hi = h.im().value().data[p * m * m + i * m + j];
                    sr += ps.re(p, i) * hr - ps.im(p, i) * hi;
                    si += ps.re(p, i) * hi + ps.im(p, i) * hr;
                }
                assertClose(0, sr, 0, TOL, seed, "Re (zᵀ H_eff)_" + j);
                assertClose(0, si, 0, TOL, seed, "Im (zᵀ H_eff)_" + j);
            }
            double mu2 = ps.re(p, other[p]) * ps.re(p, other[p]) + ps.im(p, other[p]) * ps.im(p, other[p]);
            for (int k = 0; k < m * m; k++) {
                int o = p * m * m + k;
                assertClose(mu2 * h.re().value().data[o], h2.re().value().data[o], 0, TOL, seed, "Re degree");
                assertClose(mu2 * h.im().value().data[o], h2.im().value().data[o], 0, TOL, seed, "Im degree");
            }
        }
        double[] eye = new double[2 * m * m];
        for (int i = 0; i < m; i++) {
            eye[2 * (i * m + i)] = 1 / (2 * Math.PI);
        }
        HermitianMetric fs = AmbientForms.horizontalProjection(ps, HermitianMetric.fromInterleaved(m, 1, eye));
        HermitianMetric expected = AmbientForms.fubiniStudy(ps);
        for (int k = 0; k < n * m * m; k++) {
            assertClose(expected.re().value().data[k], fs.re().value().data[k], 0, TOL, seed, "Re G entry " + k);
            assertClose(expected.im().value().data[k], fs.im().value().data[k], 0, TOL, seed, "Im G entry " + k);
        }
    }
}
