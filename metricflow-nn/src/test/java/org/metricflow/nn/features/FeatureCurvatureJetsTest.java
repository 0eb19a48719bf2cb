package org.metricflow.nn.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * {@link FeatureCurvatureJets} and the {@link JetKahlerPotential} path of {@link KahlerGeometry}, with the simplest
 * correction whose jets are the features' own: ψ = Σ<sub>k</sub> c<sub>k</sub>f<sub>k</sub>(z) (so ψ's jets are c-weighted
 * sums of the feature jets). Reference: the generic nested-autodiff path on the same potential's Tensor value.
 * Tolerance 1e-10 relative to the largest entry (both exact; rounding of the O(10²)-term autodiff sums ≈ 1e-13).
 */
class FeatureCurvatureJetsTest {

    /** K = K_FS + Σ c_k f_k(z): its correction jets are the c-weighted feature jets. */
    private static final class LinearFeaturePotential implements JetKahlerPotential {
        private final FeatureMap map;
        private final int m;
        private final double[] c;

        LinearFeaturePotential(FeatureMap map, int m, double[] c) {
            this.map = map;
            this.m = m;
            this.c = c;
        }

        @Override
        public Tensor value(Tensor re, Tensor im) {
            Tensor f = map.apply(Tensor.concatCols(re, im), m);
            return KahlerPotential.fubiniStudy().value(re, im).plus(f.matmul(Tensor.constant(c.length, 1, c)));
        }

        @Override
        public CorrectionJets correctionJets(int coordinates, int d) {
            FeatureCurvatureJets jets = FeatureCurvatureJets.workspace(map, m, d, 3);
            CurvatureJetLayout lay = jets.layout();
            int f = jets.features();
            int rows = lay.rows();
            int pairs = lay.pairs();
            return (n, z, first, second, g, gOff, dg, dgOff, ddg, ddgOff) -> {
                for (int b0 = 0; b0 < n; b0 += 3) {
                    int nb = Math.min(3, n - b0);
                    jets.compute(nb, z, 2 * b0 * m, first, 2 * b0 * d * m, second, 2 * b0 * d * d * m);
                    double[] st = jets.streams();
                    double[] t3 = jets.third();
                    double[] t4 = jets.fourth();
                    for (int q = 0; q < nb; q++) {
                        int p = b0 + q;
                        for (int a = 0; a < d; a++) {
                            for (int b = 0; b < d; b++) {
                                double re = 0;
                                double im = 0;
                                int rr = lay.mixedRealRow(Math.min(a, b), Math.max(a, b));
                                for (int k = 0; k < f; k++) {
                                    re += c[k] * st[(q * rows + rr) * f + k];
                                    if (a != b) {
                                        double v = st[(q * rows + lay.mixedImaginaryRow(a, b)) * f + k];
                                        im += c[k] * (a < b ? v : -v);
                                    }
                                }
                                g[gOff + 2 * (p * d * d + a * d + b)] += re;
                                g[gOff + 2 * (p * d * d + a * d + b) + 1] += im;
                                for (int cc = 0; cc < d; cc++) {
                                    int pr = lay.pair(a, cc);
                                    double tr = 0;
                                    double ti = 0;
                                    for (int k = 0; k < f; k++) {
                                        int o = 2 * (((q * pairs + pr) * d + b) * f + k);
                                        tr += c[k] * t3[o];
                                        ti += c[k] * t3[o + 1];
                                    }
                                    int o = dgOff + 2 * (p * d * d * d + (cc * d + a) * d + b);
                                    dg[o] += tr;
                                    dg[o + 1] += ti;
                                    for (int e = 0; e < d; e++) {
                                        int ps = lay.pair(b, e);
                                        double fr = 0;
                                        double fi = 0;
                                        for (int k = 0; k < f; k++) {
                                            int t = 2 * (((q * pairs + pr) * pairs + ps) * f + k);
                                            fr += c[k] * t4[t];
                                            fi += c[k] * t4[t + 1];
                                        }
                                        int u = ddgOff + 2 * (p * d * d * d * d + ((a * d + b) * d + cc) * d + e);
                                        ddg[u] += fr;
                                        ddg[u + 1] += fi;
                                    }
                                }
                            }
                        }
                    }
                }
            };
        }
    }

    static LongStream seeds() {
        return Seeds.seeds(6);
    }

    private static void assertRelative(double[] expected, double[] actual, double tol, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void featureJetsGiveTheGenericPathsCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety[] xs = {ProjectiveVariety.fermatCubic(), ProjectiveVariety.fermatQuartic(),
            ProjectiveVariety.fermatQuintic(), ProjectiveVariety.dwork(1.3)};
        ProjectiveVariety x = xs[(int) (Math.abs(seed) % xs.length)];
        int m = x.ambientDimension() + 1;
        for (FeatureMap map : FeatureMap.values()) {
            double[] c = new double[map.featureCount(m)];
            for (int k = 0; k < c.length; k++) {
                c[k] = 0.02 * rng.nextGaussian(); // small: the metric stays positive definite
            }
            JetKahlerPotential fast = new LinearFeaturePotential(map, m, c);
            KahlerPotential generic = fast::value;
            PointSet ps = x.sample(x.dimension() == 3 ? 2 : 4, seed);
            KahlerGeometry jet = KahlerGeometry.of(ps, fast);
            KahlerGeometry ref = KahlerGeometry.of(ps, generic);
            assertTrue(jet.isAnalytic());
            assertFalse(ref.isAnalytic());
            String what = x.name() + " " + map + " ";
            assertRelative(ref.metric(), jet.metric(), 1e-10, what + "g");
            assertRelative(ref.metricDerivatives(), jet.metricDerivatives(), 1e-10, what + "∂g");
            assertRelative(ref.metricSecondDerivatives(), jet.metricSecondDerivatives(), 1e-10, what + "∂∂̄g");
        }
    }

    @Test
    void layoutAndWorkspaceValidateTheirInputs() {
        CurvatureJetLayout lay = CurvatureJetLayout.of(3);
        assertEquals(28, lay.rows());
        assertEquals(6, lay.pairs());
        assertEquals(lay.pair(1, 2), lay.pair(2, 1));
        assertThrows(IllegalArgumentException.class, () -> CurvatureJetLayout.of(0));
        assertThrows(IllegalArgumentException.class, () -> lay.mixedImaginaryRow(1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureCurvatureJets.workspace(FeatureMap.HERMITIAN_INVARIANTS, 5, 5, 4));
        FeatureCurvatureJets ws = FeatureCurvatureJets.workspace(FeatureMap.PATCH_COORDINATES, 3, 1, 2);
        assertThrows(IllegalArgumentException.class,
                () -> ws.compute(3, new double[18], 0, new double[18], 0, new double[18], 0));
    }
}
