package org.metricflow.nn.phi;

import static org.metricflow.core.testing.Seeds.assertClose;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.autodiff.Wirtinger;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;
import org.metricflow.nn.features.FeatureMap;

/**
 * The φ-model's metric against an independent route: the ambient potential φ(f(z)) differentiated by nested
 * reverse-mode autodiff (real Hessian in (Re z, Im z), Wirtinger complex Hessian), pulled back with the point set's
 * Jacobian, plus the Fubini–Study metric. Agreement to 1e-10 relative to the O(1) entries.
 */
class PhiModelTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricEqualsPulledBackComplexHessianOfThePotential(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet ps = quintic.sample(4, seed);
        int m = 5;
        int d = 3;
        for (FeatureMap map : FeatureMap.values()) {
            Mlp phi = Mlp.builder().inputs(map.featureCount(m)).hidden(16, 16).outputs(1).activation(Activation.GELU)
                    .parametrization(Parametrization.STANDARD).seed(seed).build();
            PhiModel model = PhiModel.of(quintic, phi, map, false);
            HermitianMetric g = model.metric(ps);
            double[] fs = KahlerMetrics.fubiniStudy(ps);
            double[] z = ps.coordinates();
            double[] jac = ps.jacobians();
            for (int p = 0; p < ps.size(); p++) {
                double[] xy = new double[2 * m];
                for (int j = 0; j < m; j++) {
                    xy[j] = z[2 * (p * m + j)];
                    xy[m + j] = z[2 * (p * m + j) + 1];
                }
                DMatrixRMaj hess = Autodiff.hessian(t -> phi.forward(map.apply(t, m)), Tensor.constant(1, 2 * m, xy));
                double[][] h = Wirtinger.complexHessian(hess.data);
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        double re = 0;
                        double im = 0;
                        for (int i = 0; i < m; i++) {
                            double par = jac[2 * ((p * d + a) * m + i)];
                            double pai = jac[2 * ((p * d + a) * m + i) + 1];
                            for (int j = 0; j < m; j++) {
                                double pbr = jac[2 * ((p * d + b) * m + j)];
                                double pbi = -jac[2 * ((p * d + b) * m + j) + 1];
                                double cr = par * pbr - pai * pbi;
                                double ci = par * pbi + pai * pbr;
                                re += cr * h[0][i * m + j] - ci * h[1][i * m + j];
                                im += cr * h[1][i * m + j] + ci * h[0][i * m + j];
                            }
                        }
                        int q = (p * d + a) * d + b;
                        assertClose(fs[2 * q] + re, g.re().value().data[q], 0, 1e-10, seed, map + " Re g_" + a + b);
                        assertClose(fs[2 * q + 1] + im, g.im().value().data[q], 0, 1e-10, seed, map + " Im g_" + a + b);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void zeroInitialOutputStartsAtFubiniStudyAndLogDetMatches(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet ps = quintic.sample(50, seed);
        Mlp phi = Mlp.builder().inputs(25).hidden(8).outputs(1).activation(Activation.TANH).seed(seed).build();
        HermitianMetric g = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, true).metric(ps);
        double[] det = g.detValues();
        double[] expected = ps.fubiniStudyDeterminants();
        for (int p = 0; p < ps.size(); p++) {
            assertClose(expected[p], det[p], 1e-11, 0, seed, "det g_FS at point " + p);
        }
    }

    static java.util.stream.LongStream fourSeeds() {
        return Seeds.seeds(4); // the generic nested-autodiff curvature path costs ~0.5 s per case
    }

    /** The learned potential's metric through the curvature machinery equals the jet-path metric. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("fourSeeds")
    void potentialReproducesTheMetric(long seed) {
        ProjectiveVariety quintic = ProjectiveVariety.fermatQuintic();
        PointSet ps = quintic.sample(3, seed);
        Mlp phi = Mlp.builder().inputs(25).hidden(12).outputs(1).activation(Activation.GELU).seed(seed).build();
        // A small φ keeps g = g_FS + ∂∂̄φ positive definite (the curvature machinery rejects anything else).
        java.util.List<org.metricflow.core.autodiff.Tensor> p = phi.parameters();
        org.ejml.dense.row.CommonOps_DDRM.scale(0.05, p.get(p.size() - 2).value());
        PhiModel model = PhiModel.of(quintic, phi, FeatureMap.HERMITIAN_INVARIANTS, false);
        double[] viaCurvature = org.metricflow.geometry.complex.KahlerGeometry.of(ps, model.potential()).metric();
        HermitianMetric g = model.metric(ps);
        for (int q = 0; q < ps.size() * 9; q++) {
            assertClose(g.re().value().data[q], viaCurvature[2 * q], 0, 1e-10, seed, "Re g entry " + q);
            assertClose(g.im().value().data[q], viaCurvature[2 * q + 1], 0, 1e-10, seed, "Im g entry " + q);
        }
    }
}
