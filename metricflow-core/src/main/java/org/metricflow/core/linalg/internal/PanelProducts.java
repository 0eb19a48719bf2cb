package org.metricflow.core.linalg.internal;

import java.util.Arrays;

/**
 * Register- and cache-blocked dense products C (m×n) = [C +] A (m×k) · B (k×n) on row-major {@code double[]}.
 *
 * <p><b>Blocking.</b> B is copied panel by panel ({@value #PANEL_DEPTH} rows × {@value #PANEL_WIDTH} columns at
 * most, ≈ 256 kB: it stays in L2 while all rows of A stream over it) into separate row arrays; two rows of C at a time
 * are copied into two scratch rows (L1) and updated by two panel rows per pass with {@link Math#fma}. Every array of
 * that inner loop is indexed by the bare loop variable and the loop body holds four multiply-adds: the shape JDK 17's
 * C2 (SuperWord) turns into vector FMA instructions. Wider bodies (2 rows × 4 panel rows, 3 × 4, 4 × 4, also with
 * A packed to unit stride or B's rows gathered into one array) or offsets into a single packed panel stop C2 from
 * vectorizing here and run at the scalar rate (measured: 1024×512·512×512 at ≈ 10–13 GFLOP/s for those shapes and
 * with {@code -XX:-UseSuperWord}, ≈ 34 GFLOP/s for this one on one idle core whose vector FMA peak is ≈ 83 GFLOP/s;
 * a 3 × 4 kernel reaches ≈ 43 only in a stand-alone loop; see docs/BENCHMARKS.md).
 *
 * <p><b>Determinism.</b> c<sub>ij</sub> is accumulated as one chain of FMAs over p = 0, 1, …, k − 1 starting from its
 * old value (or zero): the order depends on nothing but k, so results are identical for any blocking of the caller's
 * work and any thread count.
 *
 * <p>Thread safety: the static methods are thread-safe when every thread passes its own {@link Workspace}.
 */
public final class PanelProducts {
    /** Rows of B per panel. */
    public static final int PANEL_DEPTH = 128;
    /** Columns of B per panel. */
    public static final int PANEL_WIDTH = 256;

    private PanelProducts() {
    }

    /**
     * Scratch of one thread: the current panel of B and two rows of C. Grows on first use to the largest panel seen
     * (at most {@value #PANEL_DEPTH} × {@value #PANEL_WIDTH} doubles) and is reused afterwards, so that repeated
     * products allocate nothing. Not thread-safe: one per thread.
     */
    public static final class Workspace {
        private double[][] panel = new double[0][];
        private int panelWidth;
        private double[] row0 = new double[0];
        private double[] row1 = new double[0];

        /** An empty workspace; it grows on first use. */
        public Workspace() {
        }

        private void ensure(int depth, int width) {
            if (panel.length < depth || panelWidth < width) {
                int w = Math.max(width, panelWidth);
                double[][] p = new double[Math.max(depth, panel.length)][];
                for (int i = 0; i < p.length; i++) {
                    p[i] = new double[w];
                }
                panel = p;
                panelWidth = w;
                row0 = new double[w];
                row1 = new double[w];
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
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            return;
        }
        ws.ensure(Math.min(k, PANEL_DEPTH), Math.min(n, PANEL_WIDTH));
        double[][] panel = ws.panel;
        double[] s0 = ws.row0;
        double[] s1 = ws.row1;
        for (int j0 = 0; j0 < n; j0 += PANEL_WIDTH) {
            int nc = Math.min(PANEL_WIDTH, n - j0);
            for (int p0 = 0; p0 < k; p0 += PANEL_DEPTH) {
                int kc = Math.min(PANEL_DEPTH, k - p0);
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0, panel[p], 0, nc);
                }
                boolean fresh = p0 == 0 && !accumulate;
                int i = 0;
                for (; i + 1 < m; i += 2) {
                    int c0 = cOff + i * ldc + j0;
                    int c1 = c0 + ldc;
                    load(c, c0, s0, nc, fresh);
                    load(c, c1, s1, nc, fresh);
                    int a0 = aOff + i * aRowStride + p0 * aColStride;
                    int a1 = a0 + aRowStride;
                    int p = 0;
                    for (; p + 1 < kc; p += 2) {
                        int q0 = p * aColStride;
                        int q1 = q0 + aColStride;
                        twoByTwo(s0, s1, panel[p], panel[p + 1], nc, a[a0 + q0], a[a0 + q1], a[a1 + q0], a[a1 + q1]);
                    }
                    if (p < kc) {
                        int q0 = p * aColStride;
                        twoByOne(s0, s1, panel[p], nc, a[a0 + q0], a[a1 + q0]);
                    }
                    System.arraycopy(s0, 0, c, c0, nc);
                    System.arraycopy(s1, 0, c, c1, nc);
                }
                if (i < m) {
                    int c0 = cOff + i * ldc + j0;
                    load(c, c0, s0, nc, fresh);
                    int a0 = aOff + i * aRowStride + p0 * aColStride;
                    int p = 0;
                    for (; p + 1 < kc; p += 2) {
                        int q0 = p * aColStride;
                        oneByTwo(s0, panel[p], panel[p + 1], nc, a[a0 + q0], a[a0 + q0 + aColStride]);
                    }
                    if (p < kc) {
                        oneByOne(s0, panel[p], nc, a[a0 + p * aColStride]);
                    }
                    System.arraycopy(s0, 0, c, c0, nc);
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

    private static void load(double[] c, int from, double[] row, int n, boolean fresh) {
        if (fresh) {
            Arrays.fill(row, 0, n, 0.0);
        } else {
            System.arraycopy(c, from, row, 0, n);
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
