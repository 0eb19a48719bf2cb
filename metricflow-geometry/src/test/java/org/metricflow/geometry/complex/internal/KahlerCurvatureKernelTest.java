package org.metricflow.geometry.complex.internal;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.linalg.internal.SmallComplexMatrices;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * The closed-form kernel (Chern densities for d ≤ 3, closed-form inverses, symmetric Riemann) against the general
 * paths and an independent tensor formula, on random Hermitian positive metrics and random curvature tensors with
 * the Kähler symmetries R<sub>ab̄cē</sub> = R<sub>cb̄aē</sub> = R<sub>aēcb̄</sub> = conj R<sub>bāeč</sub>.
 *
 * <p>The independent reference (written here, not in the kernel) is the contraction
 * <pre>
 *   χ_k = (d−k)!·det g / k! · Σ_{i, c} Σ_{σ,τ ∈ S_k} ε(σ)ε(τ) Π_l Φ^{i_l}_{i_τ(l)}{}_{c_l}^{c_σ(l)},
 *   Φ^i_j{}_c^x = Σ_e (Θ_{ij,ce}/2π) M_{ex},   Θ_{ij,ce} = −Σ_a M_{ia} R_{aj̄cē}
 * </pre>
 * over injective index sequences i, c ∈ {0..d−1}<sup>k</sup>: the top coefficient of α<sub>1</sub>∧…∧α<sub>k</sub>∧
 * ω<sup>d−k</sup> is (d−k)!·det g·Σ Π α<sub>l</sub>[c<sub>l</sub>][e<sub>l</sub>]·det(M[e<sub>l</sub>][c<sub>m</sub>])
 * by Jacobi's complementary-minor identity, and c<sub>k</sub> is the sum of the principal k-minors of Θ/2π.
 */
class KahlerCurvatureKernelTest {

    /**
     * Tolerance relative to the sum of the absolute values of all terms of the reference contraction (the
     * condition scale of χ<sub>k</sub>, which can be much larger than |χ<sub>k</sub>| when terms cancel). Every path
     * sums at most a few thousand terms (d ≤ 4: (k!)²·d!/(d−k)! ≤ 331 776 products, but summed in nested partial
     * sums of ≤ 24 terms) each with ≤ 2d + 8 rounded operations, so the error bound (#ops·ε·scale) is below
     * 1e-12·scale; 1e-11 leaves a factor 10 of margin while a wrong sign, index or factor shows up at O(1).
     */
    private static final double TOLERANCE = 1e-11;

    /** Random Hermitian positive definite g = A A† + 0.3 I (condition numbers of order 10–100). */
    static double[] randomMetric(Rng rng, int d) {
        return randomMetric(rng, d, 0.3);
    }

    /** Random Hermitian positive definite g = A A† + shift·I (A with standard normal entries), exactly Hermitian. */
    static double[] randomMetric(Rng rng, int d, double shift) {
        double[] a = new double[2 * d * d];
        rng.fillGaussian(a, 1.0);
        double[] g = new double[2 * d * d];
        SmallComplexMatrices.multiplyAdjoint(d, d, d, a, 0, a, 0, g, 0);
        for (int i = 0; i < d; i++) {
            g[2 * (i * d + i)] += shift;
        }
        // exactly Hermitian: real diagonal, mirrored conjugate lower triangle
        for (int i = 0; i < d; i++) {
            g[2 * (i * d + i) + 1] = 0.0;
            for (int j = 0; j < i; j++) {
                g[2 * (i * d + j)] = g[2 * (j * d + i)];
                g[2 * (i * d + j) + 1] = -g[2 * (j * d + i) + 1];
            }
        }
        return g;
    }

    static int r4(int d, int a, int b, int c, int e) {
        return 2 * (((a * d + b) * d + c) * d + e);
    }

    /** A random tensor with the Kähler symmetries: symmetrize X in (a, c) and (b, e), then Hermitize. */
    static double[] randomCurvature(Rng rng, int d) {
        double[] x = new double[2 * d * d * d * d];
        rng.fillGaussian(x, 1.0);
        double[] s = new double[x.length];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        for (int p = 0; p < 2; p++) {
                            s[r4(d, a, b, c, e) + p] = 0.25 * (x[r4(d, a, b, c, e) + p] + x[r4(d, c, b, a, e) + p]
                                    + x[r4(d, a, e, c, b) + p] + x[r4(d, c, e, a, b) + p]);
                        }
                    }
                }
            }
        }
        double[] r = new double[x.length];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        r[r4(d, a, b, c, e)] = 0.5 * (s[r4(d, a, b, c, e)] + s[r4(d, b, a, e, c)]);
                        r[r4(d, a, b, c, e) + 1] = 0.5 * (s[r4(d, a, b, c, e) + 1] - s[r4(d, b, a, e, c) + 1]);
                    }
                }
            }
        }
        return r;
    }

    private static void injective(int d, int k, int[] cur, int pos, boolean[] used, List<int[]> out) {
        if (pos == k) {
            out.add(cur.clone());
            return;
        }
        for (int i = 0; i < d; i++) {
            if (!used[i]) {
                used[i] = true;
                cur[pos] = i;
                injective(d, k, cur, pos + 1, used, out);
                used[i] = false;
            }
        }
    }

    private static List<int[]> injective(int d, int k) {
        List<int[]> out = new ArrayList<>();
        injective(d, k, new int[k], 0, new boolean[d], out);
        return out;
    }

    private static double sign(int[] perm) {
        int inv = 0;
        for (int i = 0; i < perm.length; i++) {
            for (int j = i + 1; j < perm.length; j++) {
                if (perm[i] > perm[j]) {
                    inv++;
                }
            }
        }
        return (inv & 1) == 0 ? 1.0 : -1.0;
    }

    private static double factorial(int n) {
        double f = 1.0;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    /** {χ_k, scale_k} for k = 0..d by the contraction in the class comment (brute force, complex arithmetic). */
    static double[][] reference(int d, double[] g, double[] inv, double[] r) {
        int d2 = d * d;
        // Θ/2π, then Φ
        double[] theta = new double[2 * d2 * d2];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int c = 0; c < d; c++) {
                    for (int e = 0; e < d; e++) {
                        double re = 0.0;
                        double im = 0.0;
                        for (int a = 0; a < d; a++) {
                            double mr = inv[2 * (i * d + a)];
                            double mi = inv[2 * (i * d + a) + 1];
                            re += mr * r[r4(d, a, j, c, e)] - mi * r[r4(d, a, j, c, e) + 1];
                            im += mr * r[r4(d, a, j, c, e) + 1] + mi * r[r4(d, a, j, c, e)];
                        }
                        theta[r4(d, i, j, c, e)] = -re / (2.0 * Math.PI);
                        theta[r4(d, i, j, c, e) + 1] = -im / (2.0 * Math.PI);
                    }
                }
            }
        }
        double[] phi = new double[2 * d2 * d2]; // Φ^i_j{}_c^x at r4(i, j, c, x)
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int c = 0; c < d; c++) {
                    for (int x = 0; x < d; x++) {
                        double re = 0.0;
                        double im = 0.0;
                        for (int e = 0; e < d; e++) {
                            double tr = theta[r4(d, i, j, c, e)];
                            double ti = theta[r4(d, i, j, c, e) + 1];
                            double mr = inv[2 * (e * d + x)];
                            double mi = inv[2 * (e * d + x) + 1];
                            re += tr * mr - ti * mi;
                            im += tr * mi + ti * mr;
                        }
                        phi[r4(d, i, j, c, x)] = re;
                        phi[r4(d, i, j, c, x) + 1] = im;
                    }
                }
            }
        }
        double detG = SmallComplexMatrices.determinant(d, g, 0, new double[2 * d2], null)[0];
        double[][] out = new double[2][d + 1];
        for (int k = 0; k <= d; k++) {
            List<int[]> seqs = injective(d, k);
            List<int[]> perms = injective(k, k);
            double re = 0.0;
            double abs = 0.0;
            for (int[] i : seqs) {
                for (int[] c : seqs) {
                    for (int[] tau : perms) {
                        for (int[] sigma : perms) {
                            double s = sign(tau) * sign(sigma);
                            double pr = 1.0;
                            double pi = 0.0;
                            for (int l = 0; l < k; l++) {
                                int q = r4(d, i[l], i[tau[l]], c[l], c[sigma[l]]);
                                double nr = pr * phi[q] - pi * phi[q + 1];
                                pi = pr * phi[q + 1] + pi * phi[q];
                                pr = nr;
                            }
                            re += s * pr;
                            abs += Math.hypot(pr, pi);
                        }
                    }
                }
            }
            double f = factorial(d - k) * detG / factorial(k);
            out[0][k] = f * re;
            out[1][k] = Math.abs(f) * abs;
        }
        return out;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void chernDensitiesAgreeWithTheExteriorAlgebraAndTheTensorFormula(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int d = 1; d <= 4; d++) {
            double[] g = randomMetric(rng, d);
            double[] r = randomCurvature(rng, d);
            KahlerCurvatureKernel kernel = new KahlerCurvatureKernel(d);
            double[] inv = new double[2 * d * d];
            if (!kernel.inverse(g, 0, inv, 0)) {
                throw new AssertionError("random metric singular, seed " + seed);
            }
            // offsets: the kernel must honour them
            double[] fast = new double[d + 3];
            double[] general = new double[d + 1];
            kernel.chern(g, 0, inv, 0, r, 0, fast, 2);
            kernel.chernByExteriorAlgebra(g, 0, inv, 0, r, 0, general, 0);
            double[][] ref = reference(d, g, inv, r);
            for (int k = 0; k <= d; k++) {
                double scale = ref[1][k];
                String what = "chi_" + k + " d=" + d;
                Seeds.assertClose(ref[0][k], fast[2 + k], 0, TOLERANCE * scale, seed, what + " closed form");
                Seeds.assertClose(ref[0][k], general[k], 0, TOLERANCE * scale, seed, what + " exterior algebra");
            }
            // χ_0 = d!·det g exactly in exact arithmetic
            Seeds.assertClose(factorial(d) * SmallComplexMatrices.hermitianDeterminant(d, g, 0,
                    new double[2 * d * d]), fast[2], 1e-12, 0, seed, "chi_0 = d! det g, d=" + d);
        }
    }

    /** Random ∂_c g_{ab̄} at [2((c·d + a)·d + b)], symmetric in (c, a) as for every Kähler potential. */
    static double[] randomFirstJets(Rng rng, int d) {
        double[] x = new double[2 * d * d * d];
        rng.fillGaussian(x, 1.0);
        double[] s = new double[x.length];
        for (int c = 0; c < d; c++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    for (int p = 0; p < 2; p++) {
                        s[2 * ((c * d + a) * d + b) + p] = 0.5 * (x[2 * ((c * d + a) * d + b) + p]
                                + x[2 * ((a * d + c) * d + b) + p]);
                    }
                }
            }
        }
        return s;
    }

    /**
     * The symmetric Riemann (computed for the independent index pairs and copied), the Hermitian Ricci and the
     * adjugate inverse against their definitions written out with naive loops: R = ∂∂̄g − ∂g M ∂̄g, Ric = −Σ M R,
     * g M = 1. Entries are O(1)–O(10) sums of ≤ d + 1 products of O(1)–O(10) factors (M ~ 1/0.3 at most), so
     * 1e-12 absolute is ~1e3 ulp of the largest term: rounding passes, any wrong index or copied slot does not.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void riemannRicciAndInverseMatchTheirDefinitions(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int d = 1; d <= 4; d++) {
            double[] g = randomMetric(rng, d);
            double[] dg = randomFirstJets(rng, d);
            double[] ddg = randomCurvature(rng, d); // ∂∂̄g has the symmetries of R
            KahlerCurvatureKernel kernel = new KahlerCurvatureKernel(d);
            int off = 6; // offsets must be honoured
            double[] inv = new double[off + 2 * d * d];
            if (!kernel.inverse(g, 0, inv, off)) {
                throw new AssertionError("random metric singular, seed " + seed);
            }
            double cond = 0.0; // max |M_ij| ≥ 1/λ_min, scales the rounding of g M
            for (int i = 0; i < 2 * d * d; i++) {
                cond = Math.max(cond, Math.abs(inv[off + i]));
            }
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < d; c++) {
                    double re = 0.0;
                    double im = 0.0;
                    for (int b = 0; b < d; b++) {
                        double gr = g[2 * (a * d + b)];
                        double gi = g[2 * (a * d + b) + 1];
                        double mr = inv[off + 2 * (b * d + c)];
                        double mi = inv[off + 2 * (b * d + c) + 1];
                        re += gr * mr - gi * mi;
                        im += gr * mi + gi * mr;
                    }
                    Seeds.assertClose(a == c ? 1.0 : 0.0, re, 0, 1e-13 * (1 + cond) * 10, seed, "Re (gM)_" + a + c);
                    Seeds.assertClose(0.0, im, 0, 1e-13 * (1 + cond) * 10, seed, "Im (gM)_" + a + c);
                }
            }
            double[] r = new double[3 + 2 * d * d * d * d];
            kernel.riemann(inv, off, dg, 0, ddg, 0, r, 3);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    for (int c = 0; c < d; c++) {
                        for (int e = 0; e < d; e++) {
                            double re = ddg[r4(d, a, b, c, e)];
                            double im = ddg[r4(d, a, b, c, e) + 1];
                            for (int f = 0; f < d; f++) {
                                for (int q = 0; q < d; q++) {
                                    // ∂_c g_{af̄} M_{fq} conj(∂_e g_{bq̄})
                                    double xr = dg[2 * ((c * d + a) * d + f)];
                                    double xi = dg[2 * ((c * d + a) * d + f) + 1];
                                    double mr = inv[off + 2 * (f * d + q)];
                                    double mi = inv[off + 2 * (f * d + q) + 1];
                                    double pr = xr * mr - xi * mi;
                                    double pi = xr * mi + xi * mr;
                                    double yr = dg[2 * ((e * d + b) * d + q)];
                                    double yi = -dg[2 * ((e * d + b) * d + q) + 1];
                                    re -= pr * yr - pi * yi;
                                    im -= pr * yi + pi * yr;
                                }
                            }
                            String at = " R_" + a + b + c + e + " d=" + d;
                            Seeds.assertClose(re, r[3 + r4(d, a, b, c, e)], 0, 1e-12 * (1 + cond), seed, "Re" + at);
                            Seeds.assertClose(im, r[3 + r4(d, a, b, c, e) + 1], 0, 1e-12 * (1 + cond), seed,
                                    "Im" + at);
                        }
                    }
                }
            }
            double[] ric = new double[1 + 2 * d * d];
            kernel.ricci(inv, off, r, 3, ric, 1);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double re = 0.0;
                    double im = 0.0;
                    for (int c = 0; c < d; c++) {
                        for (int e = 0; e < d; e++) {
                            double mr = inv[off + 2 * (e * d + c)];
                            double mi = inv[off + 2 * (e * d + c) + 1];
                            double xr = r[3 + r4(d, a, b, c, e)];
                            double xi = r[3 + r4(d, a, b, c, e) + 1];
                            re -= mr * xr - mi * xi;
                            im -= mr * xi + mi * xr;
                        }
                    }
                    String at = " Ric_" + a + b + " d=" + d;
                    Seeds.assertClose(re, ric[1 + 2 * (a * d + b)], 0, 1e-12 * (1 + cond), seed, "Re" + at);
                    Seeds.assertClose(im, ric[1 + 2 * (a * d + b) + 1], 0, 1e-12 * (1 + cond), seed, "Im" + at);
                }
            }
        }
    }
}
