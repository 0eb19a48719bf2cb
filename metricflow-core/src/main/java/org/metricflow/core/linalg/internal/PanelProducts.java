package org.metricflow.core.linalg.internal;

import java.util.Arrays;

/**
 * Cache-blocked dense products C (m×n) = [C +] A (m×k) · B (k×n) on row-major {@code double[]}, A read through
 * arbitrary row and column strides (so A<sup>T</sup> costs nothing).
 *
 * <p><b>Blocking.</b> C is taken in blocks of {@value #BLOCK_ROWS} rows × {@value #PANEL_WIDTH} columns, copied into
 * scratch row arrays (≈ 190 kB, L2-resident); B's rows of the same columns are copied {@value #PANEL_DEPTH} at a time
 * into scratch row arrays (≈ 256 kB, L2), and {@link RowProducts#multiplyRows} updates the block by them: three rows of
 * C by two rows of B per pass, with {@link Math#fma}. The copies exist because C2 (JDK 17's SuperWord) turns that
 * kernel into vector FMAs only on separate arrays indexed by the bare loop variable: offsets of several rows into one
 * array keep it scalar, and so do bodies with two or more rows of C and three or more rows of B. Measured on
 * 1024×512·512×512 on one idle core (vector FMA peak ≈ 83 GFLOP/s): ≈ 35 GFLOP/s, against ≈ 19–23 for the previous
 * two-by-two kernel on one packed panel and ≈ 10–13 for the scalar control ({@code -XX:-UseSuperWord}); the
 * alternatives tried are in docs/BENCHMARKS.md.
 *
 * <p><b>Determinism.</b> c<sub>ij</sub> is accumulated as one chain of FMAs over p = 0, 1, …, k − 1 starting from its
 * old value (or zero): the order depends on nothing but k, so results are identical for any blocking of the caller's
 * work and any thread count, and identical to {@link RowProducts} and {@link #multiplyRows} on the same operands.
 *
 * <p>Thread safety: the static methods are thread-safe when every thread passes its own {@link Workspace}.
 */
public final class PanelProducts {
    /** Rows of B per panel. */
    public static final int PANEL_DEPTH = 128;
    /** Columns of B per panel. */
    public static final int PANEL_WIDTH = 256;
    /** Rows of C per block (a multiple of the kernel's three rows). */
    public static final int BLOCK_ROWS = 96;

    private PanelProducts() {
    }

    /**
     * Scratch of one thread: the current panel of B and block of C as row arrays (at most ({@value #PANEL_DEPTH} +
     * {@value #BLOCK_ROWS}) × {@value #PANEL_WIDTH} doubles, ≈ 450 kB). Grows on first use to the largest shapes seen
     * and is reused afterwards, so that repeated products allocate nothing. Not thread-safe: one per thread.
     */
    public static final class Workspace {
        private double[][] panel = new double[0][];
        private int panelWidth;
        private double[][] rows = new double[0][];

        /** An empty workspace; it grows on first use. */
        public Workspace() {
        }

        private void ensure(int depth, int width, int blockRows) {
            if (panel.length < depth || panelWidth < width || rows.length < blockRows) {
                int w = Math.max(width, panelWidth);
                double[][] p = new double[Math.max(depth, panel.length)][];
                for (int i = 0; i < p.length; i++) {
                    p[i] = new double[w];
                }
                double[][] r = new double[Math.max(blockRows, rows.length)][];
                for (int i = 0; i < r.length; i++) {
                    r[i] = new double[w];
                }
                panel = p;
                rows = r;
                panelWidth = w;
            }
        }
    }

    /**
     * C = A·B, or C += A·B when {@code accumulate}. Element (i, p) of A is {@code a[aOff + i·aRowStride +
     * p·aColStride]} (so A<sup>T</sup> of a row-major matrix is read with strides (1, its row length)), B is row-major
     * k×n at {@code b[bOff]} with row stride {@code ldb}, C is row-major m×n at {@code c[cOff]} with row stride
     * {@code ldc}. When not accumulating, C's old values are never read (NaN in C does not propagate).
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0; k = 0 gives C = 0 or C unchanged)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the array holding B
     * @param bOff index of B's element (0, 0)
     * @param ldb row stride of B (≥ n)
     * @param c the array holding C; regions of C must not overlap A or B
     * @param cOff index of C's element (0, 0)
     * @param ldc row stride of C (≥ n)
     * @param accumulate add A·B to C instead of overwriting it
     * @param ws this thread's scratch
     */
    public static void multiply(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, Workspace ws) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("multiply: negative shape " + m + "×" + k + " · " + k + "×" + n);
        }
        VectorProductKernel vector = VectorProductKernel.INSTANCE;
        int mv = vector == null || n < vector.minColumns() ? 0 : m - m % vector.blockRows();
        if (mv > 0) {
            vector.multiply(mv, k, n, a, aOff, aRowStride, aColStride, null, b, bOff, ldb, null, c, cOff, ldc,
                    accumulate);
        }
        if (mv < m) {
            scalarMultiply(m - mv, k, n, a, aOff + mv * aRowStride, aRowStride, aColStride, b, bOff, ldb, c,
                    cOff + mv * ldc, ldc, accumulate, ws);
        }
    }

    /**
     * {@link #multiply} on the scalar-FMA kernel whatever the JVM (the vector kernel's twin in the tests).
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the array holding B
     * @param bOff index of B's element (0, 0)
     * @param ldb row stride of B (≥ n)
     * @param c the array holding C
     * @param cOff index of C's element (0, 0)
     * @param ldc row stride of C (≥ n)
     * @param accumulate add A·B to C instead of overwriting it
     * @param ws this thread's scratch
     */
    static void scalarMultiply(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, Workspace ws) {
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            return;
        }
        ws.ensure(Math.min(k, PANEL_DEPTH), Math.min(n, PANEL_WIDTH), Math.min(m, BLOCK_ROWS));
        double[][] panel = ws.panel;
        double[][] rows = ws.rows;
        for (int j0 = 0; j0 < n; j0 += PANEL_WIDTH) {
            int nc = Math.min(PANEL_WIDTH, n - j0);
            for (int i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
                int mb = Math.min(BLOCK_ROWS, m - i0);
                for (int r = 0; r < mb; r++) {
                    int from = cOff + (i0 + r) * ldc + j0;
                    if (accumulate) {
                        System.arraycopy(c, from, rows[r], 0, nc);
                    } else {
                        Arrays.fill(rows[r], 0, nc, 0.0);
                    }
                }
                for (int p0 = 0; p0 < k; p0 += PANEL_DEPTH) {
                    int kc = Math.min(PANEL_DEPTH, k - p0);
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bOff + (p0 + p) * ldb + j0, panel[p], 0, nc);
                    }
                    RowProducts.scalarMultiplyRows(mb, kc, nc, a, aOff + i0 * aRowStride + p0 * aColStride, aRowStride,
                            aColStride, panel, 0, 1, rows, 0, 1, true);
                }
                for (int r = 0; r < mb; r++) {
                    System.arraycopy(rows[r], 0, c, cOff + (i0 + r) * ldc + j0, nc);
                }
            }
        }
    }

    /**
     * C = A·B, or C += A·B when {@code accumulate}, with B and C given as separate row arrays, so that nothing is
     * packed: row p of B is {@code b[bRow0 + p·bRowStride]} and row i of C is {@code c[cRow0 + i·cRowStride]}, each
     * read or written on [0, n). A is addressed as in {@link #multiply}. The same micro-kernels and the same FMA chain
     * per c<sub>ij</sub> as {@link #multiply}: the results are bit-identical to it. Meant for products whose B rows
     * are short (n up to a few hundred, L1-resident) and already laid out as arrays.
     *
     * @param m rows of A and C (≥ 0)
     * @param k columns of A, rows of B (≥ 0)
     * @param n columns of B and C (≥ 0)
     * @param a the array holding A
     * @param aOff index of A's element (0, 0)
     * @param aRowStride distance in {@code a} between elements (i, p) and (i + 1, p)
     * @param aColStride distance in {@code a} between elements (i, p) and (i, p + 1)
     * @param b the rows of B (each of length ≥ n)
     * @param bRow0 index in {@code b} of B's row 0
     * @param bRowStride distance in {@code b} between consecutive rows of B
     * @param c the rows of C (each of length ≥ n, none of them a row of B)
     * @param cRow0 index in {@code c} of C's row 0
     * @param cRowStride distance in {@code c} between consecutive rows of C
     * @param accumulate add A·B to C instead of overwriting it
     */
    public static void multiplyRows(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride,
            double[][] b, int bRow0, int bRowStride, double[][] c, int cRow0, int cRowStride, boolean accumulate) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("multiplyRows: negative shape " + m + "×" + k + " · " + k + "×" + n);
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c[cRow0 + i * cRowStride], 0, n, 0.0);
            }
        }
        int i = 0;
        for (; i + 1 < m; i += 2) {
            double[] s0 = c[cRow0 + i * cRowStride];
            double[] s1 = c[cRow0 + (i + 1) * cRowStride];
            int a0 = aOff + i * aRowStride;
            int a1 = a0 + aRowStride;
            int p = 0;
            for (; p + 1 < k; p += 2) {
                int q0 = p * aColStride;
                int q1 = q0 + aColStride;
                twoByTwo(s0, s1, b[bRow0 + p * bRowStride], b[bRow0 + (p + 1) * bRowStride], n, a[a0 + q0],
                        a[a0 + q1], a[a1 + q0], a[a1 + q1]);
            }
            if (p < k) {
                int q0 = p * aColStride;
                twoByOne(s0, s1, b[bRow0 + p * bRowStride], n, a[a0 + q0], a[a1 + q0]);
            }
        }
        if (i < m) {
            double[] s0 = c[cRow0 + i * cRowStride];
            int a0 = aOff + i * aRowStride;
            int p = 0;
            for (; p + 1 < k; p += 2) {
                int q0 = p * aColStride;
                oneByTwo(s0, b[bRow0 + p * bRowStride], b[bRow0 + (p + 1) * bRowStride], n, a[a0 + q0],
                        a[a0 + q0 + aColStride]);
            }
            if (p < k) {
                oneByOne(s0, b[bRow0 + p * bRowStride], n, a[a0 + p * aColStride]);
            }
        }
    }

    /** The micro-kernel: two rows of C by two rows of B, four FMAs per column (C2 vectorizes this loop). */
    private static void twoByTwo(double[] c0, double[] c1, double[] y0, double[] y1, int n, double a00, double a01,
            double a10, double a11) {
        for (int j = 0; j < n; j++) {
            double u = y0[j];
            double v = y1[j];
            c0[j] = Math.fma(a01, v, Math.fma(a00, u, c0[j]));
            c1[j] = Math.fma(a11, v, Math.fma(a10, u, c1[j]));
        }
    }

    private static void twoByOne(double[] c0, double[] c1, double[] y0, int n, double a00, double a10) {
        for (int j = 0; j < n; j++) {
            double u = y0[j];
            c0[j] = Math.fma(a00, u, c0[j]);
            c1[j] = Math.fma(a10, u, c1[j]);
        }
    }

    private static void oneByTwo(double[] c0, double[] y0, double[] y1, int n, double a00, double a01) {
        for (int j = 0; j < n; j++) {
            c0[j] = Math.fma(a01, y1[j], Math.fma(a00, y0[j], c0[j]));
        }
    }

    private static void oneByOne(double[] c0, double[] y0, int n, double a00) {
        for (int j = 0; j < n; j++) {
            c0[j] = Math.fma(a00, y0[j], c0[j]);
        }
    }
}
