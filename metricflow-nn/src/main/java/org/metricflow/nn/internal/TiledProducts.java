package org.metricflow.nn.internal;

import org.ejml.data.DMatrixRMaj;

/**
 * C = A Bᵀ for wide row-major A (n×P) and B (k×P), the shape of Jacobian Gram blocks J_I J_Jᵀ. The
 * reduction dimension P is processed in tiles of {@value #TILE} columns so that the tiles of both operands
 * stay in cache while all n·k dot products advance over them (a plain row-by-row product re-streams B from
 * memory once per row of A), two rows of A against two rows of B at a time (a 2×2 register block: four
 * independent dot products sharing their loads). Each partial dot product is accumulated in a fixed order, so results do
 * not depend on anything but the inputs.
 */
public final class TiledProducts {
    /** Columns per tile: 2 blocks of ≤ 64 rows × 512 doubles ≈ 0.5 MB. */
    public static final int TILE = 512;

    private TiledProducts() {
    }

    /**
     * out (n×k) = a bᵀ; out is overwritten.
     */
    public static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj out) {
        int n = a.numRows;
        int k = b.numRows;
        int p = a.numCols;
        if (b.numCols != p || out.numRows != n || out.numCols != k) {
            throw new IllegalArgumentException("multTransB: shapes " + a.numRows + "×" + a.numCols + ", "
                    + b.numRows + "×" + b.numCols + " → " + out.numRows + "×" + out.numCols + " do not match");
        }
        double[] ad = a.data;
        double[] bd = b.data;
        double[] c = out.data;
        java.util.Arrays.fill(c, 0, n * k, 0.0);
        for (int t0 = 0; t0 < p; t0 += TILE) {
            int t1 = Math.min(p, t0 + TILE);
            int i = 0;
            for (; i + 1 < n; i += 2) {
                int a0 = i * p;
                int a1 = a0 + p;
                int j = 0;
                for (; j + 1 < k; j += 2) {
                    int b0 = j * p;
                    int b1 = b0 + p;
                    // 2×2 register block: four independent dot products sharing their loads
                    double s00 = 0;
                    double s01 = 0;
                    double s10 = 0;
                    double s11 = 0;
                    for (int t = t0; t < t1; t++) {
                        double x0 = ad[a0 + t];
                        double x1 = ad[a1 + t];
                        double y0 = bd[b0 + t];
                        double y1 = bd[b1 + t];
                        s00 += x0 * y0;
                        s01 += x0 * y1;
                        s10 += x1 * y0;
                        s11 += x1 * y1;
                    }
                    c[i * k + j] += s00;
                    c[i * k + j + 1] += s01;
                    c[(i + 1) * k + j] += s10;
                    c[(i + 1) * k + j + 1] += s11;
                }
                for (; j < k; j++) {
                    c[i * k + j] += dot(ad, a0, bd, j * p, t0, t1);
                    c[(i + 1) * k + j] += dot(ad, a1, bd, j * p, t0, t1);
                }
            }
            for (; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    c[i * k + j] += dot(ad, i * p, bd, j * p, t0, t1);
                }
            }
        }
    }

    private static double dot(double[] a, int ai, double[] b, int bj, int t0, int t1) {
        double s = 0;
        for (int t = t0; t < t1; t++) {
            s += a[ai + t] * b[bj + t];
        }
        return s;
    }
}
