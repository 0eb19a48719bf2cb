package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * Algebraic invariants of the curvature of any Kähler metric (checked on FS and on a deformed potential through
 * the generic path), and input validation at the public boundary.
 * <ul>
 *   <li>Kähler symmetries R<sub>ab̄cē</sub> = R<sub>cb̄aē</sub> = R<sub>aēcb̄</sub> and Hermiticity
 *       conj(R<sub>ab̄cē</sub>) = R<sub>bāec̄</sub>;</li>
 *   <li>g·g<sup>−1</sup> = 1, Ric Hermitian, s real and s = Σ M<sub>ba</sub>Ric<sub>ab̄</sub>;</li>
 *   <li>c<sub>1</sub>∧ω<sup>d−1</sup> density = s·ω<sup>d</sup>/(2πd) (trace identity, independent of the
 *       determinant expansion), and c<sub>0</sub> density = d!·det g.</li>
 * </ul>
 */
class KahlerGeometryInvariantsTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void curvatureSymmetriesAndTraceIdentities(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = VarietyCurvatureTest.pick(rng);
        PointSet pts = x.sample(3, rng.nextLong());
        double t = rng.uniform(0, 0.05);
        KahlerPotential pot = rng.nextInt(2) == 0 ? KahlerPotential.fubiniStudy()
                : (re, im) -> KahlerPotential.fubiniStudy().value(re, im)
                        .plus(re.square().plus(im.square()).sumRows().square().times(t));
        KahlerGeometry geo = KahlerGeometry.of(pts, pot);
        int d = geo.dimension();
        double[] r = geo.riemann();
        double[] g = geo.metric();
        double[] inv = geo.inverseMetric();
        double[] ric = geo.ricci();
        double[] s = geo.scalarCurvature();
        double[] det = geo.metricDeterminants();
        double[] chern = geo.chernDensities();
        double scale = 0;
        for (double v : r) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = 1e-11 * scale; // exact identities up to rounding of O(d) terms
        for (int p = 0; p < pts.size(); p++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    for (int c = 0; c < d; c++) {
                        for (int e = 0; e < d; e++) {
                            int o = idx(p, d, a, b, c, e);
                            Seeds.assertClose(r[o], r[idx(p, d, c, b, a, e)], 0, tol, seed, x + ": R_ab̄cē = R_cb̄aē");
                            Seeds.assertClose(r[o + 1], r[idx(p, d, c, b, a, e) + 1], 0, tol, seed, x + ": (im)");
                            Seeds.assertClose(r[o], r[idx(p, d, a, e, c, b)], 0, tol, seed, x + ": R_ab̄cē = R_aēcb̄");
                            Seeds.assertClose(r[o + 1], r[idx(p, d, a, e, c, b) + 1], 0, tol, seed, x + ": (im)");
                            Seeds.assertClose(r[o], r[idx(p, d, b, a, e, c)], 0, tol, seed, x + ": conj R = R_bāec̄");
                            Seeds.assertClose(-r[o + 1], r[idx(p, d, b, a, e, c) + 1], 0, tol, seed, x + ": (im)");
                        }
                    }
                    // (g M)_ab = δ_ab
                    double sr = 0;
                    double si = 0;
                    for (int f = 0; f < d; f++) {
                        int x1 = 2 * ((p * d + a) * d + f);
                        int x2 = 2 * ((p * d + f) * d + b);
                        sr += g[x1] * inv[x2] - g[x1 + 1] * inv[x2 + 1];
                        si += g[x1] * inv[x2 + 1] + g[x1 + 1] * inv[x2];
                    }
                    Seeds.assertClose(a == b ? 1 : 0, sr, 0, 1e-10, seed, x + ": g·g⁻¹ re");
                    Seeds.assertClose(0, si, 0, 1e-10, seed, x + ": g·g⁻¹ im");
                    int ab = 2 * ((p * d + a) * d + b);
                    int ba = 2 * ((p * d + b) * d + a);
                    Seeds.assertClose(ric[ab], ric[ba], 0, 1e-10 * scale, seed, x + ": Ric Hermitian re");
                    Seeds.assertClose(ric[ab + 1], -ric[ba + 1], 0, 1e-10 * scale, seed, x + ": Ric Hermitian im");
                }
            }
            double fact = 1;
            for (int i = 2; i <= d; i++) {
                fact *= i;
            }
            double top = chern[p * (d + 1)];
            Seeds.assertClose(fact * det[p], top, 1e-12, 0, seed, x + ": ω^d density = d! det g");
            Seeds.assertClose(s[p] * top / (2 * Math.PI * d), chern[p * (d + 1) + 1], 1e-9, 1e-12 * Math.abs(top),
                    seed, x + ": c1∧ω^{d−1} = s ω^d/(2πd)");
        }
    }

    private static int idx(int p, int d, int a, int b, int c, int e) {
        return 2 * ((((p * d + a) * d + b) * d + c) * d + e);
    }

    @Test
    void invalidInputsAreRejectedWithClearMessages() {
        PointSet pts = ProjectiveVariety.fermatCubic().sample(4, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KahlerGeometry.of(pts, null));
        assertTrue(e.getMessage().contains("potential is null"), e.getMessage());
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        e = assertThrows(IllegalArgumentException.class, () -> geo.chernDensity(2));
        assertTrue(e.getMessage().contains("0..1, got 2"), e.getMessage());
        PointSet other = ProjectiveVariety.fermatCubic().sample(6, 2L);
        e = assertThrows(IllegalArgumentException.class, () -> CurvatureIntegrals.eulerCharacteristic(other, geo));
        assertTrue(e.getMessage().contains("was not computed on these points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KahlerGeometry.ofProjectiveSpace(2, new double[5], 1, KahlerPotential.fubiniStudy()));
        assertTrue(e.getMessage().contains("expected 6 doubles"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KahlerGeometry.ofProjectiveSpace(1, new double[4], 1, KahlerPotential.fubiniStudy()));
        assertTrue(e.getMessage().contains("zero vector"), e.getMessage());
        KahlerPotential negative = (re, im) -> KahlerPotential.fubiniStudy().value(re, im).neg();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> KahlerGeometry.of(pts, negative));
        assertTrue(s.getMessage().contains("not positive definite"), s.getMessage());
        KahlerPotential wrongShape = (re, im) -> re;
        e = assertThrows(IllegalArgumentException.class, () -> KahlerGeometry.of(pts, wrongShape));
        assertTrue(e.getMessage().contains("must return N×1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CurvatureIntegrals.chernNumbers(pts, KahlerPotential.fubiniStudy(), 0));
        assertTrue(e.getMessage().contains("chunk must be >= 1"), e.getMessage());
    }
}
