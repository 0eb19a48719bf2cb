package org.metricflow.core.linalg.internal;

import java.util.Arrays;

/**
 * Short dense products C (m×n) = [C +] A (m×k) · B (k×n) whose B and C are given as separate row arrays, for
 * callers that keep their operands that way (row lengths of a few dozen to a few hundred doubles, L1/L2-resident):
 * nothing is packed or copied. Three rows of C are updated by two rows of B per pass,
 * <pre>
 *   c_r[j] = fma(a_r,p+1, b_p+1[j], fma(a_r,p, b_p[j], c_r[j]))   (r = three rows of C)
 * </pre>
 * so each loaded element of B serves three rows and each loaded accumulator two products: the loop reads five and
 * writes three arrays, all indexed by the bare loop variable, which JDK 17's C2 (SuperWord) turns into vector FMAs.
 * Wide products take B in panels of rows (32 768 doubles, 256 kB, L2-resident) and update all rows of C
 * per panel, instead of streaming all of B from L3 for every three rows of C.
 * Measured on one core of the reference machine at the shape of the fused φ-model step's weight gradient
 * (64×256 · 256×64): ≈ 30 GFLOP/s against ≈ 23 for a two-by-two kernel on one packed panel; {@link PanelProducts}
 * now runs this kernel on row copies of its flat operands.
 *
 * <p><b>Determinism.</b> c<sub>ij</sub> is one chain of FMAs over p = 0, 1, …, k − 1 starting from its old value (or
 * zero), exactly as in {@link PanelProducts}: the results are bit-identical to {@link PanelProducts#multiply} and
 * depend on nothing but the operands.
 *
 * <p>Thread safety: stateless; threads must not share rows of C.
 */
public final class RowProducts {
    /** Doubles of B per panel (256 kB). */
    static final int PANEL_DOUBLES = 32768;

    private RowProducts() {
    }

    /**
     * Whether the dense products of this JVM run on the optional vector kernel: true exactly when the JVM was started
     * with {@code --add-modules jdk.incubator.vector} (and the system property {@code metricflow.vectorProducts} is not
     * {@code false}). The results are the same bits either way; only the speed differs.
     *
     * @return true when {@link #multiplyRows} and {@link PanelProducts#multiply} use the vector kernel
     */
    public static boolean vectorKernel() {
        return VectorProductKernel.INSTANCE != null;
    }

    /**
     * C = A·B, or C += A·B when {@code accumulate}. Element (i, p) of A is {@code a[aOff + i·aRowStride +
     * p·aColStride]}; row p of B is {@code b[p]} and row i of C is {@code c[i]}, each used on [0, n).
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the rows of B (at least k, each of length ≥ n)
     * @param c the rows of C (at least m, each of length ≥ n, none of them a row of B)
     * @param accumulate add A·B to C instead of overwriting it (when false, C's old values are never read)
     */
    public static void multiply(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[][] b, double[][] c, boolean accumulate) {
        multiplyRows(m, k, n, a, aOff, aRowStride, aColStride, b, 0, 1, c, 0, 1, accumulate);
    }

    /**
     * As {@link #multiply}, with row p of B at {@code b[bRow0 + p·bRowStride]} and row i of C at
     * {@code c[cRow0 + i·cRowStride]} (the addressing of {@link PanelProducts#multiplyRows}, with which the results are
     * bit-identical): for callers whose B and C rows are interleaved with other rows, e.g. one row per channel pair.
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the rows of B (each used on [0, n))
     * @param bRow0 index in {@code b} of B's row 0
     * @param bRowStride distance in {@code b} between consecutive rows of B
     * @param c the rows of C (each used on [0, n), none of them a row of B)
     * @param cRow0 index in {@code c} of C's row 0
     * @param cRowStride distance in {@code c} between consecutive rows of C
     * @param accumulate add A·B to C instead of overwriting it (when false, C's old values are never read)
     */
    public static void multiplyRows(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[][] b, int bRow0, int bRowStride, double[][] c, int cRow0, int cRowStride, boolean accumulate) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("multiply: negative shape " + m + "×" + k + " · " + k + "×" + n);
        }
        VectorProductKernel vector = VectorProductKernel.INSTANCE;
        int mv = vector == null || n < vector.minColumns() ? 0 : m - m % vector.blockRows();
        if (mv > 0) {
            vector.multiply(mv, k, n, a, aOff, aRowStride, aColStride, b, null, bRow0, bRowStride, c, null, cRow0,
                    cRowStride, accumulate);
        }
        if (mv < m) {
            scalarMultiplyRows(m - mv, k, n, a, aOff + mv * aRowStride, aRowStride, aColStride, b, bRow0, bRowStride,
                    c, cRow0 + mv * cRowStride, cRowStride, accumulate);
        }
    }

    /**
     * {@link #multiplyRows} on the scalar-FMA kernel whatever the JVM (the vector kernel's twin in the tests).
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the rows of B (each used on [0, n))
     * @param bRow0 index in {@code b} of B's row 0
     * @param bRowStride distance in {@code b} between consecutive rows of B
     * @param c the rows of C (each used on [0, n), none of them a row of B)
     * @param cRow0 index in {@code c} of C's row 0
     * @param cRowStride distance in {@code c} between consecutive rows of C
     * @param accumulate add A·B to C instead of overwriting it (when false, C's old values are never read)
     */
    static void scalarMultiplyRows(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[][] b, int bRow0, int bRowStride, double[][] c, int cRow0, int cRowStride, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c[cRow0 + i * cRowStride], 0, n, 0.0);
            }
        }
        // B in panels of rows (an even number, at most PANEL_DOUBLES doubles: L2-resident while every row triple of C
        // streams over it); the pairs p, p + 1 and so every FMA chain are those of one pass over all of B
        int depth = Math.max(2, Math.min(k, PANEL_DOUBLES / Math.max(1, n)) & ~1);
        int triples = m - m % 3;
        for (int p0 = 0; p0 < k; p0 += depth) {
            int p1 = Math.min(k, p0 + depth);
            for (int i = 0; i < triples; i += 3) {
                double[] c0 = c[cRow0 + i * cRowStride];
                double[] c1 = c[cRow0 + (i + 1) * cRowStride];
                double[] c2 = c[cRow0 + (i + 2) * cRowStride];
                int a0 = aOff + i * aRowStride;
                int a1 = a0 + aRowStride;
                int a2 = a1 + aRowStride;
                int p = p0;
                for (; p + 1 < p1; p += 2) {
                    int q0 = p * aColStride;
                    int q1 = q0 + aColStride;
                    int r = bRow0 + p * bRowStride;
                    threeByTwo(c0, c1, c2, b[r], b[r + bRowStride], n, a[a0 + q0], a[a0 + q1], a[a1 + q0],
                            a[a1 + q1], a[a2 + q0], a[a2 + q1]);
                }
                if (p < p1) {
                    int q0 = p * aColStride;
                    threeByOne(c0, c1, c2, b[bRow0 + p * bRowStride], n, a[a0 + q0], a[a1 + q0], a[a2 + q0]);
                }
            }
        }
        int i = triples;
        if (i < m) { // the last one or two rows: the same FMA chains, one or two rows per pass
            PanelProducts.multiplyRows(m - i, k, n, a, aOff + i * aRowStride, aRowStride, aColStride, b, bRow0,
                    bRowStride, c, cRow0 + i * cRowStride, cRowStride, true);
        }
    }

    /** The micro-kernel: three rows of C by two rows of B, six FMAs per column (C2 vectorizes this loop). */
    private static void threeByTwo(double[] c0, double[] c1, double[] c2, double[] y0, double[] y1, int n,
            double a00, double a01, double a10, double a11, double a20, double a21) {
        for (int j = 0; j < n; j++) {
            double u = y0[j];
            double v = y1[j];
            c0[j] = Math.fma(a01, v, Math.fma(a00, u, c0[j]));
            c1[j] = Math.fma(a11, v, Math.fma(a10, u, c1[j]));
            c2[j] = Math.fma(a21, v, Math.fma(a20, u, c2[j]));
        }
    }

    private static void threeByOne(double[] c0, double[] c1, double[] c2, double[] y0, int n, double a00,
            double a10, double a20) {
        for (int j = 0; j < n; j++) {
            double u = y0[j];
            c0[j] = Math.fma(a00, u, c0[j]);
            c1[j] = Math.fma(a10, u, c1[j]);
            c2[j] = Math.fma(a20, u, c2[j]);
        }
    }
}
