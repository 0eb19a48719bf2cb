package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;

/**
 * Point-wise curvature of a Kähler metric from its jets g<sub>ab̄</sub>, ∂<sub>c</sub>g<sub>ab̄</sub> and
 * ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub> (layouts of {@link HermitianNormJets}). Conventions (documented in the
 * package-info of {@code org.metricflow.geometry.complex}): with the matrix inverse M = g<sup>−1</sup>
 * (Σ<sub>b</sub> g<sub>ab̄</sub> M<sub>bc</sub> = δ<sub>ac</sub>),
 * <pre>
 *   R_{ab̄ce̅} = ∂_c∂̄_e g_{ab̄} − Σ_{f,q} ∂_c g_{af̄} M_{fq} ∂̄_e g_{qb̄},   ∂̄_e g_{qb̄} = conj(∂_e g_{bq̄})
 *   Ric_{ab̄}  = −Σ_{c,e} M_{ec} R_{ab̄ce̅}  (= −∂_a∂̄_b log det g)
 *   s         = Σ_{a,b} M_{ba} Ric_{ab̄}
 *   Θ^i_j     = Σ_{c,e} Θ_{ij,ce} i dx^c∧dx̄^e / i,  Θ_{ij,ce} = −Σ_a M_{ia} R_{aj̄ce̅}   (tr Θ = Ric)
 *   c         = det(1 + (1/2π) Σ Θ_{ij,ce} B({c},{e}))   in the algebra of {@link ExteriorForms}
 * </pre>
 * and the Chern densities χ<sub>k</sub> = coefficient of Π(i dx<sup>a</sup>∧dx̄<sup>a</sup>) in
 * c<sub>k</sub>∧ω<sup>d−k</sup>, ω = Σ g<sub>ab̄</sub> B({a},{b}); χ<sub>0</sub> = d!·det g.
 *
 * <h2>Closed forms for d ≤ 3</h2>
 * A (1,1)-form α = Σ α<sub>ce</sub> B({c},{e}) is its d×d matrix; the top coefficient of α<sub>1</sub>∧…∧α<sub>d</sub>
 * is Σ<sub>σ,τ∈S(d)</sub> ε(σ)ε(τ)Π<sub>l</sub> α<sub>l,σ(l)τ(l)</sub>. With T<sup>i</sup><sub>j</sub> = Θ<sup>i</sup><sub>j</sub>/2π
 * (the (1,1)-form of the matrix Θ<sub>ij,··</sub>/2π), c<sub>k</sub> is the sum of the principal k-minors of T:
 * <pre>
 *   d = 1:  χ_0 = g_{00},  χ_1 = T^0_0
 *   d = 2:  top(α∧β) = α_00β_11 + α_11β_00 − α_01β_10 − α_10β_01
 *           χ_0 = top(ω∧ω),  χ_1 = top(c_1∧ω),  χ_2 = top(T^0_0∧T^1_1) − top(T^0_1∧T^1_0)
 *   d = 3:  a (2,2)-form β is its pairing matrix P(β): top(γ∧β) = Σ_{ce} γ_ce P(β)_ce; for β = α∧α′
 *           P_ce = α_pr α′_qs − α_ps α′_qr − α_qr α′_ps + α_qs α′_pr,  p, q = c+1, c+2;  r, s = e+1, e+2  (mod 3)
 *           χ_0 = Σ g·P(ω∧ω),  χ_1 = Σ c_1·P(ω∧ω),  χ_2 = Σ g·P(c_2),
 *           c_2 = Σ_{i&lt;j} (T^i_i∧T^j_j − T^i_j∧T^j_i),
 *           χ_3 = Σ_j Σ T^0_j · P(T^1_{j+1}∧T^2_{j+2} − T^1_{j+2}∧T^2_{j+1})     (cofactor expansion of det T)
 * </pre>
 * about 700 complex multiplications per point for d = 3 instead of the d!·(d − 1) products in the 4<sup>d</sup>-
 * dimensional algebra; d ≥ 4 uses {@link #chernByExteriorAlgebra}. {@link #riemann} and {@link #ricci} use the
 * Kähler symmetries (independent entries only), {@link #inverse} the adjugate for d ≤ 3. No allocation per point.
 * Not thread safe.
 */
public final class KahlerCurvatureKernel {
    private final int d;
    private final ExteriorForms forms;
    private final int[][] perms;
    private final double[] permSign;
    private final double[] lu;
    private final double[] w;
    private final double[][] entries;
    private final double[] prod;
    private final double[] prod2;
    private final double[] total;
    private final double[] part;
    private final double[][] omegaPow;
    private final double[] two = new double[2];
    private final double[] theta;
    private final double[] c1;
    private final double[] pairGg = new double[18];
    private final double[] pairC2 = new double[18];
    private final double[] pairC3 = new double[18];
    private static final int[] NEXT = {1, 2, 0};
    private final int[] pairFirst;
    private final int[] pairSecond;
    private final int[] fill;

    /**
     * A kernel for complex dimension d (1 ≤ d ≤ 6).
     */
    public KahlerCurvatureKernel(int d) {
        this.d = d;
        this.forms = new ExteriorForms(d);
        List<int[]> ps = new ArrayList<>();
        permute(new int[d], new boolean[d], 0, ps);
        this.perms = ps.toArray(new int[0][]);
        this.permSign = new double[perms.length];
        for (int k = 0; k < perms.length; k++) {
            int inv = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    if (perms[k][i] > perms[k][j]) {
                        inv++;
                    }
                }
            }
            permSign[k] = (inv & 1) == 0 ? 1.0 : -1.0;
        }
        this.lu = new double[2 * d * d + 2];
        this.w = new double[2 * d * d * d];
        int es = forms.elementSize();
        this.entries = new double[d * d][es];
        this.prod = new double[es];
        this.prod2 = new double[es];
        this.total = new double[es];
        this.part = new double[es];
        this.omegaPow = new double[d + 1][es];
        this.theta = new double[2 * d * d * d * d];
        this.c1 = new double[2 * d * d];
        this.pairFirst = symmetricPairs(d, true);
        this.pairSecond = symmetricPairs(d, false);
        this.fill = hermitianPairFill(d);
    }

    /**
     * The index pairs {a ≤ c} in the order (0,0), (0,1), …, (0,d−1), (1,1), …: their first (first = true) or
     * second members.
     */
    static int[] symmetricPairs(int d, boolean first) {
        int[] out = new int[d * (d + 1) / 2];
        int u = 0;
        for (int a = 0; a < d; a++) {
            for (int c = a; c < d; c++) {
                out[u++] = first ? a : c;
            }
        }
        return out;
    }

    /**
     * For a tensor T<sub>ab̄cē</sub> at {@code [2(((a·d + b)·d + c)·d + e)]} with the symmetries of ∂∂̄g and R
     * (T<sub>ab̄cē</sub> = T<sub>cb̄aē</sub> = T<sub>aēcb̄</sub> = conj T<sub>bāeč</sub>): for each pair of index pairs
     * u ≤ v of {@link #symmetricPairs}, (a, c) = pair u and (b, e) = pair v, eight offsets: those of T<sub>ab̄cē</sub>,
     * T<sub>cb̄aē</sub>, T<sub>aēcb̄</sub>, T<sub>cēab̄</sub> (equal) and of T<sub>bāeč</sub>, T<sub>eābč</sub>,
     * T<sub>bčeā</sub>, T<sub>ečbā</sub> (their conjugates). Together they cover every entry; the two sets meet only
     * when u = v, where T is real.
     */
    static int[] hermitianPairFill(int d) {
        int[] first = symmetricPairs(d, true);
        int[] second = symmetricPairs(d, false);
        int np = first.length;
        int[] fill = new int[4 * np * (np + 1)];
        int k = 0;
        for (int p = 0; p < np; p++) {
            int a = first[p];
            int c = second[p];
            for (int q = p; q < np; q++) {
                int b = first[q];
                int e = second[q];
                int[] idx = {a, b, c, e, c, b, a, e, a, e, c, b, c, e, a, b,
                    b, a, e, c, e, a, b, c, b, c, e, a, e, c, b, a};
                for (int t = 0; t < 8; t++) {
                    fill[k++] = 2 * (((idx[4 * t] * d + idx[4 * t + 1]) * d + idx[4 * t + 2]) * d + idx[4 * t + 3]);
                }
            }
        }
        return fill;
    }

    private static void permute(int[] cur, boolean[] used, int pos, List<int[]> out) {
        if (pos == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int i = 0; i < cur.length; i++) {
            if (!used[i]) {
                used[i] = true;
                cur[pos] = i;
                permute(cur, used, pos + 1, out);
                used[i] = false;
            }
        }
    }

    /**
     * Inverse metric M = g<sup>−1</sup> into inv (2d² doubles at invOff): {@link SmallComplexMatrices#inverse} (the
     * adjugate over the determinant for d ≤ 3, complex Gaussian elimination with partial pivoting for d ≥ 4). Any
     * complex matrix is accepted (g need not be Hermitian).
     *
     * @param g the metric g<sub>ab̄</sub> (2d² doubles at gOff)
     * @param inv receives M
     * @return false if g is singular (det g = 0 for d ≤ 3, a zero pivot otherwise)
     */
    public boolean inverse(double[] g, int gOff, double[] inv, int invOff) {
        return SmallComplexMatrices.inverse(d, g, gOff, inv, invOff, lu);
    }

    /**
     * R<sub>ab̄cē</sub> into r ({@code [2(((a·d + b)·d + c)·d + e)]}). Uses the Kähler symmetries of the jets
     * (∂<sub>c</sub>g<sub>ab̄</sub> symmetric in a, c; ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub> symmetric in (a, c) and
     * in (b, e), and conj ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub> = ∂<sub>e</sub>∂̄<sub>c</sub>g<sub>bā</sub>), which
     * hold for every Kähler potential: W<sub>{ac},q</sub> = Σ<sub>f</sub> ∂<sub>c</sub>g<sub>af̄</sub>M<sub>fq</sub> for
     * a ≤ c only, R for the index pairs {a ≤ c} ≤ {b ≤ e} only (d²(d+1)²/8 + O(d²) of d⁴ entries), the rest copied by
     * R<sub>ab̄cē</sub> = R<sub>cb̄aē</sub> = R<sub>aēcb̄</sub> = conj R<sub>bāeč</sub> (and R<sub>aācc̄</sub>,
     * R<sub>aāaā</sub> real).
     *
     * @param inv the inverse metric M (2d² doubles at invOff)
     * @param dg ∂<sub>c</sub>g<sub>ab̄</sub> at {@code [2((c·d + a)·d + b)]} from dgOff
     * @param ddg ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub> at {@code [2(((a·d + b)·d + c)·d + e)]} from ddgOff
     * @param r receives R (2d⁴ doubles at rOff)
     */
    public void riemann(double[] inv, int invOff, double[] dg, int dgOff, double[] ddg, int ddgOff, double[] r,
            int rOff) {
        int np = pairFirst.length;
        for (int u = 0; u < np; u++) {
            int xo = dgOff + 2 * ((pairSecond[u] * d + pairFirst[u]) * d);
            for (int q = 0; q < d; q++) {
                double re = 0.0;
                double im = 0.0;
                for (int f = 0; f < d; f++) {
                    double xr = dg[xo + 2 * f];
                    double xi = dg[xo + 2 * f + 1];
                    double mr = inv[invOff + 2 * (f * d + q)];
                    double mi = inv[invOff + 2 * (f * d + q) + 1];
                    re += xr * mr - xi * mi;
                    im += xr * mi + xi * mr;
                }
                w[2 * (u * d + q)] = re;
                w[2 * (u * d + q) + 1] = im;
            }
        }
        int k = 0;
        for (int u = 0; u < np; u++) {
            int wo = 2 * u * d;
            for (int v = u; v < np; v++, k += 8) {
                // Σ_q W_{ac,q} conj(∂_e g_{bq̄}), (b, e) = pair v
                int yo = dgOff + 2 * ((pairSecond[v] * d + pairFirst[v]) * d);
                int o = fill[k];
                double re = ddg[ddgOff + o];
                double im = ddg[ddgOff + o + 1];
                for (int q = 0; q < d; q++) {
                    double xr = w[wo + 2 * q];
                    double xi = w[wo + 2 * q + 1];
                    double yr = dg[yo + 2 * q];
                    double yi = dg[yo + 2 * q + 1];
                    re -= xr * yr + xi * yi;
                    im -= xi * yr - xr * yi;
                }
                if (u == v) {
                    im = 0.0;
                }
                for (int s = 0; s < 4; s++) {
                    r[rOff + fill[k + s]] = re;
                    r[rOff + fill[k + s] + 1] = im;
                }
                double conjIm = u == v ? 0.0 : -im; // never −0.0
                for (int s = 4; s < 8; s++) {
                    r[rOff + fill[k + s]] = re;
                    r[rOff + fill[k + s] + 1] = conjIm;
                }
            }
        }
    }

    /**
     * Ric<sub>ab̄</sub> = −Σ M<sub>ec</sub>R<sub>ab̄cē</sub> into ric (2d²), for a ≤ b; Ric<sub>bā</sub> = conj
     * Ric<sub>ab̄</sub> (Hermitian, real diagonal).
     *
     * @param inv the inverse metric M (2d² doubles at invOff)
     * @param r R<sub>ab̄cē</sub> (2d⁴ doubles at rOff)
     * @param ric receives Ric (2d² doubles at ricOff)
     */
    public void ricci(double[] inv, int invOff, double[] r, int rOff, double[] ric, int ricOff) {
        int d2 = d * d;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                int ro = rOff + 2 * (a * d + b) * d2;
                double re = 0.0;
                double im = 0.0;
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        double mr = inv[invOff + 2 * (e * d + c)];
                        double mi = inv[invOff + 2 * (e * d + c) + 1];
                        double xr = r[ro + 2 * (c * d + e)];
                        double xi = r[ro + 2 * (c * d + e) + 1];
                        re += mr * xr - mi * xi;
                        im += mr * xi + mi * xr;
                    }
                }
                if (a == b) {
                    im = 0.0;
                }
                ric[ricOff + 2 * (a * d + b)] = -re;
                ric[ricOff + 2 * (a * d + b) + 1] = -im;
                ric[ricOff + 2 * (b * d + a)] = -re;
                ric[ricOff + 2 * (b * d + a) + 1] = im;
            }
        }
    }

    /**
     * s = Re Σ M<sub>ba</sub> Ric<sub>ab̄</sub>.
     *
     * @return s at the point
     */
    public double scalar(double[] inv, int invOff, double[] ric, int ricOff) {
        double s = 0.0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                s += inv[invOff + 2 * (b * d + a)] * ric[ricOff + 2 * (a * d + b)]
                        - inv[invOff + 2 * (b * d + a) + 1] * ric[ricOff + 2 * (a * d + b) + 1];
            }
        }
        return s;
    }

    /**
     * Chern densities: out[o + k] = Re of the top coefficient of c<sub>k</sub>∧ω<sup>d−k</sup>, k = 0..d
     * (d + 1 doubles). The imaginary parts vanish for a Hermitian metric up to rounding.
     *
     * <p>For d ≤ 3 by closed forms (see the class comment), O(d⁵) with no allocation; for d ≥ 4 by
     * {@link #chernByExteriorAlgebra}. Both give the same values up to rounding.
     *
     * @param g the metric g<sub>ab̄</sub> (2d² doubles at gOff)
     * @param inv the inverse metric M (2d² doubles at invOff, from {@link #inverse})
     * @param r R<sub>ab̄cē</sub> (2d⁴ doubles at rOff, from {@link #riemann})
     * @param out receives χ<sub>0</sub>..χ<sub>d</sub> at o..o + d
     * @param o the output offset
     */
    public void chern(double[] g, int gOff, double[] inv, int invOff, double[] r, int rOff, double[] out, int o) {
        if (d > 3) {
            chernByExteriorAlgebra(g, gOff, inv, invOff, r, rOff, out, o);
            return;
        }
        curvatureEndomorphism(inv, invOff, r, rOff);
        double[] t = theta;
        if (d == 1) {
            out[o] = g[gOff];
            out[o + 1] = t[0];
        } else if (d == 2) {
            // blocks Θ^i_j at 8(2i + j); top(α∧β) = α00β11 + α11β00 − α01β10 − α10β01
            for (int k = 0; k < 8; k++) {
                c1[k] = t[k] + t[24 + k];
            }
            out[o] = top2(g, gOff, g, gOff);
            out[o + 1] = top2(c1, 0, g, gOff);
            out[o + 2] = top2(t, 0, t, 24) - top2(t, 8, t, 16);
        } else {
            // blocks Θ^i_j at 18(3i + j); (2,2)-forms as their pairing matrices (class comment)
            Arrays.fill(pairGg, 0.0);
            addCofactorForm3(g, gOff, g, gOff, 1.0, pairGg);
            out[o] = pairing3(g, gOff, pairGg);
            for (int k = 0; k < 18; k++) {
                c1[k] = t[k] + t[72 + k] + t[144 + k];
            }
            out[o + 1] = pairing3(c1, 0, pairGg);
            // c2 = Σ_{i<j} Θ^i_i∧Θ^j_j − Θ^i_j∧Θ^j_i
            Arrays.fill(pairC2, 0.0);
            addCofactorForm3(t, 0, t, 72, 1.0, pairC2);
            addCofactorForm3(t, 0, t, 144, 1.0, pairC2);
            addCofactorForm3(t, 72, t, 144, 1.0, pairC2);
            addCofactorForm3(t, 18, t, 54, -1.0, pairC2);
            addCofactorForm3(t, 36, t, 108, -1.0, pairC2);
            addCofactorForm3(t, 90, t, 126, -1.0, pairC2);
            out[o + 2] = pairing3(g, gOff, pairC2);
            // c3 = Σ_j Θ^0_j ∧ (Θ^1_{j+1}∧Θ^2_{j+2} − Θ^1_{j+2}∧Θ^2_{j+1})   (indices mod 3)
            double c3 = 0.0;
            for (int j = 0; j < 3; j++) {
                int j1 = NEXT[j];
                int j2 = NEXT[j1];
                Arrays.fill(pairC3, 0.0);
                addCofactorForm3(t, 18 * (3 + j1), t, 18 * (6 + j2), 1.0, pairC3);
                addCofactorForm3(t, 18 * (3 + j2), t, 18 * (6 + j1), -1.0, pairC3);
                c3 += pairing3(t, 18 * j, pairC3);
            }
            out[o + 3] = c3;
        }
    }

    /** Θ/2π into theta: Θ<sub>ij,ce</sub>/2π = −(1/2π) Σ<sub>a</sub> M<sub>ia</sub> R<sub>aj̄cē</sub>, {@code [2(((i·d + j)·d + c)·d + e)]}. */
    private void curvatureEndomorphism(double[] inv, int invOff, double[] r, int rOff) {
        int d3 = 2 * d * d * d;
        double scale = -1.0 / (2.0 * Math.PI);
        double[] t = theta;
        for (int i = 0; i < d; i++) {
            int to = i * d3;
            Arrays.fill(t, to, to + d3, 0.0);
            for (int a = 0; a < d; a++) {
                double mr = scale * inv[invOff + 2 * (i * d + a)];
                double mi = scale * inv[invOff + 2 * (i * d + a) + 1];
                int ro = rOff + a * d3;
                for (int k = 0; k < d3; k += 2) {
                    double xr = r[ro + k];
                    double xi = r[ro + k + 1];
                    t[to + k] += mr * xr - mi * xi;
                    t[to + k + 1] += mr * xi + mi * xr;
                }
            }
        }
    }

    /** Re top(α∧β) for d = 2, α and β (1,1)-forms given by their 2×2 coefficient matrices. */
    private static double top2(double[] x, int xo, double[] y, int yo) {
        return x[xo] * y[yo + 6] - x[xo + 1] * y[yo + 7] + x[xo + 6] * y[yo] - x[xo + 7] * y[yo + 1]
                - (x[xo + 2] * y[yo + 4] - x[xo + 3] * y[yo + 5]) - (x[xo + 4] * y[yo + 2] - x[xo + 5] * y[yo + 3]);
    }

    /**
     * The (2,2)-form α∧β (d = 3) as its pairing matrix P: top(γ∧α∧β) = Σ<sub>ce</sub> γ<sub>ce</sub>P<sub>ce</sub>,
     * P<sub>ce</sub> = α<sub>pr</sub>β<sub>qs</sub> − α<sub>ps</sub>β<sub>qr</sub> − α<sub>qr</sub>β<sub>ps</sub> +
     * α<sub>qs</sub>β<sub>pr</sub> with p, q = c + 1, c + 2 and r, s = e + 1, e + 2 (mod 3); times sign, added to out
     * (unrolled: the offsets are constants).
     */
    // Measured hot loop of the Chern densities (d = 3), unrolled by design: kept in one piece.
    private static void addCofactorForm3(double[] x, int xo, double[] y, int yo, double sign, double[] out) {
        double re;
        double im;
        // P_00
        re = x[xo + 8] * y[yo + 16] - x[xo + 9] * y[yo + 17];
        im = x[xo + 8] * y[yo + 17] + x[xo + 9] * y[yo + 16];
        re -= x[xo + 10] * y[yo + 14] - x[xo + 11] * y[yo + 15];
        im -= x[xo + 10] * y[yo + 15] + x[xo + 11] * y[yo + 14];
        re -= x[xo + 14] * y[yo + 10] - x[xo + 15] * y[yo + 11];
        im -= x[xo + 14] * y[yo + 11] + x[xo + 15] * y[yo + 10];
        re += x[xo + 16] * y[yo + 8] - x[xo + 17] * y[yo + 9];
        im += x[xo + 16] * y[yo + 9] + x[xo + 17] * y[yo + 8];
        out[0] += sign * re;
        out[1] += sign * im;
        // P_01
        re = x[xo + 10] * y[yo + 12] - x[xo + 11] * y[yo + 13];
        im = x[xo + 10] * y[yo + 13] + x[xo + 11] * y[yo + 12];
        re -= x[xo + 6] * y[yo + 16] - x[xo + 7] * y[yo + 17];
        im -= x[xo + 6] * y[yo + 17] + x[xo + 7] * y[yo + 16];
        re -= x[xo + 16] * y[yo + 6] - x[xo + 17] * y[yo + 7];
        im -= x[xo + 16] * y[yo + 7] + x[xo + 17] * y[yo + 6];
        re += x[xo + 12] * y[yo + 10] - x[xo + 13] * y[yo + 11];
        im += x[xo + 12] * y[yo + 11] + x[xo + 13] * y[yo + 10];
        out[2] += sign * re;
        out[3] += sign * im;
        // P_02
        re = x[xo + 6] * y[yo + 14] - x[xo + 7] * y[yo + 15];
        im = x[xo + 6] * y[yo + 15] + x[xo + 7] * y[yo + 14];
        re -= x[xo + 8] * y[yo + 12] - x[xo + 9] * y[yo + 13];
        im -= x[xo + 8] * y[yo + 13] + x[xo + 9] * y[yo + 12];
        re -= x[xo + 12] * y[yo + 8] - x[xo + 13] * y[yo + 9];
        im -= x[xo + 12] * y[yo + 9] + x[xo + 13] * y[yo + 8];
        re += x[xo + 14] * y[yo + 6] - x[xo + 15] * y[yo + 7];
        im += x[xo + 14] * y[yo + 7] + x[xo + 15] * y[yo + 6];
        out[4] += sign * re;
        out[5] += sign * im;
        // P_10
        re = x[xo + 14] * y[yo + 4] - x[xo + 15] * y[yo + 5];
        im = x[xo + 14] * y[yo + 5] + x[xo + 15] * y[yo + 4];
        re -= x[xo + 16] * y[yo + 2] - x[xo + 17] * y[yo + 3];
        im -= x[xo + 16] * y[yo + 3] + x[xo + 17] * y[yo + 2];
        re -= x[xo + 2] * y[yo + 16] - x[xo + 3] * y[yo + 17];
        im -= x[xo + 2] * y[yo + 17] + x[xo + 3] * y[yo + 16];
        re += x[xo + 4] * y[yo + 14] - x[xo + 5] * y[yo + 15];
        im += x[xo + 4] * y[yo + 15] + x[xo + 5] * y[yo + 14];
        out[6] += sign * re;
        out[7] += sign * im;
        // P_11
        re = x[xo + 16] * y[yo + 0] - x[xo + 17] * y[yo + 1];
        im = x[xo + 16] * y[yo + 1] + x[xo + 17] * y[yo + 0];
        re -= x[xo + 12] * y[yo + 4] - x[xo + 13] * y[yo + 5];
        im -= x[xo + 12] * y[yo + 5] + x[xo + 13] * y[yo + 4];
        re -= x[xo + 4] * y[yo + 12] - x[xo + 5] * y[yo + 13];
        im -= x[xo + 4] * y[yo + 13] + x[xo + 5] * y[yo + 12];
        re += x[xo + 0] * y[yo + 16] - x[xo + 1] * y[yo + 17];
        im += x[xo + 0] * y[yo + 17] + x[xo + 1] * y[yo + 16];
        out[8] += sign * re;
        out[9] += sign * im;
        // P_12
        re = x[xo + 12] * y[yo + 2] - x[xo + 13] * y[yo + 3];
        im = x[xo + 12] * y[yo + 3] + x[xo + 13] * y[yo + 2];
        re -= x[xo + 14] * y[yo + 0] - x[xo + 15] * y[yo + 1];
        im -= x[xo + 14] * y[yo + 1] + x[xo + 15] * y[yo + 0];
        re -= x[xo + 0] * y[yo + 14] - x[xo + 1] * y[yo + 15];
        im -= x[xo + 0] * y[yo + 15] + x[xo + 1] * y[yo + 14];
        re += x[xo + 2] * y[yo + 12] - x[xo + 3] * y[yo + 13];
        im += x[xo + 2] * y[yo + 13] + x[xo + 3] * y[yo + 12];
        out[10] += sign * re;
        out[11] += sign * im;
        // P_20
        re = x[xo + 2] * y[yo + 10] - x[xo + 3] * y[yo + 11];
        im = x[xo + 2] * y[yo + 11] + x[xo + 3] * y[yo + 10];
        re -= x[xo + 4] * y[yo + 8] - x[xo + 5] * y[yo + 9];
        im -= x[xo + 4] * y[yo + 9] + x[xo + 5] * y[yo + 8];
        re -= x[xo + 8] * y[yo + 4] - x[xo + 9] * y[yo + 5];
        im -= x[xo + 8] * y[yo + 5] + x[xo + 9] * y[yo + 4];
        re += x[xo + 10] * y[yo + 2] - x[xo + 11] * y[yo + 3];
        im += x[xo + 10] * y[yo + 3] + x[xo + 11] * y[yo + 2];
        out[12] += sign * re;
        out[13] += sign * im;
        // P_21
        re = x[xo + 4] * y[yo + 6] - x[xo + 5] * y[yo + 7];
        im = x[xo + 4] * y[yo + 7] + x[xo + 5] * y[yo + 6];
        re -= x[xo + 0] * y[yo + 10] - x[xo + 1] * y[yo + 11];
        im -= x[xo + 0] * y[yo + 11] + x[xo + 1] * y[yo + 10];
        re -= x[xo + 10] * y[yo + 0] - x[xo + 11] * y[yo + 1];
        im -= x[xo + 10] * y[yo + 1] + x[xo + 11] * y[yo + 0];
        re += x[xo + 6] * y[yo + 4] - x[xo + 7] * y[yo + 5];
        im += x[xo + 6] * y[yo + 5] + x[xo + 7] * y[yo + 4];
        out[14] += sign * re;
        out[15] += sign * im;
        // P_22
        re = x[xo + 0] * y[yo + 8] - x[xo + 1] * y[yo + 9];
        im = x[xo + 0] * y[yo + 9] + x[xo + 1] * y[yo + 8];
        re -= x[xo + 2] * y[yo + 6] - x[xo + 3] * y[yo + 7];
        im -= x[xo + 2] * y[yo + 7] + x[xo + 3] * y[yo + 6];
        re -= x[xo + 6] * y[yo + 2] - x[xo + 7] * y[yo + 3];
        im -= x[xo + 6] * y[yo + 3] + x[xo + 7] * y[yo + 2];
        re += x[xo + 8] * y[yo + 0] - x[xo + 9] * y[yo + 1];
        im += x[xo + 8] * y[yo + 1] + x[xo + 9] * y[yo + 0];
        out[16] += sign * re;
        out[17] += sign * im;
    }

    /** Re Σ<sub>ce</sub> γ<sub>ce</sub>P<sub>ce</sub> for d = 3: the top coefficient of γ∧(the form of P). */
    private static double pairing3(double[] x, int xo, double[] pairing) {
        double s = 0.0;
        for (int k = 0; k < 18; k += 2) {
            s += x[xo + k] * pairing[k] - x[xo + k + 1] * pairing[k + 1];
        }
        return s;
    }

    /**
     * The Chern densities of {@link #chern} by the general path: the Leibniz expansion of det(1 + Θ/2π) over the d!
     * permutations in the algebra {@link ExteriorForms}, then the top coefficients of c<sub>k</sub>∧ω<sup>d−k</sup>.
     * O(d!·d·16<sup>d</sup>); used by {@link #chern} for d ≥ 4 and by the tests as the reference of the closed
     * forms.
     */
    public void chernByExteriorAlgebra(double[] g, int gOff, double[] inv, int invOff, double[] r, int rOff,
            double[] out, int o) {
        // entries E_ij = δ_ij + (1/2π) Σ_{ce} Θ_{ij,ce} B({c},{e}),  Θ_{ij,ce} = −Σ_a M_{ia} R_{a j̄ c ē}
        double scale = 1.0 / (2.0 * Math.PI);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double[] el = entries[i * d + j];
                Arrays.fill(el, 0.0);
                if (i == j) {
                    el[0] = 1.0;
                }
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        double re = 0.0;
                        double im = 0.0;
                        for (int a = 0; a < d; a++) {
                            double mr = inv[invOff + 2 * (i * d + a)];
                            double mi = inv[invOff + 2 * (i * d + a) + 1];
                            double xr = r[rOff + 2 * (((a * d + j) * d + c) * d + e)];
                            double xi = r[rOff + 2 * (((a * d + j) * d + c) * d + e) + 1];
                            re += mr * xr - mi * xi;
                            im += mr * xi + mi * xr;
                        }
                        int k = forms.oneOne(c, e);
                        el[2 * k] = -scale * re;
                        el[2 * k + 1] = -scale * im;
                    }
                }
            }
        }
        Arrays.fill(total, 0.0);
        for (int p = 0; p < perms.length; p++) {
            int[] perm = perms[p];
            System.arraycopy(entries[perm[0]], 0, prod, 0, prod.length);
            for (int i = 1; i < d; i++) {
                forms.multiply(prod, entries[i * d + perm[i]], prod2);
                System.arraycopy(prod2, 0, prod, 0, prod.length);
            }
            double s = permSign[p];
            for (int k = 0; k < total.length; k++) {
                total[k] += s * prod[k];
            }
        }
        // ω powers
        double[] om = omegaPow[1];
        Arrays.fill(omegaPow[0], 0.0);
        omegaPow[0][0] = 1.0;
        Arrays.fill(om, 0.0);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                int k = forms.oneOne(a, b);
                om[2 * k] = g[gOff + 2 * (a * d + b)];
                om[2 * k + 1] = g[gOff + 2 * (a * d + b) + 1];
            }
        }
        for (int p = 2; p <= d; p++) {
            forms.multiply(omegaPow[p - 1], om, omegaPow[p]);
        }
        for (int k = 0; k <= d; k++) {
            forms.part(total, k, part);
            forms.topOfProduct(part, omegaPow[d - k], k, two, 0);
            out[o + k] = two[0];
        }
    }
}
