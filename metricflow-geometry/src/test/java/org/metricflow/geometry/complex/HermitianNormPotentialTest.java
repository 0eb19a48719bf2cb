package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.testing.Seeds;

/**
 * {@link HermitianNormPotential} (the analytic path for Donaldson-type metrics): reduces to Fubini–Study for
 * s = z, H = 1; agrees with the generic autodiff path (its own Tensor value) for degree-2 monomials and random
 * Hermitian H; and, being a Kähler metric in the class of k·H/k, gives ∫ω<sup>d</sup> = deg and χ = −200 on the quintic
 * (topological invariance: a different metric, the same Chern numbers).
 */
class HermitianNormPotentialTest {
    /** 5 seeds: the generic path through Tensor polynomials of 15 sections costs ≈ 0.3 s per point. */
    static LongStream cases() {
        return Seeds.seeds(5);
    }

    static List<Polynomial> monomials(int m, int degree) {
        List<Polynomial> out = new ArrayList<>();
        addMonomials(m, degree, 0, new int[m], out);
        return out;
    }

    private static void addMonomials(int m, int left, int j, int[] e, List<Polynomial> out) {
        if (j == m - 1) {
            e[j] = left;
            out.add(Polynomial.of(m, new int[][] {e.clone()}, new double[] {1}, new double[] {0}));
            return;
        }
        for (int k = left; k >= 0; k--) {
            e[j] = k;
            addMonomials(m, left - k, j + 1, e, out);
        }
    }

    /** H = B B† + 1/2 with Gaussian B (Hermitian positive definite), interleaved. */
    static double[] randomHermitian(Rng rng, int r, double spread) {
        double[] b = new double[2 * r * r];
        for (int i = 0; i < b.length; i++) {
            b[i] = spread * rng.nextGaussian() / Math.sqrt(r);
        }
        double[] h = new double[2 * r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                double sr = i == j ? 0.5 : 0.0;
                double si = 0;
                for (int k = 0; k < r; k++) {
                    double ar = b[2 * (i * r + k)];
                    double ai = b[2 * (i * r + k) + 1];
                    double cr = b[2 * (j * r + k)];
                    double ci = -b[2 * (j * r + k) + 1];
                    sr += ar * cr - ai * ci;
                    si += ar * ci + ai * cr;
                }
                h[2 * (i * r + j)] = sr;
                h[2 * (i * r + j) + 1] = si;
            }
        }
        return h;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void identityOnCoordinatesIsFubiniStudy(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VarietyCurvatureTest.pick(rng);
        PointSet pts = x.sample(4, rng.nextLong());
        int m = pts.coordinateCount();
        double[] id = new double[2 * m * m];
        for (int i = 0; i < m; i++) {
            id[2 * (i * m + i)] = 1;
        }
        HermitianNormPotential pot = HermitianNormPotential.of(monomials(m, 1), id, 1 / (2 * Math.PI));
        KahlerGeometry a = KahlerGeometry.of(pts, pot);
        KahlerGeometry b = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        assertTrue(a.isAnalytic());
        Seeds.assertAllClose(b.metric(), a.metric(), 0, 1e-13 * maxAbs(b.metric()), seed, x + ": g");
        Seeds.assertAllClose(b.riemann(), a.riemann(), 0, 1e-11 * maxAbs(b.riemann()), seed, x + ": R");
        Seeds.assertAllClose(b.chernDensities(), a.chernDensities(), 1e-10, 1e-12, seed, x + ": Chern densities");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("cases")
    void analyticPathMatchesGenericPathForDegreeTwoSections(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VarietyCurvatureTest.pick(rng);
        PointSet pts = x.sample(1, rng.nextLong());
        int m = pts.coordinateCount();
        List<Polynomial> s = monomials(m, 2);
        HermitianNormPotential pot = HermitianNormPotential.of(s, randomHermitian(rng, s.size(), 1.0),
                1 / (4 * Math.PI));
        KahlerPotential hidden = pot::value;
        KahlerGeometry a = KahlerGeometry.of(pts, pot);
        KahlerGeometry b = KahlerGeometry.of(pts, hidden);
        assertTrue(a.isAnalytic() && !b.isAnalytic());
        // two exact evaluations of the same jets; relative rounding ≈ 1e-13 per derivative order
        Seeds.assertAllClose(b.metric(), a.metric(), 0, 1e-12 * maxAbs(b.metric()), seed, x + ": g");
        Seeds.assertAllClose(b.metricDerivatives(), a.metricDerivatives(), 0, 1e-11 * maxAbs(b.metricDerivatives()),
                seed, x + ": ∂g");
        Seeds.assertAllClose(b.metricSecondDerivatives(), a.metricSecondDerivatives(), 0,
                1e-10 * maxAbs(b.metricSecondDerivatives()), seed, x + ": ∂∂̄g");
        Seeds.assertAllClose(b.riemann(), a.riemann(), 0, 1e-10 * maxAbs(b.riemann()), seed, x + ": R");
    }

    @Test
    void aNonFubiniStudyMetricHasTheSameVolumeAndEulerCharacteristic() {
        Rng rng = Rng.of(21);
        PointSet pts = ProjectiveVariety.fermatQuintic().sample(30_000, 22L);
        List<Polynomial> s = monomials(5, 2);
        HermitianNormPotential pot = HermitianNormPotential.of(s, randomHermitian(rng, s.size(), 0.6),
                1 / (4 * Math.PI));
        KahlerGeometry geo = KahlerGeometry.of(pts, pot);
        Estimate vol = CurvatureIntegrals.volume(pts, geo);
        Estimate chi = CurvatureIntegrals.eulerCharacteristic(pts, geo);
        Estimate c2 = CurvatureIntegrals.chernNumber(pts, geo, 2);
        System.out.printf("random degree-2 Hermitian metric on the quintic: vol %s, χ %s, c2·J %s, σ %s%n", vol, chi,
                c2, KahlerIntegrals.sigma(pts, geo.metricDeterminants()));
        assertTrue(vol.agreesWith(5.0, 3.0), "∫ω³ = " + vol);
        assertTrue(chi.agreesWith(-200.0, 3.0), "χ = " + chi);
        assertTrue(c2.agreesWith(50.0, 3.0), "c2·J = " + c2);
    }

    @Test
    void invalidArgumentsAreRejected() {
        List<Polynomial> s = monomials(3, 1);
        double[] id = new double[18];
        id[0] = 1;
        id[8] = 1;
        id[16] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HermitianNormPotential.of(s, new double[4], 1));
        assertTrue(e.getMessage().contains("2·r·r = 18"), e.getMessage());
        double[] bad = id.clone();
        bad[3] = 0.5; // H_01 imaginary part 0.5 without H_10 = −0.5i
        e = assertThrows(IllegalArgumentException.class, () -> HermitianNormPotential.of(s, bad, 1));
        assertTrue(e.getMessage().contains("not Hermitian"), e.getMessage());
        double[] neg = id.clone();
        neg[16] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> HermitianNormPotential.of(s, neg, 1));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        List<Polynomial> mixed = new ArrayList<>(s);
        mixed.set(2, Polynomial.parse("z0^2", java.util.Map.of(), 3));
        e = assertThrows(IllegalArgumentException.class, () -> HermitianNormPotential.of(mixed, id, 1));
        assertTrue(e.getMessage().contains("section 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HermitianNormPotential.of(s, id, 0));
        assertTrue(e.getMessage().contains("kappa"), e.getMessage());
        PointSet quintic = ProjectiveVariety.fermatQuintic().sample(2, 1L);
        e = assertThrows(IllegalArgumentException.class,
                () -> KahlerGeometry.of(quintic, HermitianNormPotential.of(s, id, 1)));
        assertTrue(e.getMessage().contains("lives on C^3"), e.getMessage());
    }
}
