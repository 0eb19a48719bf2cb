package org.metricflow.spark.internal;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.metricflow.core.random.Rng;

/**
 * The largest eigenvalues of a symmetric n×n matrix given only by its product with vectors: Lanczos with full
 * reorthogonalization (the Krylov basis is kept on the driver, n·k doubles; the matrix never is). After k steps the
 * Ritz values (eigenvalues of the k×k tridiagonal T<sub>k</sub>) approximate the extreme eigenvalues, the largest
 * first and fastest; with k = n they are exact up to rounding. Stops early when the Krylov space is invariant
 * (β<sub>j</sub> ≤ 1e-14·‖T‖).
 */
public final class Lanczos {
    private Lanczos() {
    }

    /**
     * The {@code count} largest Ritz values after at most {@code steps} Lanczos steps.
     *
     * @param n the dimension
     * @param matVec v ↦ A v (must not modify its argument)
     * @param count how many eigenvalues (≥ 1)
     * @param steps the Krylov dimension k (count ≤ k ≤ n)
     * @param seed seed of the random start vector
     * @return the largest Ritz values, in decreasing order (fewer if the Krylov space closed earlier)
     */
    public static double[] largest(int n, UnaryOperator<double[]> matVec, int count, int steps, long seed) {
        if (count < 1 || steps < count || steps > n) {
            throw new IllegalArgumentException("need 1 <= count <= steps <= n, got count " + count + ", steps "
                    + steps + ", n " + n);
        }
        double[][] q = new double[steps][];
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        double[] v = new double[n];
        Rng rng = Rng.of(seed);
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        scale(v, 1.0 / norm(v));
        int k = 0;
        double tNorm = 0;
        while (k < steps) {
            q[k] = v;
            double[] w = matVec.apply(v);
            alpha[k] = dot(w, v);
            for (int pass = 0; pass < 2; pass++) { // full reorthogonalization, twice is enough
                for (int j = 0; j <= k; j++) {
                    double c = dot(w, q[j]);
                    for (int i = 0; i < n; i++) {
                        w[i] -= c * q[j][i];
                    }
                }
            }
            double b = norm(w);
            tNorm = Math.max(tNorm, Math.abs(alpha[k]) + b + (k > 0 ? beta[k - 1] : 0));
            k++;
            if (k == steps || b <= 1e-14 * tNorm) {
                break;
            }
            beta[k - 1] = b;
            v = w;
            scale(v, 1.0 / b);
        }
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < k) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, false, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("the Lanczos tridiagonal matrix has no eigen-decomposition");
        }
        double[] ritz = new double[k];
        for (int i = 0; i < k; i++) {
            ritz[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(ritz);
        double[] out = new double[Math.min(count, k)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ritz[k - 1 - i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void scale(double[] a, double c) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
    }
}
