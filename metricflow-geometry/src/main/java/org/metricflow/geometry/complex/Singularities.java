package org.metricflow.geometry.complex;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.metricflow.geometry.complex.internal.SingularPointHomotopy;

/**
 * A numerical test whether a projective variety X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂ CP<sup>n</sup> is
 * smooth, made before anything topological is computed on it. X is singular at z exactly when the k×(n+1) Jacobian
 * J<sub>ai</sub> = ∂Q<sub>a</sub>/∂z<sub>i</sub> has rank &lt; k there (all its k×k minors vanish), i.e. when
 * Σ<sub>a</sub> λ<sub>a</sub>∇Q<sub>a</sub>(z) = 0 for some λ ≠ 0. Rows are scaled by
 * s<sub>a</sub> = deg Q<sub>a</sub>·‖c<sub>a</sub>‖ (coefficient 2-norm) and points to |z| = 1:
 * <ol>
 *   <li>at sampled points of X the smallest singular value r(z) of the scaled Jacobian is computed; r below
 *       {@value #MINOR_THRESHOLD} at any sampled point means X is singular along the sample (a non-reduced equation
 *       such as a square, or a component of multiplicity &gt; 1, vanishes to second order everywhere on X);</li>
 *   <li>hypersurfaces (k = 1) with at most {@value #MAX_PATHS} paths: every solution of ∇Q = 0 in CP<sup>n</sup> is
 *       found by homotopy continuation (all (d − 1)<sup>n</sup> solutions of a random square subsystem on a random
 *       chart, each refined on the whole system; see the internal {@code SingularPointHomotopy}). An end with scaled
 *       residual ‖∇Q(z)‖/s below {@value #RESIDUAL_THRESHOLD} is a singular point — isolated ones too (the 125
 *       nodes of the Dwork quintic at ψ = 1 are all found and counted) — and X is smooth when no end is (up to
 *       numerically failed paths, which are reported);</li>
 *   <li>complete intersections (k ≥ 2, up to CP<sup>15</sup>, {@value #MAX_NEWTON_VARIABLES} coordinates) and
 *       hypersurfaces with more paths: from the {@value #STARTS} sampled points with the smallest r, Gauss–Newton
 *       solves the overdetermined system Q<sub>a</sub>(z)/s<sub>a</sub> = 0,
 *       Σ<sub>a</sub> λ<sub>a</sub> ∂<sub>i</sub>Q<sub>a</sub>(z)/s<sub>a</sub> = 0 (in the chart of the largest
 *       coordinate, one λ fixed to 1); a residual below {@value #RESIDUAL_THRESHOLD} is a singular point. This stage
 *       can miss isolated singular points that no start reaches (the report's reason says so).</li>
 * </ol>
 * It never reports a smooth X as singular unless X is within about 10<sup>−9</sup> (relative) of a singular one.
 * Stateless and thread-safe.
 */
public final class Singularities {
    /** Smallest scaled Jacobian singular value at a sampled point below which X is singular along the sample. */
    public static final double MINOR_THRESHOLD = 1e-6;
    /** Gauss–Newton residual (scaled, Euclidean) below which a singular point is found. */
    public static final double RESIDUAL_THRESHOLD = 1e-9;
    /** Number of Gauss–Newton starts. */
    public static final int STARTS = 8;
    /** Sampled points of the test. */
    public static final int POINTS = 120;
    /** Largest number of homogeneous coordinates for which stage 2 (Gauss–Newton) runs (CP^15). */
    public static final int MAX_NEWTON_VARIABLES = 16;
    /** Most homotopy paths, (d − 1)<sup>n</sup>, for which a hypersurface's singular points are all solved for. */
    public static final int MAX_PATHS = 4096;
    private static final int ITERATIONS = 60;

    private Singularities() {
    }

    /**
     * The outcome of the test.
     *
     * @param singular whether X was found singular
     * @param smallestMinor the smallest scaled Jacobian singular value r over the sampled points (0 when the
     *     sampler itself refused a singular point)
     * @param residual the smallest Gauss–Newton residual reached (NaN if stage 2 did not run)
     * @param point a singular point (re, im of z<sub>0..n</sub>, |z| = 1), or null
     * @param singularPoints the number of distinct singular points found when all were solved for (hypersurfaces
     *     by homotopy continuation; 0 for a smooth one), or −1 when not counted
     * @param complete whether the test was exhaustive: the homotopy tracked every path (a hypersurface), or X was
     *     found singular; false when an isolated singular point could have been missed
     * @param reason a one-line explanation for people
     */
    public record Report(boolean singular, double smallestMinor, double residual, double[] point, int singularPoints,
            boolean complete, String reason) {
    }

    /**
     * Tests X on {@value #POINTS} sampled points.
     *
     * @param x the variety to test, not null
     * @param seed the seed of the test points; equal seeds give equal reports
     * @return whether X is singular, and if so why (a point where the gradients are dependent, or a
     *     non-reduced equation)
     */
    public static Report check(ProjectiveVariety x, long seed) {
        Objects.requireNonNull(x, "x");
        PointSet pts;
        try {
            pts = x.sample(POINTS, seed);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            return new Report(true, 0, Double.NaN, null, -1, true, "sampling met a singular point: "
                    + e.getMessage());
        }
        List<Polynomial> eq = x.equations();
        int k = eq.size();
        int m = x.coordinateCount();
        double[] scale = new double[k];
        for (int a = 0; a < k; a++) {
            scale[a] = Math.max(1e-300, eq.get(a).degree() * eq.get(a).coefficientNorm());
        }
        int n = pts.size();
        double[][] z = new double[n][];
        double[] r = new double[n];
        Integer[] order = new Integer[n];
        for (int p = 0; p < n; p++) {
            z[p] = unit(pts, p, m);
            r[p] = smallestSingularValue(jacobian(eq, scale, z[p], m), k, m);
            order[p] = p;
        }
        Arrays.sort(order, (u, v) -> Double.compare(r[u], r[v]));
        double rMin = r[order[0]];
        if (!(rMin >= MINOR_THRESHOLD)) {
            return new Report(true, rMin, Double.NaN, z[order[0]], -1, true, String.format(Locale.ROOT, "the"
                    + " Jacobian of the"
                    + " equations is rank-deficient at a sampled point (scaled smallest singular value %.2e < %.0e):"
                    + " the variety is singular along the sample, e.g. an equation is not reduced (a square)", rMin,
                    MINOR_THRESHOLD));
        }
        if (x.factorCount() > 1) {
            // products: the Gauss–Newton search normalizes all coordinates together and drifts to points where a
            // whole factor block vanishes (no point of the product); the product sampler itself refuses slices with
            // multiple or failing solutions, so sampling above already tested smoothness along the sample
            return new Report(false, rMin, Double.NaN, null, -1, false, String.format(Locale.ROOT, "no singular"
                    + " point found (smallest scaled Jacobian singular value %.2e on %d points; product of %d projective spaces:"
                    + " the sampler's multiple-root test, no Gauss–Newton stage)", rMin, n, x.factorCount()));
        }
        if (k == 1 && SingularPointHomotopy.pathCount(eq.get(0).degree(), m - 1) <= MAX_PATHS) {
            Report h = homotopy(eq.get(0), rMin, seed);
            if (h.singular() || h.complete()) {
                return h;
            }
            // some paths failed numerically: also search from the sampled points below
        }
        if (m > MAX_NEWTON_VARIABLES) {
            return new Report(false, rMin, Double.NaN, null, -1, false, String.format(Locale.ROOT, "no singular point"
                    + " found"
                    + " (smallest scaled Jacobian singular value %.2e on %d points; the Gauss–Newton stage runs up to"
                    + " CP^%d only)", rMin, n, MAX_NEWTON_VARIABLES - 1));
        }
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < Math.min(STARTS, n); s++) {
            double[] found = new double[2 * m];
            double res = gaussNewton(eq, scale, z[order[s]], m, found);
            if (res < best) {
                best = res;
            }
            if (res < RESIDUAL_THRESHOLD) {
                return new Report(true, rMin, res, found, -1, true, String.format(Locale.ROOT, "singular at z = %s (the"
                        + " Jacobian has rank < %d there; residual %.1e < %.0e)", show(found), k, res,
                        RESIDUAL_THRESHOLD));
            }
        }
        return new Report(false, rMin, best, null, -1, false, String.format(Locale.ROOT, "no singular point found"
                + " (smallest scaled Jacobian singular value %.2e on %d points, best Gauss–Newton residual %.2e from %d"
                + " starts; isolated singular points far from them are not excluded)", rMin, n, best,
                Math.min(STARTS, n)));
    }

    /** Stage 2 for a hypersurface: every solution of ∇Q = 0 by homotopy continuation. */
    private static Report homotopy(Polynomial q, double rMin, long seed) {
        SingularPointHomotopy.Result h = SingularPointHomotopy.solve(q, seed, RESIDUAL_THRESHOLD);
        String failed = h.failed() == 0 ? "" : String.format(Locale.ROOT, "; %d of %d paths failed numerically, so"
                + " the search is not complete", h.failed(), h.paths());
        if (h.singularPoints() > 0) {
            return new Report(true, rMin, h.smallestResidual(), h.point(), h.singularPoints(), true, String.format(
                    Locale.ROOT, "singular at z = %s and %d more point(s) (∇Q = 0 there: scaled residual %.1e < %.0e;"
                    + " all solutions of ∇Q = 0 solved for by homotopy continuation, %d paths)%s", show(h.point()),
                    h.singularPoints() - 1, h.smallestResidual(), RESIDUAL_THRESHOLD, h.paths(), failed));
        }
        return new Report(false, rMin, h.smallestResidual(), null, 0, h.failed() == 0, String.format(Locale.ROOT,
                "no singular point: ∇Q = 0 has no solution in CP^%d (all %d solutions of a random square subsystem"
                + " tracked by homotopy continuation; the smallest scaled |∇Q| among them is %.2e ≥ %.0e)%s",
                q.variables() - 1, h.paths(), h.smallestResidual(), RESIDUAL_THRESHOLD, failed));
    }

    /**
     * {@link #check} with the given seed, throwing when X is singular.
     *
     * @param x the variety to test, not null
     * @param seed the seed of the test points
     * @return {@code x}
     * @throws IllegalArgumentException naming the variety and where it is singular
     */
    public static ProjectiveVariety requireSmooth(ProjectiveVariety x, long seed) {
        Report r = check(x, seed);
        if (r.singular()) {
            throw new IllegalArgumentException(x.name() + " is singular: " + r.reason() + "; its topology and"
                    + " Calabi–Yau metric are not those of a smooth variety");
        }
        return x;
    }

    private static double[] unit(PointSet pts, int p, int m) {
        double[] z = new double[2 * m];
        double norm = 0;
        for (int j = 0; j < m; j++) {
            z[2 * j] = pts.re(p, j);
            z[2 * j + 1] = pts.im(p, j);
            norm += z[2 * j] * z[2 * j] + z[2 * j + 1] * z[2 * j + 1];
        }
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < z.length; i++) {
            z[i] *= inv;
        }
        return z;
    }

    /** Scaled gradients: row a = ∇Q<sub>a</sub>(z)/s<sub>a</sub>, interleaved re/im, k×2m. */
    private static double[][] jacobian(List<Polynomial> eq, double[] scale, double[] z, int m) {
        double[][] g = new double[eq.size()][2 * m];
        for (int a = 0; a < eq.size(); a++) {
            eq.get(a).gradient(z, 1, g[a]);
            for (int i = 0; i < 2 * m; i++) {
                g[a][i] /= scale[a];
            }
        }
        return g;
    }

    /** √λ<sub>min</sub>(G G<sup>*</sup>) of a k×m complex matrix, via the 2k×2k real symmetric form. */
    private static double smallestSingularValue(double[][] g, int k, int m) {
        DMatrixRMaj h = gram(g, k, m);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * k, false, true);
        if (!eig.decompose(h)) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 2 * k; i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
        }
        return Math.sqrt(Math.max(0, min));
    }

    /** [[A, −B], [B, A]] for G G<sup>*</sup> = A + iB. */
    private static DMatrixRMaj gram(double[][] g, int k, int m) {
        DMatrixRMaj h = new DMatrixRMaj(2 * k, 2 * k);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < m; i++) {
                    double xr = g[a][2 * i];
                    double xi = g[a][2 * i + 1];
                    double yr = g[b][2 * i];
                    double yi = -g[b][2 * i + 1];
                    re += xr * yr - xi * yi;
                    im += xr * yi + xi * yr;
                }
                h.set(a, b, re);
                h.set(a + k, b + k, re);
                h.set(a, b + k, -im);
                h.set(a + k, b, im);
            }
        }
        return h;
    }

    /**
     * Gauss–Newton on F(u, λ) = (Q<sub>a</sub>/s<sub>a</sub>, Σ<sub>a</sub> λ<sub>a</sub>∂<sub>i</sub>Q<sub>a</sub>/s<sub>a</sub>)
     * from z0; writes the last iterate (|z| = 1) into {@code found} and returns the smallest residual ‖F‖ seen.
     */
    private static double gaussNewton(List<Polynomial> eq, double[] scale, double[] z0, int m, double[] found) {
        int k = eq.size();
        // chart: divide by the largest coordinate, which stays fixed at 1
        int c = largest(z0, m);
        double[] z = divide(z0, c, m);
        // λ: the left singular vector of the smallest singular value, normalized at its largest entry
        double[] lambda = smallestLeftVector(jacobian(eq, scale, z, m), k, m);
        int fixed = largest(lambda, k);
        lambda = divide(lambda, fixed, k);
        int rows = k + m;
        int cols = (m - 1) + (k - 1);
        double best = Double.POSITIVE_INFINITY;
        double checkpoint = Double.POSITIVE_INFINITY;
        for (int it = 0; it <= ITERATIONS; it++) {
            double[] fc = new double[2 * rows];
            double[][] jc = new double[rows][2 * cols];
            residual(eq, scale, z, lambda, c, fixed, fc, jc);
            double norm = 0;
            for (double v : fc) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (!(norm < best)) {
                if (!Double.isFinite(norm)) {
                    break;
                }
            } else {
                best = norm;
                double[] unit = normalize(z);
                System.arraycopy(unit, 0, found, 0, unit.length);
            }
            if (best < RESIDUAL_THRESHOLD * 1e-3 || it == ITERATIONS) {
                break;
            }
            if (it % 8 == 7) {
                // Gauss–Newton converges fast near a solution; a residual that barely moved in 8 steps has stalled
                // at a positive local minimum (no singular point near this start).
                if (best > 0.9 * checkpoint) {
                    break;
                }
                checkpoint = best;
            }
            DMatrixRMaj step = cols == 0 ? null : leastSquaresStep(fc, jc, rows, cols);
            if (step == null) {
                break;
            }
            int col = 0;
            for (int j = 0; j < m; j++) {
                if (j != c) {
                    z[2 * j] += step.get(col);
                    z[2 * j + 1] += step.get(col + cols);
                    col++;
                }
            }
            for (int a = 0; a < k; a++) {
                if (a != fixed) {
                    int lcol = (m - 1) + (a < fixed ? a : a - 1);
                    lambda[2 * a] += step.get(lcol);
                    lambda[2 * a + 1] += step.get(lcol + cols);
                }
            }
            if (abs2all(z) > 1e8) {
                break; // left the chart: no singular point near this start
            }
        }
        return best;
    }

    /** The index of the largest |v<sub>j</sub>| among the first {@code count} complex entries (the first on ties). */
    private static int largest(double[] v, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (abs2(v, j) > abs2(v, best)) {
                best = j;
            }
        }
        return best;
    }

    /**
     * F(u, λ) into {@code fc} (k + m complex rows) and its Jacobian into {@code jc} (columns: the m − 1 free
     * coordinates of chart c, then λ<sub>a</sub> for a ≠ fixed), both zero on entry.
     */
    private static void residual(List<Polynomial> eq, double[] scale, double[] z, double[] lambda, int c, int fixed,
            double[] fc, double[][] jc) {
        int k = eq.size();
        int m = z.length / 2;
        double[] values = new double[2];
        double[] grad = new double[2 * m];
        double[] hess = new double[2 * m * m];
        for (int a = 0; a < k; a++) {
            Polynomial q = eq.get(a);
            q.evaluateWithGradient(z, 1, values, grad);
            q.hessian(z, 1, hess);
            double s = scale[a];
            fc[2 * a] += values[0] / s;
            fc[2 * a + 1] += values[1] / s;
            double lr = lambda[2 * a];
            double li = lambda[2 * a + 1];
            int col = 0;
            for (int j = 0; j < m; j++) {
                if (j == c) {
                    continue;
                }
                jc[a][2 * col] = grad[2 * j] / s;
                jc[a][2 * col + 1] = grad[2 * j + 1] / s;
                for (int i = 0; i < m; i++) {
                    double hr = hess[2 * (i * m + j)] / s;
                    double hi = hess[2 * (i * m + j) + 1] / s;
                    jc[k + i][2 * col] += lr * hr - li * hi;
                    jc[k + i][2 * col + 1] += lr * hi + li * hr;
                }
                col++;
            }
            int lcol = (m - 1) + (a < fixed ? a : a - 1);
            for (int i = 0; i < m; i++) {
                double gr = grad[2 * i] / s;
                double gi = grad[2 * i + 1] / s;
                fc[2 * (k + i)] += lr * gr - li * gi;
                fc[2 * (k + i) + 1] += lr * gi + li * gr;
                if (a != fixed) {
                    jc[k + i][2 * lcol] = gr;
                    jc[k + i][2 * lcol + 1] = gi;
                }
            }
        }
    }

    /**
     * The Gauss–Newton step δ minimizing ‖J δ + F‖ over the real embedding [[Re J, −Im J], [Im J, Re J]]
     * (δ = (Re, Im) halves), or null when the solve fails.
     */
    private static DMatrixRMaj leastSquaresStep(double[] fc, double[][] jc, int rows, int cols) {
        DMatrixRMaj jr = new DMatrixRMaj(2 * rows, 2 * cols);
        DMatrixRMaj f = new DMatrixRMaj(2 * rows, 1);
        for (int row = 0; row < rows; row++) {
            f.set(row, 0, -fc[2 * row]);
            f.set(row + rows, 0, -fc[2 * row + 1]);
            for (int col = 0; col < cols; col++) {
                double re = jc[row][2 * col];
                double im = jc[row][2 * col + 1];
                jr.set(row, col, re);
                jr.set(row, col + cols, -im);
                jr.set(row + rows, col, im);
                jr.set(row + rows, col + cols, re);
            }
        }
        DMatrixRMaj step = new DMatrixRMaj(2 * cols, 1);
        return CommonOps_DDRM.solve(jr, f, step) ? step : null;
    }

    /** The unit left singular vector of the smallest singular value of the k×m complex matrix (interleaved). */
    private static double[] smallestLeftVector(double[][] g, int k, int m) {
        double[] v = new double[2 * k];
        if (k == 1) {
            v[0] = 1;
            return v;
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * k, true, true);
        if (!eig.decompose(gram(g, k, m))) {
            v[0] = 1;
            return v;
        }
        int best = 0;
        for (int i = 1; i < 2 * k; i++) {
            if (eig.getEigenvalue(i).real < eig.getEigenvalue(best).real) {
                best = i;
            }
        }
        DMatrixRMaj e = eig.getEigenVector(best);
        for (int a = 0; a < k; a++) {
            v[2 * a] = e.get(a);
            v[2 * a + 1] = e.get(a + k);
        }
        return v;
    }

    private static double abs2(double[] z, int j) {
        return z[2 * j] * z[2 * j] + z[2 * j + 1] * z[2 * j + 1];
    }

    private static double abs2all(double[] z) {
        double s = 0;
        for (double v : z) {
            s += v * v;
        }
        return s;
    }

    /** z / z<sub>c</sub> (complex division), so that entry c becomes 1. */
    private static double[] divide(double[] z, int c, int count) {
        double cr = z[2 * c];
        double ci = z[2 * c + 1];
        double d = cr * cr + ci * ci;
        double[] out = new double[2 * count];
        for (int j = 0; j < count; j++) {
            double re = z[2 * j];
            double im = z[2 * j + 1];
            out[2 * j] = (re * cr + im * ci) / d;
            out[2 * j + 1] = (im * cr - re * ci) / d;
        }
        return out;
    }

    private static double[] normalize(double[] z) {
        double inv = 1 / Math.sqrt(abs2all(z));
        double[] out = z.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    private static String show(double[] z) {
        StringBuilder sb = new StringBuilder("(");
        for (int j = 0; j < z.length / 2; j++) {
            sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f%+.4fi", z[2 * j], z[2 * j + 1]));
        }
        return sb.append(')').toString();
    }
}
