package org.metricflow.nn.ntk;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.metricflow.core.random.Rng;

/**
 * Spectra of large symmetric matrices from matrix-vector products only (no n×n matrix is formed), for kernels such
 * as the metric-NTK change Θ<sub>t</sub> − Θ<sub>0</sub> on 10<sup>4</sup> probe points × 9 components, whose
 * dense form would not fit in memory.
 *
 * <p>Lanczos with full reorthogonalization: from a unit start vector q<sub>1</sub>, k steps build an orthonormal
 * basis Q<sub>k</sub> of the Krylov space and the tridiagonal T<sub>k</sub> = Q<sub>k</sub>ᵀAQ<sub>k</sub>
 * (α on the diagonal, β off it); the eigenvalues of T<sub>k</sub> (Ritz values) approximate the extreme
 * eigenvalues of A first, with an error that falls geometrically in k (Kaniel–Paige). Memory k·n doubles, cost k
 * products plus O(k²n).
 *
 * <p>Stochastic Lanczos quadrature (Ubaru, Chen and Saad 2017) estimates the spectral density: for a random
 * Rademacher vector v (‖v‖² = n), vᵀf(A)v ≈ n Σ<sub>j</sub> τ<sub>j</sub>² f(θ<sub>j</sub>) with θ<sub>j</sub> the
 * Ritz values and τ<sub>j</sub> the first components of T<sub>k</sub>'s unit eigenvectors (Gauss quadrature, exact
 * for polynomials f of degree ≤ 2k − 1); averaging over probes gives tr f(A). The density is the set of nodes
 * θ<sub>j</sub> with weights n τ<sub>j</sub>²/probes, which sum to n: an estimated eigenvalue count per node.
 *
 * <p>Stateless and thread-safe; the operator is called from the calling thread only.
 */
public final class Lanczos {

    /** A symmetric linear operator on ℝ<sup>n</sup>: writes A·in into out (both length n; in is not modified). */
    @FunctionalInterface
    public interface Operator {
        /**
         * out = A·in.
         *
         * @param in the vector to multiply (length n, read only)
         * @param out receives A·in (length n, overwritten)
         */
        void apply(double[] in, double[] out);
    }

    /**
     * Quadrature nodes and weights of a spectral density.
     *
     * @param nodes Ritz values, ascending within each probe, probes concatenated (eigenvalue units)
     * @param weights the estimated number of eigenvalues each node stands for; they sum to n
     */
    public record Density(double[] nodes, double[] weights) {
    }

    private Lanczos() {
    }

    /**
     * The Ritz values and first eigenvector components of k Lanczos steps from {@code start}.
     *
     * @param a the symmetric operator v ↦ A v on vectors of length n (called once per step)
     * @param n the dimension, ≥ 1
     * @param start the start vector (length n, non-zero; normalized internally)
     * @param steps the number of steps k ≥ 1 (stops early if the Krylov space is exhausted)
     * @return {Ritz values ascending, squared first components τ<sub>j</sub>² (summing to 1)}
     */
    static double[][] ritz(Operator a, int n, double[] start, int steps) {
        Objects.requireNonNull(a, "operator");
        if (n < 1 || steps < 1 || start.length != n) {
            throw new IllegalArgumentException("Lanczos: need n ≥ 1, steps ≥ 1 and a start vector of length n; got n = "
                    + n + ", steps " + steps + ", start length " + start.length);
        }
        int k = Math.min(steps, n);
        double[][] q = new double[k][];
        double[] alpha = new double[k];
        double[] beta = new double[k];
        double s = norm(start);
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("Lanczos: the start vector must be finite and non-zero, norm " + s);
        }
        double[] v = start.clone();
        scale(v, 1 / s);
        double[] w = new double[n];
        int used = 0;
        for (int j = 0; j < k; j++) {
            q[j] = v;
            used = j + 1;
            a.apply(v, w);
            alpha[j] = dot(w, v);
            // full reorthogonalization (twice is enough, Kahan–Parlett)
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    double c = dot(w, q[i]);
                    axpy(-c, q[i], w);
                }
            }
            if (j + 1 == k) {
                break;
            }
            double b = norm(w);
            if (!(b > 1e-12 * Math.max(Math.abs(alpha[j]), 1e-300)) || !Double.isFinite(b)) {
                break; // invariant subspace found: the Ritz values are exact
            }
            beta[j] = b;
            v = w.clone();
            scale(v, 1 / b);
        }
        DMatrixRMaj t = new DMatrixRMaj(used, used);
        for (int j = 0; j < used; j++) {
            t.set(j, j, alpha[j]);
            if (j + 1 < used) {
                t.set(j, j + 1, beta[j]);
                t.set(j + 1, j, beta[j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(used, true, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("Lanczos: the tridiagonal eigensolver did not converge");
        }
        double[][] pairs = new double[used][2];
        for (int j = 0; j < used; j++) {
            DMatrixRMaj vec = eig.getEigenVector(j);
            double first = vec.get(0) / norm(vec.data);
            pairs[j][0] = eig.getEigenvalue(j).getReal();
            pairs[j][1] = first * first;
        }
        Arrays.sort(pairs, (x, y) -> Double.compare(x[0], y[0]));
        double[][] out = new double[2][used];
        for (int j = 0; j < used; j++) {
            out[0][j] = pairs[j][0];
            out[1][j] = pairs[j][1];
        }
        return out;
    }

    /**
     * The smallest and largest eigenvalue of A, from k Lanczos steps started at a seeded random vector: exact to
     * rounding once k reaches n, otherwise inner approximations (λ<sub>min</sub> from above, λ<sub>max</sub> from
     * below) whose error falls geometrically with k for an isolated extreme eigenvalue.
     *
     * @param a the symmetric operator v ↦ A v on vectors of length n (called once per step)
     * @param n the dimension, ≥ 1
     * @param steps Lanczos steps k ≥ 1
     * @param seed the seed of the start vector
     * @return {λ<sub>min</sub>, λ<sub>max</sub>}
     */
    public static double[] extremes(Operator a, int n, int steps, long seed) {
        double[][] r = ritz(a, n, gaussian(n, seed), steps);
        return new double[] {r[0][0], r[0][r[0].length - 1]};
    }

    /**
     * The spectral density of A by stochastic Lanczos quadrature with seeded Rademacher probes.
     *
     * @param a the operator
     * @param n the dimension
     * @param steps Lanczos steps per probe, ≥ 1
     * @param probes the number of random probes, ≥ 1
     * @param seed the seed of the probes
     * @return the nodes and weights (weights sum to n)
     */
    public static Density density(Operator a, int n, int steps, int probes, long seed) {
        if (probes < 1) {
            throw new IllegalArgumentException("Lanczos.density: need at least one probe, got " + probes);
        }
        double[][] nodes = new double[probes][];
        double[][] weights = new double[probes][];
        int total = 0;
        for (int p = 0; p < probes; p++) {
            Rng rng = Rng.stream(seed, p);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextDouble() < 0.5 ? -1 : 1;
            }
            double[][] r = ritz(a, n, v, steps);
            nodes[p] = r[0];
            weights[p] = r[1];
            total += r[0].length;
        }
        double[] x = new double[total];
        double[] w = new double[total];
        int o = 0;
        for (int p = 0; p < probes; p++) {
            for (int j = 0; j < nodes[p].length; j++) {
                x[o] = nodes[p][j];
                w[o] = (double) n * weights[p][j] / probes;
                o++;
            }
        }
        return new Density(x, w);
    }

    private static double[] gaussian(int n, long seed) {
        Rng rng = Rng.of(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += c * x[i];
        }
    }

    private static void scale(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }
}
