package org.metricflow.geometry.riemann.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.eig.SymmetricQRAlgorithmDecomposition_DDRM;
import org.metricflow.core.autodiff.Tensor;

/** Index arithmetic for tensors stored row-major in the columns of a batch, and input checks. */
public final class Indexing {
    private Indexing() {
    }

    /**
     * Column gather that transposes an a×b matrix stored per row into b×a.
     */
    public static int[] transpose(int a, int b) {
        int[] idx = new int[a * b];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                idx[j * a + i] = i * b + j;
            }
        }
        return idx;
    }

    /**
     * Checks that x is N×n with N ≥ 1.
     */
    public static void requirePoints(Tensor x, int n, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": points must not be null");
        }
        if (x.cols() != n || x.rows() < 1) {
            throw new IllegalArgumentException(what + ": expected points as an N×" + n + " tensor (one point per row)"
                    + ", got " + x.rows() + "×" + x.cols());
        }
    }

    /**
     * Checks that every row of g (N×n²) is a finite, symmetric positive-definite matrix; the error names the
     * point and the smallest eigenvalue.
     */
    public static void requirePositiveDefinite(DMatrixRMaj g, int n, DMatrixRMaj x) {
        double[] a = new double[n * n];
        for (int p = 0; p < g.numRows; p++) {
            System.arraycopy(g.data, p * n * n, a, 0, n * n);
            requireSymmetric(a, n, x, p);
            if (!choleskyOk(a, n)) {
                System.arraycopy(g.data, p * n * n, a, 0, n * n);
                throw new IllegalArgumentException("metric is not positive definite at point " + p + " x = "
                        + formatRow(x, p) + ": smallest eigenvalue " + smallestEigenvalue(a, n)
                        + " (check the chart domain or the metric's parameters)");
            }
        }
    }

    /**
     * A metric's components must be symmetric, g<sub>ij</sub> = g<sub>ji</sub> to 10<sup>−10</sup> relative (the
     * curvature reads only i ≤ j, so an asymmetric field would be silently symmetrized).
     */
    private static void requireSymmetric(double[] a, int n, DMatrixRMaj x, int p) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double u = a[i * n + j];
                double l = a[j * n + i];
                if (Math.abs(u - l) > 1e-10 * (Math.abs(u) + Math.abs(l)) + Double.MIN_NORMAL) {
                    throw new IllegalArgumentException("metric is not symmetric at point " + p + " x = "
                            + formatRow(x, p) + ": g[" + i + "][" + j + "] = " + u + " but g[" + j + "][" + i + "] = "
                            + l + " (a MetricField must return symmetric components)");
                }
            }
        }
    }

    private static boolean choleskyOk(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                return false;
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
        return true;
    }

    /**
     * The smallest eigenvalue of the symmetric part of an n×n matrix (NaN if it has non-finite entries).
     */
    public static double smallestEigenvalue(double[] a, int n) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0.5 * (a[i * n + j] + a[j * n + i]);
                if (!Double.isFinite(v)) {
                    return Double.NaN;
                }
                m.set(i, j, v);
            }
        }
        SymmetricQRAlgorithmDecomposition_DDRM eig = new SymmetricQRAlgorithmDecomposition_DDRM(false);
        if (!eig.decompose(m)) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
        }
        return min;
    }

    /**
     * "(x0, x1, …)" for row p.
     */
    public static String formatRow(DMatrixRMaj x, int p) {
        StringBuilder sb = new StringBuilder("(");
        for (int j = 0; j < x.numCols; j++) {
            if (j > 0) {
                sb.append(", ");
            }
            sb.append(x.get(p, j));
        }
        return sb.append(')').toString();
    }
}
