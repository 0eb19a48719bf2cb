package org.metricflow.core.linalg.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class SmallComplexMatricesTest {

    /** Random Hermitian positive definite A A† + shift·I by plain loops (independent of the class under test). */
    static double[] randomMetric(Rng rng, int d, double shift) {
        double[] a = new double[2 * d * d];
        rng.fillGaussian(a, 1.0);
        double[] g = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sr = i == j ? shift : 0.0;
                double si = 0.0;
                for (int k = 0; k < d; k++) {
                    sr += a[2 * (i * d + k)] * a[2 * (j * d + k)] + a[2 * (i * d + k) + 1] * a[2 * (j * d + k) + 1];
                    si += a[2 * (i * d + k) + 1] * a[2 * (j * d + k)] - a[2 * (i * d + k)] * a[2 * (j * d + k) + 1];
                }
                g[2 * (i * d + j)] = sr;
                g[2 * (i * d + j) + 1] = i == j ? 0.0 : si;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                g[2 * (j * d + i)] = g[2 * (i * d + j)];
                g[2 * (j * d + i) + 1] = -g[2 * (i * d + j) + 1];
            }
        }
        return g;
    }

    /** The product of two complex matrices through EJML on their real embeddings (a ring homomorphism). */
    static double[] embeddedProduct(int n, int k, int m, double[] a, double[] b) {
        DMatrixRMaj ea = embed(n, k, a);
        DMatrixRMaj eb = embed(k, m, b);
        DMatrixRMaj c = new DMatrixRMaj(2 * n, 2 * m);
        CommonOps_DDRM.mult(ea, eb, c);
        double[] out = new double[2 * n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[2 * (i * m + j)] = c.get(i, j);
                out[2 * (i * m + j) + 1] = c.get(i + n, j);
            }
        }
        return out;
    }

    private static DMatrixRMaj embed(int rows, int cols, double[] a) {
        DMatrixRMaj r = new DMatrixRMaj(2 * rows, 2 * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double re = a[2 * (i * cols + j)];
                double im = a[2 * (i * cols + j) + 1];
                r.set(i, j, re);
                r.set(i + rows, j + cols, re);
                r.set(i, j + cols, -im);
                r.set(i + rows, j, im);
            }
        }
        return r;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void productsMatchTheRealEmbedding(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(5);
        int m = 1 + rng.nextInt(4);
        double[] a = new double[2 * n * k];
        rng.fillGaussian(a, 1.0);
        a[0] = 0.0; // a zero entry (skipped by multiply) changes nothing
        a[1] = 0.0;
        double[] b = new double[2 * k * m];
        rng.fillGaussian(b, 1.0);
        double[] ab = new double[2 * n * m + 3];
        SmallComplexMatrices.multiply(n, k, m, a, 0, b, 0, ab, 3);
        // 1e-13: sums of k ≤ 5 products of O(1) numbers, a few ulp apart between the two summation orders
        Seeds.assertAllClose(embeddedProduct(n, k, m, a, b), java.util.Arrays.copyOfRange(ab, 3, ab.length), 1e-13,
                1e-13, seed, "A·B");
        // A·B† with B† the conjugate transpose of an m×k matrix
        double[] c = new double[2 * m * k];
        rng.fillGaussian(c, 1.0);
        double[] cDagger = new double[2 * k * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                cDagger[2 * (j * m + i)] = c[2 * (i * k + j)];
                cDagger[2 * (j * m + i) + 1] = -c[2 * (i * k + j) + 1];
            }
        }
        double[] acd = new double[2 * n * m];
        SmallComplexMatrices.multiplyAdjoint(n, k, m, a, 0, c, 0, acd, 0);
        Seeds.assertAllClose(embeddedProduct(n, k, m, a, cDagger), acd, 1e-13, 1e-13, seed, "A·C†");
        // A·Cᵀ: the same without the conjugation
        double[] cT = cDagger.clone();
        for (int i = 1; i < cT.length; i += 2) {
            cT[i] = -cT[i];
        }
        double[] act = new double[2 * n * m];
        SmallComplexMatrices.multiplyTranspose(n, k, m, a, 0, c, 0, act, 0);
        Seeds.assertAllClose(embeddedProduct(n, k, m, a, cT), act, 1e-13, 1e-13, seed, "A·Cᵀ");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void squareProductsWithAdjointsMatchTheRealEmbedding(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(4);
        int xo = rng.nextInt(3);
        int yo = rng.nextInt(3);
        double[] x = new double[2 * d * d + xo];
        double[] y = new double[2 * d * d + yo];
        rng.fillGaussian(x, 1.0);
        rng.fillGaussian(y, 1.0);
        double[] xm = java.util.Arrays.copyOfRange(x, xo, x.length);
        double[] ym = java.util.Arrays.copyOfRange(y, yo, y.length);
        for (int mode = 0; mode < 4; mode++) {
            boolean xh = (mode & 1) != 0;
            boolean yh = (mode & 2) != 0;
            double[] out = new double[2 * d * d];
            SmallComplexMatrices.multiplyOp(d, x, xo, xh, y, yo, yh, out);
            // the reference conjugate-transposes by plain index swaps; 1e-13 as for the rectangular products above
            Seeds.assertAllClose(embeddedProduct(d, d, d, xh ? adjoint(d, xm) : xm, yh ? adjoint(d, ym) : ym), out,
                    1e-13, 1e-13, seed, "op(X)·op(Y), adjoints " + xh + ", " + yh);
        }
    }

    private static double[] adjoint(int d, double[] a) {
        double[] t = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[2 * (j * d + i)] = a[2 * (i * d + j)];
                t[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
            }
        }
        return t;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void adjugateAndInverseAgainstLuAndTheIdentity(long seed) {
        Rng rng = Seeds.rng(seed);
        int d = 1 + rng.nextInt(5);
        double[] g = new double[2 * d * d + 4];
        rng.fillGaussian(g, 1.0); // a general complex matrix at offset 4
        double[] scratch = new double[2 * d * d + 2];
        double[] inv = new double[2 * d * d];
        Assertions.assertTrue(SmallComplexMatrices.inverse(d, g, 4, inv, 0, scratch));
        double[] gm = java.util.Arrays.copyOfRange(g, 4, g.length);
        double[] id = embeddedProduct(d, d, d, gm, inv);
        double[] expected = new double[2 * d * d];
        for (int a = 0; a < d; a++) {
            expected[2 * (a * d + a)] = 1.0;
        }
        // g·g⁻¹ = 1 to 1e-9: random Gaussian matrices of size ≤ 5 have condition numbers far below 1e5 for these seeds
        Seeds.assertAllClose(expected, id, 1e-9, 1e-9, seed, "g·g⁻¹ (d=" + d + ")");
        if (d <= 3) {
            double[] adj = new double[2 * d * d];
            double[] det = new double[3];
            SmallComplexMatrices.adjugate(d, g, 4, adj, 0, det, 1);
            double[] lu = SmallComplexMatrices.determinant(d, gm, 0, new double[2 * d * d], null);
            Seeds.assertClose(lu[0], det[1], 1e-12, 1e-12, seed, "Re det (adjugate vs LU)");
            Seeds.assertClose(lu[1], det[2], 1e-12, 1e-12, seed, "Im det (adjugate vs LU)");
            // adj g = det g · g⁻¹
            for (int i = 0; i < d * d; i++) {
                double er = det[1] * inv[2 * i] - det[2] * inv[2 * i + 1];
                double ei = det[1] * inv[2 * i + 1] + det[2] * inv[2 * i];
                Seeds.assertClose(er, adj[2 * i], 1e-12, 1e-12, seed, "Re adj");
                Seeds.assertClose(ei, adj[2 * i + 1], 1e-12, 1e-12, seed, "Im adj");
            }
        }
        double[] singular = new double[2 * d * d + 2];
        Assertions.assertFalse(SmallComplexMatrices.inverse(d, new double[2 * d * d], 0, new double[2 * d * d], 0,
                singular), "the zero matrix is singular");
    }

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
        double[] h = randomMetric(rng, d, 0.1);
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
        Assertions.assertTrue(SmallComplexMatrices.solveInPlace(n, aCopy, 0, r, b, 0));
        Seeds.assertAllClose(x, b, 1e-8, 1e-8, seed, "solution of A X = B");
    }
}
