package org.metricflow.core.autodiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Blocked parallel products equal EJML's products (to rounding) and are bit-identical for 1, 2 and 3 threads.
 */
class ParallelMatmulTest {

    private static DMatrixRMaj random(int r, int c, Rng rng) {
        DMatrixRMaj m = new DMatrixRMaj(r, c);
        rng.fillGaussian(m.data, 1);
        return m;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void blockedProductsAreExactAndThreadCountIndependent(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 600 + rng.nextInt(900);
        int k = 40 + rng.nextInt(40);
        int c = 30 + rng.nextInt(50);
        DMatrixRMaj a = random(n, k, rng);
        DMatrixRMaj b = random(k, c, rng);
        DMatrixRMaj bt = random(c, k, rng);
        DMatrixRMaj at = random(k, n, rng);
        DMatrixRMaj g = random(k, c, rng);
        DMatrixRMaj tall = random(n * 4, k, rng); // Aᵀ·B with a long inner dimension (weight gradients)
        DMatrixRMaj tallB = random(n * 4, c, rng);
        int saved = Parallel.defaultThreads();
        try {
            double[][] results = new double[3][];
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setDefaultThreads(threads);
                DMatrixRMaj ab = new DMatrixRMaj(n, c);
                ParallelMatmul.mult(a, false, b, false, ab);
                DMatrixRMaj abt = new DMatrixRMaj(n, c);
                ParallelMatmul.mult(a, false, bt, true, abt);
                DMatrixRMaj atg = new DMatrixRMaj(n, c);
                ParallelMatmul.mult(at, true, g, false, atg);
                DMatrixRMaj grad = new DMatrixRMaj(k, c);
                ParallelMatmul.mult(tall, true, tallB, false, grad);
                double[] all = new double[3 * n * c + k * c];
                System.arraycopy(ab.data, 0, all, 0, n * c);
                System.arraycopy(abt.data, 0, all, n * c, n * c);
                System.arraycopy(atg.data, 0, all, 2 * n * c, n * c);
                System.arraycopy(grad.data, 0, all, 3 * n * c, k * c);
                results[threads - 1] = all;
                if (threads == 1) {
                    DMatrixRMaj ref = new DMatrixRMaj(n, c);
                    CommonOps_DDRM.mult(a, b, ref);
                    Seeds.assertAllClose(ref.data, ab.data, 1e-12, 1e-12, seed, "A·B");
                    CommonOps_DDRM.multTransB(a, bt, ref);
                    Seeds.assertAllClose(ref.data, abt.data, 1e-12, 1e-12, seed, "A·Bᵀ");
                    CommonOps_DDRM.multTransA(at, g, ref);
                    Seeds.assertAllClose(ref.data, atg.data, 1e-12, 1e-12, seed, "Aᵀ·G");
                    DMatrixRMaj refGrad = new DMatrixRMaj(k, c);
                    CommonOps_DDRM.multTransA(tall, tallB, refGrad);
                    // Chunked sums reorder the additions: rounding ~ 1e-16·√(inner)·|entries| ≈ 1e-13 here.
                    Seeds.assertAllClose(refGrad.data, grad.data, 1e-11, 1e-11, seed, "Aᵀ·B, long inner dimension");
                }
            }
            assertArrayEquals(results[0], results[1], 0.0, "1 vs 2 threads [seed=" + seed + "]");
            assertArrayEquals(results[0], results[2], 0.0, "1 vs 3 threads [seed=" + seed + "]");
        } finally {
            Parallel.setDefaultThreads(saved);
        }
    }
}
