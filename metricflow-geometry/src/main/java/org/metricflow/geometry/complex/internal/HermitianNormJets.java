package org.metricflow.geometry.complex.internal;

/**
 * Exact metric jets of the potential F(x) = κ·log s(x), s(x) = ⟨v(x), v(x)⟩ = Σ<sub>i</sub> v<sup>i</sup>(x)
 * conj(v<sup>i</sup>(x)), for a holomorphic map v: C<sup>d</sup> → C<sup>r</sup> given by its value v, first
 * derivatives v<sub>a</sub> and second derivatives v<sub>ac</sub> at x = 0 (the analytic fast path; for the
 * Fubini–Study potential v = ι, the embedding of X, and κ = 1/2π).
 *
 * <p>Because v is holomorphic, every mixed derivative of s is an inner product:
 * s<sub>a</sub> = ⟨v<sub>a</sub>, v⟩, s<sub>ab̄</sub> = ⟨v<sub>a</sub>, v<sub>b</sub>⟩, s<sub>ac</sub> =
 * ⟨v<sub>ac</sub>, v⟩, s<sub>acb̄</sub> = ⟨v<sub>ac</sub>, v<sub>b</sub>⟩, s<sub>acb̄ē</sub> = ⟨v<sub>ac</sub>,
 * v<sub>be</sub>⟩, and barred indices conjugate (s is real). The derivatives of log s follow from the
 * set-partition (Faà di Bruno) formula ∂<sub>S</sub> log s = Σ<sub>π</sub> (−1)<sup>|π|−1</sup>(|π|−1)!
 * Π<sub>B∈π</sub> s<sub>B</sub>/s<sup>|π|</sup> over the partitions π of the index set S:
 * <pre>
 *   g_{ab̄}        = κ[s_{ab̄}/s − s_a s_b̄/s²]
 *   ∂_c g_{ab̄}    = κ[s_{acb̄}/s − (s_{ab̄}s_c + s_{ac}s_b̄ + s_a s_{cb̄})/s² + 2 s_a s_b̄ s_c/s³]
 *   ∂_c∂̄_e g_{ab̄} = κ[s_{acb̄ē}/s − (7 products of two blocks)/s² + 2(6 products of three)/s³ − 6 s_a s_b̄ s_c s_ē/s⁴]
 * </pre>
 * (evaluated term by term by the tests' reference, SetPartitionJets). {@link #compute} evaluates the same cumulants from
 * centred vectors (the moment–cumulant relation is a formal identity, so it holds with the central moments
 * ⟨ṽ<sub>H</sub>, ṽ<sub>A</sub>⟩/s of the shifted derivatives): with m<sub>a</sub> = s<sub>a</sub>/s,
 * m<sub>ac</sub> = s<sub>ac</sub>/s,
 * <pre>
 *   ṽ_a  = v_a − m_a v                                   (⟨ṽ_a, v⟩ = 0)
 *   ŵ_ac = v_ac − m_a ṽ_c − m_c ṽ_a − m_ac v             (⟨ŵ_ac, v⟩ = 0)
 *   g_{ab̄}        = κ⟨ṽ_a, ṽ_b⟩/s
 *   ∂_c g_{ab̄}    = κ⟨ŵ_ac, ṽ_b⟩/s
 *   ∂_c∂̄_e g_{ab̄} = κ⟨ŵ_ac, ŵ_be⟩/s − (g_{ab̄}g_{cē} + g_{aē}g_{cb̄})/κ
 * </pre>
 * (the Gauss equation of v in C<sup>r</sup>: about 2.5 times fewer operations and no cancellation between the
 * 1/s<sup>k</sup> terms). ∂g is symmetric in (c, a) and ∂∂̄g has the symmetries ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub>
 * = ∂<sub>a</sub>∂̄<sub>e</sub>g<sub>cb̄</sub> = ∂<sub>c</sub>∂̄<sub>b</sub>g<sub>aē</sub> = conj
 * ∂<sub>e</sub>∂̄<sub>c</sub>g<sub>bā</sub>, so only the entries with a ≤ c (and b ≤ e, {a, c} ≤ {b, e}: 21 of 81 for
 * d = 3) are evaluated and the others copied.
 * Layouts (interleaved complex): g {@code [2(a·d + b)]}, ∂g {@code [2((c·d + a)·d + b)]} = ∂<sub>c</sub>
 * g<sub>ab̄</sub>, ∂∂̄g {@code [2(((a·d + b)·d + c)·d + e)]} = ∂<sub>c</sub>∂̄<sub>e</sub> g<sub>ab̄</sub>.
 */
public final class HermitianNormJets {
    private final int d;
    private final int r;
    private final double[] ma;
    private final double[] vt;
    private final double[] wt;
    private final double[] gs;
    private final int[] pairFirst;
    private final int[] pairSecond;
    private final int[] fill;
    private final double[] two = new double[2];

    /**
     * Workspace for maps C<sup>d</sup> → C<sup>r</sup>; not thread safe.
     */
    public HermitianNormJets(int d, int r) {
        this.d = d;
        this.r = r;
        this.pairFirst = KahlerCurvatureKernel.symmetricPairs(d, true);
        this.pairSecond = KahlerCurvatureKernel.symmetricPairs(d, false);
        this.fill = KahlerCurvatureKernel.hermitianPairFill(d);
        this.ma = new double[2 * d];
        this.vt = new double[2 * d * r];
        this.wt = new double[2 * pairFirst.length * r];
        this.gs = new double[2 * d * d];
    }

    // <X, Y> = Σ X_i conj(Y_i) into out[o], out[o+1]
    void inner(double[] x, int xo, double[] y, int yo, double[] out, int o) {
        double re = 0.0;
        double im = 0.0;
        for (int i = 0; i < r; i++) {
            double xr = x[xo + 2 * i];
            double xi = x[xo + 2 * i + 1];
            double yr = y[yo + 2 * i];
            double yi = y[yo + 2 * i + 1];
            re += xr * yr + xi * yi;
            im += xi * yr - xr * yi;
        }
        out[o] = re;
        out[o + 1] = im;
    }

    /**
     * Computes g, ∂g and ∂∂̄g of κ·log⟨v, v⟩ at one point (centred vectors, class comment).
     *
     * @param v  value, 2r doubles at {@code vOff}
     * @param v1 first derivatives v<sub>a</sub>, 2·d·r doubles ({@code [2(a·r + i)]})
     * @param v2 second derivatives v<sub>ac</sub>, 2·d·d·r doubles ({@code [2((a·d + c)·r + i)]}), symmetric in a, c
     *     (only a ≤ c is read)
     * @param dg may be null (then ∂g and ∂∂̄g are skipped)
     * @param ddg may be null (then ∂∂̄g is skipped)
     */
    // Measured hot loop of the Kähler curvature (KahlerCurvatureBenchmark.analyticGeometry): kept in one piece.
    public void compute(double[] v, int vOff, double[] v1, int v1Off, double[] v2, int v2Off, double kappa,
            double[] g, int gOff, double[] dg, int dgOff, double[] ddg, int ddgOff) {
        double s = 0.0;
        for (int i = 0; i < 2 * r; i++) {
            s += v[vOff + i] * v[vOff + i];
        }
        double t = 1.0 / s;
        int dr = 2 * r;
        // m_a = <v_a, v>/s, ṽ_a = v_a − m_a v
        for (int a = 0; a < d; a++) {
            inner(v1, v1Off + a * dr, v, vOff, two, 0);
            double mr = t * two[0];
            double mi = t * two[1];
            ma[2 * a] = mr;
            ma[2 * a + 1] = mi;
            int xo = v1Off + a * dr;
            int to = a * dr;
            for (int i = 0; i < dr; i += 2) {
                double yr = v[vOff + i];
                double yi = v[vOff + i + 1];
                vt[to + i] = v1[xo + i] - (mr * yr - mi * yi);
                vt[to + i + 1] = v1[xo + i + 1] - (mr * yi + mi * yr);
            }
        }
        // G = <ṽ_a, ṽ_b>/s (Hermitian), g = κG
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                inner(vt, a * dr, vt, b * dr, two, 0);
                double re = t * two[0];
                double im = a == b ? 0.0 : t * two[1];
                gs[2 * (a * d + b)] = re;
                gs[2 * (a * d + b) + 1] = im;
                gs[2 * (b * d + a)] = re;
                gs[2 * (b * d + a) + 1] = a == b ? 0.0 : -im; // never −0.0: FS + exact zeros stays FS bit for bit
                g[gOff + 2 * (a * d + b)] = kappa * re;
                g[gOff + 2 * (a * d + b) + 1] = kappa * im;
                g[gOff + 2 * (b * d + a)] = kappa * re;
                g[gOff + 2 * (b * d + a) + 1] = a == b ? 0.0 : -kappa * im;
            }
        }
        if (dg == null) {
            return;
        }
        int np = pairFirst.length;
        for (int u = 0; u < np; u++) {
            int a = pairFirst[u];
            int c = pairSecond[u];
            int qo = v2Off + (a * d + c) * dr;
            inner(v2, qo, v, vOff, two, 0);
            double mr = t * two[0]; // m_ac
            double mi = t * two[1];
            double ar = ma[2 * a];
            double ai = ma[2 * a + 1];
            double cr = ma[2 * c];
            double ci = ma[2 * c + 1];
            int wo = u * dr;
            int ao = a * dr;
            int co = c * dr;
            for (int i = 0; i < dr; i += 2) {
                double xr = v2[qo + i] - (mr * v[vOff + i] - mi * v[vOff + i + 1]);
                double xi = v2[qo + i + 1] - (mr * v[vOff + i + 1] + mi * v[vOff + i]);
                xr -= ar * vt[co + i] - ai * vt[co + i + 1];
                xi -= ar * vt[co + i + 1] + ai * vt[co + i];
                xr -= cr * vt[ao + i] - ci * vt[ao + i + 1];
                xi -= cr * vt[ao + i + 1] + ci * vt[ao + i];
                wt[wo + i] = xr;
                wt[wo + i + 1] = xi;
            }
            // ∂_c g_{ab̄} = ∂_a g_{cb̄} = κ<ŵ_ac, ṽ_b>/s
            for (int b = 0; b < d; b++) {
                inner(wt, wo, vt, b * dr, two, 0);
                double re = kappa * t * two[0];
                double im = kappa * t * two[1];
                dg[dgOff + 2 * ((c * d + a) * d + b)] = re;
                dg[dgOff + 2 * ((c * d + a) * d + b) + 1] = im;
                dg[dgOff + 2 * ((a * d + c) * d + b)] = re;
                dg[dgOff + 2 * ((a * d + c) * d + b) + 1] = im;
            }
        }
        if (ddg == null) {
            return;
        }
        // ∂_c∂̄_e g_{ab̄} = κ(<ŵ_ac, ŵ_be>/s − G_ab G_ce − G_ae G_cb), pairs u ≤ w only, the rest by symmetry
        int k = 0;
        for (int u = 0; u < np; u++) {
            int a = pairFirst[u];
            int c = pairSecond[u];
            for (int w = u; w < np; w++, k += 8) {
                int b = pairFirst[w];
                int e = pairSecond[w];
                inner(wt, u * dr, wt, w * dr, two, 0);
                double re = t * two[0];
                double im = t * two[1];
                int ab = 2 * (a * d + b);
                int ce = 2 * (c * d + e);
                int ae = 2 * (a * d + e);
                int cb = 2 * (c * d + b);
                re -= gs[ab] * gs[ce] - gs[ab + 1] * gs[ce + 1] + gs[ae] * gs[cb] - gs[ae + 1] * gs[cb + 1];
                im -= gs[ab] * gs[ce + 1] + gs[ab + 1] * gs[ce] + gs[ae] * gs[cb + 1] + gs[ae + 1] * gs[cb];
                if (u == w) {
                    im = 0.0; // ∂_c∂̄_e g_{ab̄} with {b, e} = {a, c} is real
                }
                re *= kappa;
                im *= kappa;
                double conjIm = u == w ? 0.0 : -im; // never −0.0: FS + exact zeros stays FS bit for bit
                for (int q = 0; q < 4; q++) {
                    ddg[ddgOff + fill[k + q]] = re;
                    ddg[ddgOff + fill[k + q] + 1] = im;
                }
                for (int q = 4; q < 8; q++) {
                    ddg[ddgOff + fill[k + q]] = re;
                    ddg[ddgOff + fill[k + q] + 1] = conjIm;
                }
            }
        }
    }
}
