package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.core.stats.Estimate;

/**
 * Chern numbers of the Fubini–Study metric by Monte Carlo against topology: χ = −200 (quintic), 24 (quartic K3),
 * 0 (plane cubic); ∫c<sub>2</sub>∧J = c<sub>2</sub>·H = 50 on the quintic (c(X) = (1+H)<sup>5</sup>/(1+5H) gives
 * c<sub>2</sub> = 10H², H³ = 5); ∫c<sub>1</sub>∧ω<sup>d−1</sup> = 0 on Calabi–Yau varieties (c<sub>1</sub>(X) = 0 in
 * cohomology, ω closed) although c<sub>1</sub> ≠ 0 point-wise for FS; ∫ω<sup>d</sup> = deg; and Gauss–Bonnet on the
 * plane cubic: ∫c<sub>1</sub> = (1/2π)∫s ω = χ = 0, and in general ∫c<sub>1</sub>∧ω<sup>d−1</sup> = (1/(2πd))∫sω<sup>d</sup>
 * (an identity of the contraction path against the determinant path). Each within 3 standard errors; the
 * estimates and relative errors are printed.
 */
class CharacteristicClassesTest {

    private static void report(String what, Estimate e, double exact) {
        System.out.printf("%s: %s (exact %s, %.2f se, rel. error %.3g)%n", what, e, exact, e.deviationsFrom(exact),
                exact == 0 ? Double.NaN : Math.abs(e.value() - exact) / Math.abs(exact));
    }

    private static void check(String what, Estimate e, double exact) {
        report(what, e, exact);
        assertTrue(e.agreesWith(exact, 3.0), what + ": " + e + " is not within 3 standard errors of " + exact);
        assertTrue(e.standardError() > 0, what + ": zero error bar");
    }

    @Test
    void quinticEulerCharacteristicAndC2J() {
        PointSet pts = ProjectiveVariety.fermatQuintic().sample(60_000, 11L);
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        check("quintic ∫ω³", CurvatureIntegrals.volume(pts, geo), 5.0);
        check("quintic χ", CurvatureIntegrals.eulerCharacteristic(pts, geo), -200.0);
        check("quintic ∫c2∧J", CurvatureIntegrals.chernNumber(pts, geo, 2), 50.0);
        check("quintic ∫c1∧ω²", CurvatureIntegrals.chernNumber(pts, geo, 1), 0.0);
        report("quintic Ricci measure (FS)", CurvatureIntegrals.ricciMeasure(pts, geo), Double.NaN);
    }

    @Test
    void quarticK3EulerCharacteristic() {
        PointSet pts = ProjectiveVariety.fermatQuartic().sample(60_000, 12L);
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        check("K3 ∫ω²", CurvatureIntegrals.volume(pts, geo), 4.0);
        check("K3 χ", CurvatureIntegrals.eulerCharacteristic(pts, geo), 24.0);
        check("K3 ∫c1∧ω", CurvatureIntegrals.chernNumber(pts, geo, 1), 0.0);
    }

    @Test
    void planeCubicGaussBonnet() {
        PointSet pts = ProjectiveVariety.fermatCubic().sample(60_000, 13L);
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        check("cubic ∫ω", CurvatureIntegrals.volume(pts, geo), 3.0);
        Estimate chi = CurvatureIntegrals.eulerCharacteristic(pts, geo);
        check("cubic χ = ∫c1", chi, 0.0);
        Estimate gb = CurvatureIntegrals.totalScalarCurvature(pts, geo).times(1.0 / (2.0 * Math.PI));
        check("cubic (1/2π)∫s ω", gb, 0.0);
        // the same sample: the two routes agree to rounding, point by point
        double[] c1 = geo.chernDensity(1);
        double[] s = geo.scalarCurvature();
        double[] top = geo.chernDensity(0);
        for (int p = 0; p < pts.size(); p++) {
            double expected = s[p] * top[p] / (2.0 * Math.PI);
            assertTrue(Math.abs(c1[p] - expected) <= 1e-9 * (Math.abs(expected) + top[p]),
                    "point " + p + ": c1 density " + c1[p] + " vs s·ω/2π " + expected);
        }
    }

    /**
     * The complete intersection of two cubics in CP^5 (cubic-cubic-p5; "the bicubic" is the CP²×CP² manifold) (second jets of ι from a 2×2 solve): c(X) = (1+H)^6/(1+3H)^2 gives
     * c_2 = 6H², c_3 = −16H³ and H³ = 9, so χ = −144 and c_2·J = 54.
     */
    @Test
    void cubicCubicCompleteIntersectionInP5() {
        ProjectiveVariety x = ProjectiveVariety.parse("cubic-cubic-p5");
        assertEquals(ProjectiveVariety.parse(
                "z0^3+z1^3+z2^3+z3^3+z4^3+z5^3; z0^3+2*z1^3+3*z2^3+4*z3^3+5*z4^3+6*z5^3").equations(), x.equations());
        PointSet pts = x.sample(18_000, 14L);
        KahlerGeometry geo = KahlerGeometry.of(pts, KahlerPotential.fubiniStudy());
        check("cubic-cubic-p5 ∫ω³", CurvatureIntegrals.volume(pts, geo), 9.0);
        check("cubic-cubic-p5 χ", CurvatureIntegrals.eulerCharacteristic(pts, geo), -144.0);
        check("cubic-cubic-p5 ∫c2∧J", CurvatureIntegrals.chernNumber(pts, geo, 2), 54.0);
        check("cubic-cubic-p5 ∫c1∧ω²", CurvatureIntegrals.chernNumber(pts, geo, 1), 0.0);
    }
}
