package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link Singularities} on families whose smoothness is known by construction: diagonal hypersurfaces
 * Σ c<sub>i</sub>z<sub>i</sub><sup>d</sup> (all c<sub>i</sub> ≠ 0: smooth) and their small perturbations, diagonal
 * complete intersections with distinct coefficient ratios (smooth); non-reduced equations L²·M (singular along
 * the sample), reducible ones A·B (singular along A = B = 0), cones (an equation free of z<sub>n</sub>: singular at
 * the vertex), the Dwork quintic at ψ<sup>5</sup> = 1 (125 conifold points) and complete intersections of two cubics
 * in CP<sup>5</sup> that vanish to second order along the line z<sub>0</sub> = … = z<sub>3</sub> = 0.
 */
class SingularitiesTest {
    private static final AtomicInteger SMOOTH = new AtomicInteger();
    private static final AtomicInteger SINGULAR = new AtomicInteger();

    private static String c(Rng rng) {
        double r = 0.5 + 1.5 * rng.nextDouble();
        double t = 2 * Math.PI * rng.nextDouble();
        return String.format(Locale.ROOT, "(%.6f%+.6f*i)", r * Math.cos(t), r * Math.sin(t));
    }

    private static String linear(Rng rng, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= n; i++) {
            sb.append(i == 0 ? "" : "+").append(c(rng)).append("*z").append(i);
        }
        return "(" + sb + ")";
    }

    private static String diagonal(Rng rng, int from, int to, int d) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(i == from ? "" : "+").append(c(rng)).append("*z").append(i).append('^').append(d);
        }
        return sb.toString();
    }

    private static void smooth(ProjectiveVariety x, long seed) {
        Singularities.Report r = Singularities.check(x, seed);
        assertFalse(r.singular(), x.name() + " [seed=" + seed + "]: " + r.reason());
        assertTrue(r.residual() > 1e-4, "a smooth variety's residual stays far above the threshold: " + r.reason());
        SMOOTH.incrementAndGet();
    }

    private static void singular(ProjectiveVariety x, long seed) {
        Singularities.Report r = Singularities.check(x, seed);
        assertTrue(r.singular(), x.name() + " [seed=" + seed + "]: " + r.reason());
        SINGULAR.incrementAndGet();
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void smoothFamiliesAreSmooth(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(3);
        int d = 2 + rng.nextInt(4);
        String diag = diagonal(rng, 0, n, d);
        smooth(ProjectiveVariety.hypersurface(n, Polynomial.parse(diag)), seed);
        // a 5 % perturbation by a product of linear forms keeps the diagonal hypersurface smooth
        StringBuilder pert = new StringBuilder(diag).append("+0.05*");
        for (int j = 0; j < d; j++) {
            pert.append(j == 0 ? "" : "*").append(linear(rng, n));
        }
        smooth(ProjectiveVariety.hypersurface(n, Polynomial.parse(pert.toString())), seed);
        // diagonal cubics in CP^5 with coefficient ratios b_i/a_i = i + 1 (distinct): a smooth complete intersection
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= 5; i++) {
            String ci = c(rng);
            a.append(i == 0 ? "" : "+").append(ci).append("*z").append(i).append("^3");
            b.append(i == 0 ? "" : "+").append(i + 1).append('*').append(ci).append("*z").append(i).append("^3");
        }
        smooth(ProjectiveVariety.completeIntersection(5, java.util.List.of(Polynomial.parse(a.toString()),
                Polynomial.parse(b.toString()))), seed);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void singularFamiliesAreRefused(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(3);
        // non-reduced: L^2 * M
        singular(ProjectiveVariety.hypersurface(n, Polynomial.parse(linear(rng, n) + "^2*" + linear(rng, n))), seed);
        // reducible: A * B, singular along A = B = 0
        singular(ProjectiveVariety.hypersurface(n, Polynomial.parse("(" + diagonal(rng, 0, n, 2) + ")*"
                + linear(rng, n))), seed);
        // a cone over a smooth diagonal hypersurface of CP^(n-1): singular at (0:...:0:1)
        singular(ProjectiveVariety.hypersurface(n, Polynomial.parse(diagonal(rng, 0, n - 1, 2 + rng.nextInt(3)))),
                seed);
        // two cubics in CP^5 vanishing to second order along the line z0 = z1 = z2 = z3 = 0
        String q1 = diagonal(rng, 0, 3, 3) + "+" + c(rng) + "*z4*z0^2+" + c(rng) + "*z5*z1^2+" + c(rng) + "*z4*z2*z3";
        String q2 = diagonal(rng, 0, 3, 3) + "+" + c(rng) + "*z5*z2^2+" + c(rng) + "*z4*z3^2+" + c(rng) + "*z5*z0*z1";
        singular(ProjectiveVariety.completeIntersection(5, java.util.List.of(Polynomial.parse(q1),
                Polynomial.parse(q2))), seed);
    }

    @Test
    void dworkQuinticIsSingularExactlyAtTheConifold() {
        for (int j = 0; j < 5; j++) {
            double t = 2 * Math.PI * j / 5;
            singular(ProjectiveVariety.dwork(new Complex(Math.cos(t), Math.sin(t))), j);
        }
        for (double psi : new double[] {0, 0.5, 0.9, 1.2, 3}) {
            smooth(ProjectiveVariety.dwork(psi), 1);
        }
        smooth(ProjectiveVariety.fermatQuintic(), 2);
        smooth(ProjectiveVariety.fermatQuartic(), 3);
        smooth(ProjectiveVariety.fermatCubic(), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Singularities.requireSmooth(ProjectiveVariety.parse("(z0+z1+z2)^2"), 1));
        assertTrue(e.getMessage().contains("is singular") && e.getMessage().contains("not reduced"), e.getMessage());
    }

    @AfterAll
    static void report() {
        System.out.println("SingularitiesTest: " + SMOOTH.get() + " smooth varieties passed, " + SINGULAR.get()
                + " singular varieties refused");
    }
}
