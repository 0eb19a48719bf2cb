package org.metricflow.geometry.complex.internal;

import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;

/**
 * Samples a hypersurface X = {Q = 0} ⊂ CP<sup>n</sup> by intersecting it with random lines.
 *
 * <p>Line ℓ is {b + t v : t ∈ C ∪ ∞} with b, v ∈ C<sup>n+1</sup> having independent standard complex Gaussian
 * entries (re, im ~ N(0, 1)); their span is a unitarily invariant random line, so by Shiffman–Zelditch the
 * D = deg Q intersection points are distributed by ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>. The roots of
 * t ↦ Q(b + t v) come from {@link UnivariateRoots#aberth}; each is then polished by Newton steps on the original
 * Q along the line (parametrized as b + t v if |t| ≤ 1, else as v + s b with s = 1/t so the parameter stays
 * bounded), normalized to its patch, and all D points of the line are kept (consecutively: points ℓ·D .. ℓ·D+D−1).
 * A line whose root iteration fails (a measure-zero event such as a tangent line) is discarded and redrawn from
 * the same stream.
 *
 * <p>Lines are processed in chunks of {@link #LINES_PER_CHUNK}; chunk c draws from {@code Rng.stream(seed, c)}
 * and writes only its own points, so the result is bit-identical for every thread count.
 */
public final class LineSampler {
    /** Lines per parallel chunk (fixed: it determines which random stream draws which line). */
    public static final int LINES_PER_CHUNK = 256;
    /** Newton steps on the original polynomial after the univariate root finder. */
    public static final int NEWTON_STEPS = 1;

    private final PolynomialKernel q;
    private final PointGeometry geometry;
    private final int m;
    private final int degree;

    /**
     * A sampler for {Q = 0} whose points get their geometry from {@code geometry}.
     */
    public LineSampler(PolynomialKernel q, PointGeometry geometry) {
        this.q = q;
        this.geometry = geometry;
        this.m = q.variables();
        this.degree = q.degree();
    }

    /**
     * Samples {@code count} points (the last line may contribute only some of its roots).
     *
     * @param seed the random seed
     * @param threads the number of threads
     * @return {@code count} points (the last line may contribute only some of its roots)
     */
    public PointArrays sample(int count, long seed, int threads) {
        PointArrays a = new PointArrays(count, m, 1);
        long lines = ((long) count + degree - 1) / degree;
        int chunks = (int) ((lines + LINES_PER_CHUNK - 1) / LINES_PER_CHUNK);
        Parallel.run(chunks, threads, c -> sampleChunk(a, c, lines, seed));
        return a;
    }

    private void sampleChunk(PointArrays a, int chunk, long lines, long seed) {
        Rng rng = Rng.stream(seed, chunk);
        long lineFrom = (long) chunk * LINES_PER_CHUNK;
        long lineTo = Math.min(lines, lineFrom + LINES_PER_CHUNK);
        double[] b = new double[2 * m];
        double[] v = new double[2 * m];
        double[] coef = new double[2 * (degree + 1)];
        double[] roots = new double[2 * degree];
        double[] w = new double[q.workspaceSize()];
        double[] val = new double[2];
        double[] grad = new double[2 * m];
        double[] z = a.coords;
        for (long line = lineFrom; line < lineTo; line++) {
            do {
                for (int j = 0; j < 2 * m; j++) {
                    b[j] = rng.nextGaussian();
                }
                for (int j = 0; j < 2 * m; j++) {
                    v[j] = rng.nextGaussian();
                }
                q.lineCoefficients(b, 0, v, 0, coef, 0, w);
            } while (!UnivariateRoots.aberth(coef, 0, degree, roots, 0));
            for (int r = 0; r < degree; r++) {
                long idx = line * degree + r;
                if (idx >= a.count) {
                    break;
                }
                int p = (int) idx;
                a.trialStart[p] = r == 0;
                int off = 2 * p * m;
                double tr = roots[2 * r];
                double ti = roots[2 * r + 1];
                double t2 = tr * tr + ti * ti;
                double[] base = b;
                double[] dir = v;
                double sr = tr;
                double si = ti;
                if (t2 > 1.0) {
                    base = v;
                    dir = b;
                    sr = tr / t2;
                    si = -ti / t2;
                }
                for (int step = 0; step < NEWTON_STEPS; step++) {
                    combine(base, dir, sr, si, z, off);
                    q.valueAndGradient(z, off, val, 0, grad, 0, w);
                    double dr = 0.0;
                    double di = 0.0;
                    for (int j = 0; j < m; j++) {
                        double gr = grad[2 * j];
                        double gi = grad[2 * j + 1];
                        double xr = dir[2 * j];
                        double xi = dir[2 * j + 1];
                        dr += gr * xr - gi * xi;
                        di += gr * xi + gi * xr;
                    }
                    double dd = dr * dr + di * di;
                    if (dd > 0.0 && Double.isFinite(dd)) {
                        sr -= (val[0] * dr + val[1] * di) / dd;
                        si -= (val[1] * dr - val[0] * di) / dd;
                    }
                }
                combine(base, dir, sr, si, z, off);
                a.patch[p] = PointGeometry.normalize(z, p, m);
            }
        }
        int from = (int) Math.min(a.count, lineFrom * degree);
        int to = (int) Math.min(a.count, lineTo * degree);
        geometry.derive(a, from, to, geometry.newScratch());
    }

    private void combine(double[] base, double[] dir, double sr, double si, double[] z, int off) {
        for (int j = 0; j < m; j++) {
            double xr = dir[2 * j];
            double xi = dir[2 * j + 1];
            z[off + 2 * j] = base[2 * j] + sr * xr - si * xi;
            z[off + 2 * j + 1] = base[2 * j + 1] + sr * xi + si * xr;
        }
    }
}
