package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * CP<sup>n</sup> with the Fubini–Study metric, n = 1..4, against closed forms.
 *
 * <p>References. In affine coordinates at w = 0, g = κδ (κ = 1/2π), ∂g = 0 and ∂<sub>c</sub>∂̄<sub>e</sub>g<sub>ab̄</sub>
 * = −κ(δ<sub>ab</sub>δ<sub>ce</sub> + δ<sub>ae</sub>δ<sub>cb</sub>) (differentiate δ/(1+|w|²) − w̄<sub>a</sub>w<sub>b</sub>/(1+|w|²)²);
 * both sides being tensors and FS being homogeneous, everywhere
 * R<sub>ab̄cē</sub> = −(1/κ)(g<sub>ab̄</sub>g<sub>cē</sub> + g<sub>aē</sub>g<sub>cb̄</sub>) (constant holomorphic sectional
 * curvature), hence Ric = −g<sup>ce</sup>R = (n+1)/κ·g = 2π(n+1)g (Kähler–Einstein, docs/ARCHITECTURE.md §7) and
 * s = 2πn(n+1). The U(n+1)-invariant (k,k)-forms are multiples of ω<sup>k</sup> and ∫c<sub>k</sub>∧ω<sup>n−k</sup> =
 * C(n+1, k)∫ω<sup>n</sup> (c(CP<sup>n</sup>) = (1+H)<sup>n+1</sup>), so point-wise c<sub>k</sub>∧ω<sup>n−k</sup> =
 * C(n+1,k)ω<sup>n</sup>. The metric itself is checked against {@link ProjectiveSpace#affineMetric}.
 */
class ProjectiveSpaceCurvatureTest {
    private static final double TWO_PI = 2.0 * Math.PI;

    static double[] randomPoints(Rng rng, int n, int count) {
        double[] z = new double[2 * count * (n + 1)];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        return z;
    }

    private static double binomial(int n, int k) {
        double b = 1.0;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void fubiniStudyIsKahlerEinsteinWithConstantHolomorphicSectionalCurvature(long seed) {
        Rng rng = Seeds.rng(seed);
        for (int n = 1; n <= 4; n++) {
            int count = 5;
            double[] z = randomPoints(rng, n, count);
            KahlerGeometry geo = KahlerGeometry.ofProjectiveSpace(n, z, count, KahlerPotential.fubiniStudy());
            assertTrue(geo.isAnalytic());
            double[] g = geo.metric();
            double[] r = geo.riemann();
            double[] ric = geo.ricci();
            double[] s = geo.scalarCurvature();
            double[] chern = geo.chernDensities();
            // affine coordinates of the normalized points: the non-patch coordinates
            double[] w = new double[2 * count * n];
            for (int p = 0; p < count; p++) {
                int off = 2 * p * (n + 1);
                int patch = 0;
                double best = -1;
                for (int j = 0; j <= n; j++) {
                    double a = z[off + 2 * j] * z[off + 2 * j] + z[off + 2 * j + 1] * z[off + 2 * j + 1];
                    if (a > best) {
                        best = a;
                        patch = j;
                    }
                }
                double pr = z[off + 2 * patch];
                double pi = z[off + 2 * patch + 1];
                int a = 0;
                for (int j = 0; j <= n; j++) {
                    if (j == patch) {
                        continue;
                    }
                    double xr = z[off + 2 * j];
                    double xi = z[off + 2 * j + 1];
                    w[2 * (p * n + a)] = (xr * pr + xi * pi) / best;
                    w[2 * (p * n + a) + 1] = (xi * pr - xr * pi) / best;
                    a++;
                }
            }
            double[] affine = new double[2 * count * n * n];
            ProjectiveSpace.of(n).affineMetric(w, count, affine);
            // entries are O(1/2π) and the formulas involve O(1) cancellations: 1e-13 absolute is rounding-level
            Seeds.assertAllClose(affine, g, 0.0, 1e-13, seed, "CP^" + n + " metric vs affine closed form");
            for (int p = 0; p < count; p++) {
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        int ab = 2 * ((p * n + a) * n + b);
                        // Ric = 2π(n+1) g; Ric involves g^{-1} with |g^{-1}| ≤ 2π(1+|w|²)² ≤ 2π·(n+1)², so 1e-10
                        Seeds.assertClose(TWO_PI * (n + 1) * g[ab], ric[ab], 0.0, 1e-10, seed, "CP^" + n + " Ric re");
                        Seeds.assertClose(TWO_PI * (n + 1) * g[ab + 1], ric[ab + 1], 0.0, 1e-10, seed,
                                "CP^" + n + " Ric im");
                        for (int c = 0; c < n; c++) {
                            for (int e = 0; e < n; e++) {
                                int ce = 2 * ((p * n + c) * n + e);
                                int ae = 2 * ((p * n + a) * n + e);
                                int cb = 2 * ((p * n + c) * n + b);
                                double er = -TWO_PI * (mulRe(g, ab, ce) + mulRe(g, ae, cb));
                                double ei = -TWO_PI * (mulIm(g, ab, ce) + mulIm(g, ae, cb));
                                int o = 2 * ((((p * n + a) * n + b) * n + c) * n + e);
                                Seeds.assertClose(er, r[o], 0.0, 1e-11, seed, "CP^" + n + " R re");
                                Seeds.assertClose(ei, r[o + 1], 0.0, 1e-11, seed, "CP^" + n + " R im");
                            }
                        }
                    }
                }
                Seeds.assertClose(TWO_PI * n * (n + 1), s[p], 1e-11, 0.0, seed, "CP^" + n + " scalar curvature");
                double top = chern[p * (n + 1)];
                double fact = 1;
                for (int i = 2; i <= n; i++) {
                    fact *= i;
                }
                double detAffine = Math.pow(TWO_PI, -n) * Math.pow(1 + norm2(w, p, n), -(n + 1));
                Seeds.assertClose(fact * detAffine, top, 1e-12, 0.0, seed, "CP^" + n + " ω^n density = n! det g");
                for (int k = 1; k <= n; k++) {
                    Seeds.assertClose(binomial(n + 1, k) * top, chern[p * (n + 1) + k], 1e-10, 0.0, seed,
                            "CP^" + n + " c_" + k + "∧ω^" + (n - k) + " = C(n+1,k) ω^n");
                }
            }
        }
    }

    private static double norm2(double[] w, int p, int n) {
        double s = 0;
        for (int j = 0; j < 2 * n; j++) {
            s += w[2 * p * n + j] * w[2 * p * n + j];
        }
        return s;
    }

    private static double mulRe(double[] g, int x, int y) {
        return g[x] * g[y] - g[x + 1] * g[y + 1];
    }

    private static double mulIm(double[] g, int x, int y) {
        return g[x] * g[y + 1] + g[x + 1] * g[y];
    }

    /** The generic nested-autodiff path agrees with the analytic path (same potential, wrapped to hide it). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void genericAutodiffPathMatchesAnalyticPath(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(3);
        int count = 3;
        double[] z = randomPoints(rng, n, count);
        KahlerPotential wrapped = (re, im) -> KahlerPotential.fubiniStudy().value(re, im);
        KahlerGeometry a = KahlerGeometry.ofProjectiveSpace(n, z, count, KahlerPotential.fubiniStudy());
        KahlerGeometry b = KahlerGeometry.ofProjectiveSpace(n, z, count, wrapped);
        assertTrue(!b.isAnalytic());
        // both are exact formulas evaluated in floating point; nested autodiff accumulates a few ulps per level
        Seeds.assertAllClose(a.metric(), b.metric(), 0.0, 1e-13, seed, "g");
        Seeds.assertAllClose(a.metricDerivatives(), b.metricDerivatives(), 0.0, 1e-12, seed, "∂g");
        Seeds.assertAllClose(a.metricSecondDerivatives(), b.metricSecondDerivatives(), 0.0, 1e-11, seed, "∂∂̄g");
        Seeds.assertAllClose(a.chernDensities(), b.chernDensities(), 1e-9, 1e-12, seed, "Chern densities");
    }
}
