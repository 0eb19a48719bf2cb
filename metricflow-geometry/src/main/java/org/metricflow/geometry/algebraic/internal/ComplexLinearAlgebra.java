package org.metricflow.geometry.algebraic.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Dense complex N×N matrices (interleaved row-major, {@code [2(αN + β)]} re, {@code +1} im) through the real
 * embedding E(A + iB) = [[A, −B], [B, A]]: E is an injective ring homomorphism, so products and inverses can be
 * taken on the real 2N×2N side with EJML and read back from the first block column.
 */
public final class ComplexLinearAlgebra {
    private ComplexLinearAlgebra() {
    }

    /**
     * E(H) = [[A, −B], [B, A]] for H = A + iB given interleaved.
     */
    public static DMatrixRMaj toRealEmbedding(int n, double[] h) {
        DMatrixRMaj e = new DMatrixRMaj(2 * n, 2 * n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double re = h[2 * (a * n + b)];
                double im = h[2 * (a * n + b) + 1];
                e.unsafe_set(a, b, re);
                e.unsafe_set(a + n, b + n, re);
                e.unsafe_set(a, b + n, -im);
                e.unsafe_set(a + n, b, im);
            }
        }
        return e;
    }

    /**
     * The complex matrix A + iB read from the first block column [[A], [B]] of a real embedding.
     */
    public static double[] fromRealEmbedding(DMatrixRMaj e) {
        if (e.numRows != e.numCols || e.numRows % 2 != 0) {
            throw new IllegalArgumentException("a real embedding is 2N×2N, got " + e.numRows + "×" + e.numCols);
        }
        int n = e.numRows / 2;
        double[] h = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                h[2 * (a * n + b)] = e.unsafe_get(a, b);
                h[2 * (a * n + b) + 1] = e.unsafe_get(a + n, b);
            }
        }
        return h;
    }

    /**
     * H<sup>−1</sup> of a Hermitian positive definite H by a real Cholesky factorization of E(H) (symmetric
     * positive definite iff H is), symmetrized back to an exactly Hermitian result.
     *
     * @throws IllegalArgumentException if the factorization fails (H not positive definite)
     */
    public static double[] inversePositiveDefinite(int n, double[] h) {
        DMatrixRMaj e = toRealEmbedding(n, h);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(2 * n);
        if (!solver.setA(e)) {
            throw new IllegalArgumentException("the " + n + "×" + n
                    + " Hermitian matrix is not positive definite (Cholesky factorization failed)");
        }
        DMatrixRMaj inv = new DMatrixRMaj(2 * n, 2 * n);
        solver.invert(inv);
        double[] out = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                // average the two copies of each block of E(H^-1) = [[A, -B], [B, A]]
                out[2 * (a * n + b)] = 0.5 * (inv.unsafe_get(a, b) + inv.unsafe_get(a + n, b + n));
                out[2 * (a * n + b) + 1] = 0.5 * (inv.unsafe_get(a + n, b) - inv.unsafe_get(a, b + n));
            }
        }
        for (int a = 0; a < n; a++) {
            out[2 * (a * n + a) + 1] = 0.0;
            for (int b = a + 1; b < n; b++) {
                int u = 2 * (a * n + b);
                int l = 2 * (b * n + a);
                double re = 0.5 * (out[u] + out[l]);
                double im = 0.5 * (out[u + 1] - out[l + 1]);
                out[u] = re;
                out[u + 1] = im;
                out[l] = re;
                out[l + 1] = -im;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("the " + n + "×" + n
                        + " Hermitian matrix is too ill-conditioned to invert (non-finite entry)");
            }
        }
        return out;
    }

    /**
     * The complex product X·Y of two N×N matrices (interleaved).
     */
    public static double[] multiply(int n, double[] x, double[] y) {
        double[] out = new double[2 * n * n];
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                double xr = x[2 * (a * n + c)];
                double xi = x[2 * (a * n + c) + 1];
                if (xr == 0.0 && xi == 0.0) {
                    continue;
                }
                int yo = 2 * c * n;
                int oo = 2 * a * n;
                for (int b = 0; b < n; b++) {
                    double yr = y[yo + 2 * b];
                    double yi = y[yo + 2 * b + 1];
                    out[oo + 2 * b] += xr * yr - xi * yi;
                    out[oo + 2 * b + 1] += xr * yi + xi * yr;
                }
            }
        }
        return out;
    }
}
