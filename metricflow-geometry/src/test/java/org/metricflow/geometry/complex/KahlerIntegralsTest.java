package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;

/**
 * Volumes and σ against references that do not use the random-line density theorem or Vol_FS = deg.
 *
 * <p>The polydisc estimator: X ∩ {patch 0} is split into the regions V_e where coordinate e is the eliminated one
 * (largest |∂Q/∂z_e|). Over V_n, the local coordinates x = (z_1..z_{n−1}) range over the unit polydisc Δ (all
 * |z_j| ≤ |z_0| = 1) and z_n is one of the deg roots of Q(1, x, z_n) = 0. With x uniform on Δ (Lebesgue volume
 * π^d in R^{2d}) and ω^d = d!·det g·2^d dLeb:
 * <pre>  ∫_{V_n} ω^d = π^d · E_x[ Σ_{roots in V_n} d!·2^d·det g_FS ],   ∫_{V_n} dVol_Ω = π^d · E_x[ Σ 2^d |Ω|² ].</pre>
 * For Fermat varieties the n(n+1) regions (patch, eliminated) are permuted transitively by coordinate
 * permutations, which preserve ω_FS and |Ω|², so the totals are n(n+1) times these. The roots are the explicit
 * deg-th roots of −(1 + Σ x_j^deg), no root finder involved. On V_n the integrand is bounded (|∂z_n/∂x_a| ≤ 1),
 * so the Monte-Carlo error is honest.
 */
class KahlerIntegralsTest {

    /** {∫ω^d, se, Vol_Ω, se} by the polydisc estimator on the Fermat hypersurface of degree D in CP^n. */
    static double[] polydiscFermat(int n, int degree, int samples, long seed) {
        ProjectiveVariety x = ProjectiveVariety.fermat(n, degree);
        int d = n - 1;
        int m = n + 1;
        Rng rng = Rng.of(seed);
        double[] coords = new double[2 * samples * degree * m];
        int count = 0;
        int[] owner = new int[samples * degree];
        for (int s = 0; s < samples; s++) {
            double[] z = new double[2 * m];
            z[0] = 1;
            Complex rhs = Complex.ONE;
            for (int j = 1; j < n; j++) {
                double r = Math.sqrt(rng.nextDouble());
                double th = 2 * Math.PI * rng.nextDouble();
                z[2 * j] = r * Math.cos(th);
                z[2 * j + 1] = r * Math.sin(th);
                rhs = rhs.add(new Complex(z[2 * j], z[2 * j + 1]).pow(degree));
            }
            // z_n^D = −rhs
            Complex target = rhs.negate();
            double mod = Math.pow(target.abs(), 1.0 / degree);
            if (mod > 1) {
                continue; // no root in the polydisc |z_n| <= 1
            }
            double arg = target.getArgument();
            for (int k = 0; k < degree; k++) {
                double a = (arg + 2 * Math.PI * k) / degree;
                z[2 * n] = mod * Math.cos(a);
                z[2 * n + 1] = mod * Math.sin(a);
                System.arraycopy(z, 0, coords, 2 * count * m, 2 * m);
                owner[count++] = s;
            }
        }
        double[] trimmed = new double[2 * count * m];
        System.arraycopy(coords, 0, trimmed, 0, trimmed.length);
        PointSet ps = x.pointSet(trimmed, count);
        double[] vol = new double[samples];
        double[] volOmega = new double[samples];
        double dFact = SamplingTest.factorial(d);
        double twoD = Math.pow(2, d);
        for (int p = 0; p < count; p++) {
            if (ps.patch(p) == 0 && ps.eliminated(p, 0) == n) {
                vol[owner[p]] += dFact * twoD * ps.fubiniStudyDeterminant(p);
                volOmega[owner[p]] += twoD * ps.omegaSquared(p);
            }
        }
        double factor = n * (n + 1) * Math.pow(Math.PI, d);
        return new double[] {factor * SamplingTest.mean(vol), factor * Math.sqrt(SamplingTest.variance(vol) / samples),
            factor * SamplingTest.mean(volOmega), factor * Math.sqrt(SamplingTest.variance(volOmega) / samples)};
    }

    static void checkFermat(int n, int degree, int polydiscSamples, int points) {
        double[] poly = polydiscFermat(n, degree, polydiscSamples, 1000 + n);
        String name = "Fermat degree " + degree + " in CP^" + n;
        // ∫ω^d = degree (Bezout with ∫_{CP^1} ω = 1): within 3 standard errors of the independent estimator
        assertTrue(Math.abs(poly[0] - degree) < 3 * poly[1],
                name + ": polydisc ∫ω^d = " + poly[0] + " ± " + poly[1] + ", expected " + degree);
        // Vol_Ω from random lines (uses the density theorem and Vol_FS = deg) vs the polydisc (uses neither)
        PointSet ps = ProjectiveVariety.fermat(n, degree).sample(points, 77);
        Estimate lines = KahlerIntegrals.omegaVolume(ps);
        double combined = Math.sqrt(lines.standardError() * lines.standardError() + poly[3] * poly[3]);
        assertTrue(Math.abs(lines.value() - poly[2]) < 3 * combined,
                name + ": Vol_Ω lines " + lines + " vs polydisc " + poly[2] + " ± " + poly[3]);
        // the same check is not vacuous: the errors are a small fraction of the values
        assertTrue(poly[1] < 0.02 * degree && combined < 0.02 * poly[2], name + ": errors too large to be meaningful");
    }

    @Test
    void volumeOfThePlaneCubicIsThree() {
        checkFermat(2, 3, 100000, 30000);
    }

    @Test
    void volumeOfTheQuarticK3IsFour() {
        checkFermat(3, 4, 100000, 40000);
    }

    @Test
    void volumeOfTheQuinticIsFive() {
        checkFermat(4, 5, 100000, 50000);
    }

    /**
     * A complete intersection with a transitive symmetry on patches: X = {Σ z_i² = 0, Σ ζ^i z_i² = 0} ⊂ CP^4,
     * ζ = e^{2πi/5} (the cyclic shift maps Q1 → Q1, Q2 → ζ^{-1}Q2, so X → X), degree 4, dimension 2. In patch 0
     * for each eliminated pair E ⊂ {1..4} the two equations are linear in (z_{e1}², z_{e2}²), giving 4 explicit
     * points per sample of the two free coordinates. ∫ω² = 4 and Vol_Ω must match the homotopy sampler's.
     */
    @Test
    void completeIntersectionVolumeAndOmegaVolume() {
        Complex zeta = new Complex(Math.cos(2 * Math.PI / 5), Math.sin(2 * Math.PI / 5));
        ProjectiveVariety x = ProjectiveVariety.parse("z0^2+z1^2+z2^2+z3^2+z4^2; z0^2 + a*z1^2 + b*z2^2 + c*z3^2 + e*z4^2"
                .replace("a", c(zeta.pow(1))).replace("b", c(zeta.pow(2))).replace("c*", c(zeta.pow(3)) + "*")
                .replace("e", c(zeta.pow(4))));
        assertEquals(4.0, x.fubiniStudyVolume());
        int samples = 30000;
        Rng rng = Rng.of(5);
        double factor = 5 * Math.PI * Math.PI; // 5 patches, polydisc volume π² in R^4
        double vol = 0;
        double volVar = 0;
        double volOmega = 0;
        double volOmegaVar = 0;
        for (int e1 = 1; e1 <= 4; e1++) {
            for (int e2 = e1 + 1; e2 <= 4; e2++) {
                List<Integer> free = new ArrayList<>();
                for (int j = 1; j <= 4; j++) {
                    if (j != e1 && j != e2) {
                        free.add(j);
                    }
                }
                double[] coords = new double[2 * samples * 4 * 5];
                int[] owner = new int[samples * 4];
                int count = 0;
                for (int s = 0; s < samples; s++) {
                    double[] z = new double[10];
                    z[0] = 1;
                    Complex r1 = Complex.ONE.negate();
                    Complex r2 = Complex.ONE.negate();
                    for (int f : free) {
                        double r = Math.sqrt(rng.nextDouble());
                        double th = 2 * Math.PI * rng.nextDouble();
                        z[2 * f] = r * Math.cos(th);
                        z[2 * f + 1] = r * Math.sin(th);
                        Complex sq = new Complex(z[2 * f], z[2 * f + 1]).pow(2);
                        r1 = r1.subtract(sq);
                        r2 = r2.subtract(sq.multiply(zeta.pow(f)));
                    }
                    Complex z1 = zeta.pow(e1);
                    Complex z2 = zeta.pow(e2);
                    Complex det = z2.subtract(z1);
                    Complex u = z2.multiply(r1).subtract(r2).divide(det);
                    Complex v = r2.subtract(z1.multiply(r1)).divide(det);
                    Complex su = u.sqrt();
                    Complex sv = v.sqrt();
                    if (su.abs() > 1 || sv.abs() > 1) {
                        continue;
                    }
                    for (int sign = 0; sign < 4; sign++) {
                        Complex a = (sign & 1) == 0 ? su : su.negate();
                        Complex b = (sign & 2) == 0 ? sv : sv.negate();
                        z[2 * e1] = a.getReal();
                        z[2 * e1 + 1] = a.getImaginary();
                        z[2 * e2] = b.getReal();
                        z[2 * e2 + 1] = b.getImaginary();
                        System.arraycopy(z, 0, coords, 2 * count * 5, 10);
                        owner[count++] = s;
                    }
                }
                double[] trimmed = new double[2 * count * 5];
                System.arraycopy(coords, 0, trimmed, 0, trimmed.length);
                PointSet ps = x.pointSet(trimmed, count);
                double[] a = new double[samples];
                double[] b = new double[samples];
                for (int p = 0; p < count; p++) {
                    if (ps.patch(p) == 0 && ps.eliminated(p, 0) == e1 && ps.eliminated(p, 1) == e2) {
                        a[owner[p]] += 2 * 4 * ps.fubiniStudyDeterminant(p); // d!·2^d, d = 2
                        b[owner[p]] += 4 * ps.omegaSquared(p);
                    }
                }
                vol += factor * SamplingTest.mean(a);
                volVar += factor * factor * SamplingTest.variance(a) / samples;
                volOmega += factor * SamplingTest.mean(b);
                volOmegaVar += factor * factor * SamplingTest.variance(b) / samples;
            }
        }
        double se = Math.sqrt(volVar);
        assertTrue(Math.abs(vol - 4) < 3 * se && se < 0.08, "CI ∫ω² = " + vol + " ± " + se + ", expected 4");
        Estimate lines = KahlerIntegrals.omegaVolume(x.sample(8000, 3));
        double combined = Math.sqrt(volOmegaVar + lines.standardError() * lines.standardError());
        assertTrue(Math.abs(lines.value() - volOmega) < 3 * combined && combined < 0.02 * volOmega,
                "CI Vol_Ω homotopy sampler " + lines + " vs polydisc " + volOmega + " ± " + Math.sqrt(volOmegaVar));
    }

    private static String c(Complex z) {
        return "(" + z.getReal() + (z.getImaginary() < 0 ? "-" : "+") + Math.abs(z.getImaginary()) + "*i)";
    }

    /**
     * σ of the Fubini–Study metric on the Fermat quintic at 10^5 points. Published: 0.3694 (one 10^5-point run; its
     * own MC error is ≈ 0.0008 like ours). We measure 0.3734 ± 0.0008 at this seed and 0.3725 ± 0.0002 at 2·10^6
     * points, so the bound |σ − 0.3694| < 0.01 (≈ 9 combined standard errors, covering the ≈ 0.003 offset of the
     * published run) is justified and still rejects any normalization error (which would change σ by O(0.1)).
     */
    @Test
    void sigmaOfFubiniStudyOnTheQuintic() {
        PointSet ps = ProjectiveVariety.fermatQuintic().sample(100000, 42);
        Estimate sigma = KahlerIntegrals.sigmaFubiniStudy(ps);
        assertTrue(Math.abs(sigma.value() - 0.3694) < 0.01, "sigma_FS = " + sigma);
        assertTrue(sigma.standardError() < 0.002, "sigma error " + sigma);
    }

    /**
     * The reported standard errors are calibrated: over 24 independent seeds the spread of the estimates matches the
     * mean reported error. The ratio of a 23-dof sample sd to the true sd lies in [0.68, 1.29] with probability 0.95;
     * we accept [0.55, 1.5]. This also shows that the dependence of points on one line does not matter here.
     */
    @Test
    void standardErrorsMatchTheSpreadOverSeeds() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        int reps = 24;
        double[][] values = new double[3][reps];
        double[] meanSe = new double[3];
        for (int r = 0; r < reps; r++) {
            PointSet ps = x.sample(4000, 500 + r);
            // a non-FS metric: det g = det g_FS·(1 + 0.5|z_0|²) (any positive function works for σ and κ)
            double[] det = ps.fubiniStudyDeterminants();
            for (int p = 0; p < ps.size(); p++) {
                det[p] *= 1 + 0.5 * (ps.re(p, 0) * ps.re(p, 0) + ps.im(p, 0) * ps.im(p, 0));
            }
            Estimate[] e = {KahlerIntegrals.sigma(ps, det), KahlerIntegrals.omegaVolume(ps),
                KahlerIntegrals.kappa(ps, det)};
            for (int i = 0; i < 3; i++) {
                values[i][r] = e[i].value();
                meanSe[i] += e[i].standardError() / reps;
            }
        }
        String[] names = {"sigma", "Vol_Omega", "kappa"};
        for (int i = 0; i < 3; i++) {
            double ratio = Math.sqrt(SamplingTest.variance(values[i])) / meanSe[i];
            assertTrue(ratio > 0.55 && ratio < 1.5, names[i] + ": spread/reported error = " + ratio);
        }
    }

    @Test
    void invariancesAndExactCases() {
        PointSet ps = ProjectiveVariety.fermatQuartic().sample(5000, 9);
        double[] fs = ps.fubiniStudyDeterminants();
        // Vol of FS is Vol_FS exactly (ratio 1 at every point)
        Estimate v = KahlerIntegrals.volume(ps, fs);
        assertEquals(4.0, v.value(), 1e-12);
        assertEquals(0.0, v.standardError(), 1e-12);
        // σ is scale invariant, κ scales linearly
        double[] scaled = fs.clone();
        for (int p = 0; p < scaled.length; p++) {
            scaled[p] *= 3.7;
        }
        assertEquals(KahlerIntegrals.sigmaFubiniStudy(ps).value(), KahlerIntegrals.sigma(ps, scaled).value(), 1e-12);
        assertEquals(3.7 * KahlerIntegrals.kappa(ps, fs).value(), KahlerIntegrals.kappa(ps, scaled).value(), 1e-12);
        assertEquals(3.7 * 4.0, KahlerIntegrals.volume(ps, scaled).value(), 1e-11);
        // a metric whose volume form is proportional to Ω∧Ω̄ (det g = c·|Ω|²) has σ = 0 and κ = c·d!/... exactly
        double[] ricciFlat = ps.omegaSquared();
        Estimate s = KahlerIntegrals.sigma(ps, ricciFlat);
        assertEquals(0.0, s.value(), 1e-12);
        // κ = ∫ω²/∫dVol_Ω with ω² = 2!·|Ω|²·Π(i dx∧dx̄) = 2·dVol_Ω, so κ = 2 = d!
        assertEquals(2.0, KahlerIntegrals.kappa(ps, ricciFlat).value(), 1e-12);
        // σ from its definition written with the measures: Vol_Ω = Vol_FS·mean(w), Vol_ω = Vol_FS·mean(a)
        int n = ps.size();
        double volOmega = 0;
        double volOmegaMetric = 0;
        double[] w = ps.weights();
        double[] a = new double[n];
        for (int p = 0; p < n; p++) {
            a[p] = (1 + ps.re(p, 1)) * 0.5 + 1; // ω^d/ω_FS^d for some positive function
            volOmega += 4.0 * w[p] / n;
            volOmegaMetric += 4.0 * a[p] / n;
        }
        double sigma = 0;
        for (int p = 0; p < n; p++) {
            // integrand |1 − (ω^d/Vol_ω)/(dVol_Ω/Vol_Ω)| against dVol_Ω, with ω^d/dVol_Ω = a/w
            sigma += 4.0 / n * w[p] * Math.abs(1 - (a[p] / w[p]) * volOmega / volOmegaMetric) / volOmega;
        }
        double[] det = fs.clone();
        for (int p = 0; p < n; p++) {
            det[p] *= a[p];
        }
        assertEquals(sigma, KahlerIntegrals.sigma(ps, det).value(), 1e-12);
        // ∫ 1 dVol_Ω via integral() equals omegaVolume()
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        assertEquals(KahlerIntegrals.omegaVolume(ps).value(), KahlerIntegrals.integral(ps, ones).value(), 1e-12);
    }
}
