package org.metricflow.geometry.riemann;

import static org.metricflow.core.testing.Seeds.assertClose;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.eig.WatchedDoubleStepQRDecomposition_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Every catalogue metric has its known curvature at random points of its chart, to 1e-9 relative (the
 * computation is exact up to rounding in a few hundred floating-point operations per component).
 */
class StandardMetricsTest {
    private static final double REL = 1e-9;

    private static double[] ball(int n, double maxRadius, Rng rng) {
        double[] x = new double[n];
        rng.fillGaussian(x, 1);
        double norm = Math.sqrt(Arrays.stream(x).map(v -> v * v).sum());
        double r = maxRadius * Math.pow(rng.nextDouble(), 1.0 / n);
        for (int i = 0; i < n; i++) {
            x[i] *= r / norm;
        }
        return x;
    }

    /** Checks Ric = λ g, R = n λ and K(u,v) = λ/(n−1) for random planes. */
    private static void assertConstantCurvature(PointCurvature c, double sectional, long seed, Rng rng, String what) {
        int n = c.dimension();
        double lambda = (n - 1) * sectional;
        double scale = Math.max(1, Math.abs(lambda));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertClose(lambda * c.metric(i, j), c.ricci(i, j), REL, REL * scale * Math.abs(c.metric(i, i)),
                        seed, what + " Ric_" + i + j);
            }
        }
        assertClose(n * lambda, c.scalar(), REL, REL, seed, what + " R");
        double[] u = new double[n];
        double[] v = new double[n];
        rng.fillGaussian(u, 1);
        rng.fillGaussian(v, 1);
        assertClose(sectional, c.sectional(u, v), REL * 10, REL, seed, what + " K(u,v)");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void spheresHaveConstantPositiveCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(4);
        double r = rng.uniform(0.5, 3);
        double[] x = new double[n];
        rng.fillUniform(x, -2, 2);
        assertConstantCurvature(Curvature.of(StandardMetrics.sphereStereographic(n, r)).at(x), 1 / (r * r), seed, rng,
                "stereographic S^" + n);
        double[] angles = new double[n];
        rng.fillUniform(angles, 0.3, Math.PI - 0.3);
        assertConstantCurvature(Curvature.of(StandardMetrics.sphereAngular(n, r)).at(angles), 1 / (r * r), seed, rng,
                "angular S^" + n);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void hyperbolicSpacesHaveConstantNegativeCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(4);
        double r = rng.uniform(0.5, 3);
        assertConstantCurvature(Curvature.of(StandardMetrics.hyperbolicBall(n, r)).at(ball(n, 0.8, rng)),
                -1 / (r * r), seed, rng, "Poincaré ball H^" + n);
        double[] x = new double[n];
        rng.fillUniform(x, -2, 2);
        x[n - 1] = rng.uniform(0.3, 3);
        assertConstantCurvature(Curvature.of(StandardMetrics.hyperbolicHalfSpace(n, r)).at(x), -1 / (r * r), seed,
                rng, "half space H^" + n);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void flatMetricsAreFlat(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(4);
        double[][] a = new double[n][n];
        double[][] gram = new double[n][n];
        for (double[] row : a) {
            rng.fillGaussian(row, 1);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    gram[i][j] += a[k][i] * a[k][j];
                }
            }
            gram[i][i] += 0.5;
        }
        double[] x = new double[n];
        rng.fillUniform(x, -3, 3);
        for (PointCurvature c : new PointCurvature[] {Curvature.of(StandardMetrics.flatTorus(gram)).at(x),
            Curvature.of(StandardMetrics.euclidean(n)).at(x)}) {
            assertClose(0, c.kretschmann(), 0, 1e-20, seed, "Kretschmann of a flat metric");
            assertClose(0, c.scalar(), 0, 1e-12, seed, "R of a flat metric");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void productsAddCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        double r1 = rng.uniform(0.5, 2);
        double r2 = rng.uniform(0.5, 2);
        double[] x = new double[4];
        rng.fillUniform(x, -1.5, 1.5);
        PointCurvature ss = Curvature.of(StandardMetrics.sphereTimesSphere(r1, r2)).at(x);
        assertClose(2 / (r1 * r1) + 2 / (r2 * r2), ss.scalar(), REL, REL, seed, "R of S²×S²");
        double[] y = {x[0], x[1], 0.6 * Math.tanh(x[2]), 0.6 * Math.tanh(x[3])};
        PointCurvature sh = Curvature.of(StandardMetrics.sphereTimesHyperbolic(r1)).at(y);
        assertClose(0, sh.scalar(), 0, REL / (r1 * r1), seed, "R of S²×H²");
        for (int i = 0; i < 4; i++) {
            double sign = i < 2 ? 1 : -1;
            assertClose(sign / (r1 * r1) * sh.metric(i, i), sh.ricci(i, i), REL, REL, seed, "Ric of S²×H²");
        }
        if (sh.kretschmann() < 1e-3) {
            throw new AssertionError("S²×H² must not be flat, Kretschmann = " + sh.kretschmann() + " [seed=" + seed + "]");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void bergerSphereHasKnownRicciEigenvalues(long seed) {
        Rng rng = Seeds.rng(seed);
        double eps = rng.uniform(0.3, 1.7);
        double[] x = {rng.uniform(0.2, Math.PI / 2 - 0.2), rng.uniform(0, 6), rng.uniform(0, 6)};
        PointCurvature c = Curvature.of(StandardMetrics.bergerSphere(eps)).at(x);
        // Eigenvalues of g^{-1} Ric.
        DMatrixRMaj ginv = new DMatrixRMaj(3, 3);
        DMatrixRMaj ric = new DMatrixRMaj(3, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                ginv.set(i, j, c.inverseMetric(i, j));
                ric.set(i, j, c.ricci(i, j));
            }
        }
        DMatrixRMaj op = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(ginv, ric, op);
        WatchedDoubleStepQRDecomposition_DDRM eig = new WatchedDoubleStepQRDecomposition_DDRM(false);
        eig.decompose(op);
        double[] ev = new double[3];
        for (int i = 0; i < 3; i++) {
            ev[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ev);
        double[] expected = {4 - 2 * eps * eps, 4 - 2 * eps * eps, 2 * eps * eps};
        Arrays.sort(expected);
        for (int i = 0; i < 3; i++) {
            // Eigenvalues of a 3×3 non-symmetric product: rounding amplified mildly, 1e-8.
            assertClose(expected[i], ev[i], 1e-8, 1e-8, seed, "Berger Ricci eigenvalue " + i + " (ε=" + eps + ")");
        }
        assertClose(8 - 2 * eps * eps, c.scalar(), REL, REL, seed, "Berger R");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void schwarzschildAndEguchiHansonAreRicciFlatButNotFlat(long seed) {
        Rng rng = Seeds.rng(seed);
        double m = rng.uniform(0.2, 2);
        double r = rng.uniform(2.2 * m, 6 * m);
        PointCurvature s = Curvature.of(StandardMetrics.schwarzschild(m))
                .at(rng.uniform(-1, 1), r, rng.uniform(0.3, 2.8), rng.uniform(0, 6));
        double kS = 48 * m * m / Math.pow(r, 6);
        assertClose(kS, s.kretschmann(), REL * 10, 0, seed, "Schwarzschild Kretschmann 48M²/r⁶");
        assertRicciFlat(s, Math.sqrt(kS), seed, "Schwarzschild");

        double a = rng.uniform(0.5, 2);
        double re = rng.uniform(1.1 * a, 3 * a);
        PointCurvature e = Curvature.of(StandardMetrics.eguchiHanson(a))
                .at(re, rng.uniform(0.3, 2.8), rng.uniform(0, 6), rng.uniform(0, 12));
        double kE = 384 * Math.pow(a, 8) / Math.pow(re, 12);
        assertClose(kE, e.kretschmann(), REL * 10, 0, seed, "Eguchi–Hanson Kretschmann 384a⁸/r¹²");
        assertRicciFlat(e, Math.sqrt(kE), seed, "Eguchi–Hanson");
    }

    private static void assertRicciFlat(PointCurvature c, double curvatureScale, long seed, String what) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double scale = curvatureScale * Math.sqrt(Math.abs(c.metric(i, i) * c.metric(j, j)));
                assertClose(0, c.ricci(i, j), 0, REL * Math.max(scale, 1e-300), seed, what + " Ric_" + i + j);
            }
        }
    }
}
