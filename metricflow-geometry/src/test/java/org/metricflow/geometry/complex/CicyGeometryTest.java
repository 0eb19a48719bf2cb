package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.autodiff.Tensor;

/**
 * The reference metric Σ t_i g_i of varieties in products of projective spaces: its exact jets (product of
 * κ log|v|² jets) against nested reverse-mode autodiff of the same potential written with Tensor operations (an
 * independent route), and the sampler's weights against the metric it was sampled for.
 */
class CicyGeometryTest {

    /** A potential the fast paths do not recognise: forces the generic nested-autodiff path. */
    private static KahlerPotential opaque(KahlerPotential k) {
        return (re, im) -> k.value(re, im);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic&t=1,2", "tetraquadric&t=0.5,1,1.5,2", "schoen&t=2,1,0.7"})
    void exactJetsMatchAutodiff(String spec) {
        ProjectiveVariety v = ProjectiveVariety.parse(spec);
        PointSet pts = v.sample(24, 5L);
        KahlerGeometry fast = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        KahlerGeometry generic = KahlerGeometry.of(pts, opaque(v.referencePotential()));
        assertTrue(fast.isAnalytic());
        assertTrue(!generic.isAnalytic());
        close("metric", fast.metric(), generic.metric(), 1e-10);
        close("∂g", fast.metricDerivatives(), generic.metricDerivatives(), 1e-8);
        close("∂∂̄g", fast.metricSecondDerivatives(), generic.metricSecondDerivatives(), 1e-7);
        close("Ric", fast.ricci(), generic.ricci(), 1e-7);
        // det g of the geometry is the determinant the sampler's weights were computed with
        double[] det = fast.metricDeterminants();
        for (int p = 0; p < pts.size(); p++) {
            assertEquals(pts.fubiniStudyDeterminant(p), det[p], 1e-10 * det[p], "det g at point " + p);
        }
    }

    static void close(String what, double[] a, double[] b, double tol) {
        assertEquals(a.length, b.length);
        double scale = 0.0;
        for (double x : b) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], tol * (1.0 + scale), what + " entry " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic&t=1,2", "schoen"})
    void referencePotentialIsTheSumOfFactorPotentials(String spec) {
        ProjectiveVariety v = ProjectiveVariety.parse(spec);
        PointSet pts = v.sample(4, 9L);
        int m = v.coordinateCount();
        double[] re = new double[4 * m];
        double[] im = new double[4 * m];
        for (int p = 0; p < 4; p++) {
            for (int j = 0; j < m; j++) {
                re[p * m + j] = pts.re(p, j);
                im[p * m + j] = pts.im(p, j);
            }
        }
        Tensor k = v.referencePotential().value(Tensor.constant(4, m, re), Tensor.constant(4, m, im));
        int[] st = v.factorStarts();
        double[] t = v.kahlerModuli();
        for (int p = 0; p < 4; p++) {
            double expected = 0.0;
            for (int i = 0; i < t.length; i++) {
                double n2 = 0.0;
                for (int j = st[i]; j < st[i + 1]; j++) {
                    n2 += re[p * m + j] * re[p * m + j] + im[p * m + j] * im[p * m + j];
                }
                expected += t[i] / (2 * Math.PI) * Math.log(n2);
            }
            assertEquals(expected, k.get(p, 0), 1e-12);
        }
    }
}
