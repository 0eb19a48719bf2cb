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
import org.metricflow.geometry.complex.HermitianMetric;
import org.metricflow.geometry.complex.KahlerMetrics;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;

/**
 * {@link AdditiveModel}, {@link MultiplicativeModel} and {@link FreeModel} on the Fermat quintic: Hermitian output,
 * positive definiteness of the free model (with the lower bound of its proof), Fubini–Study at zero network output
 * and for the free model with L = I (against {@link KahlerMetrics#fubiniStudy}), the explicit formulas against
 * plain-array evaluation of the ambient network output with the horizontal projection Π H Π written out by hand, and
 * parameter gradients against central finite differences. Chart independence is tested in the flow module
 * (ChartLossesTest, with the transition loss).
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

    /**
     * The free model's metric is positive definite on X at random points for large random parameters, with the bound
     * of its proof: λ<sub>min</sub>(g) ≥ (ε/2π) λ<sub>min</sub>(Q Q†), Q = PΠ/|z| (v g v† = (|vQL|² + ε|vQ|²)/2π), and
     * λ<sub>min</sub>(Q Q†) &gt; 0 (Q has rank d). Eigenvalues of the real embedding [[A, −B], [B, A]] (each Hermitian
     * eigenvalue twice) by EJML's symmetric solver; its absolute error is a few ulps of λ<sub>max</sub>, so the bound
     * is checked up to 1e-12·λ<sub>max</sub>.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void freeModelIsPositiveDefiniteForLargeRandomParameters(long seed) {
        PointSet ps = QUINTIC.sample(50, seed);
        Mlp net = network(25, seed);
        for (Tensor p : net.parameters()) {
            CommonOps_DDRM.scale(5.0, p.value()); // far from any small-correction regime
        }
        double eps = 1e-4;
        HermitianMetric g = FreeModel.of(QUINTIC, net, FEATURES, eps).metric(ps);
        double[] q = AmbientForms.horizontalJacobians(ps);
        int d = 3;
        int m = 5;
        double[] logDet = g.logDet().value().data;
        for (int p = 0; p < ps.size(); p++) {
            assertTrue(Double.isFinite(logDet[p]), "free metric not positive definite at point " + p + " [seed="
                    + seed + "]");
            double[] qq = new double[2 * d * d]; // Q Q†
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    for (int j = 0; j < m; j++) {
                        double ar = q[2 * ((p * d + a) * m + j)];
                        double ai = q[2 * ((p * d + a) * m + j) + 1];
                        double br = q[2 * ((p * d + b) * m + j)];
                        double bi = q[2 * ((p * d + b) * m + j) + 1];
                        qq[2 * (a * d + b)] += ar * br + ai * bi;
                        qq[2 * (a * d + b) + 1] += ai * br - ar * bi;
                    }
                }
            }
            double[] gp = new double[2 * d * d];
            for (int k = 0; k < d * d; k++) {
                gp[2 * k] = g.re().value().data[p * d * d + k];
                gp[2 * k + 1] = g.im().value().data[p * d * d + k];
            }
            double[] eg = hermitianEigenvalues(gp, d);
            double[] eq = hermitianEigenvalues(qq, d);
            assertTrue(eq[0] > 1e-6, "Q Q† singular at point " + p + ": " + eq[0] + " [seed=" + seed + "]");
            double bound = eps / (2 * Math.PI) * eq[0];
            assertTrue(eg[0] >= bound - 1e-12 * eg[eg.length - 1], "λ_min(g) = " + eg[0] + " below the bound "
                    + bound + " at point " + p + " [seed=" + seed + "]");
        }
    }

    /**
     * With the output layer set so that L = I (softplus(log(e − 1)) = 1 on the diagonal, 0 elsewhere) the free
     * model is (1 + ε)·Fubini–Study exactly: Π I Π/(2π|z|²) is the ambient FS form.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void freeModelWithIdentityFactorIsFubiniStudy(long seed) {
        PointSet ps = QUINTIC.sample(30, seed);
        Mlp net = network(25, seed);
        List<Tensor> params = net.parameters();
        java.util.Arrays.fill(params.get(params.size() - 2).value().data, 0.0);
        double[] bias = params.get(params.size() - 1).value().data;
        java.util.Arrays.fill(bias, 0.0);
        for (int i = 0; i < 5; i++) {
            bias[i * 5 + i] = Math.log(Math.E - 1);
        }
        double eps = 1e-3;
        HermitianMetric g = FreeModel.of(QUINTIC, net, FEATURES, eps).metric(ps);
        double[] fs = KahlerMetrics.fubiniStudy(ps);
        for (int q = 0; q < ps.size() * 9; q++) {
            assertClose((1 + eps) * fs[2 * q], g.re().value().data[q], 0, 1e-12, seed, "Re entry " + q);
            assertClose((1 + eps) * fs[2 * q + 1], g.im().value().data[q], 0, 1e-12, seed, "Im entry " + q);
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
     * output, projected by hand with Π = 1 − z̄ zᵀ/|z|² and pulled back by {@link KahlerMetrics#pullback}.
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
            // the horizontal projection Π H Π/|z|² (additive, free) or Π H Π (multiplicative: H = G ⊙ (1+s) already
            // carries the 1/|z|² of G), by hand
            double[] expected = KahlerMetrics.pullback(ps, projectByHand(ps, h, !(model instanceof MultiplicativeModel)));
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

    /** Π H Π (·1/|z|² if {@code weighted}) per point by explicit complex loops, Π_ij = δ_ij − z̄_i z_j/|z|². */
    static double[] projectByHand(PointSet ps, double[] h, boolean weighted) {
        int n = ps.size();
        int m = ps.coordinateCount();
        double[] out = new double[h.length];
        for (int p = 0; p < n; p++) {
            double norm2 = 0;
            for (int j = 0; j < m; j++) {
                norm2 += ps.re(p, j) * ps.re(p, j) + ps.im(p, j) * ps.im(p, j);
            }
            double[][] pr = new double[m][m];
            double[][] pim = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    // z̄_i z_j
                    double re = ps.re(p, i) * ps.re(p, j) + ps.im(p, i) * ps.im(p, j);
                    double im = ps.re(p, i) * ps.im(p, j) - ps.im(p, i) * ps.re(p, j);
                    pr[i][j] = (i == j ? 1 : 0) - re / norm2;
                    pim[i][j] = -im / norm2;
                }
            }
            double w = weighted ? 1 / norm2 : 1;
            for (int i = 0; i < m; i++) {
                for (int l = 0; l < m; l++) {
                    double sr = 0;
                    double si = 0;
                    for (int j = 0; j < m; j++) {
                        for (int k = 0; k < m; k++) {
                            int o = 2 * (p * m * m + j * m + k);
                            // Π_ij H_jk Π_kl
                            double ar = pr[i][j] * h[o] - pim[i][j] * h[o + 1];
                            double ai = pr[i][j] * h[o + 1] + pim[i][j] * h[o];
                            sr += ar * pr[k][l] - ai * pim[k][l];
                            si += ar * pim[k][l] + ai * pr[k][l];
                        }
                    }
                    out[2 * (p * m * m + i * m + l)] = sr * w;
                    out[2 * (p * m * m + i * m + l) + 1] = si * w;
                }
            }
        }
        return out;
    }

    /** The eigenvalues (ascending) of the real embedding [[A, −B], [B, A]] of a d×d Hermitian A + iB (interleaved). */
    static double[] hermitianEigenvalues(double[] h, int d) {
        DMatrixRMaj e = new DMatrixRMaj(2 * d, 2 * d);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double re = h[2 * (a * d + b)];
                double im = h[2 * (a * d + b) + 1];
                e.set(a, b, re);
                e.set(a + d, b + d, re);
                e.set(a, b + d, -im);
                e.set(a + d, b, im);
            }
        }
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(2 * d, false, true);
        if (!eig.decompose(e)) {
            throw new AssertionError("eigendecomposition failed");
        }
        double[] out = new double[2 * d];
        for (int k = 0; k < 2 * d; k++) {
            out[k] = eig.getEigenvalue(k).getReal();
        }
        java.util.Arrays.sort(out);
        return out;
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
