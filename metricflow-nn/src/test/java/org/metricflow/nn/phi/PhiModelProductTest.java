package org.metricflow.nn.phi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.JetKahlerPotential;
import org.metricflow.geometry.complex.KahlerGeometry;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * The φ-model g = Σ t_i g_i + ∂∂̄φ on varieties in products of projective spaces, against independent routes:
 * <ul>
 *   <li>the curvature jets (block-wise feature jets pushed through the network, values only) against nested
 *       reverse-mode autodiff of the same potential Σ(t_i/2π)log|z^(i)|² + φ(u^(1), …, u^(f)) written with Tensor
 *       operations;</li>
 *   <li>the training metric ({@link PhiModel#metric}, from the first/mixed feature jets) against the metric of the
 *       curvature path;</li>
 *   <li>the network input: invariant under rescaling each factor's block separately (so under each factor's patch
 *       change), checked on random complex scalings.</li>
 * </ul>
 */
class PhiModelProductTest {

    private static PhiModel randomModel(ProjectiveVariety x, long seed) {
        Mlp phi = Mlp.builder().inputs(FeatureMap.HERMITIAN_INVARIANTS.featureCount(x)).hidden(7, 5).outputs(1)
                .activation(Activation.GELU).sigmaB(0.3).seed(seed).build();
        List<Tensor> p = phi.parameters();
        double[] w = p.get(p.size() - 2).value().data;
        for (int k = 0; k < w.length; k++) {
            w[k] *= 0.15;
        }
        return PhiModel.of(x, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
    }

    private static void close(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0.0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic&t=1,2", "tetraquadric&t=1,0.5,2,1", "schoen"})
    void curvatureJetsEqualNestedAutodiff(String spec) {
        ProjectiveVariety x = ProjectiveVariety.parse(spec);
        PhiModel model = randomModel(x, 7);
        JetKahlerPotential fast = model.potential();
        KahlerPotential generic = fast::value;
        PointSet ps = x.sample(2, 3L);
        KahlerGeometry jet = KahlerGeometry.of(ps, fast);
        KahlerGeometry ref = KahlerGeometry.of(ps, generic);
        assertTrue(jet.isAnalytic());
        assertFalse(ref.isAnalytic());
        double tol = 1e-9;
        close(ref.metric(), jet.metric(), tol, spec + " g");
        close(ref.metricDerivatives(), jet.metricDerivatives(), tol, spec + " ∂g");
        close(ref.metricSecondDerivatives(), jet.metricSecondDerivatives(), tol, spec + " ∂∂̄g");
        close(ref.chernDensities(), jet.chernDensities(), tol, spec + " Chern densities");
        // the training metric (first/mixed feature jets) is the same g
        HermitianMetric g = model.metric(ps);
        double[] det = g.detValues();
        double[] detRef = jet.metricDeterminants();
        close(detRef, det, 1e-10, spec + " det g of the training metric");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic", "tetraquadric", "schoen"})
    void featuresAreInvariantUnderEachFactorsRescaling(String spec) {
        ProjectiveVariety x = ProjectiveVariety.parse(spec);
        PointSet ps = x.sample(5, 2L);
        int m = x.coordinateCount();
        int[] st = x.factorStarts();
        double[] a = new double[2 * 5 * m];
        double[] b = new double[2 * 5 * m];
        org.metricflow.core.random.Rng rng = org.metricflow.core.random.Rng.of(4);
        for (int p = 0; p < 5; p++) {
            for (int i = 0; i + 1 < st.length; i++) {
                double lr = rng.nextGaussian();
                double li = rng.nextGaussian();
                for (int j = st[i]; j < st[i + 1]; j++) {
                    double re = ps.re(p, j);
                    double im = ps.im(p, j);
                    a[2 * (p * m + j)] = re;
                    a[2 * (p * m + j) + 1] = im;
                    b[2 * (p * m + j)] = lr * re - li * im;
                    b[2 * (p * m + j) + 1] = lr * im + li * re;
                }
            }
        }
        Tensor fa = FeatureMap.HERMITIAN_INVARIANTS.apply(split(a, 5, m), st);
        Tensor fb = FeatureMap.HERMITIAN_INVARIANTS.apply(split(b, 5, m), st);
        assertEquals(FeatureMap.HERMITIAN_INVARIANTS.featureCount(x), fa.cols());
        for (int p = 0; p < 5; p++) {
            for (int k = 0; k < fa.cols(); k++) {
                assertEquals(fa.get(p, k), fb.get(p, k), 1e-12, spec + " feature " + k);
            }
        }
        // the closed-form jet values are the same features
        double[] v = FeatureMap.HERMITIAN_INVARIANTS.jet(ps).values();
        for (int p = 0; p < 5; p++) {
            for (int k = 0; k < fa.cols(); k++) {
                assertEquals(fa.get(p, k), v[p * fa.cols() + k], 1e-12, spec + " jet value " + k);
            }
        }
    }

    private static Tensor split(double[] z, int n, int m) {
        double[] rows = new double[n * 2 * m];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < m; j++) {
                rows[p * 2 * m + j] = z[2 * (p * m + j)];
                rows[p * 2 * m + m + j] = z[2 * (p * m + j) + 1];
            }
        }
        return Tensor.constant(n, 2 * m, rows);
    }
}
