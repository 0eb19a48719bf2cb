package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The metric jets on varieties (through the implicit function theorem) against independent references:
 * {@link KahlerMetrics#fubiniStudy} for g, and central finite differences of an independently coded FS metric
 * in the same chart (same patch, eliminated and local coordinates) at points moved along X, where the eliminated
 * coordinate is re-solved by Newton's method, for ∂g, ∂∂̄g and −∂∂̄ log det g (= Ric, which the library computes
 * by contracting R instead).
 */
class VarietyCurvatureTest {
    private static final double KAPPA = 1.0 / (2.0 * Math.PI);

    static ProjectiveVariety pick(Rng rng) {
        switch (rng.nextInt(4)) {
            case 0:
                return ProjectiveVariety.fermatQuintic();
            case 1:
                return ProjectiveVariety.dwork(rng.uniform(-3, 3));
            case 2:
                return ProjectiveVariety.fermatQuartic();
            default:
                return ProjectiveVariety.parse("z0^3+z1^3+z2^3 + 0.7*z0*z1*z2");
        }
    }

    /**
     * The reference metric Σ t_i g_i (2d² doubles) in the chart of point p of {@code pts} (same patches, eliminated
     * and local coordinates), at the point moved by δ (2d doubles) along the local coordinates, with the k eliminated
     * coordinates re-solved by Newton's method on Q_1 = … = Q_k = 0; one factor with t = 1 is the Fubini–Study
     * metric of CP^n.
     */
    static double[] chartMetric(PointSet pts, int p, double[] delta) {
        List<Polynomial> eqs = pts.variety().equations();
        int k = eqs.size();
        int m = pts.coordinateCount();
        int d = pts.dimension();
        int[] el = new int[k];
        for (int r = 0; r < k; r++) {
            el[r] = pts.eliminated(p, r);
        }
        double[] z = new double[2 * m];
        for (int j = 0; j < m; j++) {
            z[2 * j] = pts.re(p, j);
            z[2 * j + 1] = pts.im(p, j);
        }
        for (int a = 0; a < d; a++) {
            int j = pts.localCoordinate(p, a);
            z[2 * j] += delta[2 * a];
            z[2 * j + 1] += delta[2 * a + 1];
        }
        double[] val = new double[2];
        double[][] grad = new double[k][2 * m];
        double[] jE = new double[2 * k * k];
        double[] step = new double[2 * k];
        for (int it = 0; it < 60; it++) {
            for (int r = 0; r < k; r++) {
                eqs.get(r).evaluateWithGradient(z, 1, val, grad[r]);
                step[2 * r] = val[0];
                step[2 * r + 1] = val[1];
                for (int c = 0; c < k; c++) {
                    jE[2 * (r * k + c)] = grad[r][2 * el[c]];
                    jE[2 * (r * k + c) + 1] = grad[r][2 * el[c] + 1];
                }
            }
            solve(k, jE, step, 1);
            double size = 0.0;
            for (int c = 0; c < k; c++) {
                z[2 * el[c]] -= step[2 * c];
                z[2 * el[c] + 1] -= step[2 * c + 1];
                size += Math.hypot(step[2 * c], step[2 * c + 1]);
            }
            if (size < 1e-17) {
                break;
            }
        }
        // P_a = e_{L_a} + Σ_c (∂z_{E_c}/∂x_a) e_{E_c},  J_E ∂z_E/∂x_a = −∂Q/∂z_{L_a}
        double[] rhs = new double[2 * k * d];
        for (int r = 0; r < k; r++) {
            eqs.get(r).evaluateWithGradient(z, 1, val, grad[r]);
            for (int c = 0; c < k; c++) {
                jE[2 * (r * k + c)] = grad[r][2 * el[c]];
                jE[2 * (r * k + c) + 1] = grad[r][2 * el[c] + 1];
            }
            for (int a = 0; a < d; a++) {
                int j = pts.localCoordinate(p, a);
                rhs[2 * (r * d + a)] = -grad[r][2 * j];
                rhs[2 * (r * d + a) + 1] = -grad[r][2 * j + 1];
            }
        }
        solve(k, jE, rhs, d);
        double[] pj = new double[2 * d * m];
        for (int a = 0; a < d; a++) {
            pj[2 * (a * m + pts.localCoordinate(p, a))] = 1.0;
            for (int c = 0; c < k; c++) {
                pj[2 * (a * m + el[c])] = rhs[2 * (c * d + a)];
                pj[2 * (a * m + el[c]) + 1] = rhs[2 * (c * d + a) + 1];
            }
        }
        int[] st = pts.variety().factorStarts();
        double[] t = pts.variety().kahlerModuli();
        double[] g = new double[2 * d * d];
        for (int i = 0; i < t.length; i++) {
            double n2 = 0;
            for (int j = 2 * st[i]; j < 2 * st[i + 1]; j++) {
                n2 += z[j] * z[j];
            }
            double[] u = new double[2 * d];
            for (int a = 0; a < d; a++) {
                for (int j = st[i]; j < st[i + 1]; j++) {
                    double pr = pj[2 * (a * m + j)];
                    double pi = pj[2 * (a * m + j) + 1];
                    u[2 * a] += pr * z[2 * j] + pi * z[2 * j + 1];
                    u[2 * a + 1] += pi * z[2 * j] - pr * z[2 * j + 1];
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double sr = 0;
                    double si = 0;
                    for (int j = st[i]; j < st[i + 1]; j++) {
                        double pr = pj[2 * (a * m + j)];
                        double pi = pj[2 * (a * m + j) + 1];
                        double qr = pj[2 * (b * m + j)];
                        double qi = -pj[2 * (b * m + j) + 1];
                        sr += pr * qr - pi * qi;
                        si += pr * qi + pi * qr;
                    }
                    double ur = u[2 * a] * u[2 * b] + u[2 * a + 1] * u[2 * b + 1];
                    double ui = u[2 * a + 1] * u[2 * b] - u[2 * a] * u[2 * b + 1];
                    g[2 * (a * d + b)] += t[i] * KAPPA * (sr / n2 - ur / (n2 * n2));
                    g[2 * (a * d + b) + 1] += t[i] * KAPPA * (si / n2 - ui / (n2 * n2));
                }
            }
        }
        return g;
    }

    /** Solves A X = B in place (A: n×n complex, B: n×r complex, row-major) by Gauss–Jordan with partial pivoting. */
    private static void solve(int n, double[] a, double[] b, int r) {
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.hypot(a[2 * (i * n + c)], a[2 * (i * n + c) + 1])
                        > Math.hypot(a[2 * (piv * n + c)], a[2 * (piv * n + c) + 1])) {
                    piv = i;
                }
            }
            for (int j = 0; j < n; j++) {
                swap(a, 2 * (c * n + j), 2 * (piv * n + j));
            }
            for (int j = 0; j < r; j++) {
                swap(b, 2 * (c * r + j), 2 * (piv * r + j));
            }
            double pr = a[2 * (c * n + c)];
            double pi = a[2 * (c * n + c) + 1];
            double den = pr * pr + pi * pi;
            double ir = pr / den;
            double ii = -pi / den;
            for (int i = 0; i < n; i++) {
                if (i == c) {
                    continue;
                }
                double fr = a[2 * (i * n + c)] * ir - a[2 * (i * n + c) + 1] * ii;
                double fi = a[2 * (i * n + c)] * ii + a[2 * (i * n + c) + 1] * ir;
                for (int j = 0; j < n; j++) {
                    a[2 * (i * n + j)] -= fr * a[2 * (c * n + j)] - fi * a[2 * (c * n + j) + 1];
                    a[2 * (i * n + j) + 1] -= fr * a[2 * (c * n + j) + 1] + fi * a[2 * (c * n + j)];
                }
                for (int j = 0; j < r; j++) {
                    b[2 * (i * r + j)] -= fr * b[2 * (c * r + j)] - fi * b[2 * (c * r + j) + 1];
                    b[2 * (i * r + j) + 1] -= fr * b[2 * (c * r + j) + 1] + fi * b[2 * (c * r + j)];
                }
            }
        }
        for (int c = 0; c < n; c++) {
            double pr = a[2 * (c * n + c)];
            double pi = a[2 * (c * n + c) + 1];
            double den = pr * pr + pi * pi;
            for (int j = 0; j < r; j++) {
                double br = b[2 * (c * r + j)];
                double bi = b[2 * (c * r + j) + 1];
                b[2 * (c * r + j)] = (br * pr + bi * pi) / den;
                b[2 * (c * r + j) + 1] = (bi * pr - br * pi) / den;
            }
        }
    }

    private static void swap(double[] x, int i, int j) {
        double r = x[i];
        double im = x[i + 1];
        x[i] = x[j];
        x[i + 1] = x[j + 1];
        x[j] = r;
        x[j + 1] = im;
    }

    // real coordinate α of the 2d real directions: α < d → Re x_α, else Im x_{α−d}
    private static double[] shift(int d, int alpha, double h, int beta, double k) {
        double[] delta = new double[2 * d];
        delta[alpha < d ? 2 * alpha : 2 * (alpha - d) + 1] += h;
        if (beta >= 0) {
            delta[beta < d ? 2 * beta : 2 * (beta - d) + 1] += k;
        }
        return delta;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void jetsMatchKahlerMetricsAndFiniteDifferences(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = pick(rng);
        PointSet pts = x.sample(3, rng.nextLong());
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        // g through the jets and through P G P†: the same quantity by two codings; 1e-12 relative
        double[] ref = KahlerMetrics.fubiniStudy(pts);
        Seeds.assertAllClose(ref, geo.metric(), 0.0, 1e-12 * maxAbs(ref), seed,
                x + ": g vs KahlerMetrics.fubiniStudy");
        checkAgainstFiniteDifferences(pts, geo, seed);
    }

    /**
     * Complete intersections (k = 2 equations, in one CP^n or in products, where a whole factor's free coordinate may
     * be eliminated) and hypersurfaces in products with unequal moduli: the jets of Σ t_i g_i through the implicit
     * function theorem against finite differences of the chart metric with the k eliminated coordinates re-solved.
     * These are the paths behind the CICY topology runs (the Schoen manifold's c2·J_i and ∫c_1∧J²).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cubic-cubic-p5", "schoen&t=2,1,0.7", "cicy:2:3,0|3:0,4@1&t=1,2", "bicubic&t=1,2",
        "tetraquadric&t=0.5,1,1.5,2"})
    void productAndCompleteIntersectionJetsMatchFiniteDifferences(String spec) {
        ProjectiveVariety x = ProjectiveVariety.parse(spec);
        PointSet all = x.sample(64, 3L);
        // one point per set of factors holding the eliminated coordinates (e.g. the Schoen's CP^1 coordinate)
        int[] st = x.factorStarts();
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (int p = 0; p < all.size(); p++) {
            StringBuilder key = new StringBuilder();
            for (int r = 0; r < all.codimension(); r++) {
                int f = 0;
                while (all.eliminated(p, r) >= st[f + 1]) {
                    f++;
                }
                key.append(f);
            }
            kinds.putIfAbsent(key.toString(), p);
        }
        int[] pick = kinds.values().stream().mapToInt(Integer::intValue).limit(4).toArray();
        PointSet pts = all.subset(pick);
        checkAgainstFiniteDifferences(pts, KahlerGeometry.of(pts, KahlerPotential.fubiniStudy()), 0L);
    }

    private static void checkAgainstFiniteDifferences(PointSet pts, KahlerGeometry geo, long seed) {
        ProjectiveVariety x = pts.variety();
        int d = pts.dimension();
        double[] g = geo.metric();
        double[] ref = g;
        double[] dg = geo.metricDerivatives();
        double[] ddg = geo.metricSecondDerivatives();
        double[] ric = geo.ricci();
        for (int p = 0; p < pts.size(); p++) {
            Seeds.assertAllClose(slice(g, p, 2 * d * d), chartMetric(pts, p, new double[2 * d]), 0.0,
                    1e-12 * maxAbs(ref), seed, x + ": g vs the test's chart metric");
            double h1 = 1e-5;
            double[][] gradFd = new double[2 * d][];
            for (int al = 0; al < 2 * d; al++) {
                double[] gp = chartMetric(pts, p, shift(d, al, h1, -1, 0));
                double[] gm = chartMetric(pts, p, shift(d, al, -h1, -1, 0));
                gradFd[al] = new double[gp.length];
                for (int i = 0; i < gp.length; i++) {
                    gradFd[al][i] = (gp[i] - gm[i]) / (2 * h1);
                }
            }
            double scale1 = maxAbs(slice(dg, p, 2 * d * d * d));
            double h2 = 2e-4;
            double[][][] hessFd = new double[2 * d][2 * d][];
            double[][][] hessLogDet = new double[2 * d][2 * d][];
            for (int al = 0; al < 2 * d; al++) {
                for (int be = 0; be < 2 * d; be++) {
                    double[] pp = chartMetric(pts, p, shift(d, al, h2, be, h2));
                    double[] pm = chartMetric(pts, p, shift(d, al, h2, be, -h2));
                    double[] mp = chartMetric(pts, p, shift(d, al, -h2, be, h2));
                    double[] mm = chartMetric(pts, p, shift(d, al, -h2, be, -h2));
                    hessFd[al][be] = new double[pp.length];
                    for (int i = 0; i < pp.length; i++) {
                        hessFd[al][be][i] = (pp[i] - pm[i] - mp[i] + mm[i]) / (4 * h2 * h2);
                    }
                    hessLogDet[al][be] = new double[] {(logDet(pp, d) - logDet(pm, d) - logDet(mp, d)
                            + logDet(mm, d)) / (4 * h2 * h2)};
                }
            }
            double scale2 = maxAbs(slice(ddg, p, 2 * d * d * d * d));
            double scaleR = maxAbs(slice(ric, p, 2 * d * d));
            for (int c = 0; c < d; c++) {
                for (int ab = 0; ab < d * d; ab++) {
                    // ∂_c F = (F_{x_c} − i F_{y_c})/2 for F = Re g + i Im g
                    double fr = 0.5 * (gradFd[c][2 * ab] + gradFd[d + c][2 * ab + 1]);
                    double fi = 0.5 * (gradFd[c][2 * ab + 1] - gradFd[d + c][2 * ab]);
                    int o = 2 * ((p * d + c) * d * d + ab);
                    // central differences: truncation h²·|g'''| ≈ 1e-10·scale, rounding 1e-16/h ≈ 1e-11
                    Seeds.assertClose(fr, dg[o], 0.0, 1e-6 * scale1, seed, x + ": ∂g re");
                    Seeds.assertClose(fi, dg[o + 1], 0.0, 1e-6 * scale1, seed, x + ": ∂g im");
                }
                for (int e = 0; e < d; e++) {
                    for (int ab = 0; ab < d * d; ab++) {
                        double[] w = wirtingerHessian(hessFd, c, e, d, ab);
                        int o = 2 * (((p * d * d + ab) * d + c) * d + e);
                        // second differences: truncation h²·|g''''| ≈ 1e-7·scale, rounding 1e-16/h² ≈ 1e-9
                        Seeds.assertClose(w[0], ddg[o], 0.0, 1e-4 * scale2, seed, x + ": ∂∂̄g re");
                        Seeds.assertClose(w[1], ddg[o + 1], 0.0, 1e-4 * scale2, seed, x + ": ∂∂̄g im");
                    }
                    double[] wl = wirtingerHessian(hessLogDet, c, e, d, 0);
                    int o = 2 * ((p * d + c) * d + e);
                    Seeds.assertClose(-wl[0], ric[o], 0.0, 1e-4 * scaleR, seed, x + ": Ric re = −∂∂̄ log det g");
                    Seeds.assertClose(-wl[1], ric[o + 1], 0.0, 1e-4 * scaleR, seed, x + ": Ric im");
                }
            }
        }
    }

    /** ∂_c∂̄_e F = ¼[(F_{x_c x_e} + F_{y_c y_e}) + i(F_{x_c y_e} − F_{y_c x_e})] of the complex entry ab. */
    private static double[] wirtingerHessian(double[][][] h, int c, int e, int d, int ab) {
        boolean complex = h[0][0].length > 1;
        double re = 0.25 * (h[c][e][2 * ab] + h[d + c][d + e][2 * ab]);
        double im = 0.25 * (h[c][d + e][2 * ab] - h[d + c][e][2 * ab]);
        if (complex) {
            // F = R + iI: add i·(the same combination of I)
            double ire = 0.25 * (h[c][e][2 * ab + 1] + h[d + c][d + e][2 * ab + 1]);
            double iim = 0.25 * (h[c][d + e][2 * ab + 1] - h[d + c][e][2 * ab + 1]);
            return new double[] {re - iim, im + ire};
        }
        return new double[] {re, im};
    }

    private static double logDet(double[] g, int d) {
        return Math.log(KahlerMetrics.determinants(d, g, 1)[0]);
    }

    private static double[] slice(double[] a, int p, int len) {
        double[] out = new double[len];
        System.arraycopy(a, p * len, out, 0, len);
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** The generic Taylor/autodiff path (with non-zero second jets of ι) agrees with the analytic path on X. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void genericPathMatchesAnalyticPathOnVarieties(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = pick(rng);
        PointSet pts = x.sample(2, rng.nextLong());
        KahlerPotential wrapped = (re, im) -> KahlerPotential.fubiniStudy().value(re, im);
        KahlerGeometry a = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        KahlerGeometry b = KahlerGeometry.of(pts, wrapped);
        assertTrue(a.isAnalytic() && !b.isAnalytic());
        double s2 = maxAbs(a.metricSecondDerivatives());
        Seeds.assertAllClose(a.metric(), b.metric(), 0.0, 1e-12 * maxAbs(a.metric()), seed, x + ": g");
        Seeds.assertAllClose(a.metricDerivatives(), b.metricDerivatives(), 0.0, 1e-11 * maxAbs(a.metricDerivatives()),
                seed, x + ": ∂g");
        Seeds.assertAllClose(a.metricSecondDerivatives(), b.metricSecondDerivatives(), 0.0, 1e-10 * s2, seed,
                x + ": ∂∂̄g");
        Seeds.assertAllClose(a.riemann(), b.riemann(), 0.0, 1e-10 * maxAbs(a.riemann()), seed, x + ": R");
        List<Polynomial> eqs = x.equations();
        assertTrue(eqs.size() == 1);
    }
}
