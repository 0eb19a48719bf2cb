package org.metricflow.geometry.complex.internal;

import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.Polynomial;

/**
 * All singular points of a hypersurface X = {Q = 0} ⊂ CP<sup>n</sup> of degree d, by homotopy continuation. X is
 * singular at z exactly when ∇Q(z) = 0 (Euler's relation Σ z<sub>i</sub>∂<sub>i</sub>Q = dQ puts such z on X). On a
 * random affine chart z = p + Nx (x ∈ ℂ<sup>n</sup>; with probability one every singular point of X lies on it) the
 * n random combinations G = A∇Q(p + Nx) of the n + 1 partial derivatives (degree e = d − 1 each) vanish at every
 * singular point; their solutions, (d − 1)<sup>n</sup> counted with multiplicity and all finite for a generic chart
 * and A, are the ends of the paths of H(x, t) = (1 − t)γS(x) + tG(x) that start at the roots of the start system
 * S<sub>j</sub>(x) = x<sub>j</sub><sup>e</sup> − 1 (γ a random unit complex number: the "gamma trick", which keeps
 * every path regular for t &lt; 1 with probability one). Each path is tracked by an Euler predictor and a Newton
 * corrector with an adaptive step; its end is refined by Gauss–Newton on the whole system ∇Q = 0, and the scaled
 * residual r = ‖∇Q(z)‖/(d·‖c‖) at |z| = 1 (‖c‖ the coefficient 2-norm) decides: r below the threshold is a
 * singular point, and a smooth X has r bounded away from 0 at every end. Paths that fail numerically are counted,
 * so that a caller knows when the search was not complete. Stateless and thread-safe.
 */
public final class SingularPointHomotopy {
    private static final double MIN_STEP = 1e-11;
    private static final double MAX_STEP = 0.1;
    private static final int CORRECTOR_ITERATIONS = 4;
    private static final int REFINE_ITERATIONS = 40;

    private SingularPointHomotopy() {
    }

    /**
     * The outcome.
     *
     * @param paths the number of paths, (d − 1)<sup>n</sup>
     * @param failed paths whose tracking failed before t = 0.999 (their ends are still tested)
     * @param singularPoints the number of distinct singular points found
     * @param point one singular point (re, im of z<sub>0..n</sub>, |z| = 1), or null
     * @param smallestResidual the smallest scaled residual r over all path ends
     */
    public record Result(int paths, int failed, int singularPoints, double[] point, double smallestResidual) {
    }

    /**
     * The number of paths for a hypersurface of degree d in CP<sup>n</sup>, (d − 1)<sup>n</sup>, or
     * Long.MAX_VALUE when that overflows.
     *
     * @param degree d ≥ 1
     * @param n the dimension of the ambient projective space
     * @return the path count
     */
    public static long pathCount(int degree, int n) {
        long count = 1;
        for (int i = 0; i < n; i++) {
            count *= Math.max(1, degree - 1);
            if (count > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    /**
     * Finds the singular points of {Q = 0}.
     *
     * @param q a homogeneous polynomial in n + 1 ≥ 2 variables, degree ≥ 1
     * @param seed the seed of the chart, the combinations and γ
     * @param threshold the scaled residual below which an end is a singular point
     * @return the outcome
     */
    public static Result solve(Polynomial q, long seed, double threshold) {
        int m = q.variables();
        int n = m - 1;
        int d = q.degree();
        int e = d - 1;
        double scale = Math.max(1e-300, d * q.coefficientNorm());
        if (e <= 0) {
            return new Result(0, 0, 0, null, Double.POSITIVE_INFINITY); // a hyperplane is smooth
        }
        Rng rng = Rng.stream(seed, 77);
        double[] p = gaussian(rng, m);
        double[] nn = gaussian(rng, m * n);
        double[] a = gaussian(rng, n * m);
        double angle = 2 * Math.PI * rng.nextDouble();
        Homotopy h = new Homotopy(q, m, n, e, p, nn, a, Math.cos(angle), Math.sin(angle));
        int paths = (int) pathCount(d, n);
        int failed = 0;
        int found = 0;
        double[] point = null;
        double smallest = Double.POSITIVE_INFINITY;
        double[][] distinct = new double[Math.min(paths, 4096)][];
        int[] digits = new int[n];
        for (int path = 0; path < paths; path++) {
            double[] x = new double[2 * n];
            for (int j = 0; j < n; j++) {
                double t = 2 * Math.PI * digits[j] / e;
                x[2 * j] = Math.cos(t);
                x[2 * j + 1] = Math.sin(t);
            }
            for (int j = 0; j < n && ++digits[j] == e; j++) {
                digits[j] = 0;
            }
            double reached = h.track(x);
            if (reached < 0.999) {
                failed++;
            }
            double[] z = h.refine(x);
            double r = residual(q, z, m) / scale;
            smallest = Math.min(smallest, r);
            if (r < threshold) {
                boolean isNew = true;
                for (int k = 0; k < Math.min(found, distinct.length) && isNew; k++) {
                    isNew = !sameProjectivePoint(distinct[k], z);
                }
                if (isNew) {
                    if (found < distinct.length) {
                        distinct[found] = z;
                    }
                    found++;
                    point = point == null ? z : point;
                }
            }
        }
        return new Result(paths, failed, found, point, smallest);
    }

    private static double[] gaussian(Rng rng, int complexCount) {
        double[] v = new double[2 * complexCount];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** ‖∇Q(z)‖ at z (|z| = 1). */
    private static double residual(Polynomial q, double[] z, int m) {
        double[] g = new double[2 * m];
        q.gradient(z, 1, g);
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Whether unit vectors u, v span the same complex line: |⟨u, v⟩|² ≥ 1 − 1e-10. */
    private static boolean sameProjectivePoint(double[] u, double[] v) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < u.length; i += 2) {
            re += u[i] * v[i] + u[i + 1] * v[i + 1];
            im += u[i] * v[i + 1] - u[i + 1] * v[i];
        }
        return re * re + im * im >= 1 - 1e-10;
    }

    /** H(x, t) = (1 − t)γS(x) + tA∇Q(p + Nx) with its derivatives; buffers reused along a path. */
    private static final class Homotopy {
        private final Polynomial q;
        private final int m;
        private final int n;
        private final int e;
        private final double[] p;
        private final double[] nn;
        private final double[] a;
        private final double gr;
        private final double gi;
        private final double[] z;
        private final double[] grad;
        private final double[] hess;
        /** G(x) (n), ∂G/∂x (n×n), S(x) (n), S'(x) diagonal (n). */
        private final double[] g;
        private final double[] jg;
        private final double[] s;
        private final double[] ds;
        private final double[] mat;
        private final double[] rhs;

        Homotopy(Polynomial q, int m, int n, int e, double[] p, double[] nn, double[] a, double gr, double gi) {
            this.q = q;
            this.m = m;
            this.n = n;
            this.e = e;
            this.p = p;
            this.nn = nn;
            this.a = a;
            this.gr = gr;
            this.gi = gi;
            this.z = new double[2 * m];
            this.grad = new double[2 * m];
            this.hess = new double[2 * m * m];
            this.g = new double[2 * n];
            this.jg = new double[2 * n * n];
            this.s = new double[2 * n];
            this.ds = new double[2 * n];
            this.mat = new double[2 * n * n];
            this.rhs = new double[2 * n];
        }

        /** z = p + Nx, with ∇Q(z) and (if {@code second}) the Hessian. */
        private void point(double[] x, boolean second) {
            for (int i = 0; i < m; i++) {
                double re = p[2 * i];
                double im = p[2 * i + 1];
                for (int j = 0; j < n; j++) {
                    double ar = nn[2 * (i * n + j)];
                    double ai = nn[2 * (i * n + j) + 1];
                    re += ar * x[2 * j] - ai * x[2 * j + 1];
                    im += ar * x[2 * j + 1] + ai * x[2 * j];
                }
                z[2 * i] = re;
                z[2 * i + 1] = im;
            }
            q.gradient(z, 1, grad);
            if (second) {
                q.hessian(z, 1, hess);
            }
        }

        /** G, ∂G/∂x, S and S' at x. */
        private void evaluate(double[] x) {
            point(x, true);
            // hn = Hess · N (m×n), then jg = A · hn; g = A · grad
            double[] hn = new double[2 * m * n];
            SmallComplexMatrices.multiply(m, m, n, hess, 0, nn, 0, hn, 0);
            SmallComplexMatrices.multiply(n, m, 1, a, 0, grad, 0, g, 0);
            SmallComplexMatrices.multiply(n, m, n, a, 0, hn, 0, jg, 0);
            for (int j = 0; j < n; j++) {
                // x^(e−1) by repeated multiplication
                double pr = 1;
                double pi = 0;
                for (int k = 0; k < e - 1; k++) {
                    double t = pr * x[2 * j] - pi * x[2 * j + 1];
                    pi = pr * x[2 * j + 1] + pi * x[2 * j];
                    pr = t;
                }
                ds[2 * j] = e * pr;
                ds[2 * j + 1] = e * pi;
                s[2 * j] = pr * x[2 * j] - pi * x[2 * j + 1] - 1;
                s[2 * j + 1] = pr * x[2 * j + 1] + pi * x[2 * j];
            }
        }

        /** mat = H_x at t (from the last {@link #evaluate}). */
        private void jacobian(double t) {
            for (int i = 0; i < 2 * n * n; i++) {
                mat[i] = t * jg[i];
            }
            double cr = (1 - t) * gr;
            double ci = (1 - t) * gi;
            for (int j = 0; j < n; j++) {
                mat[2 * (j * n + j)] += cr * ds[2 * j] - ci * ds[2 * j + 1];
                mat[2 * (j * n + j) + 1] += cr * ds[2 * j + 1] + ci * ds[2 * j];
            }
        }

        /**
         * Tracks x from t = 0 towards t = 1 in place.
         *
         * @return the t reached (1 for a path tracked to its end)
         */
        double track(double[] x) {
            double t = 0;
            double step = 0.02;
            double[] trial = new double[2 * n];
            while (t < 1) {
                step = Math.min(step, 1 - t);
                // Euler predictor: dx/dt = −H_x⁻¹ H_t, H_t = G − γS
                evaluate(x);
                jacobian(t);
                for (int j = 0; j < n; j++) {
                    rhs[2 * j] = -(g[2 * j] - (gr * s[2 * j] - gi * s[2 * j + 1]));
                    rhs[2 * j + 1] = -(g[2 * j + 1] - (gr * s[2 * j + 1] + gi * s[2 * j]));
                }
                if (!SmallComplexMatrices.solveInPlace(n, mat, 0, 1, rhs, 0)) {
                    return t;
                }
                for (int i = 0; i < 2 * n; i++) {
                    trial[i] = x[i] + step * rhs[i];
                }
                double t1 = t + step;
                int iterations = correct(trial, t1);
                if (iterations >= 0) {
                    System.arraycopy(trial, 0, x, 0, 2 * n);
                    t = t1;
                    if (iterations <= 3) {
                        step = Math.min(MAX_STEP, step * (iterations <= 2 ? 2 : 1.25));
                    }
                } else {
                    step /= 2;
                    if (step < MIN_STEP) {
                        return t;
                    }
                }
                if (norm2(x) > 1e16) {
                    return t; // the path went to infinity of the chart
                }
            }
            return 1;
        }

        /** Newton on H(·, t) from x in place; the iterations used, or −1 when it did not converge. */
        private int correct(double[] x, double t) {
            double previous = Double.POSITIVE_INFINITY;
            for (int it = 1; it <= CORRECTOR_ITERATIONS; it++) {
                evaluate(x);
                jacobian(t);
                double cr = (1 - t) * gr;
                double ci = (1 - t) * gi;
                for (int j = 0; j < n; j++) {
                    rhs[2 * j] = -(t * g[2 * j] + cr * s[2 * j] - ci * s[2 * j + 1]);
                    rhs[2 * j + 1] = -(t * g[2 * j + 1] + cr * s[2 * j + 1] + ci * s[2 * j]);
                }
                if (!SmallComplexMatrices.solveInPlace(n, mat, 0, 1, rhs, 0)) {
                    return -1;
                }
                double dx = 0;
                for (int i = 0; i < 2 * n; i++) {
                    x[i] += rhs[i];
                    dx += rhs[i] * rhs[i];
                }
                if (!Double.isFinite(dx) || (it > 1 && dx > 0.25 * previous)) {
                    return -1; // not contracting quadratically: the step was too long (or would jump paths)
                }
                if (dx <= 1e-16 * (1 + norm2(x))) {
                    return it;
                }
                previous = dx;
            }
            return -1;
        }

        /**
         * Gauss–Newton on ∇Q(p + Nx) = 0 (n + 1 equations, n unknowns) from x, keeping only steps that lower the
         * residual; the end point as a unit vector z.
         */
        double[] refine(double[] x0) {
            double[] x = x0.clone();
            double best = gradientNorm(x);
            double[] jt = new double[2 * n * n];
            double[] b = new double[2 * n];
            for (int it = 0; it < REFINE_ITERATIONS && best > 0; it++) {
                point(x, true);
                // normal equations (JᴴJ)Δ = −Jᴴ∇Q with J = Hess·N (m×n)
                double[] jn = new double[2 * m * n];
                SmallComplexMatrices.multiply(m, m, n, hess, 0, nn, 0, jn, 0);
                for (int r = 0; r < n; r++) {
                    double vr = 0;
                    double vi = 0;
                    for (int i = 0; i < m; i++) {
                        double cr = jn[2 * (i * n + r)];
                        double ci = -jn[2 * (i * n + r) + 1];
                        vr -= cr * grad[2 * i] - ci * grad[2 * i + 1];
                        vi -= cr * grad[2 * i + 1] + ci * grad[2 * i];
                    }
                    b[2 * r] = vr;
                    b[2 * r + 1] = vi;
                    for (int c = 0; c < n; c++) {
                        double re = 0;
                        double im = 0;
                        for (int i = 0; i < m; i++) {
                            double cr = jn[2 * (i * n + r)];
                            double ci = -jn[2 * (i * n + r) + 1];
                            double yr = jn[2 * (i * n + c)];
                            double yi = jn[2 * (i * n + c) + 1];
                            re += cr * yr - ci * yi;
                            im += cr * yi + ci * yr;
                        }
                        jt[2 * (r * n + c)] = re;
                        jt[2 * (r * n + c) + 1] = im;
                    }
                }
                if (!SmallComplexMatrices.solveInPlace(n, jt, 0, 1, b, 0)) {
                    break;
                }
                double[] next = x.clone();
                for (int i = 0; i < 2 * n; i++) {
                    next[i] += b[i];
                }
                double r = gradientNorm(next);
                if (!(r < best)) {
                    break;
                }
                best = r;
                x = next;
            }
            point(x, false);
            double norm = Math.sqrt(norm2(z));
            double[] unit = new double[2 * m];
            for (int i = 0; i < unit.length; i++) {
                unit[i] = z[i] / norm;
            }
            return unit;
        }

        /** ‖∇Q(z)‖/|z|<sup>d−1</sup> at z = p + Nx (the residual of the unit vector). */
        private double gradientNorm(double[] x) {
            point(x, false);
            double gn = norm2(grad);
            double zn = norm2(z);
            return Math.sqrt(gn) / Math.pow(Math.sqrt(zn), e);
        }

        private static double norm2(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x * x;
            }
            return s;
        }
    }
}
