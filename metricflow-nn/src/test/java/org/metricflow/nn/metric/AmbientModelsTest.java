package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.Seeds.assertClose;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.FeatureMap;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;

/**
 * {@link AdditiveModel}, {@link MultiplicativeModel} and {@link FreeModel} on the Fermat quintic: Hermitian output,
 * positive definiteness of the free model, Fubini–Study at zero network output (against
 * {@link KahlerMetrics#fubiniStudy}), the explicit formulas against plain-array evaluation of the ambient network
 * output, and parameter gradients against central finite differences.
 */
class AmbientModelsTest {
    private static final ProjectiveVariety QUINTIC = ProjectiveVariety.fermatQuintic();
    private static final FeatureMap FEATURES = FeatureMap.HERMITIAN_INVARIANTS;

    static Mlp network(int outputs, long seed) {
        return Mlp.builder().inputs(FEATURES.featureCount(5)).hidden(8).outputs(outputs).activation(Activation.GELU)
                .seed(seed).build();
    }

    static List<KahlerMetricModel> models(long seed, boolean zero) {
        return List.of(AdditiveModel.of(QUINTIC, network(25, seed), FEATURES, zero),
                MultiplicativeModel.of(QUINTIC, network(15, seed), FEATURES, zero),
                FreeModel.of(QUINTIC, network(25, seed), FEATURES, 1e-4));
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void metricsAreHermitian(long seed) {
        PointSet ps = QUINTIC.sample(20, seed);
        for (KahlerMetricModel model : models(seed, false)) {
            HermitianMetric g = model.metric(ps);
            double[] a = g.re().value().data;
            double[] b = g.im().value().data;
            for (int p = 0; p < ps.size(); p++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        int ij = p * 9 + i * 3 + j;
                        int ji = p * 9 + j * 3 + i;
                        double scale = 1e-13 * (1 + Math.abs(a[ij])); // pullback round-off of O(1) entries
                        assertClose(a[ij], a[ji], 0, scale, seed, model.getClass().getSimpleName() + " Re g symmetric");
                        assertClose(-b[ij], b[ji], 0, scale, seed, model.getClass().getSimpleName() + " Im g antisymmetric");
                    }
                }
            }
            assertFalse(model.isKahlerByConstruction());
            assertFalse(model.preservesKahlerClass());
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void freeModelIsPositiveDefiniteForLargeRandomParameters(long seed) {
        PointSet ps = QUINTIC.sample(200, seed);
        Mlp net = network(25, seed);
        for (Tensor p : net.parameters()) {
            CommonOps_DDRM.scale(5.0, p.value()); // far from any small-correction regime
        }
        HermitianMetric g = FreeModel.of(QUINTIC, net, FEATURES, 1e-4).metric(ps);
        double[] logDet = g.logDet().value().data;
        for (int p = 0; p < ps.size(); p++) {
            assertTrue(Double.isFinite(logDet[p]), "free metric not positive definite at point " + p + " [seed="
                    + seed + "]");
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void zeroNetworkOutputIsFubiniStudy(long seed) {
        PointSet ps = QUINTIC.sample(30, seed);
        double[] fs = KahlerMetrics.fubiniStudy(ps);
        List<KahlerMetricModel> zeroed = List.of(AdditiveModel.of(QUINTIC, network(25, seed), FEATURES, true),
                MultiplicativeModel.of(QUINTIC, network(15, seed), FEATURES, true));
        for (KahlerMetricModel model : zeroed) {
            HermitianMetric g = model.metric(ps);
            for (int q = 0; q < ps.size() * 9; q++) {
                String what = model.getClass().getSimpleName() + " entry " + q;
                assertClose(fs[2 * q], g.re().value().data[q], 0, 1e-12, seed, "Re " + what);
                assertClose(fs[2 * q + 1], g.im().value().data[q], 0, 1e-12, seed, "Im " + what);
            }
        }
    }

    /**
     * The models' formulas evaluated independently: the ambient matrix is assembled by hand from the network's plain
     * output and pulled back by {@link KahlerMetrics#pullback}.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricsMatchTheirDefiningFormulas(long seed) {
        PointSet ps = QUINTIC.sample(6, seed);
        int n = ps.size();
        int m = 5;
        List<KahlerMetricModel> ms = models(seed, false);
        double[] fsAmbient = interleaved(AmbientForms.fubiniStudy(ps));
        double[] fs = KahlerMetrics.fubiniStudy(ps);
        Tensor x = AmbientForms.features(ps, FEATURES);
        for (KahlerMetricModel model : ms) {
            double[] out = ((AmbientNetworkModel) model).network().forward(x).value().data;
            int outs = out.length / n;
            double[] h = new double[2 * n * m * m];
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        int q = 2 * (p * m * m + i * m + j);
                        double[] r = java.util.Arrays.copyOfRange(out, p * outs, (p + 1) * outs);
                        if (model instanceof AdditiveModel) {
                            h[q] = i <= j ? r[i * m + j] : r[j * m + i];
                            h[q + 1] = i < j ? r[j * m + i] : i > j ? -r[i * m + j] : 0;
                        } else if (model instanceof MultiplicativeModel) {
                            int lo = Math.min(i, j);
                            int hi = Math.max(i, j);
                            int k = 0;
                            for (int s = 0; s < lo; s++) {
                                k += m - s;
                            }
                            double factor = 1 + r[k + hi - lo];
                            h[q] = fsAmbient[q] * factor;
                            h[q + 1] = fsAmbient[q + 1] * factor;
                        } else {
                            double re = i == j ? ((FreeModel) model).epsilon() : 0;
                            double im = 0;
                            for (int k = 0; k <= Math.min(i, j); k++) { // L_ik conj(L_jk)
                                double lri = k == i ? Math.log1p(Math.exp(r[i * m + i])) : r[i * m + k];
                                double lii = k == i ? 0 : r[k * m + i];
                                double lrj = k == j ? Math.log1p(Math.exp(r[j * m + j])) : r[j * m + k];
                                double lij = k == j ? 0 : r[k * m + j];
                                re += lri * lrj + lii * lij;
                                im += lii * lrj - lri * lij;
                            }
                            h[q] = re * FreeModel.SCALE;
                            h[q + 1] = im * FreeModel.SCALE;
                        }
                    }
                }
            }
            double[] expected = KahlerMetrics.pullback(ps, h);
            if (model instanceof AdditiveModel) {
                for (int k = 0; k < expected.length; k++) {
                    expected[k] += fs[k];
                }
            }
            HermitianMetric g = model.metric(ps);
            for (int q = 0; q < n * 9; q++) {
                String what = model.getClass().getSimpleName() + " entry " + q;
                double tol = 1e-12 * (1 + Math.abs(expected[2 * q]));
                assertClose(expected[2 * q], g.re().value().data[q], 0, tol, seed, "Re " + what);
                assertClose(expected[2 * q + 1], g.im().value().data[q], 0, tol, seed, "Im " + what);
            }
        }
    }

    /**
     * Parameter gradients of L = Σ C⊙Re g + Σ D⊙Im g + ½ Σ (Re g)² (random constants C, D) against central differences
     * with h = 1e-6 on random parameter entries. The truncation error is O(h² L''') ≈ 1e-12 and the round-off
     * O(ε|L|/h) ≈ 1e-9 for |L| ~ 10, so the tolerance is 1e-6 absolute plus 1e-6 relative.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void parameterGradientsMatchCentralDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        PointSet ps = QUINTIC.sample(5, seed);
        double[] c = new double[ps.size() * 9];
        double[] dd = new double[ps.size() * 9];
        rng.fillGaussian(c, 1.0);
        rng.fillGaussian(dd, 1.0);
        Tensor tc = Tensor.constant(ps.size(), 9, c);
        Tensor td = Tensor.constant(ps.size(), 9, dd);
        for (KahlerMetricModel model : models(seed, false)) {
            java.util.function.Supplier<Tensor> loss = () -> {
                HermitianMetric g = model.metric(ps);
                return g.re().times(tc).sum().plus(g.im().times(td).sum()).plus(g.re().square().sum().times(0.5));
            };
            List<Tensor> params = model.parameters();
            DMatrixRMaj[] grad = Autodiff.grad(loss.get(), params.toArray(new Tensor[0]));
            for (int trial = 0; trial < 6; trial++) {
                int which = rng.nextInt(params.size());
                double[] data = params.get(which).value().data;
                int k = rng.nextInt(params.get(which).rows() * params.get(which).cols());
                double h = 1e-6;
                double saved = data[k];
                data[k] = saved + h;
                double plus = loss.get().item();
                data[k] = saved - h;
                double minus = loss.get().item();
                data[k] = saved;
                double fd = (plus - minus) / (2 * h);
                assertClose(fd, grad[which].data[k], 1e-6, 1e-6, seed,
                        model.getClass().getSimpleName() + " ∂L/∂θ of parameter " + which + "[" + k + "]");
            }
        }
    }

    @Test
    void wrongNetworkShapesAreRejectedWithTheExpectedShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdditiveModel.of(QUINTIC, network(15, 1), FEATURES, true));
        assertTrue(e.getMessage().contains("25 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MultiplicativeModel.of(QUINTIC, network(25, 1), FEATURES, true));
        assertTrue(e.getMessage().contains("15 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FreeModel.of(QUINTIC, network(25, 1), FEATURES, 0));
        assertTrue(e.getMessage().contains("ε"), e.getMessage());
        assertEquals(FreeModel.DEFAULT_EPSILON, FreeModel.of(QUINTIC, network(25, 1), FEATURES).epsilon());
    }

    private static double[] interleaved(HermitianMetric h) {
        double[] a = h.re().value().data;
        double[] b = h.im().value().data;
        double[] out = new double[2 * h.points() * h.dimension() * h.dimension()];
        for (int q = 0; q < out.length / 2; q++) {
            out[2 * q] = a[q];
            out[2 * q + 1] = b[q];
        }
        return out;
    }
}
