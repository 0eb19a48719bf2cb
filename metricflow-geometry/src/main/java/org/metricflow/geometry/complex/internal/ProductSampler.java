package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.List;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.parallel.Parallel;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.CicyConfiguration;

/**
 * Samples a complete intersection X ⊂ A = CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>f</sub></sup> of dimension d with exact
 * density J<sub>t</sub><sup>d</sup>/Vol<sub>t</sub>, J<sub>t</sub> = Σt<sub>i</sub>J<sub>i</sub>.
 *
 * <h2>Scheme</h2>
 * For an exponent vector a (Σa<sub>i</sub> = d, a<sub>i</sub> ≤ n<sub>i</sub>), cut each factor i with a<sub>i</sub>
 * independent unitarily invariant random hyperplanes, i.e. restrict it to the span of r<sub>i</sub> + 1 = n<sub>i</sub> −
 * a<sub>i</sub> + 1 independent standard complex Gaussian vectors. By Shiffman–Zelditch (the zero current of a Gaussian
 * section of O(1) with the Fubini–Study inner product has expectation J<sub>i</sub>; independent sections multiply) the
 * counting measure of the N<sub>a</sub> = ∫<sub>X</sub>ΠJ<sub>i</sub><sup>a<sub>i</sub></sup> intersection points has
 * expectation ΠJ<sub>i</sub><sup>a<sub>i</sub></sup>|<sub>X</sub>. Choosing a with probability ∝ d!/Πa<sub>i</sub>!·Πt<sub>i</sub><sup>a<sub>i</sub></sup>
 * (over the a with N<sub>a</sub> &gt; 0) and keeping all points of each trial therefore gives points with density
 * (Σ<sub>a</sub> d!/Πa<sub>i</sub>!·t<sup>a</sup>ΠJ<sub>i</sub><sup>a<sub>i</sub></sup>)/Vol<sub>t</sub> = J<sub>t</sub><sup>d</sup>/Vol<sub>t</sub>.
 *
 * <p>The restricted system (K multi-homogeneous equations on Π<sub>i</sub>CP<sup>r<sub>i</sub></sup>, Σr<sub>i</sub> = K) is
 * solved for all N<sub>a</sub> solutions by a multi-homogeneous homotopy: one random affine chart c<sub>i</sub>·s<sup>(i)</sup>
 * = 1 per free factor, the linear-product start system G<sub>j</sub> = Π<sub>i</sub>Π<sub>l&lt;q_ij</sub>
 * (L<sub>ijl</sub>·s<sup>(i)</sup>) whose N<sub>a</sub> solutions (the multi-homogeneous Bézout number) are linear solves,
 * H = (1−τ)γG + τF with a random γ, an RK4 predictor and a Newton corrector with adaptive steps, then Newton on F.
 * A trial whose paths fail or collide is tracked again with smaller steps and otherwise discarded and redrawn
 * from the same stream. Trials run in chunks of {@link #TRIALS_PER_CHUNK} drawing from {@code Rng.stream(seed, c)},
 * so the points depend only on (count, seed), not on the thread count; points of one trial are consecutive.
 */
public final class ProductSampler {
    /** Trials per parallel chunk. */
    public static final int TRIALS_PER_CHUNK = 64;
    /** Consecutive discarded trials after which the member is declared (nearly) singular. */
    public static final int MAX_DISCARDS = 50;
    /** A univariate root with |p'(t)|² below this times ‖p‖² counts as (nearly) multiple: probability ~1e-12 on a smooth member. */
    static final double ILL_CONDITIONED = 1e-12;


    private final PolynomialKernel[] eqs;
    private final PointGeometry geometry;
    private final int[] starts;
    private final int[] nf;
    private final int[][] q;
    private final int f;
    private final int m;
    private final int k;
    private final List<int[]> patterns = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private final double[] cumulative;
    private final double expectedPerTrial;

    /**
     * A sampler for the variety with these compiled equations in the concatenated coordinates.
     *
     * @param eqs the K equations in m = starts[f] variables
     * @param geometry the per-point geometry (product patches and reference metric)
     * @param config the configuration (degrees q<sub>ij</sub>, intersection numbers)
     * @param starts f + 1 factor offsets
     * @param moduli the Kähler moduli t
     */
    public ProductSampler(PolynomialKernel[] eqs, PointGeometry geometry, CicyConfiguration config, int[] starts,
            double[] moduli) {
        this.eqs = eqs.clone();
        this.geometry = geometry;
        this.starts = starts.clone();
        this.nf = config.factorDimensions();
        this.f = nf.length;
        this.m = starts[f];
        this.k = eqs.length;
        this.q = new int[f][k];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < k; j++) {
                q[i][j] = config.degree(i, j);
            }
        }
        List<Double> weights = new ArrayList<>();
        double total = 0.0;
        double expected = 0.0;
        for (int[] a : config.monomials(config.dimension())) {
            long n = config.intersectionNumber(a);
            if (n > 0) {
                double w = CicyConfiguration.multinomial(a) * CicyConfiguration.power(moduli, a);
                patterns.add(a);
                counts.add((int) n);
                weights.add(w);
                total += w;
                expected += w * n;
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("configuration " + config + " has no positive intersection number:"
                    + " the variety is empty or not a complete intersection of the expected dimension");
        }
        this.cumulative = new double[patterns.size()];
        double c = 0.0;
        for (int p = 0; p < cumulative.length; p++) {
            c += weights.get(p) / total;
            cumulative[p] = c;
        }
        cumulative[cumulative.length - 1] = 1.0;
        this.expectedPerTrial = expected / total;
    }

    /**
     * Samples {@code count} points with their geometry.
     *
     * @param count the number of points
     * @param seed the random seed
     * @param threads the number of worker threads
     * @return the filled point arrays
     * @throws IllegalArgumentException if the member is singular at a sampled point (naming it) or paths keep failing
     */
    public PointArrays sample(int count, long seed, int threads) {
        List<Chunk> chunks = new ArrayList<>();
        int have = 0;
        while (have < count) {
            int need = (int) Math.ceil((count - have) / (expectedPerTrial * TRIALS_PER_CHUNK) * 1.05) + 1;
            Chunk[] out = new Chunk[need];
            int first = chunks.size();
            Parallel.run(need, threads, c -> out[c] = sampleChunk(first + c, seed));
            for (Chunk o : out) {
                chunks.add(o);
                have += o.starts.length;
            }
        }
        PointArrays a = new PointArrays(count, m, k, f);
        int filled = 0;
        for (Chunk c : chunks) {
            int len = Math.min(c.coords.length, 2 * m * (count - filled));
            System.arraycopy(c.coords, 0, a.coords, 2 * m * filled, len);
            System.arraycopy(c.starts, 0, a.trialStart, filled, len / (2 * m));
            filled += len / (2 * m);
            if (filled == count) {
                break;
            }
        }
        int block = 1024;
        int tasks = (count + block - 1) / block;
        Parallel.run(tasks, threads, t -> {
            int from = t * block;
            int to = Math.min(count, from + block);
            for (int p = from; p < to; p++) {
                geometry.normalizeFactors(a.coords, p, a.patch);
            }
            geometry.derive(a, from, to, geometry.newScratch());
        });
        return a;
    }

    /** The points of one chunk of trials: coordinates (2·m per point) and whether each point starts its trial. */
    private record Chunk(double[] coords, boolean[] starts) {
    }

    private Chunk sampleChunk(int chunk, long seed) {
        Rng rng = Rng.stream(seed, chunk);
        double[] buf = new double[0];
        boolean[] starts = new boolean[0];
        int used = 0;
        int discards = 0;
        Trial[] trials = new Trial[patterns.size()];
        for (int trial = 0; trial < TRIALS_PER_CHUNK; trial++) {
            double u = rng.nextDouble();
            int pat = 0;
            while (u > cumulative[pat]) {
                pat++;
            }
            if (trials[pat] == null) {
                trials[pat] = new Trial(patterns.get(pat), counts.get(pat));
            }
            Trial t = trials[pat];
            boolean solved = false;
            while (!solved) {
                t.draw(rng);
                for (double maxStep = 0.25; maxStep > 0.001 && !solved; maxStep /= 5) {
                    solved = t.solveAll(maxStep);
                }
                if (!solved && ++discards > MAX_DISCARDS) {
                    throw new IllegalArgumentException("the variety is singular (or nearly so): " + MAX_DISCARDS
                            + " random slices in a row had multiple or failing solutions (e.g. near z = "
                            + PointGeometry.formatPoint(t.lastPoint(), 0, m) + "); choose a smooth member (another"
                            + " seed or other coefficients)");
                }
            }
            discards = 0;
            int n = t.solutions;
            if (used + 2 * m * n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, used + 2 * m * n));
                starts = java.util.Arrays.copyOf(starts, buf.length / (2 * m));
            }
            for (int s = 0; s < n; s++) {
                starts[used / (2 * m)] = s == 0;
                t.assemble(t.ends, 2 * s * t.u, buf, used);
                used += 2 * m;
            }
        }
        return new Chunk(java.util.Arrays.copyOf(buf, used), java.util.Arrays.copyOf(starts, used / (2 * m)));
    }

    /** One random slice for one exponent pattern: its homotopy and work arrays (one thread). */
    private final class Trial {
        final int[] r = new int[f];          // free dimensions
        final int[] uOff = new int[f + 1];   // unknown offsets of the free factors
        final int u;                          // number of unknowns = rows
        final int solutions;
        final double[][] basis = new double[f][];   // (r_i+1) × (n_i+1) complex
        final double[][] chart = new double[f][];   // r_i+1 complex
        final double[][][] lin = new double[f][k][]; // L_{ijl}: q_ij × (r_i+1) complex
        final double[] gamma = new double[2];
        final double[] z = new double[2 * m];
        final double[] val = new double[2];
        final double[] grad = new double[2 * m];
        final double[] work;
        final double[] hv;
        final double[] ht;
        final double[] hs;
        final double[] mat;
        final double[] s;
        final double[] s0;
        final double[] k1;
        final double[] k2;
        final double[] k3;
        final double[] k4;
        final double[] ends;
        final double[] lv;     // linear factor values, complex
        final int[] assign;    // start-system assignment per equation: factor
        final int[] which;     // and linear factor index

        Trial(int[] a, int solutions) {
            int off = 0;
            for (int i = 0; i < f; i++) {
                r[i] = nf[i] - a[i];
                uOff[i] = off;
                if (r[i] > 0) {
                    off += r[i] + 1;
                }
            }
            uOff[f] = off;
            this.u = off;
            this.solutions = solutions;
            int ws = 0;
            for (PolynomialKernel e : eqs) {
                ws = Math.max(ws, e.workspaceSize());
            }
            work = new double[ws];
            hv = new double[2 * u];
            ht = new double[2 * u];
            hs = new double[2 * u * u];
            mat = new double[2 * u * u];
            s = new double[2 * u];
            s0 = new double[2 * u];
            k1 = new double[2 * u];
            k2 = new double[2 * u];
            k3 = new double[2 * u];
            k4 = new double[2 * u];
            ends = new double[2 * solutions * u];
            lv = new double[2 * 256];
            assign = new int[k];
            which = new int[k];
        }

        void draw(Rng rng) {
            for (int i = 0; i < f; i++) {
                basis[i] = gaussian(rng, 2 * (r[i] + 1) * (nf[i] + 1));
                chart[i] = r[i] > 0 ? gaussian(rng, 2 * (r[i] + 1)) : null;
                for (int j = 0; j < k; j++) {
                    lin[i][j] = r[i] > 0 ? gaussian(rng, 2 * q[i][j] * (r[i] + 1)) : null;
                }
            }
            double ang = 2.0 * Math.PI * rng.nextDouble();
            gamma[0] = Math.cos(ang);
            gamma[1] = Math.sin(ang);
        }

        private double[] gaussian(Rng rng, int len) {
            double[] x = new double[len];
            for (int i = 0; i < len; i++) {
                x[i] = rng.nextGaussian();
            }
            return x;
        }

        /** z(s) into out[off..off+2m). */
        void assemble(double[] sv, int sOff, double[] out, int off) {
            for (int i = 0; i < f; i++) {
                int len = nf[i] + 1;
                for (int c = 0; c < len; c++) {
                    double re = 0.0;
                    double im = 0.0;
                    if (r[i] == 0) {
                        re = basis[i][2 * c];
                        im = basis[i][2 * c + 1];
                    } else {
                        for (int l = 0; l <= r[i]; l++) {
                            double sr = sv[sOff + 2 * (uOff[i] + l)];
                            double si = sv[sOff + 2 * (uOff[i] + l) + 1];
                            double br = basis[i][2 * (l * len + c)];
                            double bi = basis[i][2 * (l * len + c) + 1];
                            re += sr * br - si * bi;
                            im += sr * bi + si * br;
                        }
                    }
                    out[off + 2 * (starts[i] + c)] = re;
                    out[off + 2 * (starts[i] + c) + 1] = im;
                }
            }
        }

        /**
         * H (into hv), ∂H/∂s (into hs, row-major u×u) and ∂H/∂τ (into ht) at (s, τ). Rows 0..k−1 the homotopy,
         * then one chart row per free factor.
         */
        // Measured hot loop of sampling (VarietySamplingBenchmark.sampleBicubic): kept in one piece.
        void evaluate(double[] sv, double tau, boolean derivatives) {
            assemble(sv, 0, z, 0);
            java.util.Arrays.fill(hs, 0.0);
            double wr = (1.0 - tau) * gamma[0];
            double wi = (1.0 - tau) * gamma[1];
            for (int j = 0; j < k; j++) {
                eqs[j].valueAndGradient(z, 0, val, 0, grad, 0, work);
                double fr = val[0];
                double fi = val[1];
                // G_j and its gradient
                double gr = 1.0;
                double gi = 0.0;
                int nl = 0;
                for (int i = 0; i < f; i++) {
                    for (int l = 0; l < (r[i] > 0 ? q[i][j] : 0); l++) {
                        double xr = 0.0;
                        double xi = 0.0;
                        for (int c = 0; c <= r[i]; c++) {
                            double ar = lin[i][j][2 * (l * (r[i] + 1) + c)];
                            double ai = lin[i][j][2 * (l * (r[i] + 1) + c) + 1];
                            double sr = sv[2 * (uOff[i] + c)];
                            double si = sv[2 * (uOff[i] + c) + 1];
                            xr += ar * sr - ai * si;
                            xi += ar * si + ai * sr;
                        }
                        lv[2 * nl] = xr;
                        lv[2 * nl + 1] = xi;
                        double nr = gr * xr - gi * xi;
                        gi = gr * xi + gi * xr;
                        gr = nr;
                        nl++;
                    }
                }
                hv[2 * j] = tau * fr + wr * gr - wi * gi;
                hv[2 * j + 1] = tau * fi + wr * gi + wi * gr;
                ht[2 * j] = fr - (gamma[0] * gr - gamma[1] * gi);
                ht[2 * j + 1] = fi - (gamma[0] * gi + gamma[1] * gr);
                if (!derivatives) {
                    continue;
                }
                // ∂F_j/∂s^{(i)}_l = Σ_c ∂Q_j/∂z_c B_i[l][c]
                for (int i = 0; i < f; i++) {
                    if (r[i] == 0) {
                        continue;
                    }
                    int len = nf[i] + 1;
                    for (int l = 0; l <= r[i]; l++) {
                        double dr = 0.0;
                        double di = 0.0;
                        for (int c = 0; c < len; c++) {
                            double xr = grad[2 * (starts[i] + c)];
                            double xi = grad[2 * (starts[i] + c) + 1];
                            double br = basis[i][2 * (l * len + c)];
                            double bi = basis[i][2 * (l * len + c) + 1];
                            dr += xr * br - xi * bi;
                            di += xr * bi + xi * br;
                        }
                        int col = uOff[i] + l;
                        hs[2 * (j * u + col)] += tau * dr;
                        hs[2 * (j * u + col) + 1] += tau * di;
                    }
                }
                // ∂G_j = Σ_t (Π_{t'≠t} ℓ_t') L_t
                int t = 0;
                for (int i = 0; i < f; i++) {
                    for (int l = 0; l < (r[i] > 0 ? q[i][j] : 0); l++, t++) {
                        double pr = 1.0;
                        double pi = 0.0;
                        for (int o = 0; o < nl; o++) {
                            if (o != t) {
                                double nr = pr * lv[2 * o] - pi * lv[2 * o + 1];
                                pi = pr * lv[2 * o + 1] + pi * lv[2 * o];
                                pr = nr;
                            }
                        }
                        // times (1−τ)γ
                        double cr = wr * pr - wi * pi;
                        double ci = wr * pi + wi * pr;
                        for (int c = 0; c <= r[i]; c++) {
                            double ar = lin[i][j][2 * (l * (r[i] + 1) + c)];
                            double ai = lin[i][j][2 * (l * (r[i] + 1) + c) + 1];
                            int col = uOff[i] + c;
                            hs[2 * (j * u + col)] += cr * ar - ci * ai;
                            hs[2 * (j * u + col) + 1] += cr * ai + ci * ar;
                        }
                    }
                }
            }
            int row = k;
            for (int i = 0; i < f; i++) {
                if (r[i] == 0) {
                    continue;
                }
                double xr = -1.0;
                double xi = 0.0;
                for (int c = 0; c <= r[i]; c++) {
                    double ar = chart[i][2 * c];
                    double ai = chart[i][2 * c + 1];
                    double sr = sv[2 * (uOff[i] + c)];
                    double si = sv[2 * (uOff[i] + c) + 1];
                    xr += ar * sr - ai * si;
                    xi += ar * si + ai * sr;
                    hs[2 * (row * u + uOff[i] + c)] = ar;
                    hs[2 * (row * u + uOff[i] + c) + 1] = ai;
                }
                hv[2 * row] = xr;
                hv[2 * row + 1] = xi;
                ht[2 * row] = 0.0;
                ht[2 * row + 1] = 0.0;
                row++;
            }
        }

        /** Solves hs · x = rhs (copies hs); x into out. */
        boolean solve(double[] rhs, double[] out) {
            System.arraycopy(hs, 0, mat, 0, mat.length);
            System.arraycopy(rhs, 0, out, 0, 2 * u);
            return SmallComplexMatrices.solveInPlace(u, mat, 0, 1, out, 0);
        }

        /** ds/dτ = −H_s^{−1} H_τ at (sv, τ) into out. */
        boolean velocity(double[] sv, double tau, double[] out) {
            evaluate(sv, tau, true);
            if (!solve(ht, out)) {
                return false;
            }
            for (int i = 0; i < 2 * u; i++) {
                out[i] = -out[i];
            }
            return true;
        }

        /** Newton on H(·, τ) starting at sv (in place); true if the last correction is tiny. */
        boolean newton(double[] sv, double tau, int iterations, double tol) {
            for (int it = 0; it < iterations; it++) {
                evaluate(sv, tau, true);
                if (!solve(hv, k1)) {
                    return false;
                }
                double dn = 0.0;
                double sn = 0.0;
                for (int i = 0; i < 2 * u; i++) {
                    sv[i] -= k1[i];
                    dn += k1[i] * k1[i];
                    sn += sv[i] * sv[i];
                }
                if (!Double.isFinite(dn) || sn > 1e16) {
                    return false;
                }
                if (dn <= tol * tol * (1.0 + sn)) {
                    return true;
                }
            }
            return false;
        }

        boolean track(double maxStep) {
            double tau = 0.0;
            double h = maxStep / 2;
            int steps = 0;
            while (tau < 1.0) {
                if (++steps > 100_000 || h < 1e-10) {
                    return false;
                }
                double step = Math.min(h, 1.0 - tau);
                System.arraycopy(s, 0, s0, 0, 2 * u);
                boolean ok = velocity(s0, tau, k1);
                if (ok) {
                    axpy(s0, k1, step / 2, k2tmp());
                    ok = velocity(tmp, tau + step / 2, k2);
                }
                if (ok) {
                    axpy(s0, k2, step / 2, k2tmp());
                    ok = velocity(tmp, tau + step / 2, k3);
                }
                if (ok) {
                    axpy(s0, k3, step, k2tmp());
                    ok = velocity(tmp, tau + step, k4);
                }
                if (ok) {
                    for (int i = 0; i < 2 * u; i++) {
                        s[i] = s0[i] + step / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                    }
                    ok = newton(s, tau + step, 3, 1e-8);
                }
                if (ok) {
                    tau += step;
                    h = Math.min(maxStep, h * 1.5);
                } else {
                    System.arraycopy(s0, 0, s, 0, 2 * u);
                    h /= 2;
                }
            }
            return newton(s, 1.0, 20, 1e-13) || newton(s, 1.0, 5, 1e-10);
        }

        private double[] tmp;

        private double[] k2tmp() {
            if (tmp == null) {
                tmp = new double[2 * u];
            }
            return tmp;
        }

        private void axpy(double[] x, double[] dir, double t, double[] out) {
            for (int i = 0; i < 2 * u; i++) {
                out[i] = x[i] + t * dir[i];
            }
        }

        /**
         * One equation and one free factor with r = 1 (every hypersurface): the restriction is a univariate
         * polynomial p(t) = Q(b + t v) of degree q (b: s = (1, 0), v: the second basis vector), solved by Aberth's
         * method and polished by one Newton step on t (on 1/t when |t| &gt; 1, for conditioning).
         */
        private boolean solveUnivariate() {
            int deg = solutions;
            if (bu == null) {
                bu = new double[2 * m];
                vu = new double[2 * m];
                coef = new double[2 * (eqs[0].degree() + 1)];
                roots = new double[2 * deg];
            }
            s[0] = 1.0;
            s[1] = 0.0;
            s[2] = 0.0;
            s[3] = 0.0;
            assemble(s, 0, bu, 0);
            java.util.Arrays.fill(vu, 0.0);
            int i0 = 0;
            while (r[i0] == 0) {
                i0++;
            }
            int len = nf[i0] + 1;
            System.arraycopy(basis[i0], 2 * len, vu, 2 * starts[i0], 2 * len);
            eqs[0].lineCoefficients(bu, 0, vu, 0, coef, 0, work);
            if (!UnivariateRoots.aberth(coef, 0, deg, roots, 0)) {
                return false;
            }
            double coefNorm2 = 0.0;
            for (int c = 0; c < 2 * (deg + 1); c++) {
                coefNorm2 += coef[c] * coef[c];
            }
            for (int a = 0; a < deg; a++) {
                double tr = roots[2 * a];
                double ti = roots[2 * a + 1];
                double t2 = tr * tr + ti * ti;
                boolean swap = t2 > 1.0;
                double[] base = swap ? vu : bu;
                double[] dir = swap ? bu : vu;
                double sr = swap ? tr / t2 : tr;
                double si = swap ? -ti / t2 : ti;
                for (int c = 0; c < 2 * m; c++) {
                    z[c] = base[c] + (c % 2 == 0 ? sr * dir[c] - si * dir[c + 1] : sr * dir[c] + si * dir[c - 1]);
                }
                eqs[0].valueAndGradient(z, 0, val, 0, grad, 0, work);
                double dr = 0.0;
                double di = 0.0;
                for (int j = 0; j < m; j++) {
                    dr += grad[2 * j] * dir[2 * j] - grad[2 * j + 1] * dir[2 * j + 1];
                    di += grad[2 * j] * dir[2 * j + 1] + grad[2 * j + 1] * dir[2 * j];
                }
                double dd = dr * dr + di * di;
                // a simple root has |p'(t)| of the order of the coefficients (|t| <= 1 in this orientation); a
                // (near-)multiple root, as on a singular member, has |p'| ~ sqrt(eps): reject the slice
                if (!(dd > ILL_CONDITIONED * coefNorm2) || !Double.isFinite(dd)) {
                    return false;
                }
                sr -= (val[0] * dr + val[1] * di) / dd;
                si -= (val[1] * dr - val[0] * di) / dd;
                // s = (1, t) or (t', 1) in the free factor's basis
                int o = 2 * a * u;
                ends[o] = swap ? sr : 1.0;
                ends[o + 1] = swap ? si : 0.0;
                ends[o + 2] = swap ? 1.0 : sr;
                ends[o + 3] = swap ? 0.0 : si;
            }
            return true;
        }

        /** The first solution of the last attempt (for messages). */
        double[] lastPoint() {
            double[] p = new double[2 * m];
            assemble(ends, 0, p, 0);
            return p;
        }

        private double[] bu;
        private double[] vu;
        private double[] coef;
        private double[] roots;

        /** All start solutions tracked to the target; false if a path failed or two endpoints coincide. */
        boolean solveAll(double maxStep) {
            if (k == 1 && u == 2) {
                return solveUnivariate() && distinct();
            }
            int[] found = {0};
            boolean ok = enumerate(0, new int[f], found, maxStep);
            return ok && found[0] == solutions && distinct();
        }

        private boolean distinct() {
            // distinct endpoints (compare the assembled, per-factor normalized points)
            double[] pts = new double[2 * m * solutions];
            for (int a = 0; a < solutions; a++) {
                assemble(ends, 2 * a * u, pts, 2 * a * m);
                normalizeAll(pts, a);
            }
            for (int a = 0; a < solutions; a++) {
                for (int b = a + 1; b < solutions; b++) {
                    double dist = 0.0;
                    for (int c = 0; c < 2 * m; c++) {
                        double x = pts[2 * a * m + c] - pts[2 * b * m + c];
                        dist += x * x;
                    }
                    if (dist < 1e-12) {
                        return false;
                    }
                }
            }
            return true;
        }

        private void normalizeAll(double[] pts, int p) {
            int[] patch = new int[(p + 1) * f];
            geometry.normalizeFactors(pts, p, patch);
        }

        /** Recursively assigns equations to (free factor, linear factor) with factor i used exactly r_i times. */
        private boolean enumerate(int j, int[] used, int[] found, double maxStep) {
            if (j == k) {
                for (int i = 0; i < f; i++) {
                    if (used[i] != r[i]) {
                        return true;
                    }
                }
                if (found[0] >= solutions || !startSolution()) {
                    return false;
                }
                if (!track(maxStep)) {
                    return false;
                }
                System.arraycopy(s, 0, ends, 2 * found[0] * u, 2 * u);
                found[0]++;
                return true;
            }
            for (int i = 0; i < f; i++) {
                if (r[i] == 0 || used[i] >= r[i]) {
                    continue;
                }
                for (int l = 0; l < q[i][j]; l++) {
                    assign[j] = i;
                    which[j] = l;
                    used[i]++;
                    boolean ok = enumerate(j + 1, used, found, maxStep);
                    used[i]--;
                    if (!ok) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** The start solution of the current assignment: per free factor, its r_i linear forms = 0 and the chart = 1. */
        private boolean startSolution() {
            for (int i = 0; i < f; i++) {
                if (r[i] == 0) {
                    continue;
                }
                int n = r[i] + 1;
                double[] a = new double[2 * n * n];
                double[] b = new double[2 * n];
                int row = 0;
                for (int j = 0; j < k; j++) {
                    if (assign[j] != i) {
                        continue;
                    }
                    System.arraycopy(lin[i][j], 2 * which[j] * n, a, 2 * row * n, 2 * n);
                    row++;
                }
                System.arraycopy(chart[i], 0, a, 2 * row * n, 2 * n);
                b[2 * row] = 1.0;
                if (!SmallComplexMatrices.solveInPlace(n, a, 0, 1, b, 0)) {
                    return false;
                }
                System.arraycopy(b, 0, s, 2 * uOff[i], 2 * n);
            }
            return true;
        }
    }
}
