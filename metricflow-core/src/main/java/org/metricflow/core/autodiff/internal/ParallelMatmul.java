package org.metricflow.core.autodiff.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.metricflow.core.parallel.Parallel;

/**
 * Matrix products for the autodiff engine. Large products are split into fixed blocks of output rows computed on
 * the worker pool ({@link Parallel}); each block runs the same row-wise kernel, in which every output entry
 * accumulates its products in increasing inner index. Products Aᵀ·B with few output rows and a long inner
 * dimension are split along the inner dimension into fixed chunks whose partial products are added in chunk
 * order. Either way the blocks depend only on the shapes, so the result is bit-identical for any number of
 * threads.
 */
public final class ParallelMatmul {
    /** Rows of the output per task. */
    static final int BLOCK_ROWS = 256;
    /** Rows of the inner dimension per task for Aᵀ·B with few output rows. */
    static final int INNER_BLOCK = 1024;
    /** Products smaller than this many multiply-adds run on the calling thread. */
    static final long MIN_WORK = 1L << 21;

    private ParallelMatmul() {
    }

    /**
     * out = op(a)·op(b) with op = identity or transpose; out is preallocated with the right shape.
     */
    public static void mult(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, DMatrixRMaj out) {
        int rows = out.numRows;
        int cols = out.numCols;
        int inner = ta ? a.numRows : a.numCols;
        if (ta && tb || (long) rows * cols * inner < MIN_WORK) {
            plain(a, ta, b, tb, out);
            return;
        }
        if (ta && !tb && rows < 2 * BLOCK_ROWS && inner >= 2 * INNER_BLOCK) {
            innerSplit(a, b, out);
            return;
        }
        if (rows < 2 * BLOCK_ROWS) {
            plain(a, ta, b, tb, out);
            return;
        }
        int tasks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        Parallel.run(tasks, t -> {
            int r0 = t * BLOCK_ROWS;
            int r1 = Math.min(rows, r0 + BLOCK_ROWS);
            int n = r1 - r0;
            DMatrixRMaj block = new DMatrixRMaj(n, cols);
            if (!ta) {
                DMatrixRMaj aRows = new DMatrixRMaj(n, a.numCols);
                System.arraycopy(a.data, r0 * a.numCols, aRows.data, 0, n * a.numCols);
                if (tb) {
                    MatrixMatrixMult_DDRM.multTransB(aRows, b, block);
                } else {
                    MatrixMatrixMult_DDRM.mult_reorder(aRows, b, block);
                }
            } else {
                // C = Aᵀ B: the output rows r0..r1 are the columns r0..r1 of A.
                DMatrixRMaj aCols = new DMatrixRMaj(a.numRows, n);
                for (int k = 0; k < a.numRows; k++) {
                    System.arraycopy(a.data, k * a.numCols + r0, aCols.data, k * n, n);
                }
                MatrixMatrixMult_DDRM.multTransA_reorder(aCols, b, block);
            }
            System.arraycopy(block.data, 0, out.data, r0 * cols, n * cols);
        });
    }

    /**
     * C = Aᵀ B with a long inner dimension (weight gradients: 64×64 outputs summed over thousands of rows): fixed
     * chunks of INNER_BLOCK rows give partial products on the workers, summed in chunk order afterwards.
     */
    private static void innerSplit(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj out) {
        int inner = a.numRows;
        int chunks = (inner + INNER_BLOCK - 1) / INNER_BLOCK;
        DMatrixRMaj[] partial = new DMatrixRMaj[chunks];
        Parallel.run(chunks, t -> {
            int k0 = t * INNER_BLOCK;
            int n = Math.min(inner, k0 + INNER_BLOCK) - k0;
            DMatrixRMaj aRows = new DMatrixRMaj(n, a.numCols);
            System.arraycopy(a.data, k0 * a.numCols, aRows.data, 0, n * a.numCols);
            DMatrixRMaj bRows = new DMatrixRMaj(n, b.numCols);
            System.arraycopy(b.data, k0 * b.numCols, bRows.data, 0, n * b.numCols);
            DMatrixRMaj p = new DMatrixRMaj(out.numRows, out.numCols);
            MatrixMatrixMult_DDRM.multTransA_reorder(aRows, bRows, p);
            partial[t] = p;
        });
        System.arraycopy(partial[0].data, 0, out.data, 0, out.getNumElements());
        for (int t = 1; t < chunks; t++) {
            double[] p = partial[t].data;
            for (int i = 0; i < p.length; i++) {
                out.data[i] += p[i];
            }
        }
    }

    private static void plain(DMatrixRMaj a, boolean ta, DMatrixRMaj b, boolean tb, DMatrixRMaj out) {
        if (!ta && !tb) {
            CommonOps_DDRM.mult(a, b, out);
        } else if (ta && !tb) {
            CommonOps_DDRM.multTransA(a, b, out);
        } else if (!ta) {
            CommonOps_DDRM.multTransB(a, b, out);
        } else {
            CommonOps_DDRM.multTransAB(a, b, out);
        }
    }
}
