package org.metricflow.nn.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.autodiff.Autodiff;
import org.metricflow.core.autodiff.Tensor;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.Parametrization;

/**
 * Empirical NTK and metric-NTK: blockwise = dense = per-layer factorization, symmetric PSD, kernel-vector
 * products, and the first-order prediction of an SGD step.
 */
class EmpiricalNtkTest {

    static Mlp network(Rng rng, int inputs, int outputs) {
        Activation[] acts = {Activation.TANH, Activation.GELU, Activation.RELU, Activation.ERF};
        return Mlp.builder().inputs(inputs).hidden(3 + rng.nextInt(5), 2 + rng.nextInt(5)).outputs(outputs)
                .activation(acts[rng.nextInt(acts.length)])
                .parametrization(rng.nextDouble() < 0.5 ? Parametrization.NTK : Parametrization.STANDARD)
                .sigmaW(rng.uniform(0.7, 1.5)).sigmaB(rng.uniform(0, 0.5)).seed(rng.nextLong()).build();
    }

    static Tensor points(Rng rng, int n, int d) {
        double[] x = new double[n * d];
        rng.fillGaussian(x, 1.0);
        return Tensor.constant(n, d, x);
    }

    /** Entry-wise agreement to 1e-12 of the kernel scale: all variants are exact sums of the same products. */
    static void assertSameKernel(DMatrixRMaj expected, DMatrixRMaj actual, long seed, String what) {
        double scale = CommonOps_DDRM.elementMaxAbs(expected);
        Seeds.assertAllClose(expected.data, actual.data, 0, 1e-12 * scale, seed, what);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void blockwiseEqualsDenseAndFactorizationAndIsSymmetricPsd(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(3);
        int m = 1 + rng.nextInt(3);
        Mlp mlp = network(rng, d, m);
        Tensor x = points(rng, 7, d);
        MetricNtk metric = MetricNtk.of(mlp, java.util.Collections.nCopies(m, "c"));
        DMatrixRMaj dense = metric.dense(x);
        for (int block : new int[] {1, 3, 7, 50}) {
            DMatrixRMaj single = metric.blockSize(block).threads(1).matrix(x);
            assertSameKernel(dense, single, seed, "blockwise B=" + block);
            org.junit.jupiter.api.Assertions.assertArrayEquals(single.data,
                    metric.blockSize(block).threads(3).matrix(x).data, 0.0, "3 threads must be bit-identical");
        }
        assertSameKernel(dense, EmpiricalNtk.of(mlp).matrix(x), seed, "per-layer factorization");
        DMatrixRMaj cross = EmpiricalNtk.of(mlp).generic().blockSize(2).cross(x, x.rows(2, 5));
        DMatrixRMaj crossFactor = EmpiricalNtk.of(mlp).cross(x, x.rows(2, 5));
        assertSameKernel(cross, crossFactor, seed, "cross kernel");
        for (int i = 0; i < cross.numRows; i++) {
            for (int j = 0; j < cross.numCols; j++) {
                assertEquals(dense.get(i, 2 * m + j), cross.get(i, j), 1e-12 * CommonOps_DDRM.elementMaxAbs(dense));
            }
        }
        double[] eig = NtkDiagnostics.eigenvalues(dense);
        // PSD up to rounding: eigenvalues of a Gram matrix ≥ −(n·ε·‖Θ‖) ≈ −1e-13·λ_max
        assertTrue(eig[eig.length - 1] >= -1e-11 * eig[0], "smallest eigenvalue " + eig[eig.length - 1]);
        for (int i = 0; i < dense.numRows; i++) {
            for (int j = 0; j < dense.numRows; j++) {
                assertEquals(dense.get(i, j), dense.get(j, i), 1e-13 * eig[0]);
            }
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void kernelVectorProductMatchesMatrixProduct(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 1 + rng.nextInt(3);
        Mlp mlp = network(rng, 2, m);
        Tensor x = points(rng, 6, 2);
        DMatrixRMaj theta = EmpiricalNtk.of(mlp).matrix(x);
        DMatrixRMaj v = new DMatrixRMaj(6, m);
        rng.fillGaussian(v.data, 1.0);
        DMatrixRMaj expected = new DMatrixRMaj(6 * m, 1);
        CommonOps_DDRM.mult(theta, new DMatrixRMaj(6 * m, 1, true, v.data), expected);
        DMatrixRMaj actual = EmpiricalNtk.of(mlp).apply(x, v);
        Seeds.assertAllClose(expected.data, actual.data, 1e-10, 1e-10, seed, "Θv");
    }

    /**
     * One SGD step θ' = θ − η ∂L/∂θ with L = ½ Σ (f − y)² changes the outputs by Δf = −η Θ ∂L/∂f + O(η²):
     * the discrepancy must shrink by ≈ 4 when η halves (accept 3..5: the O(η³) term perturbs the ratio by
     * O(η) ≈ 1e-3 relative) and be small against Δf.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void sgdStepFollowsTheKernelToFirstOrder(long seed) {
        Rng rng = Seeds.rng(seed);
        int m = 2;
        Mlp base = Mlp.builder().inputs(3).hidden(8, 8).outputs(m).activation(Activation.TANH)
                .parametrization(Parametrization.NTK).seed(rng.nextLong()).build();
        Tensor x = points(rng, 5, 3);
        Tensor target = points(rng, 5, m);
        DMatrixRMaj f0 = base.forward(x).value();
        DMatrixRMaj residual = new DMatrixRMaj(5, m);
        CommonOps_DDRM.subtract(f0, target.value(), residual);
        DMatrixRMaj predictedPerEta = EmpiricalNtk.of(base).apply(x, residual);
        double[] discrepancy = new double[2];
        double[] etas = {1e-3, 5e-4};
        for (int k = 0; k < 2; k++) {
            Mlp net = base.copy();
            Tensor[] params = net.parameters().toArray(new Tensor[0]);
            Tensor loss = net.forward(x).minus(target).square().sum().times(0.5);
            DMatrixRMaj[] g = Autodiff.grad(loss, params);
            for (int i = 0; i < params.length; i++) {
                CommonOps_DDRM.addEquals(params[i].value(), -etas[k], g[i]);
            }
            DMatrixRMaj f1 = net.forward(x).value();
            double err = 0;
            double size = 0;
            for (int i = 0; i < f1.data.length; i++) {
                double actual = f1.data[i] - f0.data[i];
                double predicted = -etas[k] * predictedPerEta.data[i];
                err += (actual - predicted) * (actual - predicted);
                size += predicted * predicted;
            }
            discrepancy[k] = Math.sqrt(err);
            assertTrue(discrepancy[k] < 0.05 * Math.sqrt(size), "discrepancy not small: " + discrepancy[k]);
        }
        double ratio = discrepancy[0] / discrepancy[1];
        assertTrue(ratio > 3 && ratio < 5, "discrepancy ratio for η → η/2 is " + ratio + ", expected ≈ 4 [seed="
                + seed + "]");
    }

    @Test
    void metricLabelsFollowTheDocumentedLayout() {
        assertEquals(java.util.List.of("g[0,0̄]", "g[1,1̄]", "Re g[0,1̄]", "Im g[0,1̄]"), MetricNtk.hermitianLabels(2));
        assertEquals(java.util.List.of("g[0,0]", "g[0,1]", "g[1,1]"), MetricNtk.symmetricLabels(2));
        Mlp mlp = Mlp.builder().inputs(2).hidden(4).outputs(3).build();
        MetricNtk k = MetricNtk.symmetric(mlp, 2);
        assertEquals("x1 g[0,1]", k.label(4));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MetricNtk.hermitian(mlp, 2)).getMessage().contains("one label per model output (3)"));
    }

    @Test
    void diagnosticsOnKnownMatrices() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{2, 1}, {1, 2}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{2, 1}, {1, 3}});
        assertEquals(1.0 / Math.sqrt(10), NtkDiagnostics.relativeChange(b, a), 1e-15);
        double[] eig = NtkDiagnostics.eigenvalues(a);
        assertEquals(3.0, eig[0], 1e-14);
        assertEquals(1.0, eig[1], 1e-14);
        double[] change = NtkDiagnostics.changeSpectrum(b, a);
        assertEquals(1.0, change[0], 1e-14);
        assertEquals(0.0, change[1], 1e-14);
        DMatrixRMaj scaled = a.copy();
        CommonOps_DDRM.scale(7.0, scaled);
        assertEquals(1.0, NtkDiagnostics.centeredAlignment(a, scaled), 1e-14);
    }
}
