package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.ntk.MetricNtk;
import org.metricflow.nn.ntk.NtkDiagnostics;

/** The Cholesky metric against a hand-built L Lᵀ, positive definiteness, and its metric-NTK. */
class CholeskyMetricTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void metricIsLLTransposeAndPositiveDefiniteAndItsNtkIsPsd(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(3);
        int k = d * (d + 1) / 2;
        Mlp net = Mlp.builder().inputs(2).hidden(5).outputs(k).activation(Activation.TANH).seed(rng.nextLong()).build();
        CholeskyMetric g = CholeskyMetric.of(net, d, 0.01);
        double[] xs = new double[5 * 2];
        rng.fillGaussian(xs, 1.0);
        Tensor x = Tensor.constant(5, 2, xs);
        DMatrixRMaj raw = net.forward(x).value();
        DMatrixRMaj metric = g.metric(x).value();
        DMatrixRMaj comps = g.apply(x).value();
        for (int p = 0; p < 5; p++) {
            DMatrixRMaj l = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double r = raw.get(p, i * (i + 1) / 2 + j);
                    l.set(i, j, i == j ? Math.log1p(Math.exp(r)) : r);
                }
            }
            DMatrixRMaj expected = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multTransB(l, l, expected);
            int c = 0;
            DMatrixRMaj gp = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double e = expected.get(i, j) + (i == j ? 0.01 : 0.0);
                    Seeds.assertClose(e, metric.get(p, i * d + j), 1e-13, 1e-13, seed, "g_" + i + j);
                    gp.set(i, j, metric.get(p, i * d + j));
                    if (j >= i) {
                        Seeds.assertClose(e, comps.get(p, c++), 1e-13, 1e-13, seed, "component " + i + j);
                    }
                }
            }
            double[] eig = NtkDiagnostics.eigenvalues(gp);
            assertTrue(eig[d - 1] >= 0.01 - 1e-12, "not positive definite: " + eig[d - 1]);
        }
        MetricNtk ntk = MetricNtk.symmetric(g, d);
        DMatrixRMaj dense = ntk.dense(x);
        DMatrixRMaj blocks = ntk.blockSize(2).matrix(x);
        Seeds.assertAllClose(dense.data, blocks.data, 0, 1e-12 * CommonOps_DDRM.elementMaxAbs(dense), seed,
                "blockwise metric-NTK");
        double[] spectrum = NtkDiagnostics.eigenvalues(dense);
        assertTrue(spectrum[spectrum.length - 1] >= -1e-11 * spectrum[0], "metric-NTK not PSD");
    }

    /**
     * The metric flow equation: one SGD step θ' = θ − η ∂L/∂θ on a loss of the metric components changes them
     * by Δg_α(x) = −η Σ_{y,β} Θ_{(x,α),(y,β)} ∂L/∂g_β(y) + O(η²). L = Σ_x Σ_α w_α(x) g_α(x)² (∂L/∂g = 2wg);
     * the discrepancy must drop by ≈ 4 when η halves (accept 3..5), for η scaled so that ηΘ∂L/∂g is 1e-3 of g.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void sgdStepFollowsTheMetricFlowEquation(long seed) {
        Rng rng = Seeds.rng(seed);
        Mlp base = Mlp.builder().inputs(2).hidden(6).outputs(3).activation(Activation.GELU).seed(rng.nextLong())
                .build();
        double[] xs = new double[4 * 2];
        rng.fillGaussian(xs, 1.0);
        Tensor x = Tensor.constant(4, 2, xs);
        double[] ws = new double[4 * 3];
        rng.fillUniform(ws, 0.5, 1.5);
        Tensor w = Tensor.constant(4, 3, ws);
        CholeskyMetric g0 = CholeskyMetric.of(base, 2, 0.0);
        DMatrixRMaj before = g0.apply(x).value();
        DMatrixRMaj dLdg = before.copy();
        for (int i = 0; i < dLdg.data.length; i++) {
            dLdg.data[i] = 2 * ws[i] * before.data[i];
        }
        DMatrixRMaj flow = MetricNtk.symmetric(g0, 2).apply(x, dLdg);
        double[] discrepancy = new double[2];
        // η small against the flow's own scale: the first-order change is ≈ 1e-3 of the metric
        double eta = 1e-3 * CommonOps_DDRM.elementMaxAbs(before) / CommonOps_DDRM.elementMaxAbs(flow);
        double[] etas = {eta, eta / 2};
        for (int k = 0; k < 2; k++) {
            CholeskyMetric g = CholeskyMetric.of(base.copy(), 2, 0.0);
            Tensor[] params = g.parameters().toArray(new Tensor[0]);
            Tensor loss = g.apply(x).square().times(w).sum();
            DMatrixRMaj[] grads = org.metricflow.core.autodiff.Autodiff.grad(loss, params);
            for (int i = 0; i < params.length; i++) {
                CommonOps_DDRM.addEquals(params[i].value(), -etas[k], grads[i]);
            }
            DMatrixRMaj after = g.apply(x).value();
            double err = 0;
            for (int i = 0; i < after.data.length; i++) {
                double e = after.data[i] - before.data[i] + etas[k] * flow.data[i];
                err += e * e;
            }
            discrepancy[k] = Math.sqrt(err);
        }
        double ratio = discrepancy[0] / discrepancy[1];
        assertTrue(ratio > 3 && ratio < 5, "discrepancy ratio " + ratio + " for η → η/2, expected ≈ 4 [seed=" + seed
                + "]");
    }

    @Test
    void rejectsAMismatchedNetwork() {
        Mlp net = Mlp.builder().inputs(2).outputs(4).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CholeskyMetric.of(net, 2, 0.0)).getMessage()
                .contains("needs a network with d(d+1)/2 = 3 outputs, this one has 4"));
    }
}
