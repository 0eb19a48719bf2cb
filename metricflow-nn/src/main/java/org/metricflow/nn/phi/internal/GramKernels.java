package org.metricflow.nn.phi.internal;

/**
 * The per-point Gram contractions of the fused φ-model step ({@link PhiStepKernel}) for one layer of width n and
 * r = 2d ≤ 6 tangent rows A<sub>u</sub> (row u at {@code a[aOff + u·n]}), with s = σ''(a) ⊙ δ:
 * <pre>
 *   forward:  G[u,v] += Σ_k s_k A_u[k] A_v[k]                                  (r×r, symmetric)
 *   reverse:  Y_u = Σ_v Ḡ_s[u,v] A_v,  Ā_u = s ⊙ Y_u,  s̄ = ½ Σ_u A_u ⊙ Y_u    (Ḡ_s symmetric r×r)
 * </pre>
 * Both sweep k once with all r rows in registers (21 accumulators of G, or the 21 distinct entries of Ḡ<sub>s</sub>):
 * one load per row and neuron instead of one per product, and no packing or scratch rows for products that are
 * only r × r × n (the general product kernel spent more time copying than multiplying at these sizes). Rows r..5 of
 * the register block read a zero row and write a discard row, so d = 1, 2 share the d = 3 code. Every sum runs over
 * k = 0, 1, …, n − 1 in order (one FMA chain per entry): the results depend on nothing but the point's data.
 *
 * <p>Thread safety: stateless.
 */
final class GramKernels {
    /** The register block: at most six rows (d ≤ 3). */
    static final int ROWS = 6;

    private GramKernels() {
    }

    /**
     * G[u,v] += Σ<sub>k</sub> s<sub>k</sub> A<sub>u</sub>[k] A<sub>v</sub>[k] for u, v &lt; r (both triangles of the
     * row-major r×r {@code gram}).
     *
     * @param r rows of A, 1..6
     * @param n the layer width (row length)
     * @param a holds A; row u starts at {@code aOff + u·n}
     * @param s holds s on [{@code sOff}, {@code sOff + n})
     * @param zero a row of at least n zeros
     */
    // Measured hot loop of the fused training step (TrainingStepCpuTime): 21 accumulators in registers.
    static void gram(int r, int n, double[] a, int aOff, double[] s, int sOff, double[] zero, double[] gram) {
        double[] x0 = a;
        double[] x1 = r > 1 ? a : zero;
        double[] x2 = r > 2 ? a : zero;
        double[] x3 = r > 3 ? a : zero;
        double[] x4 = r > 4 ? a : zero;
        double[] x5 = r > 5 ? a : zero;
        int o0 = aOff;
        int o1 = r > 1 ? aOff + n : 0;
        int o2 = r > 2 ? aOff + 2 * n : 0;
        int o3 = r > 3 ? aOff + 3 * n : 0;
        int o4 = r > 4 ? aOff + 4 * n : 0;
        int o5 = r > 5 ? aOff + 5 * n : 0;
        double g00 = 0, g10 = 0, g11 = 0, g20 = 0, g21 = 0, g22 = 0, g30 = 0, g31 = 0, g32 = 0, g33 = 0;
        double g40 = 0, g41 = 0, g42 = 0, g43 = 0, g44 = 0, g50 = 0, g51 = 0, g52 = 0, g53 = 0, g54 = 0, g55 = 0;
        for (int k = 0; k < n; k++) {
            double a0 = x0[o0 + k];
            double a1 = x1[o1 + k];
            double a2 = x2[o2 + k];
            double a3 = x3[o3 + k];
            double a4 = x4[o4 + k];
            double a5 = x5[o5 + k];
            double sk = s[sOff + k];
            double b0 = sk * a0;
            double b1 = sk * a1;
            double b2 = sk * a2;
            double b3 = sk * a3;
            double b4 = sk * a4;
            double b5 = sk * a5;
            g00 = Math.fma(b0, a0, g00);
            g10 = Math.fma(b1, a0, g10);
            g11 = Math.fma(b1, a1, g11);
            g20 = Math.fma(b2, a0, g20);
            g21 = Math.fma(b2, a1, g21);
            g22 = Math.fma(b2, a2, g22);
            g30 = Math.fma(b3, a0, g30);
            g31 = Math.fma(b3, a1, g31);
            g32 = Math.fma(b3, a2, g32);
            g33 = Math.fma(b3, a3, g33);
            g40 = Math.fma(b4, a0, g40);
            g41 = Math.fma(b4, a1, g41);
            g42 = Math.fma(b4, a2, g42);
            g43 = Math.fma(b4, a3, g43);
            g44 = Math.fma(b4, a4, g44);
            g50 = Math.fma(b5, a0, g50);
            g51 = Math.fma(b5, a1, g51);
            g52 = Math.fma(b5, a2, g52);
            g53 = Math.fma(b5, a3, g53);
            g54 = Math.fma(b5, a4, g54);
            g55 = Math.fma(b5, a5, g55);
        }
        put(gram, r, 0, 0, g00);
        put(gram, r, 1, 0, g10);
        put(gram, r, 1, 1, g11);
        put(gram, r, 2, 0, g20);
        put(gram, r, 2, 1, g21);
        put(gram, r, 2, 2, g22);
        put(gram, r, 3, 0, g30);
        put(gram, r, 3, 1, g31);
        put(gram, r, 3, 2, g32);
        put(gram, r, 3, 3, g33);
        put(gram, r, 4, 0, g40);
        put(gram, r, 4, 1, g41);
        put(gram, r, 4, 2, g42);
        put(gram, r, 4, 3, g43);
        put(gram, r, 4, 4, g44);
        put(gram, r, 5, 0, g50);
        put(gram, r, 5, 1, g51);
        put(gram, r, 5, 2, g52);
        put(gram, r, 5, 3, g53);
        put(gram, r, 5, 4, g54);
        put(gram, r, 5, 5, g55);
    }

    /** G[u,v] += x and, off the diagonal, G[v,u] += x, for u &lt; r (rows beyond r are the zero rows). */
    private static void put(double[] gram, int r, int u, int v, double x) {
        if (u < r) {
            gram[u * r + v] += x;
            if (v != u) {
                gram[v * r + u] += x;
            }
        }
    }

    /**
     * Y<sub>u</sub> = Σ<sub>v</sub> Ḡ<sub>s</sub>[u,v] A<sub>v</sub>, Ā<sub>u</sub> = s ⊙ Y<sub>u</sub> (overwritten)
     * and s̄ = ½ Σ<sub>u</sub> A<sub>u</sub> ⊙ Y<sub>u</sub> (overwritten), for a symmetric Ḡ<sub>s</sub>.
     *
     * @param r rows of A, 1..6
     * @param n the layer width
     * @param gs Ḡ<sub>s</sub>, row-major r×r at {@code gOff} (only its lower triangle is read)
     * @param a holds A; row u at {@code aOff + u·n}
     * @param s holds s at {@code sOff}
     * @param abar receives Ā; row u at {@code barOff + u·n}
     * @param sbar receives s̄ at {@code sOff}
     * @param zero a row of at least n zeros
     * @param discard a row of at least n doubles, overwritten (the rows r..5 of the register block)
     */
    // Measured hot loop of the fused training step (TrainingStepCpuTime): Ḡ_s held in registers, one sweep over k.
    static void reverse(int r, int n, double[] gs, int gOff, double[] a, int aOff, double[] s, double[] abar,
            int barOff, double[] sbar, int sOff, double[] zero, double[] discard) {
        double g00 = entry(gs, gOff, r, 0, 0);
        double g10 = entry(gs, gOff, r, 1, 0);
        double g11 = entry(gs, gOff, r, 1, 1);
        double g20 = entry(gs, gOff, r, 2, 0);
        double g21 = entry(gs, gOff, r, 2, 1);
        double g22 = entry(gs, gOff, r, 2, 2);
        double g30 = entry(gs, gOff, r, 3, 0);
        double g31 = entry(gs, gOff, r, 3, 1);
        double g32 = entry(gs, gOff, r, 3, 2);
        double g33 = entry(gs, gOff, r, 3, 3);
        double g40 = entry(gs, gOff, r, 4, 0);
        double g41 = entry(gs, gOff, r, 4, 1);
        double g42 = entry(gs, gOff, r, 4, 2);
        double g43 = entry(gs, gOff, r, 4, 3);
        double g44 = entry(gs, gOff, r, 4, 4);
        double g50 = entry(gs, gOff, r, 5, 0);
        double g51 = entry(gs, gOff, r, 5, 1);
        double g52 = entry(gs, gOff, r, 5, 2);
        double g53 = entry(gs, gOff, r, 5, 3);
        double g54 = entry(gs, gOff, r, 5, 4);
        double g55 = entry(gs, gOff, r, 5, 5);
        double[] x1 = r > 1 ? a : zero;
        double[] x2 = r > 2 ? a : zero;
        double[] x3 = r > 3 ? a : zero;
        double[] x4 = r > 4 ? a : zero;
        double[] x5 = r > 5 ? a : zero;
        double[] y1 = r > 1 ? abar : discard;
        double[] y2 = r > 2 ? abar : discard;
        double[] y3 = r > 3 ? abar : discard;
        double[] y4 = r > 4 ? abar : discard;
        double[] y5 = r > 5 ? abar : discard;
        int o1 = r > 1 ? n : -aOff;
        int o2 = r > 2 ? 2 * n : -aOff;
        int o3 = r > 3 ? 3 * n : -aOff;
        int o4 = r > 4 ? 4 * n : -aOff;
        int o5 = r > 5 ? 5 * n : -aOff;
        int q1 = r > 1 ? n : -barOff;
        int q2 = r > 2 ? 2 * n : -barOff;
        int q3 = r > 3 ? 3 * n : -barOff;
        int q4 = r > 4 ? 4 * n : -barOff;
        int q5 = r > 5 ? 5 * n : -barOff;
        for (int k = 0; k < n; k++) {
            int ak = aOff + k;
            int bk = barOff + k;
            double a0 = a[ak];
            double a1 = x1[ak + o1];
            double a2 = x2[ak + o2];
            double a3 = x3[ak + o3];
            double a4 = x4[ak + o4];
            double a5 = x5[ak + o5];
            double v0 = Math.fma(g50, a5, Math.fma(g40, a4, Math.fma(g30, a3, Math.fma(g20, a2, Math.fma(g10, a1, g00 * a0)))));
            double v1 = Math.fma(g51, a5, Math.fma(g41, a4, Math.fma(g31, a3, Math.fma(g21, a2, Math.fma(g11, a1, g10 * a0)))));
            double v2 = Math.fma(g52, a5, Math.fma(g42, a4, Math.fma(g32, a3, Math.fma(g22, a2, Math.fma(g21, a1, g20 * a0)))));
            double v3 = Math.fma(g53, a5, Math.fma(g43, a4, Math.fma(g33, a3, Math.fma(g32, a2, Math.fma(g31, a1, g30 * a0)))));
            double v4 = Math.fma(g54, a5, Math.fma(g44, a4, Math.fma(g43, a3, Math.fma(g42, a2, Math.fma(g41, a1, g40 * a0)))));
            double v5 = Math.fma(g55, a5, Math.fma(g54, a4, Math.fma(g53, a3, Math.fma(g52, a2, Math.fma(g51, a1, g50 * a0)))));
            double sk = s[sOff + k];
            abar[bk] = sk * v0;
            y1[bk + q1] = sk * v1;
            y2[bk + q2] = sk * v2;
            y3[bk + q3] = sk * v3;
            y4[bk + q4] = sk * v4;
            y5[bk + q5] = sk * v5;
            sbar[sOff + k] = 0.5 * (((a0 * v0 + a1 * v1) + (a2 * v2 + a3 * v3)) + (a4 * v4 + a5 * v5));
        }
    }

    /** Ḡ<sub>s</sub>[u,v] for v ≤ u, 0 for the rows u ≥ r of the register block. */
    private static double entry(double[] gs, int gOff, int r, int u, int v) {
        return u < r ? gs[gOff + u * r + v] : 0.0;
    }
}
