package org.metricflow.geometry.complex.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class SmallComplexMatricesTest {

    /** The real 2n×2n embedding [[A, −B], [B, A]] of A + iB has determinant |det(A + iB)|². */
    static double realEmbeddingDet(int n, double[] a) {
        DMatrixRMaj r = new DMatrixRMaj(2 * n, 2 * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = a[2 * (i * n + j)];
                double im = a[2 * (i * n + j) + 1];
                r.set(i, j, re);
                r.set(i + n, j + n, re);
                r.set(i, j + n, -im);
                r.set(i + n, j, im);
            }
        }
        return CommonOps_DDRM.det(r);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void hermitianDeterminantMatchesTheRealEmbedding(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(5);
        // H = A A† + 0.1 I: Hermitian positive definite, so det H = sqrt(det of the real embedding)
        double[] h = KahlerCurvatureKernelTest.randomMetric(rng, d, 0.1);
        double expected = Math.sqrt(realEmbeddingDet(d, h));
        double[] scratch = new double[2 * d * d];
        // closed forms (d ≤ 3) and LU agree with EJML's real determinant to rounding (1e-10 relative is ~1e5 ulp,
        // generous for condition numbers of these small PD matrices)
        Seeds.assertClose(expected, SmallComplexMatrices.hermitianDeterminant(d, h, 0, scratch), 1e-10, 0, seed,
                "hermitian det d=" + d);
        double[] lu = SmallComplexMatrices.determinant(d, h, 0, scratch, null);
        Seeds.assertClose(expected, lu[0], 1e-10, 0, seed, "LU det d=" + d);
        Seeds.assertClose(0, lu[1], 0, 1e-10 * expected, seed, "imaginary part of a Hermitian det");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void generalDeterminantAndSolve(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(5);
        int r = 1 + rng.nextInt(3);
        double[] a = new double[2 * n * n];
        rng.fillGaussian(a, 1.0);
        double[] det = SmallComplexMatrices.determinant(n, a, 0, new double[2 * n * n], null);
        Seeds.assertClose(realEmbeddingDet(n, a), det[0] * det[0] + det[1] * det[1], 1e-9, 0, seed, "|det|²");
        double[] x = new double[2 * n * r];
        rng.fillGaussian(x, 1.0);
        double[] b = new double[2 * n * r];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < r; k++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    double ar = a[2 * (i * n + j)];
                    double ai = a[2 * (i * n + j) + 1];
                    sr += ar * x[2 * (j * r + k)] - ai * x[2 * (j * r + k) + 1];
                    si += ar * x[2 * (j * r + k) + 1] + ai * x[2 * (j * r + k)];
                }
                b[2 * (i * r + k)] = sr;
                b[2 * (i * r + k) + 1] = si;
            }
        }
        double[] aCopy = a.clone();
        org.junit.jupiter.api.Assertions.assertTrue(SmallComplexMatrices.solveInPlace(n, aCopy, 0, r, b, 0));
        Seeds.assertAllClose(x, b, 1e-8, 1e-8, seed, "solution of A X = B");
    }
}
