package org.metricflow.nn.internal;

/**
 * Dense products for the small widths of the fused training step, on row-major {@code double[]} with offsets:
 * C (m×n) = [C +] A (m×k) · B (k×n). The kernel streams rows of B against a row of C, four rows of B per pass
 * (c<sub>j</sub> += a<sub>0</sub>b<sub>0j</sub> + a<sub>1</sub>b<sub>1j</sub> + a<sub>2</sub>b<sub>2j</sub> +
 * a<sub>3</sub>b<sub>3j</sub>), so that each load and store of C carries four multiply-adds and the contiguous
 * inner loop over j is vectorized by the JIT (AVX-512 where available). The summation order is fixed, so results
 * depend on nothing but the inputs.
 */
public final class SmallProducts {
    private SmallProducts() {
    }

    /**
     * C = A·B (or C += A·B when {@code accumulate}): A is m×k at {@code a[aOff]} with row stride k, B is k×n at
     * {@code b[bOff]} with row stride n, C is m×n at {@code c[cOff]} with row stride n.
     */
    public static void mult(double[] a, int aOff, int m, int k, double[] b, int bOff, int n, double[] c, int cOff,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            int p = 0;
            if (!accumulate) {
                if (k >= 2) {
                    double a0 = a[ai];
                    double a1 = a[ai + 1];
                    int b0 = bOff;
                    int b1 = b0 + n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = a0 * b[b0 + j] + a1 * b[b1 + j];
                    }
                    p = 2;
                } else {
                    double a0 = k == 1 ? a[ai] : 0.0;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = k == 1 ? a0 * b[bOff + j] : 0.0;
                    }
                    p = k;
                }
            }
            for (; p + 3 < k; p += 4) {
                double a0 = a[ai + p];
                double a1 = a[ai + p + 1];
                double a2 = a[ai + p + 2];
                double a3 = a[ai + p + 3];
                int b0 = bOff + p * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                double a0 = a[ai + p];
                int b0 = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    /** T (n×m, at {@code t[tOff]}) = transpose of A (m×n, at {@code a[aOff]}), row-major. */
    public static void transpose(double[] a, int aOff, int m, int n, double[] t, int tOff) {
        final int block = 16;
        for (int i0 = 0; i0 < m; i0 += block) {
            int i1 = Math.min(m, i0 + block);
            for (int j0 = 0; j0 < n; j0 += block) {
                int j1 = Math.min(n, j0 + block);
                for (int i = i0; i < i1; i++) {
                    int ai = aOff + i * n;
                    for (int j = j0; j < j1; j++) {
                        t[tOff + j * m + i] = a[ai + j];
                    }
                }
            }
        }
    }
}
