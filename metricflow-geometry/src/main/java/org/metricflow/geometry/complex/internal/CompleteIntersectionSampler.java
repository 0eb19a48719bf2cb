package org.metricflow.geometry.complex.internal;

import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;

/**
 * Samples a complete intersection X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂ CP<sup>n</sup> (k ≥ 2) by
 * intersecting it with random projective k-planes Λ = {Σ<sub>j=0..k</sub> s<sub>j</sub> B<sub>j</sub>}, the
 * B<sub>j</sub> ∈ C<sup>n+1</sup> with independent standard complex Gaussian entries (unitarily invariant, so by
 * Shiffman–Zelditch the Π deg Q<sub>r</sub> points of X ∩ Λ are distributed by ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub>).
 *
 * <p>The system F<sub>r</sub>(s) = Q<sub>r</sub>(Σ s<sub>j</sub>B<sub>j</sub>) = 0 (r = 1..k), c·s = 1 (a random affine
 * chart c of the k-plane, so that no solution lies at infinity) is solved for all its Π d<sub>r</sub> solutions by
 * the total-degree homotopy H(s, τ) = (1 − τ)γ G(s) + τ F(s), G<sub>r</sub> = s<sub>r</sub><sup>d<sub>r</sub></sup> −
 * s<sub>0</sub><sup>d<sub>r</sub></sup>, with a random complex γ (the "gamma trick": paths are smooth and disjoint for
 * almost every γ). Each path is tracked from τ = 0 to 1 by a fourth-order Runge–Kutta predictor on
 * ds/dτ = −H<sub>s</sub><sup>−1</sup>H<sub>τ</sub> and a Newton corrector with adaptive steps, then polished by
 * Newton on F. If a path fails or two endpoints coincide (path jumping) the k-plane is tracked again with
 * smaller steps; if that fails too, the k-plane is discarded and a new one is drawn from the same stream.
 *
 * <p>Chunks of {@link #PLANES_PER_CHUNK} k-planes draw from {@code Rng.stream(seed, chunk)}; results are
 * bit-identical for every thread count. Points of one k-plane are consecutive.
 */
public final class CompleteIntersectionSampler {
    /** k-planes per parallel chunk. */
    public static final int PLANES_PER_CHUNK = 64;

    private final PolynomialKernel[] eqs;
    private final PointGeometry geometry;
    private final int m;
    private final int k;
    private final int[] deg;
    private final int pointsPerPlane;

    /**
     * A sampler for {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} whose points get their geometry from {@code geometry}.
     */
    public CompleteIntersectionSampler(PolynomialKernel[] eqs, PointGeometry geometry) {
        this.eqs = eqs.clone();
        this.geometry = geometry;
        this.m = eqs[0].variables();
        this.k = eqs.length;
        this.deg = new int[k];
        int ppp = 1;
        for (int r = 0; r < k; r++) {
            deg[r] = eqs[r].degree();
            ppp *= deg[r];
        }
        this.pointsPerPlane = ppp;
    }

    /**
     * Samples {@code count} points.
     *
     * @param seed the random seed
     * @param threads the number of threads
     * @return {@code count} points
     */
    public PointArrays sample(int count, long seed, int threads) {
        PointArrays a = new PointArrays(count, m, k);
        long planes = ((long) count + pointsPerPlane - 1) / pointsPerPlane;
        int chunks = (int) ((planes + PLANES_PER_CHUNK - 1) / PLANES_PER_CHUNK);
        Parallel.run(chunks, threads, c -> sampleChunk(a, c, planes, seed));
        return a;
    }

    /** Work arrays for one thread. */
    private final class Tracker {
        final int u = k + 1; // unknowns s_0..s_k
        final double[] basis = new double[2 * u * m]; // B_j at [2(j·m + i)]
        final double[] chart = new double[2 * u];
        final double[] gamma = new double[2];
        final double[] z = new double[2 * m];
        final double[] val = new double[2];
        final double[] grad = new double[2 * m];
        final double[] work;
        final double[] mat = new double[2 * u * u];
        final double[] rhs = new double[2 * u];
        final double[] hv = new double[2 * u];   // H values
        final double[] ht = new double[2 * u];   // ∂H/∂τ
        final double[] hs = new double[2 * u * u]; // ∂H/∂s
        final double[] s = new double[2 * u];
        final double[] s0 = new double[2 * u];
        final double[] k1 = new double[2 * u];
        final double[] k2 = new double[2 * u];
        final double[] k3 = new double[2 * u];
        final double[] k4 = new double[2 * u];
        final double[] tmp = new double[2 * u];
        final double[] ends; // pointsPerPlane × u complex
        final int[] digits = new int[k];

        Tracker() {
            int ws = 0;
            for (PolynomialKernel q : eqs) {
                ws = Math.max(ws, q.workspaceSize());
            }
            work = new double[ws];
            ends = new double[2 * pointsPerPlane * u];
        }

        /** H, ∂H/∂s and ∂H/∂τ at (s, τ); rows 0..k−1 the homotopy, row k the chart c·s − 1. */
        // Measured hot loop of sampling (VarietySamplingBenchmark.sampleCubicCubicP5): kept in one piece.
        void evaluate(double[] sv, double tau) {
            for (int i = 0; i < 2 * m; i++) {
                z[i] = 0.0;
            }
            for (int j = 0; j < u; j++) {
                double sr = sv[2 * j];
                double si = sv[2 * j + 1];
                for (int i = 0; i < m; i++) {
                    double br = basis[2 * (j * m + i)];
                    double bi = basis[2 * (j * m + i) + 1];
                    z[2 * i] += sr * br - si * bi;
                    z[2 * i + 1] += sr * bi + si * br;
                }
            }
            double gr = gamma[0];
            double gi = gamma[1];
            for (int r = 0; r < k; r++) {
                eqs[r].valueAndGradient(z, 0, val, 0, grad, 0, work);
                // G_r = s_{r+1}^d − s_0^d
                int dr = deg[r];
                double[] pa = pow(sv[2 * (r + 1)], sv[2 * (r + 1) + 1], dr - 1);
                double par = pa[0];
                double pai = pa[1];
                double[] pb = pow(sv[0], sv[1], dr - 1);
                double pbr = pb[0];
                double pbi = pb[1];
                double sAr = sv[2 * (r + 1)];
                double sAi = sv[2 * (r + 1) + 1];
                double gAr = par * sAr - pai * sAi;
                double gAi = par * sAi + pai * sAr;
                double gBr = pbr * sv[0] - pbi * sv[1];
                double gBi = pbr * sv[1] + pbi * sv[0];
                double Gr = gAr - gBr;
                double Gi = gAi - gBi;
                double cgr = gr * Gr - gi * Gi; // γ G
                double cgi = gr * Gi + gi * Gr;
                double om = 1.0 - tau;
                hv[2 * r] = om * cgr + tau * val[0];
                hv[2 * r + 1] = om * cgi + tau * val[1];
                ht[2 * r] = val[0] - cgr;
                ht[2 * r + 1] = val[1] - cgi;
                for (int j = 0; j < u; j++) {
                    // ∂F_r/∂s_j = ∇Q_r · B_j
                    double fr = 0.0;
                    double fi = 0.0;
                    for (int i = 0; i < m; i++) {
                        double ar = grad[2 * i];
                        double ai = grad[2 * i + 1];
                        double br = basis[2 * (j * m + i)];
                        double bi = basis[2 * (j * m + i) + 1];
                        fr += ar * br - ai * bi;
                        fi += ar * bi + ai * br;
                    }
                    double dgr = 0.0;
                    double dgi = 0.0;
                    if (j == r + 1) {
                        dgr = dr * par;
                        dgi = dr * pai;
                    } else if (j == 0) {
                        dgr = -dr * pbr;
                        dgi = -dr * pbi;
                    }
                    double cr = gr * dgr - gi * dgi;
                    double ci = gr * dgi + gi * dgr;
                    hs[2 * (r * u + j)] = om * cr + tau * fr;
                    hs[2 * (r * u + j) + 1] = om * ci + tau * fi;
                }
            }
            double lr = -1.0;
            double li = 0.0;
            for (int j = 0; j < u; j++) {
                double cr = chart[2 * j];
                double ci = chart[2 * j + 1];
                lr += cr * sv[2 * j] - ci * sv[2 * j + 1];
                li += cr * sv[2 * j + 1] + ci * sv[2 * j];
                hs[2 * (k * u + j)] = cr;
                hs[2 * (k * u + j) + 1] = ci;
            }
            hv[2 * k] = lr;
            hv[2 * k + 1] = li;
            ht[2 * k] = 0.0;
            ht[2 * k + 1] = 0.0;
        }

        private final double[] powOut = new double[2];

        private double[] pow(double xr, double xi, int e) {
            double pr = 1.0;
            double pi = 0.0;
            for (int q = 0; q < e; q++) {
                double nr = pr * xr - pi * xi;
                pi = pr * xi + pi * xr;
                pr = nr;
            }
            powOut[0] = pr;
            powOut[1] = pi;
            return powOut;
        }

        /** out = −H_s^{-1} H_τ at (sv, τ); false if singular. */
        boolean tangent(double[] sv, double tau, double[] out) {
            evaluate(sv, tau);
            System.arraycopy(hs, 0, mat, 0, mat.length);
            for (int j = 0; j < 2 * u; j++) {
                rhs[j] = -ht[j];
            }
            if (!SmallComplexMatrices.solveInPlace(u, mat, 0, 1, rhs, 0)) {
                return false;
            }
            System.arraycopy(rhs, 0, out, 0, 2 * u);
            return true;
        }

        /** One Newton step at fixed τ, in place; returns |Δ|/(|s|) or NaN if singular. */
        double newton(double[] sv, double tau) {
            evaluate(sv, tau);
            System.arraycopy(hs, 0, mat, 0, mat.length);
            for (int j = 0; j < 2 * u; j++) {
                rhs[j] = -hv[j];
            }
            if (!SmallComplexMatrices.solveInPlace(u, mat, 0, 1, rhs, 0)) {
                return Double.NaN;
            }
            double dn = 0.0;
            double sn = 0.0;
            for (int j = 0; j < 2 * u; j++) {
                sv[j] += rhs[j];
                dn += rhs[j] * rhs[j];
                sn += sv[j] * sv[j];
            }
            return Math.sqrt(dn / Math.max(sn, Double.MIN_NORMAL));
        }

        /** Tracks the path starting at s (τ = 0) to τ = 1; false on failure. */
        boolean track(double[] sv, double maxStep) {
            double tau = 0.0;
            double h = maxStep / 4;
            int steps = 0;
            while (tau < 1.0) {
                if (++steps > 20000) {
                    return false;
                }
                double step = Math.min(h, 1.0 - tau);
                System.arraycopy(sv, 0, s0, 0, 2 * u);
                boolean ok = tangent(s0, tau, k1);
                if (ok) {
                    axpy(s0, k1, step / 2, tmp);
                    ok = tangent(tmp, tau + step / 2, k2);
                }
                if (ok) {
                    axpy(s0, k2, step / 2, tmp);
                    ok = tangent(tmp, tau + step / 2, k3);
                }
                if (ok) {
                    axpy(s0, k3, step, tmp);
                    ok = tangent(tmp, tau + step, k4);
                }
                if (ok) {
                    for (int j = 0; j < 2 * u; j++) {
                        sv[j] = s0[j] + step / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                    }
                    double tNext = tau + step;
                    double c1 = newton(sv, tNext);
                    double c2 = Double.isNaN(c1) ? Double.NaN : newton(sv, tNext);
                    ok = c1 < 1e-3 && c2 < 1e-8 && c2 <= c1;
                    if (ok) {
                        tau = tNext;
                        if (c1 < 1e-6) {
                            h = Math.min(maxStep, h * 2);
                        }
                        continue;
                    }
                }
                System.arraycopy(s0, 0, sv, 0, 2 * u);
                h /= 2;
                if (h < 1e-10) {
                    return false;
                }
            }
            for (int it = 0; it < 4; it++) {
                double c = newton(sv, 1.0);
                if (Double.isNaN(c)) {
                    return false;
                }
                if (c < 1e-15) {
                    break;
                }
            }
            for (int j = 0; j < 2 * u; j++) {
                if (!Double.isFinite(sv[j])) {
                    return false;
                }
            }
            return true;
        }

        private void axpy(double[] x, double[] dir, double t, double[] out) {
            for (int j = 0; j < 2 * u; j++) {
                out[j] = x[j] + t * dir[j];
            }
        }

        /** All Π d_r solutions for the current basis/chart/γ into ends; false on failure or coinciding ends. */
        boolean solveAll(double maxStep) {
            for (int j = 0; j < k; j++) {
                digits[j] = 0;
            }
            for (int path = 0; path < pointsPerPlane; path++) {
                // start: s_r = ω_r^{digit} s_0 with c·s = 1
                double denr = chart[0];
                double deni = chart[1];
                s[0] = 1.0;
                s[1] = 0.0;
                for (int r = 0; r < k; r++) {
                    double ang = 2.0 * Math.PI * digits[r] / deg[r];
                    double wr = Math.cos(ang);
                    double wi = Math.sin(ang);
                    s[2 * (r + 1)] = wr;
                    s[2 * (r + 1) + 1] = wi;
                    double cr = chart[2 * (r + 1)];
                    double ci = chart[2 * (r + 1) + 1];
                    denr += cr * wr - ci * wi;
                    deni += cr * wi + ci * wr;
                }
                double dd = denr * denr + deni * deni;
                double s0r = denr / dd;
                double s0i = -deni / dd;
                for (int j = 0; j < u; j++) {
                    double xr = s[2 * j];
                    double xi = s[2 * j + 1];
                    s[2 * j] = xr * s0r - xi * s0i;
                    s[2 * j + 1] = xr * s0i + xi * s0r;
                }
                if (!track(s, maxStep)) {
                    return false;
                }
                System.arraycopy(s, 0, ends, 2 * path * u, 2 * u);
                for (int r = k - 1; r >= 0; r--) {
                    if (++digits[r] < deg[r]) {
                        break;
                    }
                    digits[r] = 0;
                }
            }
            // distinct endpoints (path jumping would produce duplicates)
            for (int a = 0; a < pointsPerPlane; a++) {
                for (int b = a + 1; b < pointsPerPlane; b++) {
                    double dist = 0.0;
                    double na = 0.0;
                    for (int j = 0; j < 2 * u; j++) {
                        double x = ends[2 * a * u + j] - ends[2 * b * u + j];
                        dist += x * x;
                        na += ends[2 * a * u + j] * ends[2 * a * u + j];
                    }
                    if (dist <= 1e-14 * na) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private void sampleChunk(PointArrays a, int chunk, long planes, long seed) {
        Rng rng = Rng.stream(seed, chunk);
        long from = (long) chunk * PLANES_PER_CHUNK;
        long to = Math.min(planes, from + PLANES_PER_CHUNK);
        Tracker t = new Tracker();
        int u = k + 1;
        for (long plane = from; plane < to; plane++) {
            boolean solved = false;
            while (!solved) {
                for (int j = 0; j < t.basis.length; j++) {
                    t.basis[j] = rng.nextGaussian();
                }
                for (int j = 0; j < t.chart.length; j++) {
                    t.chart[j] = rng.nextGaussian();
                }
                double ang = 2.0 * Math.PI * rng.nextDouble();
                t.gamma[0] = Math.cos(ang);
                t.gamma[1] = Math.sin(ang);
                for (double maxStep = 0.05; maxStep > 0.001 && !solved; maxStep /= 4) {
                    solved = t.solveAll(maxStep);
                }
            }
            for (int q = 0; q < pointsPerPlane; q++) {
                long idx = plane * pointsPerPlane + q;
                if (idx >= a.count) {
                    break;
                }
                int p = (int) idx;
                a.trialStart[p] = q == 0;
                int off = 2 * p * m;
                for (int i = 0; i < 2 * m; i++) {
                    a.coords[off + i] = 0.0;
                }
                for (int j = 0; j < u; j++) {
                    double sr = t.ends[2 * (q * u + j)];
                    double si = t.ends[2 * (q * u + j) + 1];
                    for (int i = 0; i < m; i++) {
                        double br = t.basis[2 * (j * m + i)];
                        double bi = t.basis[2 * (j * m + i) + 1];
                        a.coords[off + 2 * i] += sr * br - si * bi;
                        a.coords[off + 2 * i + 1] += sr * bi + si * br;
                    }
                }
                a.patch[p] = PointGeometry.normalize(a.coords, p, m);
            }
        }
        int pFrom = (int) Math.min(a.count, from * pointsPerPlane);
        int pTo = (int) Math.min(a.count, to * pointsPerPlane);
        geometry.derive(a, pFrom, pTo, geometry.newScratch());
    }
}
