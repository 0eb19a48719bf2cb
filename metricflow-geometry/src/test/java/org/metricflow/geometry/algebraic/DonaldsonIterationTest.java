package org.metricflow.geometry.algebraic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Donaldson's T-operator and iteration: the batched matrix-product T̂ against a plain per-point loop, the trace
 * identity, k = 1 on a symmetrized Fermat point set (balanced H ∝ I exactly, σ = σ_FS to rounding), balancedness
 * at convergence and independence of the start, and σ_k on the Fermat quintic against published values.
 */
class DonaldsonIterationTest {

    /** T̂(H) by the definition, one point at a time (no matrix products, no real embedding). */
    static double[] naiveT(SectionBasis s, PointSet pts, HermitianMatrix h) {
        int n = s.size();
        int count = pts.size();
        double[] v = new double[2 * count * n];
        s.evaluate(pts.coordinates(), count, v);
        double[] t = new double[2 * n * n];
        double wSum = 0;
        for (int p = 0; p < count; p++) {
            double sr = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    // conj(s_a) H_ab s_b
                    double ar = v[2 * (p * n + a)];
                    double ai = -v[2 * (p * n + a) + 1];
                    double hr = h.re(a, b);
                    double hi = h.im(a, b);
                    double br = v[2 * (p * n + b)];
                    double bi = v[2 * (p * n + b) + 1];
                    double xr = ar * hr - ai * hi;
                    double xi = ar * hi + ai * hr;
                    sr += xr * br - xi * bi;
                }
            }
            double f = pts.weight(p) / sr;
            wSum += pts.weight(p);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    // s_a conj(s_b)
                    double ar = v[2 * (p * n + a)];
                    double ai = v[2 * (p * n + a) + 1];
                    double br = v[2 * (p * n + b)];
                    double bi = -v[2 * (p * n + b) + 1];
                    t[2 * (a * n + b)] += f * (ar * br - ai * bi);
                    t[2 * (a * n + b) + 1] += f * (ar * bi + ai * br);
                }
            }
        }
        for (int i = 0; i < t.length; i++) {
            t[i] *= n / wSum;
        }
        return t;
    }

    /**
     * The chunked EJML T̂ equals the naive sum (1e-12 relative: both are sums of ~10³ positive-weight terms in
     * different orders), and tr(H T̂(H)) = N for any H (exact identity of the estimator, 1e-12).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void tOperatorMatchesTheDefinitionAndHasTraceN(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = rng.nextInt(2) == 0 ? ProjectiveVariety.fermatQuintic() : ProjectiveVariety.dwork(0.4);
        int k = 1 + rng.nextInt(2);
        SectionBasis s = SectionBasis.of(x, k);
        PointSet pts = x.sample(1500, rng.nextLong());
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(s.size(), 0.3, rng);
        HermitianMatrix t = DonaldsonIteration.of(s, pts).tOperator(h);
        double[] naive = naiveT(s, pts, h);
        double scale = HermitianMatrix.of(s.size(), naive).frobeniusNorm();
        Seeds.assertAllClose(naive, t.toArray(), 0, 1e-12 * scale, seed, "T(H)");
        double[] ht = h.times(t);
        double trace = 0;
        for (int a = 0; a < s.size(); a++) {
            trace += ht[2 * (a * s.size() + a)];
        }
        Seeds.assertClose(s.size(), trace, 1e-12, 0, seed, "tr(H T(H))");
    }

    /**
     * Fermat quintic, k = 1. The point set is closed under the 25 unitary symmetries z_j → ζ^{tj} z_{j+c}
     * (ζ = e^{2πi/5}; they preserve X, |Ω|² and ω_FS hence the weights): the cyclic shifts make the diagonal of
     * T̂(I) constant and Σ_t ζ^{t(i−j)} = 0 kills the off-diagonal. So T̂(I) ∝ I exactly, I is balanced, the
     * iteration stops at once, and the balanced metric is Fubini–Study: σ equal to σ_FS to rounding (1e-12).
     */
    @Test
    void degreeOneOnASymmetricFermatPointSetIsFubiniStudy() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet base = x.sample(400, 21);
        int m = 5;
        double[] z = base.coordinates();
        int count = base.size() * 25;
        double[] sym = new double[2 * count * m];
        int q = 0;
        for (int p = 0; p < base.size(); p++) {
            for (int t = 0; t < 5; t++) {
                for (int c = 0; c < 5; c++) {
                    for (int j = 0; j < m; j++) {
                        double re = z[2 * (p * m + (j + c) % m)];
                        double im = z[2 * (p * m + (j + c) % m) + 1];
                        double ang = 2 * Math.PI * ((t * j) % 5) / 5.0;
                        sym[2 * (q * m + j)] = re * Math.cos(ang) - im * Math.sin(ang);
                        sym[2 * (q * m + j) + 1] = re * Math.sin(ang) + im * Math.cos(ang);
                    }
                    q++;
                }
            }
        }
        PointSet pts = x.pointSet(sym, count);
        SectionBasis s = SectionBasis.of(x, 1);
        BalancedMetric b = DonaldsonIteration.of(s, pts).withTolerance(1e-12).run();
        assertTrue(b.converged(), b.toString());
        assertEquals(1, b.iterations(), b.toString());
        assertTrue(b.hermitianForm().distance(HermitianMatrix.identity(5)) < 1e-12);
        Estimate sigma = b.potential().sigma(pts);
        Estimate sigmaFs = KahlerIntegrals.sigmaFubiniStudy(pts);
        assertEquals(sigmaFs.value(), sigma.value(), 1e-12 * sigmaFs.value());
        // and on a point set without the symmetry the balanced H is I only up to Monte-Carlo noise
        PointSet plain = x.sample(10000, 4);
        HermitianMatrix h = DonaldsonIteration.of(s, plain).run().hermitianForm();
        double dev = h.distance(HermitianMatrix.identity(5)) / Math.sqrt(5);
        assertTrue(dev > 1e-6 && dev < 0.05, "rms deviation of H from I " + dev); // ~ 1/√(points)
    }

    /**
     * k = 2 on the Dwork quintic ψ = 0.3 (no symmetry forcing H ∝ I): at convergence T̂(H) = H⁻¹ (residual checked
     * with the independent naive T̂), and starting from I or from random positive matrices gives the same
     * normalized H (to 1e-7 relative: both stop with residual < 1e-10, and the iteration contracts by ≥ 3 per
     * step, see the residual history).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void convergedMetricIsBalancedAndIndependentOfTheStart(long seed) {
        ProjectiveVariety x = ProjectiveVariety.dwork(0.3);
        SectionBasis s = SectionBasis.of(x, 2);
        PointSet pts = x.sample(3000, 99);
        DonaldsonIteration it = DonaldsonIteration.of(s, pts).withTolerance(1e-10);
        BalancedMetric fromIdentity = it.run();
        Rng rng = Seeds.rng(seed);
        BalancedMetric fromRandom = it.run(HermitianMatrix.randomPositiveDefinite(s.size(), 0.05, rng).scaled(3.7));
        assertTrue(fromIdentity.converged() && fromRandom.converged(), fromRandom.toString());
        HermitianMatrix h = fromRandom.hermitianForm();
        HermitianMatrix naive = HermitianMatrix.of(s.size(), naiveT(s, pts, h));
        assertTrue(h.inverseResidual(naive) < 1e-9, "balance residual " + h.inverseResidual(naive));
        double rel = h.distance(fromIdentity.hermitianForm()) / h.frobeniusNorm();
        assertTrue(rel < 1e-7, "relative distance between the limits " + rel);
        Seeds.assertClose(s.size(), h.trace(), 1e-12, 0, seed, "tr H");
        double[] r = fromRandom.residuals();
        assertEquals(fromRandom.iterations(), r.length);
        assertTrue(r[r.length - 1] < 1e-10 && r[0] > r[r.length - 1]);
    }

    /**
     * Fermat quintic, k = 1..3: σ decreases with k and lands near the published balanced-metric values
     * σ ≈ 0.39, 0.26, 0.20 (docs/ARCHITECTURE.md §7). T̂ is integrated on 20 000 points (≥ 10·N² for N = 5, 15, 35) and σ on
     * an independent set of 30 000 points (standard error ≈ 0.001). Tolerance 10% of the published value: those are
     * quoted to two digits (up to 2.5% rounding), come from other point sets and sizes (our σ_FS at 10⁵ points is
     * 0.373 against the published 0.3694, and the k = 1 balanced metric is FS, so the published 0.39 is itself ~5%
     * off), and the finite-sample balanced metric carries an O(N²/points) bias. Measured: 0.374, 0.274, 0.198.
     */
    @Test
    void fermatQuinticSigmaDecreasesWithKAndMatchesPublishedValues() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet eval = x.sample(30000, 2024);
        double[] published = {0.39, 0.26, 0.20};
        Estimate[] sigma = new Estimate[3];
        for (int k = 1; k <= 3; k++) {
            SectionBasis s = SectionBasis.of(x, k);
            PointSet train = x.sample(20000, 7000 + k);
            BalancedMetric b = DonaldsonIteration.of(s, train).withTolerance(1e-6).run();
            assertTrue(b.converged(), b.toString());
            sigma[k - 1] = b.potential().sigma(eval);
            assertEquals(published[k - 1], sigma[k - 1].value(), 0.10 * published[k - 1], "k = " + k + ": " + sigma[k - 1]);
        }
        for (int k = 1; k < 3; k++) {
            double gap = sigma[k - 1].value() - sigma[k].value();
            double se = Math.hypot(sigma[k - 1].standardError(), sigma[k].standardError());
            assertTrue(gap > 5 * se, "σ_" + k + " = " + sigma[k - 1] + " vs σ_" + (k + 1) + " = " + sigma[k]);
        }
        // k = 1 is FS up to the Monte-Carlo noise of H (≲ 1%)
        Estimate fs = KahlerIntegrals.sigmaFubiniStudy(eval);
        assertEquals(fs.value(), sigma[0].value(), 0.01 * fs.value());
    }

    /** T̂ and metricOn sum fixed groups of points in a fixed order: bit-identical on 1 thread and on the common pool. */
    @Test
    void resultsDoNotDependOnTheNumberOfThreads() throws Exception {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        SectionBasis s = SectionBasis.of(x, 2);
        PointSet pts = x.sample(9000, 8);
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(s.size(), 0.3, Rng.of(8));
        DonaldsonIteration it = DonaldsonIteration.of(s, pts);
        AlgebraicPotential pot = AlgebraicPotential.of(s, h);
        java.util.concurrent.ForkJoinPool single = new java.util.concurrent.ForkJoinPool(1);
        try {
            HermitianMatrix serial = single.submit(() -> it.tOperator(h)).get();
            double[] serialMetric = single.submit(() -> pot.metricOn(pts)).get();
            assertEquals(serial, it.tOperator(h));
            assertTrue(java.util.Arrays.equals(serialMetric, pot.metricOn(pts)));
        } finally {
            single.shutdown();
        }
    }

    @Test
    void invalidInputsAreRejected() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        PointSet few = x.sample(20, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DonaldsonIteration.of(SectionBasis.of(x, 3), few));
        assertTrue(e.getMessage().contains("at least 10·N² = 12250"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DonaldsonIteration.of(SectionBasis.ofProjectiveSpace(2, 1), few));
        assertTrue(e.getMessage().contains("3 homogeneous coordinates"), e.getMessage());
        DonaldsonIteration it = DonaldsonIteration.of(SectionBasis.of(x, 1), few);
        assertThrows(IllegalArgumentException.class, () -> it.withTolerance(0));
        assertThrows(IllegalArgumentException.class, () -> it.withMaxIterations(0));
        e = assertThrows(IllegalArgumentException.class, () -> it.tOperator(HermitianMatrix.identity(4)));
        assertTrue(e.getMessage().contains("5 sections"), e.getMessage());
        BalancedMetric capped = it.withMaxIterations(2).withTolerance(1e-300).run();
        assertEquals(2, capped.iterations());
        assertTrue(!capped.converged());
        assertEquals(1, capped.changes().length);
    }
}
