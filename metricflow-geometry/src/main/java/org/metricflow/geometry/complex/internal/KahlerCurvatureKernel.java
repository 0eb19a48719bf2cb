package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * c<sub>k</sub>∧ω<sup>d−k</sup>, ω = Σ g<sub>ab̄</sub> B({a},{b}); χ<sub>0</sub> = d!·det g. Not thread safe.
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

    /**
     * A kernel for complex dimension d (1 ≤ d ≤ 6).
     *
     * @param d the argument {@code d}
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
        this.lu = new double[2 * d * d];
        this.w = new double[2 * d * d * d];
        int es = forms.elementSize();
        this.entries = new double[d * d][es];
        this.prod = new double[es];
        this.prod2 = new double[es];
        this.total = new double[es];
        this.part = new double[es];
        this.omegaPow = new double[d + 1][es];
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
     * Inverse metric M = g<sup>−1</sup> into inv (2d² doubles at invOff).
     *
     * @param g the argument {@code g}
     * @param gOff the g off
     * @param inv the inv
     * @param invOff the inv off
     * @return false if g is singular
     */
    public boolean inverse(double[] g, int gOff, double[] inv, int invOff) {
        System.arraycopy(g, gOff, lu, 0, 2 * d * d);
        Arrays.fill(inv, invOff, invOff + 2 * d * d, 0.0);
        for (int a = 0; a < d; a++) {
            inv[invOff + 2 * (a * d + a)] = 1.0;
        }
        return SmallComplexMatrices.solveInPlace(d, lu, 0, d, inv, invOff);
    }

    /**
     * R<sub>ab̄ce̅</sub> into r ({@code [2(((a·d + b)·d + c)·d + e)]}).
     *
     * @param inv the inv
     * @param invOff the inv off
     * @param dg the argument {@code dg}
     * @param dgOff the dg off
     * @param ddg the ddg
     * @param ddgOff the ddg off
     * @param r the argument {@code r}
     * @param rOff the r off
     */
    public void riemann(double[] inv, int invOff, double[] dg, int dgOff, double[] ddg, int ddgOff, double[] r,
            int rOff) {
        // W[c][a][q] = Σ_f ∂_c g_{a f̄} M_{fq}
        for (int c = 0; c < d; c++) {
            for (int a = 0; a < d; a++) {
                for (int q = 0; q < d; q++) {
                    double re = 0.0;
                    double im = 0.0;
                    for (int f = 0; f < d; f++) {
                        double xr = dg[dgOff + 2 * ((c * d + a) * d + f)];
                        double xi = dg[dgOff + 2 * ((c * d + a) * d + f) + 1];
                        double mr = inv[invOff + 2 * (f * d + q)];
                        double mi = inv[invOff + 2 * (f * d + q) + 1];
                        re += xr * mr - xi * mi;
                        im += xr * mi + xi * mr;
                    }
                    w[2 * ((c * d + a) * d + q)] = re;
                    w[2 * ((c * d + a) * d + q) + 1] = im;
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        int o = 2 * (((a * d + b) * d + c) * d + e);
                        double re = ddg[ddgOff + o];
                        double im = ddg[ddgOff + o + 1];
                        for (int q = 0; q < d; q++) {
                            double xr = w[2 * ((c * d + a) * d + q)];
                            double xi = w[2 * ((c * d + a) * d + q) + 1];
                            double yr = dg[dgOff + 2 * ((e * d + b) * d + q)];
                            double yi = -dg[dgOff + 2 * ((e * d + b) * d + q) + 1];
                            re -= xr * yr - xi * yi;
                            im -= xr * yi + xi * yr;
                        }
                        r[rOff + o] = re;
                        r[rOff + o + 1] = im;
                    }
                }
            }
        }
    }

    /**
     * Ric<sub>ab̄</sub> = −Σ M<sub>ec</sub>R<sub>ab̄ce̅</sub> into ric (2d²).
     *
     * @param inv the inv
     * @param invOff the inv off
     * @param r the argument {@code r}
     * @param rOff the r off
     * @param ric the ric
     * @param ricOff the ric off
     */
    public void ricci(double[] inv, int invOff, double[] r, int rOff, double[] ric, int ricOff) {
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double re = 0.0;
                double im = 0.0;
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        double mr = inv[invOff + 2 * (e * d + c)];
                        double mi = inv[invOff + 2 * (e * d + c) + 1];
                        double xr = r[rOff + 2 * (((a * d + b) * d + c) * d + e)];
                        double xi = r[rOff + 2 * (((a * d + b) * d + c) * d + e) + 1];
                        re += mr * xr - mi * xi;
                        im += mr * xi + mi * xr;
                    }
                }
                ric[ricOff + 2 * (a * d + b)] = -re;
                ric[ricOff + 2 * (a * d + b) + 1] = -im;
            }
        }
    }

    /**
     * s = Re Σ M<sub>ba</sub> Ric<sub>ab̄</sub>.
     *
     * @param inv the inv
     * @param invOff the inv off
     * @param ric the ric
     * @param ricOff the ric off
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
     * @param g the argument {@code g}
     * @param gOff the g off
     * @param inv the inv
     * @param invOff the inv off
     * @param r the argument {@code r}
     * @param rOff the r off
     * @param out the argument {@code out}
     * @param o the argument {@code o}
     */
    public void chern(double[] g, int gOff, double[] inv, int invOff, double[] r, int rOff, double[] out, int o) {
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
