package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metricflow.core.testing.Seeds.assertClose;

import java.util.List;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.riemann.Curvature;
import org.metricflow.geometry.riemann.MetricField;
import org.metricflow.geometry.riemann.PointCurvature;
import org.metricflow.geometry.riemann.StandardMetrics;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;

/**
 * The chart metric networks {@link SpdNetworkMetric}, {@link MatrixExponentialMetric} and {@link ReferenceCorrection}
 * against independent references: a hand-written {@link MetricField#fromEntries} of the same one-layer network,
 * EJML's symmetric eigendecomposition for exp(S), the round sphere (R = 2), the conformal-curvature formula
 * R = −2e<sup>−2u</sup>Δu on the flat plane, and central finite differences for parameter gradients.
 */
class ChartMetricNetworksTest {

    static Mlp network(int n, int outputs, int width, long seed) {
        return Mlp.builder().inputs(n).hidden(width).outputs(outputs).activation(Activation.TANH).seed(seed).build();
    }

    static DMatrixRMaj randomPoints(Rng rng, int count, int n, double scale) {
        DMatrixRMaj x = new DMatrixRMaj(count, n);
        rng.fillUniform(x.data, -scale, scale);
        return x;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void networkMetricsAreSymmetricPositiveDefinite(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(3);
        Mlp a = network(n, n * (n + 1) / 2, 8, seed);
        Mlp b = network(n, n * (n + 1) / 2, 8, seed + 1);
        for (Mlp net : List.of(a, b)) {
            for (Tensor p : net.parameters()) {
                CommonOps_DDRM.scale(3.0, p.value()); // large outputs: exp needs squarings, L far from identity
            }
        }
        Tensor x = Tensor.constant(randomPoints(rng, 100, n, 3.0));
        for (MetricField g : List.of(SpdNetworkMetric.of(a, 1e-6), MatrixExponentialMetric.of(b, false))) {
            DMatrixRMaj c = g.components(x).value();
            for (int p = 0; p < x.rows(); p++) {
                DMatrixRMaj m = new DMatrixRMaj(n, n);
                System.arraycopy(c.data, p * n * n, m.data, 0, n * n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (m.get(i, j) != m.get(j, i)) {
                            throw new AssertionError(g.getClass().getSimpleName() + " not symmetric [seed=" + seed
                                    + "]");
                        }
                    }
                }
                assertTrue(DecompositionFactory_DDRM.chol(n, true).decompose(m),
                        g.getClass().getSimpleName() + " not positive definite at point " + p + " [seed=" + seed + "]");
            }
        }
    }

    /** exp(S) against V diag(e^λ) Vᵀ from EJML's symmetric eigensolver, for ‖S‖ up to ~10 (several squarings). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void matrixExponentialMatchesTheEigendecomposition(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        double scale = rng.uniform(0.01, 3.0);
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.gaussian(0, scale);
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
        DMatrixRMaj e = MatrixExponentialMetric.exp(Tensor.constant(1, n * n, s.data.clone()), n).value();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        assertTrue(eig.decompose(s.copy()));
        DMatrixRMaj expected = new DMatrixRMaj(n, n);
        double max = 0;
        for (int k = 0; k < n; k++) {
            DMatrixRMaj v = eig.getEigenVector(k);
            double w = Math.exp(eig.getEigenvalue(k).real);
            max = Math.max(max, w);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected.data[i * n + j] += w * v.get(i) * v.get(j);
                }
            }
        }
        // round-off of s squarings grows like 2^s·ε·‖exp S‖ (s ≤ 5 here); eigenvectors are accurate to ~1e-15
        for (int q = 0; q < n * n; q++) {
            assertClose(expected.data[q], e.data[q], 0, 1e-12 * max, seed, "exp(S) entry " + q);
        }
    }

    /**
     * Curvature of the Cholesky network equals that of the same metric written by hand entry by entry (no matrix
     * ops, no selectCols): tanh(W₁x + b₁) → W₂· + b₂ → L → g_ij = Σ_k L_ik L_jk + εδ_ij. Both sides are exact
     * functions differentiated to third order by autodiff in different orders of operations; 1e-9 relative covers
     * the round-off of R (a few hundred terms of size ~|R|).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void choleskyCurvatureEqualsTheHandWrittenMetric(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + (int) (seed % 2);
        int t = n * (n + 1) / 2;
        int width = 5;
        double eps = 0.1;
        Mlp net = network(n, t, width, seed);
        SpdNetworkMetric g = SpdNetworkMetric.of(net, eps);
        double[] w1 = net.parameters().get(0).value().data.clone();
        double[] b1 = net.parameters().get(1).value().data.clone();
        double[] w2 = net.parameters().get(2).value().data.clone();
        double[] b2 = net.parameters().get(3).value().data.clone();
        MetricField byHand = MetricField.fromEntries(n, (x, i, j) -> {
            Tensor[] hidden = new Tensor[width];
            for (int h = 0; h < width; h++) {
                Tensor a = x.col(0).times(w1[h * n]);
                for (int k = 1; k < n; k++) {
                    a = a.plus(x.col(k).times(w1[h * n + k]));
                }
                hidden[h] = a.plus(b1[h]).tanh();
            }
            java.util.function.IntFunction<Tensor> raw = k -> {
                Tensor r = hidden[0].times(w2[k * width]);
                for (int h = 1; h < width; h++) {
                    r = r.plus(hidden[h].times(w2[k * width + h]));
                }
                return r.plus(b2[k]);
            };
            java.util.function.BiFunction<Integer, Integer, Tensor> l = (r, c) -> {
                Tensor v = raw.apply(r * (r + 1) / 2 + c);
                return r.equals(c) ? v.exp().plus(1.0).log() : v;
            };
            Tensor sum = null;
            for (int k = 0; k <= Math.min(i, j); k++) {
                Tensor term = l.apply(i, k).times(l.apply(j, k));
                sum = sum == null ? term : sum.plus(term);
            }
            return i == j ? sum.plus(eps) : sum;
        });
        Curvature cn = Curvature.of(g);
        Curvature ch = Curvature.of(byHand);
        for (int trial = 0; trial < 3; trial++) {
            double[] x = randomPoints(rng, 1, n, 1.5).data;
            PointCurvature a = cn.at(x);
            PointCurvature b = ch.at(x);
            assertTrue(Double.isFinite(a.scalar()), "finite scalar curvature");
            assertClose(b.scalar(), a.scalar(), 1e-9, 1e-9, seed, "R");
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertClose(b.ricci(i, j), a.ricci(i, j), 1e-9, 1e-9, seed, "Ric_" + i + j);
                    assertClose(a.ricci(j, i), a.ricci(i, j), 1e-10, 1e-10, seed, "Ric symmetric " + i + j);
                    assertClose(b.metric(i, j), a.metric(i, j), 1e-13, 1e-13, seed, "g_" + i + j);
                }
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void matrixExponentialCurvatureIsFiniteAndRicciSymmetric(long seed) {
        Rng rng = Seeds.rng(seed);
        MatrixExponentialMetric g = MatrixExponentialMetric.of(network(3, 6, 6, seed), false);
        PointCurvature c = Curvature.of(g).at(randomPoints(rng, 1, 3, 1.0).data);
        assertTrue(Double.isFinite(c.scalar()), "finite scalar curvature");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertClose(c.ricci(j, i), c.ricci(i, j), 1e-9, 1e-9, seed, "Ric symmetric " + i + j);
            }
        }
        // zero output: exp(0) = I, flat
        MatrixExponentialMetric flat = MatrixExponentialMetric.of(network(3, 6, 6, seed), true);
        assertClose(0, Curvature.of(flat).at(randomPoints(rng, 1, 3, 1.0).data).scalar(), 0, 1e-12, seed, "R of I");
    }

    /** With zero network output both corrections of the unit round S² (stereographic chart) keep R = 2. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void zeroCorrectionKeepsTheRoundSphereCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        MetricField sphere = StandardMetrics.sphereStereographic(2, 1.0);
        List<ReferenceCorrection> corrections = List.of(
                ReferenceCorrection.additive(sphere, network(2, 3, 6, seed), 0.3, true),
                ReferenceCorrection.conformal(sphere, network(2, 1, 6, seed), true));
        for (ReferenceCorrection g : corrections) {
            double[] x = randomPoints(rng, 1, 2, 2.0).data;
            // R = 2 evaluated through ∂²g of a rational function: 1e-10 covers the round-off
            assertClose(2.0, Curvature.of(g).at(x).scalar(), 1e-10, 1e-10, seed, g.form() + " R of S²");
        }
    }

    /** e^{2u}δ on R²: R = −2 e^{−2u} Δu with Δu from the network's autodiff Hessian. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void conformalCorrectionOfThePlaneHasTheConformalCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        Mlp u = network(2, 1, 8, seed);
        ReferenceCorrection g = ReferenceCorrection.conformal(StandardMetrics.euclidean(2), u, false);
        double[] x = randomPoints(rng, 1, 2, 1.5).data;
        DMatrixRMaj hess = Autodiff.hessian(t -> u.forward(t), Tensor.constant(1, 2, x));
        double uValue = u.forward(Tensor.constant(1, 2, x)).item();
        double expected = -2 * Math.exp(-2 * uValue) * (hess.data[0] + hess.data[3]); // row 0 holds H row-major
        assertClose(expected, Curvature.of(g).at(x).scalar(), 1e-9, 1e-10, seed, "R of e^{2u}δ");
    }

    /**
     * Parameter gradients of L = Σ C⊙g + ½Σ g² over a few points against central differences (h = 1e-6): truncation
     * O(h²) ≈ 1e-12, round-off O(ε|L|/h) ≈ 1e-9 for |L| ~ 10; tolerance 1e-6 relative + 1e-6 absolute.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void parameterGradientsMatchCentralDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 3;
        MetricField sphere = StandardMetrics.sphereStereographic(n, 1.0);
        List<MetricField> fields = List.of(SpdNetworkMetric.of(network(n, 6, 6, seed)),
                MatrixExponentialMetric.of(network(n, 6, 6, seed), false),
                ReferenceCorrection.additive(sphere, network(n, 6, 6, seed), 0.2, false),
                ReferenceCorrection.conformal(sphere, network(n, 1, 6, seed), false));
        Tensor x = Tensor.constant(randomPoints(rng, 4, n, 1.0));
        double[] c = new double[4 * n * n];
        rng.fillGaussian(c, 1.0);
        Tensor tc = Tensor.constant(4, n * n, c);
        for (MetricField g : fields) {
            List<Tensor> params = parameters(g);
            Supplier<Tensor> loss = () -> {
                Tensor v = g.components(x);
                return v.times(tc).sum().plus(v.square().sum().times(0.5));
            };
            DMatrixRMaj[] grad = Autodiff.grad(loss.get(), params.toArray(new Tensor[0]));
            for (int trial = 0; trial < 6; trial++) {
                int which = rng.nextInt(params.size());
                double[] data = params.get(which).value().data;
                int k = rng.nextInt(data.length);
                double h = 1e-6;
                double saved = data[k];
                data[k] = saved + h;
                double plus = loss.get().item();
                data[k] = saved - h;
                double minus = loss.get().item();
                data[k] = saved;
                assertClose((plus - minus) / (2 * h), grad[which].data[k], 1e-6, 1e-6, seed,
                        g.getClass().getSimpleName() + " ∂L/∂θ of parameter " + which + "[" + k + "]");
            }
        }
    }

    @Test
    void invalidNetworksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SpdNetworkMetric.of(network(2, 4, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> SpdNetworkMetric.of(network(2, 3, 3, 1), 0));
        Mlp relu = Mlp.builder().inputs(2).hidden(3).outputs(3).activation(Activation.RELU).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixExponentialMetric.of(relu, false));
        assertTrue(e.getMessage().contains("smooth"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceCorrection.conformal(StandardMetrics.euclidean(2), network(2, 3, 3, 1), false));
        assertThrows(IllegalArgumentException.class,
                () -> SpdNetworkMetric.of(network(2, 3, 3, 1)).components(Tensor.zeros(4, 3)));
    }

    private static List<Tensor> parameters(MetricField g) {
        if (g instanceof SpdNetworkMetric s) {
            return s.parameters();
        }
        if (g instanceof MatrixExponentialMetric s) {
            return s.parameters();
        }
        return ((ReferenceCorrection) g).parameters();
    }
}
