package org.metricflow.nn.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.geometry.complex.internal.EmbeddingJets;

/**
 * The closed-form {@link FeatureCurvatureJets} against {@link SeriesFeatureJetsReference}, the previous generic
 * truncated-Taylor-series implementation (test-only, no shared code), entry by entry on every output array.
 * Tolerance 1e-13 relative to the largest entry of the array: both are exact formulas evaluated in double precision
 * whose sums have O(10²) terms of at most that magnitude, so they agree to a few ulps of it (observed ≈ 1e-15);
 * a wrong index, factor 2 or sign is O(1).
 */
class FeatureCurvatureJetsReferenceTest {
    /** See the class comment. */
    private static final double TOLERANCE = 1e-13;

    private static void assertSameJets(FeatureCurvatureJets fast, SeriesFeatureJetsReference ref, int n,
            String what) {
        CurvatureJetLayout lay = fast.layout();
        int f = fast.features();
        int pairs = lay.pairs();
        int d = lay.dimension();
        assertTrue(fast.streams()[0] != 0.0 || fast.streams()[1] != 0.0, what + ": vacuous comparison");
        compare(ref.streams(), fast.streams(), n * lay.rows() * f, what + " streams");
        compare(ref.third(), fast.third(), 2 * n * pairs * d * f, what + " third");
        compare(ref.fourth(), fast.fourth(), 2 * n * pairs * pairs * f, what + " fourth");
    }

    private static void compare(double[] expected, double[] actual, int length, String what) {
        double scale = 0;
        for (int i = 0; i < length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        // the mixed derivatives of the (holomorphic) patch coordinates vanish: then exactly 0 is expected
        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * scale, what + "[" + i + "]");
        }
    }

    /** Both maps on points of a sampled variety (patch coordinate ≡ 1, affine local coordinates: sparse jets). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void varietyPointsAgreeWithTheSeriesReference(long seed) {
        ProjectiveVariety[] xs = {ProjectiveVariety.fermatQuintic(), ProjectiveVariety.fermatQuartic(),
            ProjectiveVariety.fermatCubic(), ProjectiveVariety.dwork(1.3)};
        ProjectiveVariety x = xs[(int) Math.floorMod(seed, (long) xs.length)];
        PointSet ps = x.sample(7, seed);
        int n = ps.size();
        int m = ps.coordinateCount();
        int d = ps.dimension();
        double[] z = new double[2 * n * m];
        double[] first = new double[2 * n * d * m];
        double[] second = new double[2 * n * d * d * m];
        EmbeddingJets.variety(x.equations(), m, d, ps.coordinates(), ps.jacobians(), ps.eliminated(), 0, n, z, first,
                second);
        for (FeatureMap map : FeatureMap.values()) {
            FeatureCurvatureJets fast = FeatureCurvatureJets.workspace(map, m, d, 8);
            SeriesFeatureJetsReference ref = SeriesFeatureJetsReference.workspace(map, m, d, 8);
            // points 1..n−1: nonzero offsets
            fast.compute(n - 1, z, 2 * m, first, 2 * d * m, second, 2 * d * d * m);
            ref.compute(n - 1, z, 2 * m, first, 2 * d * m, second, 2 * d * d * m);
            assertSameJets(fast, ref, n - 1, x.name() + " " + map);
        }
    }

    /**
     * Both maps on random dense or partly vanishing jets (any d, m; exercises the orientation choice, the skipping of
     * exact zeros, coordinates z<sub>j</sub> ≡ 1 and z<sub>j</sub> = 0), after a first batch that must leave no trace.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void randomJetsAgreeWithTheSeriesReference(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(4);
        int m = d + 1 + rng.nextInt(3);
        int n = 5;
        double[][] z = new double[2][2 * n * m];
        double[][] first = new double[2][2 * n * d * m];
        double[][] second = new double[2][2 * n * d * d * m];
        for (int batch = 0; batch < 2; batch++) {
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < m; j++) {
                    int level = rng.nextInt(3); // 0: constant, 1: affine, 2: general
                    boolean vanishes = j == p % m && p % 2 == 1; // z_j = 0 at some points (|z| stays > 0)
                    if (level == 0 && rng.nextInt(2) == 0) {
                        z[batch][2 * (p * m + j)] = 1.0; // z_j ≡ 1, like the patch coordinate
                    } else if (!vanishes) {
                        z[batch][2 * (p * m + j)] = rng.nextGaussian();
                        z[batch][2 * (p * m + j) + 1] = rng.nextGaussian();
                    }
                    for (int a = 0; a < d && level >= 1; a++) {
                        first[batch][2 * ((p * d + a) * m + j)] = rng.nextGaussian();
                        first[batch][2 * ((p * d + a) * m + j) + 1] = rng.nextGaussian();
                    }
                    for (int a = 0; a < d && level == 2; a++) {
                        for (int c = a; c < d; c++) { // ι_ac is symmetric in (a, c)
                            double re = rng.nextGaussian();
                            double im = rng.nextGaussian();
                            second[batch][2 * (((p * d + a) * d + c) * m + j)] = re;
                            second[batch][2 * (((p * d + a) * d + c) * m + j) + 1] = im;
                            second[batch][2 * (((p * d + c) * d + a) * m + j)] = re;
                            second[batch][2 * (((p * d + c) * d + a) * m + j) + 1] = im;
                        }
                    }
                }
            }
        }
        for (FeatureMap map : FeatureMap.values()) {
            FeatureCurvatureJets fast = FeatureCurvatureJets.workspace(map, m, d, n);
            SeriesFeatureJetsReference ref = SeriesFeatureJetsReference.workspace(map, m, d, n);
            fast.compute(n, z[0], 0, first[0], 0, second[0], 0);
            fast.compute(n, z[1], 0, first[1], 0, second[1], 0);
            ref.compute(n, z[1], 0, first[1], 0, second[1], 0);
            assertSameJets(fast, ref, n, "d = " + d + ", m = " + m + " " + map);
        }
    }
}
