package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.internal.UnivariateRoots;

/**
 * Exactness of the product sampler's density J_t^d/Vol_t and weights, by a sampler-free chart integration.
 *
 * <p>For a hypersurface X ⊂ ΠCP^{n_i}, X is covered by the regions V(P, e): the points whose per-factor patches are
 * P = (P_1..P_f) (the largest coordinate of block i is z_{P_i} = 1) and whose eliminated coordinate is e (largest
 * |∂Q/∂z_j| over the non-patch j). On V(P, e) the d local coordinates x (all coordinates except P and e) lie in
 * the unit polydisc Δ (Lebesgue volume π^d in R^{2d}), and z_e is one of the roots of the univariate polynomial
 * Q(P = 1, x, z_e). With x uniform on Δ, ω^d = d!·det g·2^d dLeb and dVol_Ω = |Ω|²·2^d dLeb:
 * <pre>  ∫_{V(P,e)} J_t^d = π^d E_x[Σ_{roots in V(P,e)} d!·2^d·det g_t],   ∫_{V(P,e)} dVol_Ω = π^d E_x[Σ 2^d |Ω|²].</pre>
 * Summing over all regions gives Vol_t and Vol_Ω without the sampler (the region test and det g_t come from
 * {@link ProjectiveVariety#pointSet}). Vol_t is compared with the combinatorial Σ d_ijk t_i t_j t_k, and Vol_Ω with
 * the sampler's Monte-Carlo estimate (which depends on its density being J_t^d/Vol_t), for two different t.
 */
class CicySamplingTest {

    /** {Vol_t, se, Vol_Ω, se} by chart integration. */
    static double[] chartIntegral(ProjectiveVariety x, int samplesPerRegion, long seed) {
        int[] st = x.factorStarts();
        int f = st.length - 1;
        int m = x.coordinateCount();
        int d = x.dimension();
        Polynomial q = x.equations().get(0);
        Rng rng = Rng.of(seed);
        double volJ = 0.0;
        double varJ = 0.0;
        double volO = 0.0;
        double varO = 0.0;
        double dFact = SamplingTest.factorial(d);
        double twoD = Math.pow(2, d);
        double piD = Math.pow(Math.PI, d);
        int[] patch = new int[f];
        int regions = 1;
        for (int i = 0; i < f; i++) {
            regions *= st[i + 1] - st[i];
        }
        for (int r = 0; r < regions; r++) {
            int rest = r;
            for (int i = 0; i < f; i++) {
                int len = st[i + 1] - st[i];
                patch[i] = st[i] + rest % len;
                rest /= len;
            }
            for (int e = 0; e < m; e++) {
                if (isPatch(patch, e)) {
                    continue;
                }
                int fe = 0;
                while (e >= st[fe + 1]) {
                    fe++;
                }
                int deg = q.degree() == 0 ? 0 : degreeIn(q, st[fe], st[fe + 1]);
                List<double[]> pts = new ArrayList<>();
                List<Integer> owner = new ArrayList<>();
                double[] z = new double[2 * m];
                double[] vals = new double[2 * (deg + 1)];
                double[] coef = new double[2 * (deg + 1)];
                double[] roots = new double[2 * deg];
                for (int s = 0; s < samplesPerRegion; s++) {
                    for (int j = 0; j < m; j++) {
                        if (isPatch(patch, j)) {
                            z[2 * j] = 1.0;
                            z[2 * j + 1] = 0.0;
                        } else if (j != e) {
                            double rad = Math.sqrt(rng.nextDouble());
                            double th = 2 * Math.PI * rng.nextDouble();
                            z[2 * j] = rad * Math.cos(th);
                            z[2 * j + 1] = rad * Math.sin(th);
                        }
                    }
                    // coefficients of w ↦ Q(..., z_e = w, ...) by interpolation at the (deg+1)-th roots of unity
                    double[] one = new double[2];
                    for (int k = 0; k <= deg; k++) {
                        double a = 2 * Math.PI * k / (deg + 1);
                        z[2 * e] = Math.cos(a);
                        z[2 * e + 1] = Math.sin(a);
                        q.evaluate(z, 1, one);
                        vals[2 * k] = one[0];
                        vals[2 * k + 1] = one[1];
                    }
                    for (int c = 0; c <= deg; c++) {
                        double sr = 0.0;
                        double si = 0.0;
                        for (int k = 0; k <= deg; k++) {
                            double a = -2 * Math.PI * k * c / (deg + 1);
                            sr += vals[2 * k] * Math.cos(a) - vals[2 * k + 1] * Math.sin(a);
                            si += vals[2 * k] * Math.sin(a) + vals[2 * k + 1] * Math.cos(a);
                        }
                        coef[2 * c] = sr / (deg + 1);
                        coef[2 * c + 1] = si / (deg + 1);
                    }
                    if (!UnivariateRoots.aberth(coef, 0, deg, roots, 0)) {
                        continue;
                    }
                    for (int k = 0; k < deg; k++) {
                        if (roots[2 * k] * roots[2 * k] + roots[2 * k + 1] * roots[2 * k + 1] > 1.0) {
                            continue;
                        }
                        z[2 * e] = roots[2 * k];
                        z[2 * e + 1] = roots[2 * k + 1];
                        pts.add(z.clone());
                        owner.add(s);
                    }
                }
                double[] flat = new double[2 * m * pts.size()];
                for (int p = 0; p < pts.size(); p++) {
                    System.arraycopy(pts.get(p), 0, flat, 2 * m * p, 2 * m);
                }
                PointSet ps = x.pointSet(flat, pts.size());
                double[] fj = new double[samplesPerRegion];
                double[] fo = new double[samplesPerRegion];
                for (int p = 0; p < ps.size(); p++) {
                    boolean inRegion = ps.eliminated(p, 0) == e;
                    for (int i = 0; i < f; i++) {
                        inRegion &= ps.patch(p, i) == patch[i];
                    }
                    if (inRegion) {
                        fj[owner.get(p)] += dFact * twoD * ps.fubiniStudyDeterminant(p);
                        fo[owner.get(p)] += twoD * ps.omegaSquared(p);
                    }
                }
                volJ += piD * SamplingTest.mean(fj);
                varJ += piD * piD * SamplingTest.variance(fj) / samplesPerRegion;
                volO += piD * SamplingTest.mean(fo);
                varO += piD * piD * SamplingTest.variance(fo) / samplesPerRegion;
            }
        }
        return new double[] {volJ, Math.sqrt(varJ), volO, Math.sqrt(varO)};
    }

    private static boolean isPatch(int[] patch, int j) {
        for (int p : patch) {
            if (p == j) {
                return true;
            }
        }
        return false;
    }

    private static int degreeIn(Polynomial q, int from, int to) {
        int deg = 0;
        for (int j = from; j < to; j++) {
            deg += q.exponent(0, j);
        }
        return deg;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bicubic", "tetraquadric"})
    void volumesAgreeWithChartIntegrationForTwoModuli(String name) {
        ProjectiveVariety base = ProjectiveVariety.parse(name);
        double[][] moduli = base.factorCount() == 2 ? new double[][] {{1, 1}, {1, 2.5}}
                : new double[][] {{1, 1, 1, 1}, {0.5, 1, 2, 3}};
        double volOmegaChart = Double.NaN;
        double seOmegaChart = Double.NaN;
        for (double[] t : moduli) {
            ProjectiveVariety x = base.withKahlerModuli(t);
            double[] chart = chartIntegral(x, 3000, 11L);
            double exact = x.configuration().volume(t);
            assertEquals(exact, x.fubiniStudyVolume(), 1e-12 * exact);
            assertTrue(Math.abs(chart[0] - exact) < 3 * chart[1] && chart[1] < 0.02 * exact,
                    name + " t=" + java.util.Arrays.toString(t) + ": chart Vol_t = " + chart[0] + " ± " + chart[1]
                            + ", combinatorial " + exact);
            if (Double.isNaN(volOmegaChart)) {
                volOmegaChart = chart[2];
                seOmegaChart = chart[3];
            }
            // Vol_Ω does not depend on t: the chart value at t = 1 against the sampler's estimate at each t
            Estimate sampled = KahlerIntegrals.omegaVolume(x.sample(20_000, 21L));
            double se = Math.hypot(sampled.standardError(), seOmegaChart);
            assertTrue(Math.abs(sampled.value() - volOmegaChart) < 3 * se && se < 0.02 * volOmegaChart,
                    name + " t=" + java.util.Arrays.toString(t) + ": sampled Vol_Ω " + sampled + " vs chart "
                            + volOmegaChart + " ± " + seOmegaChart);
        }
    }

    @Test
    void samplingIsReproducibleAndThreadIndependent() {
        ProjectiveVariety x = ProjectiveVariety.schoen();
        PointSet a = x.sample(500, 4L, 1);
        PointSet b = x.sample(500, 4L, 2);
        assertEquals(a, b);
        assertArrayEquals(a.coordinates(), b.coordinates());
        // the points lie on X: |Q_r(z)| tiny relative to the coefficient scale
        double[] vals = new double[2 * a.size()];
        for (Polynomial q : x.equations()) {
            q.evaluate(a.coordinates(), a.size(), vals);
            for (int p = 0; p < a.size(); p++) {
                assertTrue(Math.hypot(vals[2 * p], vals[2 * p + 1]) < 1e-9 * q.coefficientNorm(), "point " + p);
            }
        }
    }
}
