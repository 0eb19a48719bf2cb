package org.metricflow.nn.phi.internal;

import org.metricflow.core.linalg.internal.SmallComplexMatrices;

/**
 * The invariant norm |Ric|²<sub>g</sub> = tr((g<sup>−1</sup>Ric)²) of a Kähler metric's Ricci form at one point from
 * the metric's jets, and its gradient with respect to those jets (the per-point part of the Ricci loss's fused step).
 *
 * <p>With G = g, D<sub>c</sub> = ∂<sub>c</sub>g, E<sub>ce</sub> = ∂<sub>c</sub>∂̄<sub>e</sub>g (d×d complex matrices, entry
 * [a][b] = ·<sub>ab̄</sub>) and M = G<sup>−1</sup>:
 * <pre>
 *   R_ce = E_ce − D_c M D_eᴴ,   Ric = −Σ_ce M[e][c] R_ce,   A = M Ric,   n = Re tr(A²)
 * </pre>
 * (the curvature formulas of {@code KahlerGeometry}). Reverse mode in the convention dn = Re tr(C<sub>X</sub> dX):
 * <pre>
 *   C_Ric = 2 M Ric M,   C_M = 2 Ric M Ric − Σ_ce (tr(C_Ric R_ce) e_c e_eᵀ + D_eᴴ C_ce D_c),   C_ce = −M[e][c] C_Ric
 *   C_E(ce) = C_ce,   C_D(c) = −Σ_e (M D_eᴴ C_ce + M D_eᴴ C_ecᴴ),   C_G = −M C_M M
 * </pre>
 * and the gradient with respect to the real and imaginary parts of an entry, ∂n/∂Re X<sub>ij</sub> + i ∂n/∂Im X<sub>ij</sub>
 * (every entry taken as independent), is C<sub>X</sub>ᴴ. Layouts (interleaved complex): g [2(a·d + b)], ∂g
 * [2((c·d + a)·d + b)], ∂∂̄g [2(((a·d + b)·d + c)·d + e)]. Not thread safe (scratch per instance).
 */
final class RicciNormAdjoint {
    private final int d;
    private final double[] inv;
    private final double[] ric;
    private final double[] a;
    private final double[] r;
    private final double[] cRic;
    private final double[] cM;
    private final double[] t1;
    private final double[] t2;
    private final double[] t3;
    private final double[] scratch;

    RicciNormAdjoint(int d) {
        this.d = d;
        int m = 2 * d * d;
        this.inv = new double[m];
        this.ric = new double[m];
        this.a = new double[m];
        this.r = new double[m * d * d];
        this.cRic = new double[m];
        this.cM = new double[m];
        this.t1 = new double[m];
        this.t2 = new double[m];
        this.t3 = new double[m];
        this.scratch = new double[m + 2];
    }

    /**
     * n = tr((g<sup>−1</sup>Ric)²) at one point and, scaled by {@code factor}, its gradient with respect to the jets.
     *
     * @param g the metric at {@code go}
     * @param dg ∂g at {@code dgo}
     * @param ddg ∂∂̄g at {@code ddgo}
     * @param factor the factor of the gradients
     * @param gBar output, {@code factor}·∂n/∂g at offset 0 (2d² doubles, overwritten)
     * @param dgBar output, {@code factor}·∂n/∂(∂g) at offset 0 (2d³, overwritten)
     * @param ddgBar output, {@code factor}·∂n/∂(∂∂̄g) at offset 0 (2d⁴, overwritten)
     * @return n, or NaN if g is singular
     */
    double normAndGradient(double[] g, int go, double[] dg, int dgo, double[] ddg, int ddgo, double factor,
            double[] gBar, double[] dgBar, double[] ddgBar) {
        int m2 = 2 * d * d;
        if (!SmallComplexMatrices.inverse(d, g, go, inv, 0, scratch)) {
            java.util.Arrays.fill(gBar, 0, m2, Double.NaN);
            return Double.NaN;
        }
        ricci(dg, dgo, ddg, ddgo);
        SmallComplexMatrices.multiplyOp(d, inv, 0, false, ric, 0, false, a);
        double n = 0.0;
        for (int x = 0; x < d; x++) {
            for (int y = 0; y < d; y++) {
                int xy = 2 * (x * d + y);
                int yx = 2 * (y * d + x);
                n += a[xy] * a[yx] - a[xy + 1] * a[yx + 1];
            }
        }
        SmallComplexMatrices.multiplyOp(d, a, 0, false, inv, 0, false, cRic); // C_Ric = 2 A M, C_M = 2 Ric A
        SmallComplexMatrices.multiplyOp(d, ric, 0, false, a, 0, false, cM);
        for (int o = 0; o < m2; o++) {
            cRic[o] *= 2.0;
            cM[o] *= 2.0;
        }
        java.util.Arrays.fill(dgBar, 0, m2 * d, 0.0);
        for (int c = 0; c < d; c++) {
            for (int e = 0; e < d; e++) {
                int ro = (c * d + e) * m2;
                // C_M[c][e] −= tr(C_Ric R_ce)
                double tr = 0.0;
                double ti = 0.0;
                for (int x = 0; x < d; x++) {
                    for (int y = 0; y < d; y++) {
                        int xy = 2 * (x * d + y);
                        int yx = ro + 2 * (y * d + x);
                        tr += cRic[xy] * r[yx] - cRic[xy + 1] * r[yx + 1];
                        ti += cRic[xy] * r[yx + 1] + cRic[xy + 1] * r[yx];
                    }
                }
                cM[2 * (c * d + e)] -= tr;
                cM[2 * (c * d + e) + 1] -= ti;
                // C_ce = −M[e][c] C_Ric (in t3); ∂∂̄g gradient C_ceᴴ
                double mr = -inv[2 * (e * d + c)];
                double mi = -inv[2 * (e * d + c) + 1];
                for (int o = 0; o < m2; o += 2) {
                    t3[o] = mr * cRic[o] - mi * cRic[o + 1];
                    t3[o + 1] = mr * cRic[o + 1] + mi * cRic[o];
                }
                for (int x = 0; x < d; x++) {
                    for (int y = 0; y < d; y++) {
                        int dst = 2 * (((x * d + y) * d + c) * d + e);
                        int src = 2 * (y * d + x);
                        ddgBar[dst] = factor * t3[src];
                        ddgBar[dst + 1] = -factor * t3[src + 1];
                    }
                }
                // C_D(c) −= M D_eᴴ C_ce
                SmallComplexMatrices.multiplyOp(d, inv, 0, false, dg, dgo + e * m2, true, t1);
                SmallComplexMatrices.multiplyOp(d, t1, 0, false, t3, 0, false, t2);
                accumulate(dgBar, c * m2, t2, -1.0);
                // C_D(e) −= M D_cᴴ C_ceᴴ
                SmallComplexMatrices.multiplyOp(d, inv, 0, false, dg, dgo + c * m2, true, t1);
                SmallComplexMatrices.multiplyOp(d, t1, 0, false, t3, 0, true, t2);
                accumulate(dgBar, e * m2, t2, -1.0);
                // C_M −= D_eᴴ C_ce D_c
                SmallComplexMatrices.multiplyOp(d, dg, dgo + e * m2, true, t3, 0, false, t1);
                SmallComplexMatrices.multiplyOp(d, t1, 0, false, dg, dgo + c * m2, false, t2);
                accumulate(cM, 0, t2, -1.0);
            }
        }
        SmallComplexMatrices.multiplyOp(d, inv, 0, false, cM, 0, false, t1); // C_G = −M C_M M
        SmallComplexMatrices.multiplyOp(d, t1, 0, false, inv, 0, false, t2);
        conjugateTranspose(t2, 0, gBar, 0, -factor);
        // gradients are C_Xᴴ: transpose the accumulated C_D(c) in place
        for (int c = 0; c < d; c++) {
            System.arraycopy(dgBar, c * m2, t1, 0, m2);
            conjugateTranspose(t1, 0, dgBar, c * m2, factor);
        }
        return n;
    }

    /** R_ce = E_ce − D_c M D_eᴴ (into r) and Ric = −Σ M[e][c] R_ce (into ric), with M = g⁻¹ in inv. */
    private void ricci(double[] dg, int dgo, double[] ddg, int ddgo) {
        int m2 = 2 * d * d;
        java.util.Arrays.fill(ric, 0.0);
        for (int c = 0; c < d; c++) {
            SmallComplexMatrices.multiplyOp(d, dg, dgo + c * m2, false, inv, 0, false, t1);
            for (int e = 0; e < d; e++) {
                int ro = (c * d + e) * m2;
                SmallComplexMatrices.multiplyOp(d, t1, 0, false, dg, dgo + e * m2, true, t2);
                for (int x = 0; x < d; x++) {
                    for (int y = 0; y < d; y++) {
                        int src = ddgo + 2 * (((x * d + y) * d + c) * d + e);
                        int o = 2 * (x * d + y);
                        r[ro + o] = ddg[src] - t2[o];
                        r[ro + o + 1] = ddg[src + 1] - t2[o + 1];
                    }
                }
                double mr = inv[2 * (e * d + c)];
                double mi = inv[2 * (e * d + c) + 1];
                for (int o = 0; o < m2; o += 2) {
                    ric[o] -= mr * r[ro + o] - mi * r[ro + o + 1];
                    ric[o + 1] -= mr * r[ro + o + 1] + mi * r[ro + o];
                }
            }
        }
    }

    private void accumulate(double[] out, int o, double[] x, double s) {
        for (int k = 0; k < 2 * d * d; k++) {
            out[o + k] += s * x[k];
        }
    }

    /** out[o + (i, j)] = s·conj(x[xo + (j, i)]). */
    private void conjugateTranspose(double[] x, int xo, double[] out, int o, double s) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[o + 2 * (i * d + j)] = s * x[xo + 2 * (j * d + i)];
                out[o + 2 * (i * d + j) + 1] = -s * x[xo + 2 * (j * d + i) + 1];
            }
        }
    }
}
