package org.metricflow.nn.metric;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.ntk.KernelDiagnostics;
import org.metricflow.nn.ntk.MetricNtk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
            double[] eig = KernelDiagnostics.eigenvalues(gp);
            assertTrue(eig[d - 1] >= 0.01 - 1e-12, "not positive definite: " + eig[d - 1]);
        }
        MetricNtk ntk = MetricNtk.symmetric(g, d);
        DMatrixRMaj dense = ntk.dense(x);
        DMatrixRMaj blocks = ntk.blockSize(2).matrix(x);
        Seeds.assertAllClose(dense.data, blocks.data, 0, 1e-12 * CommonOps_DDRM.elementMaxAbs(dense), seed,
                "blockwise metric-NTK");
        double[] spectrum = KernelDiagnostics.eigenvalues(dense);
        assertTrue(spectrum[spectrum.length - 1] >= -1e-11 * spectrum[0], "metric-NTK not PSD");
    }

    @Test
    void rejectsAMismatchedNetwork() {
        Mlp net = Mlp.builder().inputs(2).outputs(4).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CholeskyMetric.of(net, 2, 0.0)).getMessage()
                .contains("needs a network with d(d+1)/2 = 3 outputs, this one has 4"));
    }
}
