package org.metricflow.flow.ricci.internal;

/**
 * The smallest eigenvalue of a real symmetric tridiagonal matrix by Sturm-sequence bisection: the number of
 * eigenvalues below σ equals the number of negative pivots q<sub>i</sub> = (d<sub>i</sub> − σ) −
 * e<sub>i−1</sub>²/q<sub>i−1</sub> of the LDLᵀ factorization of T − σI. The Gershgorin interval brackets the
 * spectrum; bisection runs to a relative width of 1e-14.
 */
public final class SymmetricTridiagonal {
    private SymmetricTridiagonal() {
    }

    /**
     * @param diag the diagonal d (length m ≥ 1)
     * @param off the off-diagonal e (length m − 1)
     * @return the smallest eigenvalue
     */
    public static double lowestEigenvalue(double[] diag, double[] off) {
        int m = diag.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            double radius = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < m - 1 ? Math.abs(off[i]) : 0);
            lo = Math.min(lo, diag[i] - radius);
            hi = Math.max(hi, diag[i] + radius);
        }
        for (int iter = 0; iter < 200 && hi - lo > 1e-14 * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
                iter++) {
            double mid = 0.5 * (lo + hi);
            if (countBelow(diag, off, mid) >= 1) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The number of eigenvalues strictly below σ. */
    static int countBelow(double[] diag, double[] off, double sigma) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < diag.length; i++) {
            double e2 = i > 0 ? off[i - 1] * off[i - 1] : 0;
            q = diag[i] - sigma - (i > 0 ? e2 / q : 0);
            if (q == 0) {
                q = -1e-300;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }
}
