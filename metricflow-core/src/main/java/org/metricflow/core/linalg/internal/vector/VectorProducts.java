package org.metricflow.core.linalg.internal.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.metricflow.core.linalg.internal.PanelProducts;
import org.metricflow.core.linalg.internal.RowProducts;
import org.metricflow.core.linalg.internal.VectorProductKernel;

/**
 * The vector kernel behind {@link VectorProductKernel}: C = [C +] A·B with a block of {@value #ROWS} rows × two
 * vectors of C held in registers for a whole panel of {@value #PANEL_ROWS} rows of B. Per panel, B is packed once,
 * strip by strip (a strip of two vectors' columns is 32 kB, L1-resident while it serves a block of rows); from
 * {@value #PACK_A_COLUMNS} columns on, A is packed in blocks of {@value #BLOCK_ROWS} rows, six values per p (192 kB,
 * L2-resident while every strip passes over it; narrower products read A in place):
 * <pre>
 *   for p in panel:  b₀, b₁ = two vectors of row p of B;  for each of the rows i:  x = broadcast a(i, p);
 *                    c(i)₀ = fma(x, b₀, c(i)₀);  c(i)₁ = fma(x, b₁, c(i)₁)
 * </pre>
 * Two loads of B and six broadcasts per twelve vector FMAs, against a load and a store of C per two FMAs in the
 * scalar kernels: it runs at ≈ 80–90 % of the FMA peak where those run at ≈ 40 % (docs/BENCHMARKS.md). It takes
 * whole blocks of {@value #ROWS} rows (the callers give the rest to the scalar kernels); columns beyond the last whole
 * block of two vectors take the same chains one element at a time. Every c<sub>ij</sub> is one chain of FMAs in
 * increasing p from its old value (or zero), so the results are the same bits as {@link RowProducts#multiplyRows} and
 * {@link PanelProducts#multiply} without this kernel.
 *
 * <p>Loaded reflectively by {@link VectorProductKernel}, and only when {@code jdk.incubator.vector} is in the
 * boot layer. Thread safety: stateless apart from the packed blocks of A and B, one pair per thread.
 */
public final class VectorProducts implements VectorProductKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Columns per register block: two vectors. */
    private static final int WIDTH = 2 * LANES;
    /** Rows per register block: 12 accumulators, 2 rows of B and a broadcast fit in 16 vector registers. */
    private static final int ROWS = 6;
    /** Rows of B per packed panel. */
    private static final int PANEL_ROWS = 256;

    /** Rows of C (and of A) per packed block of A: {@value} × {@value #PANEL_ROWS} doubles, 192 kB, L2-resident. */
    private static final int BLOCK_ROWS = 96;
    /** From this many columns on A is packed (narrower products use each element of A too few times to pay for it). */
    private static final int PACK_A_COLUMNS = 8 * 16;
    /** Per thread: the packed block of A, and the packed panel of B (grown to the widest B seen). */
    private final ThreadLocal<double[][]> scratch = ThreadLocal.withInitial(
            () -> new double[][] {new double[BLOCK_ROWS * PANEL_ROWS], new double[0]});

    /** The kernel; instantiated once, reflectively, by {@link VectorProductKernel}'s loader. */
    public VectorProducts() {
    }

    @Override
    public int minColumns() {
        return WIDTH;
    }

    @Override
    public int blockRows() {
        return ROWS;
    }

    // Loop order (outer to inner): panels of B's rows p0 (so every chain runs in increasing p; B's panel packed strip
    // by strip), blocks of rows i0 (A's block packed six rows at a time), strips of two vectors, six rows: a strip of
    // B stays in L1 while the block of A streams from L2.
    @Override
    public void multiply(int m, int k, int n, double[] a, int aOff, int aRowStride, int aColStride, double[][] bRows,
            double[] bFlat, int bStart, int bStep, double[][] cRows, double[] cFlat, int cStart, int cStep,
            boolean accumulate) {
        if (m % ROWS != 0) {
            throw new IllegalArgumentException("the vector kernel takes whole blocks of " + ROWS + " rows, got " + m);
        }
        int blocked = n - n % WIDTH;
        if (k == 0 && !accumulate) {
            for (int i = 0; i < m; i++) {
                int o = offset(cRows, cStart, cStep, i, 0);
                java.util.Arrays.fill(row(cRows, cFlat, cStart, cStep, i), o, o + blocked, 0.0);
            }
        }
        double[][] buffers = scratch.get();
        double[] aPack = buffers[0];
        boolean packA = blocked >= PACK_A_COLUMNS;
        double[] bPack = buffers[1];
        if (bPack.length < PANEL_ROWS * blocked) {
            bPack = new double[PANEL_ROWS * blocked];
            buffers[1] = bPack;
        }
        for (int p0 = 0; p0 < k; p0 += PANEL_ROWS) {
            int kc = Math.min(PANEL_ROWS, k - p0);
            boolean fresh = p0 == 0 && !accumulate;
            for (int j = 0; j < blocked; j += WIDTH) {
                for (int p = 0; p < kc; p++) {
                    int x = j * kc + p * WIDTH;
                    if (bRows != null) {
                        System.arraycopy(bRows[bStart + (p0 + p) * bStep], j, bPack, x, WIDTH);
                    } else {
                        System.arraycopy(bFlat, bStart + (p0 + p) * bStep + j, bPack, x, WIDTH);
                    }
                }
            }
            for (int i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
                int mc = Math.min(BLOCK_ROWS, m - i0);
                for (int t = 0; packA && t < mc; t += ROWS) {
                    int q = aOff + (i0 + t) * aRowStride + p0 * aColStride;
                    for (int p = 0; p < kc; p++) {
                        int x = t * kc + p * ROWS;
                        aPack[x] = a[q];
                        aPack[x + 1] = a[q + aRowStride];
                        aPack[x + 2] = a[q + 2 * aRowStride];
                        aPack[x + 3] = a[q + 3 * aRowStride];
                        aPack[x + 4] = a[q + 4 * aRowStride];
                        aPack[x + 5] = a[q + 5 * aRowStride];
                        q += aColStride;
                    }
                }
                for (int j = 0; j < blocked; j += WIDTH) {
                    for (int t = 0; t < mc; t += ROWS) {
                        int i = i0 + t;
                        int q = packA ? t * kc : aOff + i * aRowStride + p0 * aColStride;
                        sixRows(packA ? aPack : a, q, packA ? 1 : aRowStride, packA ? ROWS : aColStride, bPack,
                                j * kc, kc, fresh,
                                row(cRows, cFlat, cStart, cStep, i), offset(cRows, cStart, cStep, i, j),
                                row(cRows, cFlat, cStart, cStep, i + 1), offset(cRows, cStart, cStep, i + 1, j),
                                row(cRows, cFlat, cStart, cStep, i + 2), offset(cRows, cStart, cStep, i + 2, j),
                                row(cRows, cFlat, cStart, cStep, i + 3), offset(cRows, cStart, cStep, i + 3, j),
                                row(cRows, cFlat, cStart, cStep, i + 4), offset(cRows, cStart, cStep, i + 4, j),
                                row(cRows, cFlat, cStart, cStep, i + 5), offset(cRows, cStart, cStep, i + 5, j));
                    }
                }
            }
        }
        for (int i = 0; i < m; i++) { // the last columns, fewer than two vectors: one chain per element
            double[] row = row(cRows, cFlat, cStart, cStep, i);
            int o = offset(cRows, cStart, cStep, i, 0);
            int q = aOff + i * aRowStride;
            for (int j = blocked; j < n; j++) {
                double acc = accumulate ? row[o + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double b = bRows != null ? bRows[bStart + p * bStep][j] : bFlat[bStart + p * bStep + j];
                    acc = Math.fma(a[q + p * aColStride], b, acc);
                }
                row[o + j] = acc;
            }
        }
    }

    private static double[] row(double[][] cRows, double[] cFlat, int cStart, int cStep, int i) {
        return cRows != null ? cRows[cStart + i * cStep] : cFlat;
    }

    private static int offset(double[][] cRows, int cStart, int cStep, int i, int j0) {
        return cRows != null ? j0 : cStart + i * cStep + j0;
    }

    /**
     * The register block, the measured hot loop ({@code DenseProductCpuTime}): rows i … i + 5 of C (row r at
     * {@code r_r[o_r …]}), two vectors wide, over one panel; A's element (i + r, p) at
     * {@code a[q0 + r·s + p·aColStride]} (packed: s = 1, aColStride = 6), B's row p packed at
     * {@code b[b0 + p·WIDTH …]}; written out row by row so that the twelve accumulators stay in registers.
     */
    private static void sixRows(double[] a, int q0, int s, int aColStride, double[] b, int b0, int kc,
            boolean fresh, double[] r0, int o0, double[] r1, int o1, double[] r2, int o2, double[] r3, int o3,
            double[] r4, int o4, double[] r5, int o5) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector c00 = fresh ? zero : DoubleVector.fromArray(SPECIES, r0, o0);
        DoubleVector c01 = fresh ? zero : DoubleVector.fromArray(SPECIES, r0, o0 + LANES);
        DoubleVector c10 = fresh ? zero : DoubleVector.fromArray(SPECIES, r1, o1);
        DoubleVector c11 = fresh ? zero : DoubleVector.fromArray(SPECIES, r1, o1 + LANES);
        DoubleVector c20 = fresh ? zero : DoubleVector.fromArray(SPECIES, r2, o2);
        DoubleVector c21 = fresh ? zero : DoubleVector.fromArray(SPECIES, r2, o2 + LANES);
        DoubleVector c30 = fresh ? zero : DoubleVector.fromArray(SPECIES, r3, o3);
        DoubleVector c31 = fresh ? zero : DoubleVector.fromArray(SPECIES, r3, o3 + LANES);
        DoubleVector c40 = fresh ? zero : DoubleVector.fromArray(SPECIES, r4, o4);
        DoubleVector c41 = fresh ? zero : DoubleVector.fromArray(SPECIES, r4, o4 + LANES);
        DoubleVector c50 = fresh ? zero : DoubleVector.fromArray(SPECIES, r5, o5);
        DoubleVector c51 = fresh ? zero : DoubleVector.fromArray(SPECIES, r5, o5 + LANES);
        int q = q0;
        for (int pb = b0; pb < b0 + kc * WIDTH; pb += WIDTH) {
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, pb);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, b, pb + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, a[q]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = DoubleVector.broadcast(SPECIES, a[q + 1 * s]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = DoubleVector.broadcast(SPECIES, a[q + 2 * s]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = DoubleVector.broadcast(SPECIES, a[q + 3 * s]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = DoubleVector.broadcast(SPECIES, a[q + 4 * s]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = DoubleVector.broadcast(SPECIES, a[q + 5 * s]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
            q += aColStride;
        }
        c00.intoArray(r0, o0);
        c01.intoArray(r0, o0 + LANES);
        c10.intoArray(r1, o1);
        c11.intoArray(r1, o1 + LANES);
        c20.intoArray(r2, o2);
        c21.intoArray(r2, o2 + LANES);
        c30.intoArray(r3, o3);
        c31.intoArray(r3, o3 + LANES);
        c40.intoArray(r4, o4);
        c41.intoArray(r4, o4 + LANES);
        c50.intoArray(r5, o5);
        c51.intoArray(r5, o5 + LANES);
    }
}
