package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    /** FS metric (2d² doubles) in the chart of point p of {@code pts}, at the point moved by δ (2d doubles). */
    static double[] chartMetric(PointSet pts, int p, double[] delta) {
        Polynomial q = pts.variety().equations().get(0);
        int m = pts.coordinateCount();
        int d = pts.dimension();
        int e = pts.eliminated(p, 0);
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
        double[] grad = new double[2 * m];
        for (int it = 0; it < 60; it++) {
            q.evaluateWithGradient(z, 1, val, grad);
            double gr = grad[2 * e];
            double gi = grad[2 * e + 1];
            double den = gr * gr + gi * gi;
            double sr = (val[0] * gr + val[1] * gi) / den;
            double si = (val[1] * gr - val[0] * gi) / den;
            z[2 * e] -= sr;
            z[2 * e + 1] -= si;
            if (Math.hypot(sr, si) < 1e-17) {
                break;
            }
        }
        q.evaluateWithGradient(z, 1, val, grad);
        // P_a = e_{L_a} − (Q_{L_a}/Q_e) e_e
        double[] pj = new double[2 * d * m];
        double gr = grad[2 * e];
        double gi = grad[2 * e + 1];
        double den = gr * gr + gi * gi;
        for (int a = 0; a < d; a++) {
            int j = pts.localCoordinate(p, a);
            pj[2 * (a * m + j)] = 1.0;
            double lr = grad[2 * j];
            double li = grad[2 * j + 1];
            pj[2 * (a * m + e)] = -(lr * gr + li * gi) / den;
            pj[2 * (a * m + e) + 1] = -(li * gr - lr * gi) / den;
        }
        double n2 = 0;
        for (double x : z) {
            n2 += x * x;
        }
        double[] u = new double[2 * d];
        for (int a = 0; a < d; a++) {
            for (int j = 0; j < m; j++) {
                double pr = pj[2 * (a * m + j)];
                double pi = pj[2 * (a * m + j) + 1];
                u[2 * a] += pr * z[2 * j] + pi * z[2 * j + 1];
                u[2 * a + 1] += pi * z[2 * j] - pr * z[2 * j + 1];
            }
        }
        double[] g = new double[2 * d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < m; j++) {
                    double pr = pj[2 * (a * m + j)];
                    double pi = pj[2 * (a * m + j) + 1];
                    double qr = pj[2 * (b * m + j)];
                    double qi = -pj[2 * (b * m + j) + 1];
                    sr += pr * qr - pi * qi;
                    si += pr * qi + pi * qr;
                }
                double ur = u[2 * a] * u[2 * b] + u[2 * a + 1] * u[2 * b + 1];
                double ui = u[2 * a + 1] * u[2 * b] - u[2 * a] * u[2 * b + 1];
                g[2 * (a * d + b)] = KAPPA * (sr / n2 - ur / (n2 * n2));
                g[2 * (a * d + b) + 1] = KAPPA * (si / n2 - ui / (n2 * n2));
            }
        }
        return g;
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
        int d = pts.dimension();
        // g through the jets and through P G P†: the same quantity by two codings; 1e-12 relative
        double[] ref = KahlerMetrics.fubiniStudy(pts);
        double[] g = geo.metric();
        Seeds.assertAllClose(ref, g, 0.0, 1e-12 * maxAbs(ref), seed, x + ": g vs KahlerMetrics.fubiniStudy");
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
