package org.metricflow.flow.perelman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/** Perelman's λ on the grid against independent facts: flat = 0, scaling, F at the minimizer, F ≥ λ, monotonicity. */
class PerelmanLambdaTest {

    @Test
    void flatTorusHasLambdaZero() {
        assertEquals(0.0, PerelmanLambda.of(GridMetric.flat(TorusGrid.of(2, 8))).value(), 1e-10);
        assertEquals(0.0, PerelmanLambda.of(GridMetric.flat(TorusGrid.of(3, 6))).value(), 1e-10);
    }

    /**
     * λ equals F(g, f) of the independent {@link PerelmanFunctional} at the minimizer's measure m = u²√g, any other
     * admissible f gives a larger F, λ(c·g) = λ(g)/c, and on T² λ ≤ ∫R dV/Vol = 0 (Gauss–Bonnet; spectrally exact).
     * The two discretizations of F differ (|∇f|² of f = −2 log u versus 4|∇u|², each spectral), so they agree only as
     * the grid resolves u: 1e-3 relative on 16×16 (measured ≤ 1e-4; on 8×8 the gap is
     * up to 30%). λ itself converges: 12×12 and 16×16 agree to 1e-3 relative (measured ≤ 1e-4).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void lambdaIsTheMinimumOfF(long seed) {
        TorusGrid grid = TorusGrid.of(2, 16);
        GridMetric g = GridMetric.perturbedFlat(grid, 0.15, seed);
        PerelmanLambda lambda = PerelmanLambda.of(g);
        double l = lambda.value();
        double coarse = PerelmanLambda.of(GridMetric.perturbedFlat(TorusGrid.of(2, 12), 0.15, seed)).value();
        assertEquals(l, coarse, 1e-3 * Math.abs(l), "λ converges with the grid [seed=" + seed + "]");
        assertTrue(l < 0, "λ < 0 on a non-flat T² [seed=" + seed + "], got " + l);

        double[] u = lambda.minimizer();
        double[] density = g.volumeDensity();
        double[] m = new double[u.length];
        for (int x = 0; x < u.length; x++) {
            m[x] = u[x] * u[x] * density[x];
        }
        double f = PerelmanFunctional.of(grid, m).value(g);
        assertEquals(l, f, 1e-3 * Math.abs(l), "F at the minimizer [seed=" + seed + "]");

        Rng rng = Seeds.rng(seed);
        double[] other = new double[u.length];
        double total = 0;
        for (int x = 0; x < u.length; x++) {
            double w = u[x] * (1 + 0.3 * rng.nextGaussian());
            other[x] = w * w * density[x];
            total += other[x] * grid.cellVolume();
        }
        for (int x = 0; x < u.length; x++) {
            other[x] /= total;
        }
        assertTrue(PerelmanFunctional.of(grid, other).value(g) >= l - 1e-3 * Math.abs(l), "F ≥ λ [seed=" + seed + "]");

        double[] scaled = g.components();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 2.5;
        }
        assertEquals(l / 2.5, PerelmanLambda.of(GridMetric.of(grid, scaled)).value(), 1e-9 * Math.abs(l),
                "λ(c g) = λ(g)/c [seed=" + seed + "]");
    }

    /** Along Ricci–DeTurck flow (Ricci flow up to diffeomorphism) λ never decreases and tends to 0 (flat). */
    @Test
    void lambdaIncreasesAlongRicciFlowToZero() {
        for (int dim = 2; dim <= 3; dim++) {
            TorusFlowResult r = TorusRicciFlow.run(dim, 6, 4, 3);
            double previous = Double.NEGATIVE_INFINITY;
            double first = 0;
            for (int s = 0; s < r.times().length; s++) {
                double l = PerelmanLambda.of(r.metric(s)).value();
                if (s == 0) {
                    first = l;
                }
                assertTrue(l >= previous - 1e-9, "λ decreased on T^" + dim + " at t = " + r.times()[s]);
                previous = l;
            }
            assertTrue(first < 0 && Math.abs(previous) < 0.05 * Math.abs(first),
                    "λ → 0 on T^" + dim + ": " + first + " → " + previous);
        }
    }

    @Test
    void refusesGridsTooLargeForTheDenseSolve() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PerelmanLambda.of(GridMetric.flat(TorusGrid.of(3, 17))));
        assertTrue(e.getMessage().contains("4913"), e.getMessage());
    }
}
