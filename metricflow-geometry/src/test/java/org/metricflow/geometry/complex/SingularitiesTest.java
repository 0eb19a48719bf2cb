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

    /** All monomials of degree d in m variables. */
    private static java.util.List<int[]> monomials(int m, int d) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int[] e = new int[m];
        fill(out, e, 0, d);
        return out;
    }

    private static void fill(java.util.List<int[]> out, int[] e, int i, int left) {
        if (i == e.length - 1) {
            e[i] = left;
            out.add(e.clone());
            return;
        }
        for (int k = left; k >= 0; k--) {
            e[i] = k;
            fill(out, e, i + 1, left - k);
        }
    }

    /** Σ over the monomials of degree d in n + 1 variables (those kept) with complex Gaussian coefficients. */
    private static Polynomial random(Rng rng, int n, int d, java.util.function.Predicate<int[]> keep) {
        java.util.List<int[]> terms = monomials(n + 1, d).stream().filter(keep).toList();
        double[] re = new double[terms.size()];
        double[] im = new double[terms.size()];
        for (int t = 0; t < re.length; t++) {
            re[t] = rng.nextGaussian();
            im[t] = rng.nextGaussian();
        }
        return Polynomial.of(n + 1, terms.toArray(new int[0][]), re, im);
    }

    /**
     * Isolated singular points, solved for by homotopy continuation, on seeded families whose singular points are
     * known by construction: a random dense hypersurface without the monomials z<sub>0</sub><sup>d</sup> and
     * z<sub>0</sub><sup>d−1</sup>z<sub>i</sub> (a node at (1:0:…:0)); conifold-like members
     * Σ c<sub>i</sub>z<sub>i</sub><sup>d</sup> − dψ Π z<sub>i</sub> of degree d = n + 1 with random c<sub>i</sub>,
     * singular exactly when ψ<sup>d</sup> = Π c<sub>i</sub>, at d<sup>d−2</sup> nodes (the solutions of
     * c<sub>i</sub>z<sub>i</sub><sup>d</sup> = ψ Π z<sub>j</sub>), and their smooth neighbours ψ(1 + δ); random dense
     * hypersurfaces (smooth with probability one). The smooth ones are never refused and keep a scaled residual far
     * above the threshold 1e-9.
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void isolatedSingularPointsAreAllFound(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(3);
        int d = n == 4 ? 3 + rng.nextInt(2) : 3 + rng.nextInt(3);
        // a node at (1:0:...:0)
        Polynomial node = random(rng, n, d, e -> e[0] < d - 1);
        ProjectiveVariety xn = ProjectiveVariety.hypersurface(n, node);
        singular(xn, seed);
        org.metricflow.geometry.complex.internal.SingularPointHomotopy.Result h =
                org.metricflow.geometry.complex.internal.SingularPointHomotopy.solve(node, seed, 1e-9);
        assertTrue(h.singularPoints() >= 1 && h.failed() == 0, xn.name() + ": " + h);
        boolean atVertex = false;
        // the node is found (other singular points may exist only on a measure-zero set of coefficients)
        for (int k = 0; k < 1; k++) {
            double[] z = h.point();
            atVertex = z[0] * z[0] + z[1] * z[1] > 1 - 1e-12;
        }
        assertTrue(atVertex && h.singularPoints() == 1, "the node (1:0:...:0) and nothing else: " + h);
        // a conifold-like member and its smooth neighbour
        int dd = n + 1;
        double[][] c = new double[dd][2];
        double pr = 1;
        double pi = 0;
        for (int i = 0; i < dd; i++) {
            double r = 0.5 + rng.nextDouble();
            double t = 2 * Math.PI * rng.nextDouble();
            c[i][0] = r * Math.cos(t);
            c[i][1] = r * Math.sin(t);
            double x = pr * c[i][0] - pi * c[i][1];
            pi = pr * c[i][1] + pi * c[i][0];
            pr = x;
        }
        Complex psi = new Complex(pr, pi).nthRoot(dd).get(rng.nextInt(dd));
        ProjectiveVariety conifold = ProjectiveVariety.hypersurface(n, pencil(c, psi));
        Singularities.Report r = Singularities.check(conifold, seed);
        assertTrue(r.singular(), conifold.name() + ": " + r.reason());
        int nodes = (int) Math.round(Math.pow(dd, dd - 2));
        if (r.singularPoints() >= 0) {
            assertTrue(r.singularPoints() == nodes, "d^(d-2) = " + nodes + " nodes: " + r.reason());
        }
        SINGULAR.incrementAndGet();
        double delta = 0.05 + 0.45 * rng.nextDouble();
        smooth(ProjectiveVariety.hypersurface(n, pencil(c, psi.multiply(1 + delta))), seed);
        // a random dense hypersurface
        smooth(ProjectiveVariety.hypersurface(n, random(rng, n, d, e -> true)), seed);
    }

    /** Σ c<sub>i</sub>z<sub>i</sub><sup>d</sup> − dψ Π z<sub>i</sub>, d = the number of variables. */
    private static Polynomial pencil(double[][] c, Complex psi) {
        int dd = c.length;
        int[][] e = new int[dd + 1][dd];
        double[] re = new double[dd + 1];
        double[] im = new double[dd + 1];
        for (int i = 0; i < dd; i++) {
            e[i][i] = dd;
            re[i] = c[i][0];
            im[i] = c[i][1];
            e[dd][i] = 1;
        }
        re[dd] = -dd * psi.getReal();
        im[dd] = -dd * psi.getImaginary();
        return Polynomial.of(dd, e, re, im);
    }

    /** The Dwork pencils at ψ = 1 with their known numbers of nodes: 3 (cubic), 16 (quartic K3), 125 (quintic). */
    @Test
    void dworkPencilsHaveTheirKnownNumberOfNodes() {
        for (int dd = 3; dd <= 5; dd++) {
            double[][] c = new double[dd][];
            for (int i = 0; i < dd; i++) {
                c[i] = new double[] {1, 0};
            }
            Singularities.Report r = Singularities.check(ProjectiveVariety.hypersurface(dd - 1, pencil(c,
                    Complex.ONE)), dd);
            assertTrue(r.singular() && r.complete(), r.reason());
            assertTrue(r.singularPoints() == (int) Math.pow(dd, dd - 2), dd + ": " + r.reason());
            SINGULAR.incrementAndGet();
        }
        Singularities.Report conifold = Singularities.check(ProjectiveVariety.dwork(1), 1);
        assertTrue(conifold.singularPoints() == 125, conifold.reason());
        Singularities.Report fermat = Singularities.check(ProjectiveVariety.fermatQuintic(), 1);
        assertTrue(!fermat.singular() && fermat.complete() && fermat.singularPoints() == 0, fermat.reason());
    }

    @AfterAll
    static void report() {
        System.out.println("SingularitiesTest: " + SMOOTH.get() + " smooth varieties passed, " + SINGULAR.get()
                + " singular varieties refused");
    }
}
