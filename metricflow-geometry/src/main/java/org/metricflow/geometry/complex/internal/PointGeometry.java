package org.metricflow.geometry.complex.internal;

import java.util.Locale;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;

/**
 * Per-point geometry of X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂ CP<sup>n</sup> at points already normalized to
 * their patch: the eliminated coordinates, the local coordinates, |Ω|², the pullback Jacobian, det of the
 * Fubini–Study metric on X and the Monte-Carlo weight. The formulas are stated on
 * {@code org.metricflow.geometry.complex.PointSet}; this class only evaluates them.
 *
 * <p>Eliminated coordinates: for a hypersurface the non-patch j with the largest |∂Q/∂z<sub>j</sub>|; for k
 * equations the k-subset E of the non-patch coordinates with the largest |det(∂Q<sub>r</sub>/∂z<sub>e</sub>)|
 * (ties: first in lexicographic order). Instances are immutable; each thread passes its own {@link Scratch}.
 *
 * <p>Products CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>f</sub></sup>: the m = Σ(n<sub>i</sub>+1) coordinates are the factors'
 * blocks in order, each block is normalized to its own patch (f patch coordinates per point), and the reference
 * metric is g = Σ<sub>i</sub> t<sub>i</sub> g<sub>i</sub> with g<sub>i</sub> the pullback of factor i's Fubini–Study metric
 * (1/2π)∂∂̄log|z<sup>(i)</sup>|²; weights are |Ω|²/(d!·det g). One factor with t = 1 is the single-CP<sup>n</sup> case.
 */
public final class PointGeometry {
    private final PolynomialKernel[] equations;
    private final int m;
    private final int k;
    private final int d;
    private final double dFactorial;
    private final double singularThreshold2;
    private final int f;
    private final int[] starts;
    private final double[] moduli;
    private final boolean product;

    /**
     * @param equations the compiled defining polynomials Q<sub>1</sub>..Q<sub>k</sub> in m variables
     * @param scales per equation a scale s<sub>r</sub> of |∇Q<sub>r</sub>| on the unit polydisc (deg·‖c‖); a point
     *               where the best minor satisfies |det J<sub>E</sub>| ≤ 1e−13<sup>k</sup> Π s<sub>r</sub> counts as
     *               singular (the gradient is zero within rounding)
     */
    public PointGeometry(PolynomialKernel[] equations, double[] scales, int m) {
        this(equations, scales, new int[] {0, m}, new double[] {1.0});
    }

    /**
     * Geometry in a product of projective spaces with the reference metric Σ t<sub>i</sub> g<sub>i</sub>.
     *
     * @param equations the compiled defining polynomials in m = starts[f] variables
     * @param scales per equation a gradient scale (see {@link #PointGeometry(PolynomialKernel[], double[], int)})
     * @param starts f + 1 increasing offsets: factor i owns coordinates starts[i]..starts[i+1]−1
     * @param moduli f Kähler moduli t<sub>i</sub> &gt; 0
     */
    public PointGeometry(PolynomialKernel[] equations, double[] scales, int[] starts, double[] moduli) {
        int m = starts[starts.length - 1];
        this.f = starts.length - 1;
        this.starts = starts.clone();
        this.moduli = moduli.clone();
        this.product = f > 1 || moduli[0] != 1.0;
        this.equations = equations.clone();
        double t = 1.0;
        for (double sc : scales) {
            t *= 1e-13 * sc;
        }
        this.singularThreshold2 = t * t;
        this.m = m;
        this.k = equations.length;
        this.d = m - f - k;
        double f = 1.0;
        for (int i = 2; i <= d; i++) {
            f *= i;
        }
        this.dFactorial = f;
    }

    /** Thread-local scratch space. */
    public final class Scratch {
        final double[] poly;
        final double[] value = new double[2];
        final double[] grad;     // k×m complex
        final double[] jE;       // k×k complex
        final double[] rhs;      // k×d complex
        final double[] det = new double[2];
        final double[] lu;
        final double[] g;        // d×d complex
        final double[] coefs;    // d×k complex: P[a][e_j]
        final int[] subset;
        final int[] best;
        final int[] free;        // the m − f non-patch coordinates in increasing order
        final boolean[] isPatch;

        /** Scratch arrays sized for this geometry. */
        public Scratch() {
            int ws = 0;
            for (PolynomialKernel q : equations) {
                ws = Math.max(ws, q.workspaceSize());
            }
            poly = new double[ws];
            grad = new double[2 * k * m];
            jE = new double[2 * k * k];
            rhs = new double[2 * k * Math.max(1, d)];
            lu = new double[2 * Math.max(k * k, d * d)];
            g = new double[2 * d * d];
            coefs = new double[2 * d * k];
            subset = new int[k];
            best = new int[k];
            free = new int[m - f];
            isPatch = new boolean[m];
        }
    }

    /**
     * New scratch space for one thread.
     */
    public Scratch newScratch() {
        return new Scratch();
    }

    /**
     * Normalizes point {@code p} of {@code coords} (m complex coordinates) to the patch where its largest
     * |z<sub>j</sub>| (first on ties) becomes exactly 1 + 0i, dividing all coordinates by it.
     *
     * @return the patch index
     */
    public static int normalize(double[] coords, int p, int m) {
        return normalizeBlock(coords, 2 * p * m, m);
    }

    /**
     * Normalizes every factor block of point {@code p} to its own patch ({@link #normalize} per block) and writes
     * the patch indices (absolute coordinate indices) to {@code patch[p·f + i]}.
     *
     * @param coords the coordinates, m = starts[f] complex numbers per point
     * @param p the point index
     * @param patch the N·f patch array
     */
    public void normalizeFactors(double[] coords, int p, int[] patch) {
        int m = starts[f];
        for (int i = 0; i < f; i++) {
            int off = 2 * (p * m + starts[i]);
            patch[p * f + i] = starts[i] + normalizeBlock(coords, off, starts[i + 1] - starts[i]);
        }
    }

    /**
     * Checks that no factor block of point {@code p} is zero.
     *
     * @param coords the coordinates
     * @param p the point index
     * @return the first factor (0-based) whose block is zero, or −1
     */
    public int zeroFactor(double[] coords, int p) {
        int m = starts[f];
        for (int i = 0; i < f; i++) {
            double s = 0.0;
            for (int j = 2 * (p * m + starts[i]); j < 2 * (p * m + starts[i + 1]); j++) {
                s += coords[j] * coords[j];
            }
            if (s == 0.0) {
                return i;
            }
        }
        return -1;
    }

    private static int normalizeBlock(double[] coords, int off, int m) {
        int patch = 0;
        double best = -1.0;
        for (int j = 0; j < m; j++) {
            double x = coords[off + 2 * j];
            double y = coords[off + 2 * j + 1];
            double a = x * x + y * y;
            if (a > best) {
                best = a;
                patch = j;
            }
        }
        double pr = coords[off + 2 * patch];
        double pi = coords[off + 2 * patch + 1];
        double inv = 1.0 / best;
        double ir = pr * inv;
        double ii = -pi * inv;
        for (int j = 0; j < m; j++) {
            double x = coords[off + 2 * j];
            double y = coords[off + 2 * j + 1];
            coords[off + 2 * j] = x * ir - y * ii;
            coords[off + 2 * j + 1] = x * ii + y * ir;
        }
        coords[off + 2 * patch] = 1.0;
        coords[off + 2 * patch + 1] = 0.0;
        return patch;
    }

    /**
     * Fills every derived array of points from..to−1 from {@code a.coords} and {@code a.patch}.
     */
    public void derive(PointArrays a, int from, int to, Scratch s) {
        for (int p = from; p < to; p++) {
            derivePoint(a, p, s);
        }
    }

    // Measured hot loop of sampling (one call per point, docs/BENCHMARKS.md "sampling"): kept in one piece.
    private void derivePoint(PointArrays a, int p, Scratch s) {
        int zOff = 2 * p * m;
        double[] z = a.coords;
        java.util.Arrays.fill(s.isPatch, false);
        for (int i = 0; i < f; i++) {
            s.isPatch[a.patch[p * f + i]] = true;
        }
        int nf = 0;
        for (int j = 0; j < m; j++) {
            if (!s.isPatch[j]) {
                s.free[nf++] = j;
            }
        }
        for (int r = 0; r < k; r++) {
            equations[r].valueAndGradient(z, zOff, s.value, 0, s.grad, 2 * r * m, s.poly);
        }
        double detAbs2;
        int[] elim = a.eliminated;
        int eOff = p * k;
        int[] local = a.local;
        int lOff = p * d;
        double[] c = s.coefs; // c[a][j] = P[a][e_j] = ∂z_{e_j}/∂x_a
        if (k == 1) {
            int e = -1;
            double best = -1.0;
            for (int j = 0; j < m; j++) {
                if (s.isPatch[j]) {
                    continue;
                }
                double gr = s.grad[2 * j];
                double gi = s.grad[2 * j + 1];
                double g2 = gr * gr + gi * gi;
                if (g2 > best) {
                    best = g2;
                    e = j;
                }
            }
            detAbs2 = best;
            if (!(detAbs2 > singularThreshold2) || !Double.isFinite(detAbs2)) {
                throw singular(z, zOff);
            }
            elim[eOff] = e;
            int l = 0;
            for (int j = 0; j < m; j++) {
                if (!s.isPatch[j] && j != e) {
                    local[lOff + l++] = j;
                }
            }
            // ∂z_e/∂x_a = −(∂Q/∂z_{l_a}) / (∂Q/∂z_e)
            double er = s.grad[2 * e];
            double ei = s.grad[2 * e + 1];
            double ir = er / detAbs2;
            double ii = -ei / detAbs2;
            for (int q = 0; q < d; q++) {
                double gr = s.grad[2 * local[lOff + q]];
                double gi = s.grad[2 * local[lOff + q] + 1];
                c[2 * q] = -(gr * ir - gi * ii);
                c[2 * q + 1] = -(gr * ii + gi * ir);
            }
        } else {
            detAbs2 = chooseEliminated(s);
            if (!(detAbs2 > singularThreshold2) || !Double.isFinite(detAbs2)) {
                throw singular(z, zOff);
            }
            System.arraycopy(s.best, 0, elim, eOff, k);
            int l = 0;
            for (int j = 0; j < m; j++) {
                if (!s.isPatch[j] && !contains(s.best, j)) {
                    local[lOff + l++] = j;
                }
            }
            // Solve J_E X = J_F, then ∂z_{e_j}/∂x_a = −X[j][a]
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < k; j++) {
                    int col = s.best[j];
                    s.jE[2 * (r * k + j)] = s.grad[2 * (r * m + col)];
                    s.jE[2 * (r * k + j) + 1] = s.grad[2 * (r * m + col) + 1];
                }
                for (int q = 0; q < d; q++) {
                    int col = local[lOff + q];
                    s.rhs[2 * (r * d + q)] = s.grad[2 * (r * m + col)];
                    s.rhs[2 * (r * d + q) + 1] = s.grad[2 * (r * m + col) + 1];
                }
            }
            if (!SmallComplexMatrices.solveInPlace(k, s.jE, 0, d, s.rhs, 0)) {
                throw singular(z, zOff);
            }
            for (int q = 0; q < d; q++) {
                for (int j = 0; j < k; j++) {
                    c[2 * (q * k + j)] = -s.rhs[2 * (j * d + q)];
                    c[2 * (q * k + j) + 1] = -s.rhs[2 * (j * d + q) + 1];
                }
            }
        }
        a.omegaSquared[p] = 1.0 / detAbs2;
        // Jacobian rows
        int jOff = 2 * p * d * m;
        double[] jac = a.jacobian;
        for (int q = 0; q < 2 * d * m; q++) {
            jac[jOff + q] = 0.0;
        }
        for (int q = 0; q < d; q++) {
            jac[jOff + 2 * (q * m + local[lOff + q])] = 1.0;
            for (int j = 0; j < k; j++) {
                int e = elim[eOff + j];
                jac[jOff + 2 * (q * m + e)] = c[2 * (q * k + j)];
                jac[jOff + 2 * (q * m + e) + 1] = c[2 * (q * k + j) + 1];
            }
        }
        if (product) {
            java.util.Arrays.fill(s.g, 0.0);
            for (int i = 0; i < f; i++) {
                addFactorMetric(z, zOff, jac, jOff, d, m, starts[i], starts[i + 1], moduli[i], s.g, 0, s.lu);
            }
            double det = SmallComplexMatrices.hermitianDeterminant(d, s.g, 0, s.lu);
            a.fsDeterminant[p] = det;
            a.weight[p] = a.omegaSquared[p] / (dFactorial * det);
            return;
        }
        double[] g = s.g;
        oneFactorMetric(z, zOff, c, local, lOff, elim, eOff, d, k, m, g, s.lu);
        double det = SmallComplexMatrices.hermitianDeterminant(d, g, 0, s.lu);
        a.fsDeterminant[p] = det;
        a.weight[p] = a.omegaSquared[p] / (dFactorial * det);
    }

    /**
     * The Fubini–Study metric on X at one point of a variety in one CP^n into {@code g} (2d² doubles):
     * g<sub>ab̄</sub> = [(PP<sup>†</sup>)<sub>ab</sub>/|z|² − u<sub>a</sub>ū<sub>b</sub>/|z|⁴]/2π, u<sub>a</sub> =
     * Σ<sub>j</sub>P<sub>aj</sub>z̄<sub>j</sub>, in the sparse form of {@link #addFactorMetric}: row a of the Jacobian P
     * is 1 at the local coordinate l<sub>a</sub> and c<sub>aj</sub> at the eliminated e<sub>j</sub> (0 elsewhere), so the
     * sums run over k terms instead of m. The measured hot loop of sampling (1.4–2.6× less thread CPU time per quintic
     * point than addFactorMetric, {@code org.metricflow.bench.FubiniStudyCpuTime} in docs/BENCHMARKS.md); tested against
     * {@code KahlerMetrics.fubiniStudy} in {@code SamplingTest.jacobianIsTangentAndPullbackOfFubiniStudyIsConsistent}.
     *
     * @param z the coordinates
     * @param zOff offset of the point (2m doubles)
     * @param c the coefficients c<sub>aj</sub> = ∂z(e<sub>j</sub>)/∂x<sub>a</sub> (2dk doubles from 0)
     * @param local the local coordinates l<sub>a</sub> from lOff
     * @param lOff offset in {@code local}
     * @param elim the eliminated coordinates e<sub>j</sub> from eOff
     * @param eOff offset in {@code elim}
     * @param d the local dimension
     * @param k the number of equations
     * @param m the number of homogeneous coordinates
     * @param g receives the metric (interleaved complex, from 0)
     * @param u scratch of at least 2d doubles
     */
    public static void oneFactorMetric(double[] z, int zOff, double[] c, int[] local, int lOff, int[] elim, int eOff,
            int d, int k, int m, double[] g, double[] u) {
        double norm2 = 0.0;
        for (int j = 0; j < m; j++) {
            norm2 += z[zOff + 2 * j] * z[zOff + 2 * j] + z[zOff + 2 * j + 1] * z[zOff + 2 * j + 1];
        }
        double inv1 = 1.0 / (2.0 * Math.PI * norm2);
        double inv2 = inv1 / norm2;
        for (int q = 0; q < d; q++) {
            int l = local[lOff + q];
            double ur = z[zOff + 2 * l];
            double ui = -z[zOff + 2 * l + 1];
            for (int j = 0; j < k; j++) {
                int e = elim[eOff + j];
                double cr = c[2 * (q * k + j)];
                double ci = c[2 * (q * k + j) + 1];
                double xr = z[zOff + 2 * e];
                double xi = -z[zOff + 2 * e + 1];
                ur += cr * xr - ci * xi;
                ui += cr * xi + ci * xr;
            }
            u[2 * q] = ur;
            u[2 * q + 1] = ui;
        }
        for (int q = 0; q < d; q++) {
            for (int r = q; r < d; r++) {
                double pr = q == r ? 1.0 : 0.0;
                double pi = 0.0;
                for (int j = 0; j < k; j++) {
                    double ar = c[2 * (q * k + j)];
                    double ai = c[2 * (q * k + j) + 1];
                    double br = c[2 * (r * k + j)];
                    double bi = -c[2 * (r * k + j) + 1];
                    pr += ar * br - ai * bi;
                    pi += ar * bi + ai * br;
                }
                double ar = u[2 * q];
                double ai = u[2 * q + 1];
                double br = u[2 * r];
                double bi = -u[2 * r + 1];
                double gr = pr * inv1 - (ar * br - ai * bi) * inv2;
                double gi = pi * inv1 - (ar * bi + ai * br) * inv2;
                g[2 * (q * d + r)] = gr;
                g[2 * (q * d + r) + 1] = gi;
                g[2 * (r * d + q)] = gr;
                g[2 * (r * d + q) + 1] = -gi;
            }
        }
    }

    /**
     * Adds t·g<sub>i</sub> to the d×d Hermitian matrix at {@code out[outOff]}: the pullback by the Jacobian P
     * (d×m, at {@code jac[jOff]}) of the Fubini–Study metric (1/2π)∂∂̄log|w|² of the coordinate block w =
     * z<sub>from..to−1</sub>: g<sub>ab̄</sub> = [(P<sub>w</sub>P<sub>w</sub><sup>†</sup>)<sub>ab</sub>/|w|² −
     * u<sub>a</sub>ū<sub>b</sub>/|w|⁴]/2π with u<sub>a</sub> = Σ<sub>j</sub>P<sub>aj</sub>w̄<sub>j</sub>. The library's one
     * implementation of the Fubini–Study pullback by a Jacobian ({@code KahlerMetrics.fubiniStudy} and the weights on
     * products use it; {@link #oneFactorMetric} is its sparse form for the sampler). Sums run over j in increasing
     * order (|w|² over re, im of each coordinate in turn), the upper triangle is computed and mirrored.
     *
     * @param z the coordinates
     * @param zOff offset of the point (2m doubles)
     * @param jac the Jacobians
     * @param jOff offset of the point's Jacobian (2dm doubles)
     * @param d the local dimension
     * @param m the number of homogeneous coordinates
     * @param from first coordinate of the block
     * @param to one past the last coordinate of the block
     * @param t the factor's Kähler modulus
     * @param out the metric to add to (2d² doubles, interleaved complex)
     * @param outOff offset in {@code out}
     * @param u scratch of at least 2d doubles
     */
    public static void addFactorMetric(double[] z, int zOff, double[] jac, int jOff, int d, int m, int from, int to,
            double t, double[] out, int outOff, double[] u) {
        double norm2 = 0.0;
        for (int j = 2 * from; j < 2 * to; j++) {
            norm2 += z[zOff + j] * z[zOff + j];
        }
        double inv1 = t / (2.0 * Math.PI * norm2);
        double inv2 = inv1 / norm2;
        for (int a = 0; a < d; a++) {
            double ur = 0.0;
            double ui = 0.0;
            for (int j = from; j < to; j++) {
                double pr = jac[jOff + 2 * (a * m + j)];
                double pi = jac[jOff + 2 * (a * m + j) + 1];
                double xr = z[zOff + 2 * j];
                double xi = -z[zOff + 2 * j + 1];
                ur += pr * xr - pi * xi;
                ui += pr * xi + pi * xr;
            }
            u[2 * a] = ur;
            u[2 * a + 1] = ui;
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double pr = 0.0;
                double pi = 0.0;
                for (int j = from; j < to; j++) {
                    double ar = jac[jOff + 2 * (a * m + j)];
                    double ai = jac[jOff + 2 * (a * m + j) + 1];
                    double br = jac[jOff + 2 * (b * m + j)];
                    double bi = -jac[jOff + 2 * (b * m + j) + 1];
                    pr += ar * br - ai * bi;
                    pi += ar * bi + ai * br;
                }
                double ar = u[2 * a];
                double ai = u[2 * a + 1];
                double br = u[2 * b];
                double bi = -u[2 * b + 1];
                double gr = pr * inv1 - (ar * br - ai * bi) * inv2;
                double gi = pi * inv1 - (ar * bi + ai * br) * inv2;
                out[outOff + 2 * (a * d + b)] += gr;
                out[outOff + 2 * (a * d + b) + 1] += gi;
                if (b != a) {
                    out[outOff + 2 * (b * d + a)] += gr;
                    out[outOff + 2 * (b * d + a) + 1] -= gi;
                }
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** Enumerates k-subsets of the non-patch coordinates, keeps the one with the largest |det J_E|² in s.best. */
    private double chooseEliminated(Scratch s) {
        int[] pos = s.subset; // positions into the list of non-patch coordinates 0..m-f-1
        for (int j = 0; j < k; j++) {
            pos[j] = j;
        }
        int others = m - f;
        double best = -1.0;
        while (true) {
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < k; j++) {
                    int col = s.free[pos[j]];
                    s.jE[2 * (r * k + j)] = s.grad[2 * (r * m + col)];
                    s.jE[2 * (r * k + j) + 1] = s.grad[2 * (r * m + col) + 1];
                }
            }
            SmallComplexMatrices.determinant(k, s.jE, 0, s.lu, s.det);
            double a2 = s.det[0] * s.det[0] + s.det[1] * s.det[1];
            if (a2 > best) {
                best = a2;
                for (int j = 0; j < k; j++) {
                    s.best[j] = s.free[pos[j]];
                }
            }
            int i = k - 1;
            while (i >= 0 && pos[i] == others - k + i) {
                i--;
            }
            if (i < 0) {
                return best;
            }
            pos[i]++;
            for (int j = i + 1; j < k; j++) {
                pos[j] = pos[j - 1] + 1;
            }
        }
    }

    private IllegalArgumentException singular(double[] z, int off) {
        return new IllegalArgumentException("the variety is singular (or nearly so) at z = " + formatPoint(z, off, m)
                + ": the Jacobian of the defining polynomials has no invertible minor there; choose parameters"
                + " for which X is smooth");
    }

    /**
     * Formats point coordinates for messages.
     *
     * @return the formatted coordinates
     */
    public static String formatPoint(double[] z, int off, int m) {
        StringBuilder sb = new StringBuilder("(");
        for (int j = 0; j < m; j++) {
            if (j > 0) {
                sb.append(", ");
            }
            sb.append(String.format(Locale.ROOT, "%.6g%+.6gi", z[off + 2 * j], z[off + 2 * j + 1]));
        }
        return sb.append(')').toString();
    }
}
