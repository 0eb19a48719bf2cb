package org.metricflow.core.optim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.optim.internal.StrongWolfeLineSearch.Outcome;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class StrongWolfeLineSearchTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void cubicMinimizerIsExactForCubics(long seed) {
        Rng rng = Seeds.rng(seed);
        // φ(α) = p (α − m)² (α − q)/… : build a cubic with a local minimum at m from φ'(α) = 3k(α − m)(α − r),
        // k > 0 and r < m, so m is the local minimiser; interpolate from two points around m
        double k = rng.uniform(0.1, 10);
        double m = rng.uniform(-5, 5);
        double r = m - rng.uniform(0.5, 5);
        double a = m - rng.uniform(0.01, (m - r) * 0.9);
        double b = m + rng.uniform(0.01, 5);
        double[] fa = cubic(k, m, r, a);
        double[] fb = cubic(k, m, r, b);
        double found = StrongWolfeLineSearch.cubicMinimizer(a, fa[0], fa[1], b, fb[0], fb[1]);
        Seeds.assertClose(m, found, 1e-9, 1e-9, seed, "cubic minimiser");
        double swapped = StrongWolfeLineSearch.cubicMinimizer(b, fb[0], fb[1], a, fa[0], fa[1]);
        Seeds.assertClose(m, swapped, 1e-9, 1e-9, seed, "cubic minimiser (endpoints swapped)");
    }

    /** φ and φ' for φ'(α) = 3k(α − m)(α − r), φ(0) = 0: φ = k α³ − (3k/2)(m + r) α² + 3k m r α. */
    private static double[] cubic(double k, double m, double r, double x) {
        double f = k * x * x * x - 1.5 * k * (m + r) * x * x + 3 * k * m * r * x;
        double d = 3 * k * (x - m) * (x - r);
        return new double[] {f, d};
    }

    /** f(x) = Σ a_i (x_i − c_i)² + b Σ x_i⁴ (convex) with gradient. */
    private static double quartic(double[] a, double[] c, double b, double[] x, double[] g) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            double u = x[i] - c[i];
            f += a[i] * u * u + b * x[i] * x[i] * x[i] * x[i];
            g[i] = 2 * a[i] * u + 4 * b * x[i] * x[i] * x[i];
        }
        return f;
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#many")
    void acceptedStepsSatisfyTheStrongWolfeConditions(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 1 + rng.nextInt(6);
        double[] a = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.pow(10, rng.uniform(-2, 2));
            c[i] = rng.gaussian(0, 3);
        }
        double b = rng.uniform(0, 1);
        double[] x = new double[n];
        rng.fillGaussian(x, 3);
        double[] x0 = x.clone();
        double[] g = new double[n];
        double f0 = quartic(a, c, b, x, g);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        double dphi0 = StrongWolfeLineSearch.dot(g, d);
        double alpha0 = Math.pow(10, rng.uniform(-4, 2)); // too short and too long first trials both occur
        double c1 = 1e-4;
        double c2 = 0.9;
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(c1, c2, n);
        Outcome outcome = ls.search((xt, gt) -> quartic(a, c, b, xt, gt), x, f0, g, d, alpha0, 100);
        assertEquals(Outcome.STRONG_WOLFE, outcome, "seed=" + seed);
        double alpha = ls.alpha();
        double[] gCheck = new double[n];
        double fCheck = quartic(a, c, b, x, gCheck);
        for (int i = 0; i < n; i++) {
            assertEquals(x0[i] + alpha * d[i], x[i], 0.0, "x = x0 + α d [seed=" + seed + "]");
            assertEquals(gCheck[i], g[i], 0.0, "returned gradient is ∇f(x) [seed=" + seed + "]");
        }
        assertEquals(fCheck, ls.value(), 0.0);
        // sufficient decrease (f0 is O(1..1e4) here and far from rounding level, so the exact form applies)
        assertTrue(fCheck <= f0 + c1 * alpha * dphi0, "sufficient decrease [seed=" + seed + "]");
        assertTrue(Math.abs(StrongWolfeLineSearch.dot(gCheck, d)) <= c2 * Math.abs(dphi0),
                "curvature [seed=" + seed + "]");
    }

    @Test
    void failsWithoutMovingWhenEveryTrialIsNonFinite() {
        double[] x = {1, 2};
        double[] g = {1, 1};
        double[] d = {-1, -1};
        StrongWolfeLineSearch ls = new StrongWolfeLineSearch(1e-4, 0.9, 2);
        Outcome outcome = ls.search((xt, gt) -> Double.NaN, x, 3.0, g, d, 1.0, 30);
        assertEquals(Outcome.FAILED, outcome);
        assertEquals(1.0, x[0], 0.0);
        assertEquals(2.0, x[1], 0.0);
        assertEquals(30, ls.nonFiniteEvaluations());
    }
}
