package org.metricflow.geometry.complex.internal;

/**
 * The tests' reference for {@link HermitianNormJets#compute}: g, ∂g and ∂∂̄g of κ·log⟨v, v⟩ by the set-partition
 * (Faà di Bruno) formulas of {@link HermitianNormJets}' class comment, every entry evaluated separately from the
 * inner products s<sub>…</sub> of the jets of v (no symmetries, no centring). Same parameters and layouts as
 * {@link HermitianNormJets#compute}; a workspace, not thread-safe.
 */
final class SetPartitionJets {
    private final int d;
    private final int r;
    private final double[] sa;
    private final double[] sab;
    private final double[] sac;
    private final double[] sacb;
    private final double[] sacbe;
    private final Acc acc = new Acc();
    private final HermitianNormJets products;
    private double t;

    SetPartitionJets(int d, int r) {
        this.d = d;
        this.r = r;
        this.sa = new double[2 * d];
        this.sab = new double[2 * d * d];
        this.sac = new double[2 * d * d];
        this.sacb = new double[2 * d * d * d];
        this.sacbe = new double[2 * d * d * d * d];
        this.products = new HermitianNormJets(d, r);
    }

    // <X, Y> = Σ X_i conj(Y_i) into out[o], out[o+1]: the fast path's own inner product
    private void inner(double[] x, int xo, double[] y, int yo, double[] out, int o) {
        products.inner(x, xo, y, yo, out, o);
    }

    /** As {@link HermitianNormJets#compute}; dg and ddg may be null. */
    void compute(double[] v, int vOff, double[] v1, int v1Off, double[] v2, int v2Off, double kappa,
            double[] g, int gOff, double[] dg, int dgOff, double[] ddg, int ddgOff) {
        metric(v, vOff, v1, v1Off, kappa, g, gOff);
        if (dg != null) {
            first(v, vOff, v1, v1Off, v2, v2Off, kappa, dg, dgOff);
            if (ddg != null) {
                second(v2, v2Off, kappa, ddg, ddgOff);
            }
        }
    }

    /** g<sub>ab̄</sub> = κ[s<sub>ab̄</sub>/s − s<sub>a</sub>s<sub>b̄</sub>/s²]; also fills s, s<sub>a</sub>, s<sub>ab̄</sub>. */
    private void metric(double[] v, int vOff, double[] v1, int v1Off, double kappa, double[] g, int gOff) {
        double s = 0.0;
        for (int i = 0; i < 2 * r; i++) {
            s += v[vOff + i] * v[vOff + i];
        }
        t = 1.0 / s;
        double t2 = t * t;
        int dr = 2 * r;
        for (int a = 0; a < d; a++) {
            inner(v1, v1Off + a * dr, v, vOff, sa, 2 * a);
            for (int b = 0; b < d; b++) {
                inner(v1, v1Off + a * dr, v1, v1Off + b * dr, sab, 2 * (a * d + b));
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double re = t * sab[2 * (a * d + b)] - t2 * (sa[2 * a] * sa[2 * b] + sa[2 * a + 1] * sa[2 * b + 1]);
                double im = t * sab[2 * (a * d + b) + 1]
                        - t2 * (sa[2 * a + 1] * sa[2 * b] - sa[2 * a] * sa[2 * b + 1]);
                g[gOff + 2 * (a * d + b)] = kappa * re;
                g[gOff + 2 * (a * d + b) + 1] = kappa * im;
            }
        }
    }

    /** ∂<sub>c</sub>g<sub>ab̄</sub>; also fills s<sub>ac</sub>, s<sub>acb̄</sub>. */
    private void first(double[] v, int vOff, double[] v1, int v1Off, double[] v2, int v2Off, double kappa,
            double[] dg, int dgOff) {
        int dr = 2 * r;
        double t2 = t * t;
        for (int a = 0; a < d; a++) {
            for (int c = 0; c < d; c++) {
                int qo = v2Off + (a * d + c) * dr;
                inner(v2, qo, v, vOff, sac, 2 * (a * d + c));
                for (int b = 0; b < d; b++) {
                    inner(v2, qo, v1, v1Off + b * dr, sacb, 2 * ((a * d + c) * d + b));
                }
            }
        }
        double t3 = t2 * t;
        for (int c = 0; c < d; c++) {
            double scr = sa[2 * c];
            double sci = sa[2 * c + 1];
            for (int a = 0; a < d; a++) {
                double sar = sa[2 * a];
                double sai = sa[2 * a + 1];
                for (int b = 0; b < d; b++) {
                    double sbr = sa[2 * b];
                    double sbi = -sa[2 * b + 1]; // s_b̄
                    int acb = 2 * ((a * d + c) * d + b);
                    double re = t * sacb[acb];
                    double im = t * sacb[acb + 1];
                    // s_{ab̄} s_c
                    double xr = sab[2 * (a * d + b)];
                    double xi = sab[2 * (a * d + b) + 1];
                    double pr = xr * scr - xi * sci;
                    double pi = xr * sci + xi * scr;
                    // s_{ac} s_b̄
                    xr = sac[2 * (a * d + c)];
                    xi = sac[2 * (a * d + c) + 1];
                    pr += xr * sbr - xi * sbi;
                    pi += xr * sbi + xi * sbr;
                    // s_a s_{cb̄}
                    xr = sab[2 * (c * d + b)];
                    xi = sab[2 * (c * d + b) + 1];
                    pr += sar * xr - sai * xi;
                    pi += sar * xi + sai * xr;
                    re -= t2 * pr;
                    im -= t2 * pi;
                    // 2 s_a s_b̄ s_c
                    double qr = sar * sbr - sai * sbi;
                    double qi = sar * sbi + sai * sbr;
                    re += 2.0 * t3 * (qr * scr - qi * sci);
                    im += 2.0 * t3 * (qr * sci + qi * scr);
                    dg[dgOff + 2 * ((c * d + a) * d + b)] = kappa * re;
                    dg[dgOff + 2 * ((c * d + a) * d + b) + 1] = kappa * im;
                }
            }
        }
    }

    /** ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub>. */
    private void second(double[] v2, int v2Off, double kappa, double[] ddg, int ddgOff) {
        int dr = 2 * r;
        double t2 = t * t;
        double t3 = t2 * t;

        for (int a = 0; a < d; a++) {
            for (int c = 0; c < d; c++) {
                for (int b = 0; b < d; b++) {
                    for (int e = 0; e < d; e++) {
                        inner(v2, v2Off + (a * d + c) * dr, v2, v2Off + (b * d + e) * dr, sacbe,
                                2 * (((a * d + c) * d + b) * d + e));
                    }
                }
            }
        }
        double t4 = t2 * t2;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        double re = t * sacbe[2 * (((a * d + c) * d + b) * d + e)];
                        double im = t * sacbe[2 * (((a * d + c) * d + b) * d + e) + 1];
                        // two blocks
                        acc.zero();
                        acc.add2(sacb, 2 * ((a * d + c) * d + b), false, sa, 2 * e, true); // s_{acb̄} s_ē
                        acc.add2(sacb, 2 * ((b * d + e) * d + a), true, sa, 2 * c, false); // s_{ab̄ē} s_c
                        acc.add2(sab, 2 * (a * d + b), false, sab, 2 * (c * d + e), false); // s_{ab̄} s_{cē}
                        acc.add2(sacb, 2 * ((a * d + c) * d + e), false, sa, 2 * b, true); // s_{acē} s_b̄
                        acc.add2(sac, 2 * (a * d + c), false, sac, 2 * (b * d + e), true); // s_{ac} s_{b̄ē}
                        acc.add2(sab, 2 * (a * d + e), false, sab, 2 * (c * d + b), false); // s_{aē} s_{cb̄}
                        acc.add2(sa, 2 * a, false, sacb, 2 * ((b * d + e) * d + c), true); // s_a s_{cb̄ē}
                        re -= t2 * acc.re;
                        im -= t2 * acc.im;
                        // three blocks
                        acc.zero();
                        acc.add3(sab, 2 * (a * d + b), false, sa, 2 * c, false, sa, 2 * e, true);
                        acc.add3(sac, 2 * (a * d + c), false, sa, 2 * b, true, sa, 2 * e, true);
                        acc.add3(sab, 2 * (c * d + b), false, sa, 2 * a, false, sa, 2 * e, true);
                        acc.add3(sab, 2 * (a * d + e), false, sa, 2 * b, true, sa, 2 * c, false);
                        acc.add3(sac, 2 * (b * d + e), true, sa, 2 * a, false, sa, 2 * c, false);
                        acc.add3(sab, 2 * (c * d + e), false, sa, 2 * a, false, sa, 2 * b, true);
                        re += 2.0 * t3 * acc.re;
                        im += 2.0 * t3 * acc.im;
                        // four blocks
                        acc.zero();
                        acc.add4(sa, 2 * a, 2 * b, 2 * c, 2 * e);
                        re -= 6.0 * t4 * acc.re;
                        im -= 6.0 * t4 * acc.im;
                        ddg[ddgOff + 2 * (((a * d + b) * d + c) * d + e)] = kappa * re;
                        ddg[ddgOff + 2 * (((a * d + b) * d + c) * d + e) + 1] = kappa * im;
                    }
                }
            }
        }
    }

    /** A complex accumulator of products of (optionally conjugated) array entries. */
    private static final class Acc {
        double re;
        double im;

        void zero() {
            re = 0.0;
            im = 0.0;
        }

        void add2(double[] x, int xo, boolean cx, double[] y, int yo, boolean cy) {
            double xr = x[xo];
            double xi = cx ? -x[xo + 1] : x[xo + 1];
            double yr = y[yo];
            double yi = cy ? -y[yo + 1] : y[yo + 1];
            re += xr * yr - xi * yi;
            im += xr * yi + xi * yr;
        }

        void add3(double[] x, int xo, boolean cx, double[] y, int yo, boolean cy, double[] z, int zo, boolean cz) {
            double xr = x[xo];
            double xi = cx ? -x[xo + 1] : x[xo + 1];
            double yr = y[yo];
            double yi = cy ? -y[yo + 1] : y[yo + 1];
            double zr = z[zo];
            double zi = cz ? -z[zo + 1] : z[zo + 1];
            double pr = xr * yr - xi * yi;
            double pi = xr * yi + xi * yr;
            re += pr * zr - pi * zi;
            im += pr * zi + pi * zr;
        }

        // s_a s_b̄ s_c s_ē from the first-derivative array
        void add4(double[] s, int a, int b, int c, int e) {
            double pr = s[a] * s[b] + s[a + 1] * s[b + 1]; // s_a conj(s_b)
            double pi = s[a + 1] * s[b] - s[a] * s[b + 1];
            double qr = s[c] * s[e] + s[c + 1] * s[e + 1]; // s_c conj(s_e)
            double qi = s[c + 1] * s[e] - s[c] * s[e + 1];
            re += pr * qr - pi * qi;
            im += pr * qi + pi * qr;
        }
    }
}
