package org.metricflow.core.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class OdeIntegratorTest {

    /** y' = λ y. */
    static OdeSystem linear(double lambda) {
        return new OdeSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = lambda * y[0];
            }
        };
    }

    /** x'' = −ω² x as y = (x, v). */
    static OdeSystem oscillator(double omega) {
        return new OdeSystem() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = y[1];
                yDot[1] = -omega * omega * y[0];
            }
        };
    }

    static Stream<Arguments> adaptive() {
        return Stream.of(
                Arguments.of("DP54", OdeIntegrator.dormandPrince54(1e-10, 1e-10)),
                Arguments.of("DP853", OdeIntegrator.dormandPrince853(1e-10, 1e-10)));
    }

    // ---- y' = −y, exact e^{−t} ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("adaptive")
    void adaptiveMethodsReproduceExponentialDecay(String name, OdeIntegrator integrator) {
        double[] y = integrator.integrate(linear(-1), 0, new double[] {1}, 3);
        // local error per step ≤ 1e-10·(1 + |y|); over [0, 3] the global error stays a small multiple of the
        // tolerance (measured: 2e-11 for DP54)
        assertEquals(Math.exp(-3), y[0], 1e-9, name);
    }

    @Test
    void rk4IsExactlyItsStabilityPolynomialOnLinearProblems() {
        // For y' = λy one RK4 step multiplies y by R(z) = 1 + z + z²/2 + z³/6 + z⁴/24, z = hλ: an exact,
        // independent reference for the implementation (rounding only).
        double h = 0.05;
        double z = -h;
        double r = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
        double[] y = OdeIntegrator.rungeKutta4(h).integrate(linear(-1), 0, new double[] {1}, 2);
        assertEquals(Math.pow(r, 40), y[0], 1e-14);
        // and its global error is the leading term t·h⁴/120·e^{−t} ≈ 1.41e-8 (from R(−h) − e^{−h} ≈ h⁵/120 per
        // step), up to a relative O(h) = 5 % correction
        double leading = 2 * Math.pow(h, 4) / 120 * Math.exp(-2);
        assertEquals(leading, y[0] - Math.exp(-2), 0.1 * leading);
    }

    @Test
    void eulerIsExactlyTheGeometricSequenceOnLinearProblems() {
        double h = 1e-3;
        double[] y = OdeIntegrator.euler(h).integrate(linear(-1), 0, new double[] {1}, 1);
        // y_N = (1 − h)^N, N = 1000, up to rounding accumulated over 1000 steps
        assertEquals(Math.pow(1 - h, 1000), y[0], 1e-13);
        // first-order accuracy: e^{−1} − (1 − h)^{1/h} ≈ h·e^{−1}/2 ≈ 1.8e-4
        assertEquals(Math.exp(-1), y[0], 2e-4);
    }

    // ---- harmonic oscillator, exact (cos ωt, −ω sin ωt) ----

    static Stream<Arguments> allMethods() {
        // tolerance on the state at t = 10 (ω = 2, about 3 periods), justified per method
        return Stream.of(
                Arguments.of("DP54", OdeIntegrator.dormandPrince54(1e-10, 1e-10), 1e-8), // measured ~1e-9
                Arguments.of("DP853", OdeIntegrator.dormandPrince853(1e-12, 1e-12), 1e-10), // measured ~3e-12
                // RK4 h = 1e-3: error ≈ t·(ωh)⁴·ω/120 ≈ 2.7e-12, measured 2e-12
                Arguments.of("RK4", OdeIntegrator.rungeKutta4(1e-3), 1e-9),
                // Euler h = 1e-5: amplitude grows like (1 + ω²h²)^{N/2} ≈ 1 + ω²ht/2 = 1 + 2e-4, phase error
                // similar (measured 8e-5 in x, 4e-4 in v)
                Arguments.of("Euler", OdeIntegrator.euler(1e-5), 1e-3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allMethods")
    void harmonicOscillatorMatchesCosineAndSineAndConservesEnergy(String name, OdeIntegrator integrator,
            double tolerance) {
        double omega = 2;
        double t1 = 10;
        double[] y = integrator.integrate(oscillator(omega), 0, new double[] {1, 0}, t1);
        assertEquals(Math.cos(omega * t1), y[0], tolerance, name + " x");
        assertEquals(-omega * Math.sin(omega * t1), y[1], omega * tolerance, name + " v");
        double energy = 0.5 * (y[1] * y[1] + omega * omega * y[0] * y[0]);
        assertEquals(0.5 * omega * omega, energy, 2 * omega * omega * tolerance, name + " energy");
    }

    // ---- convergence orders ----

    private static double rk4Error(double h) {
        double[] y = OdeIntegrator.rungeKutta4(h).integrate(oscillator(1), 0, new double[] {1, 0}, 5);
        return Math.hypot(y[0] - Math.cos(5), y[1] + Math.sin(5));
    }

    private static double eulerError(double h) {
        double[] y = OdeIntegrator.euler(h).integrate(linear(-1), 0, new double[] {1}, 1);
        return Math.abs(y[0] - Math.exp(-1));
    }

    @Test
    void rk4ErrorDropsSixteenfoldWhenTheStepHalves() {
        // asymptotic ratio 2⁴ = 16; at these steps the next-order term changes it by < 5 %
        for (double h : new double[] {0.1, 0.05}) {
            double ratio = rk4Error(h) / rk4Error(h / 2);
            assertEquals(16, ratio, 0.8, "RK4 ratio at h=" + h);
        }
    }

    @Test
    void eulerErrorHalvesWhenTheStepHalves() {
        for (double h : new double[] {1e-2, 1e-3}) {
            double ratio = eulerError(h) / eulerError(h / 2);
            assertEquals(2, ratio, 0.02, "Euler ratio at h=" + h); // 2 + O(h)
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void adaptiveMethodsMeetTheirTolerance(long seed) {
        Rng rng = Seeds.rng(seed);
        double lambda = -rng.uniform(0.1, 5);
        double y0 = rng.uniform(0.5, 5) * (rng.nextDouble() < 0.5 ? -1 : 1);
        double tol = Math.pow(10, rng.uniform(-11, -6));
        double t1 = rng.uniform(0.5, 3);
        double exact = y0 * Math.exp(lambda * t1);
        for (OdeIntegrator integrator : List.of(OdeIntegrator.dormandPrince54(tol, tol),
                OdeIntegrator.dormandPrince853(tol, tol))) {
            double[] y = integrator.integrate(linear(lambda), 0, new double[] {y0}, t1);
            // Each accepted step has local error ≤ tol·(1 + |y|); for a contracting problem these add up to at most
            // (number of steps)·tol·(1 + |y0|), and in practice to less than one tolerance (measured worst ratio
            // 0.1 over these seeds). 2·tol·(1 + |y0|) leaves a 20× margin for controller variation but fails for a
            // wrong method or an ignored tolerance.
            double bound = 2 * tol * (1 + Math.abs(y0));
            Seeds.assertClose(exact, y[0], 0, bound, seed, integrator + " λ=" + lambda);
        }
    }

    // ---- listeners, dense output, direction ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("allListenerMethods")
    void listenersSeeTheStartThenMonotoneTimesEndingAtT1(String name, OdeIntegrator integrator, double t0,
            double t1) {
        List<Double> times = new ArrayList<>();
        List<double[]> states = new ArrayList<>();
        OdeIntegrator listened = integrator.withStepListener((t, y) -> {
            times.add(t);
            states.add(y.clone());
        });
        OdeResult r = listened.solve(oscillator(1), t0, new double[] {1, 0}, t1);
        double direction = Math.signum(t1 - t0);
        assertEquals(t0, times.get(0), 0.0);
        assertArrayEquals(new double[] {1, 0}, states.get(0), 0.0);
        for (int i = 1; i < times.size(); i++) {
            assertTrue(direction * (times.get(i) - times.get(i - 1)) > 0, name + ": times not monotone at " + i);
        }
        assertEquals(t1, times.get(times.size() - 1), 1e-12);
        assertArrayEquals(r.finalState(), states.get(states.size() - 1), 1e-15);
        assertEquals(r.steps() + 1, times.size());
        assertTrue(r.steps() > 1 && r.evaluations() >= r.steps());
    }

    static Stream<Arguments> allListenerMethods() {
        return Stream.of(
                Arguments.of("DP54 forward", OdeIntegrator.dormandPrince54(1e-8, 1e-8), 0.0, 3.0),
                Arguments.of("DP853 backward", OdeIntegrator.dormandPrince853(1e-8, 1e-8), 3.0, -1.0),
                Arguments.of("RK4 backward", OdeIntegrator.rungeKutta4(0.1), 2.0, 0.0),
                Arguments.of("Euler forward", OdeIntegrator.euler(0.1), -1.0, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adaptive")
    void denseOutputMatchesTheExactSolutionAtRequestedTimes(String name, OdeIntegrator integrator) {
        double[] times = {0, 0.123, 0.5, 0.5, 1.7, 2.9, 3.0};
        OdeResult r = integrator.solve(oscillator(1), 0, new double[] {1, 0}, 3, times);
        assertEquals(times.length, r.outputCount());
        for (int i = 0; i < times.length; i++) {
            double[] y = r.outputState(i);
            // dense output is of order 4 (DP54) / 7 (DP853) inside a step whose own error is ~tol: within 1e-8
            assertEquals(Math.cos(times[i]), y[0], 1e-8, name + " x(" + times[i] + ")");
            assertEquals(-Math.sin(times[i]), y[1], 1e-8, name + " v(" + times[i] + ")");
        }
        assertArrayEquals(r.finalState(), r.outputState(times.length - 1), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allMethods")
    void backwardIntegrationRecoversTheInitialState(String name, OdeIntegrator integrator, double tolerance) {
        // y' = −y from y(1) = e^{−1} back to t = 0 gives 1 (growing backwards: error scales with e)
        double[] y = integrator.integrate(linear(-1), 1, new double[] {Math.exp(-1)}, 0);
        assertEquals(1.0, y[0], 3 * tolerance, name);
        // the oscillator forward to 2 and back to 0 returns to (1, 0)
        double[] there = integrator.integrate(oscillator(1), 0, new double[] {1, 0}, 2);
        double[] back = integrator.integrate(oscillator(1), 2, there, 0);
        assertArrayEquals(new double[] {1, 0}, back, 2 * tolerance, name);
    }

    @Test
    void outputArrayMayAliasTheInitialState() {
        double[] y = {1};
        OdeIntegrator.dormandPrince54(1e-10, 1e-10).integrate(linear(-1), 0, y, 1, y);
        assertEquals(Math.exp(-1), y[0], 1e-9);
    }

    @Test
    void emptyIntervalReturnsTheInitialState() {
        double[] y0 = {0.3, 0.4};
        OdeResult r = OdeIntegrator.rungeKutta4(0.1).solve(oscillator(1), 2, y0, 2, 2, 2);
        assertArrayEquals(y0, r.finalState(), 0.0);
        assertArrayEquals(y0, r.outputState(1), 0.0);
        assertEquals(0, r.steps());
    }

    // ---- errors ----

    @Test
    void dimensionMismatchIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeIntegrator.euler(0.1).integrate(oscillator(1), 0, new double[] {1}, 1));
        assertTrue(e.getMessage().contains("length 1") && e.getMessage().contains("dimension 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OdeIntegrator.euler(0.1).integrate(oscillator(1), 0, new double[] {1, 0}, 1, new double[3]));
        assertTrue(e.getMessage().contains("length 3"), e.getMessage());
    }

    @Test
    void nonFiniteDerivativeNamesTimeAndComponent() {
        OdeSystem bad = new OdeSystem() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = 1;
                yDot[1] = 1;
                yDot[2] = t > 0.5 ? Double.NaN : 1;
            }
        };
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> OdeIntegrator.rungeKutta4(0.1).integrate(bad, 0, new double[3], 1));
        assertEquals(2, e.component());
        assertTrue(e.time() > 0.5 && e.time() <= 0.7, "time " + e.time());
        assertTrue(e.getMessage().contains("dy/dt[2] = NaN") && e.getMessage().contains("t=" + e.time()),
                e.getMessage());
    }

    @Test
    void blowUpEndsWithAClearError() {
        // y' = y², y(0) = 1 has y = 1/(1 − t), which blows up at t = 1
        OdeSystem blowUp = new OdeSystem() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public void derivatives(double t, double[] y, double[] yDot) {
                yDot[0] = y[0] * y[0];
            }
        };
        OdeIntegrationException e = assertThrows(OdeIntegrationException.class,
                () -> OdeIntegrator.dormandPrince54(1e-8, 1e-8).withStepBounds(1e-6, 1).integrate(blowUp, 0,
                        new double[] {1}, 2));
        assertTrue(e.time() < 1 && e.time() > 0.9, e.getMessage());
        e = assertThrows(OdeIntegrationException.class,
                () -> OdeIntegrator.dormandPrince54(1e-8, 1e-8).withMaxEvaluations(50).integrate(blowUp, 0,
                        new double[] {1}, 0.99));
        assertTrue(e.getMessage().contains("50 evaluations"), e.getMessage());
    }

    @Test
    void configurationIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.dormandPrince54(0, 0));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.dormandPrince853(-1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.rungeKutta4(0));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.euler(Double.NaN));
        assertThrows(IllegalStateException.class, () -> OdeIntegrator.euler(0.1).withStepBounds(0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> OdeIntegrator.dormandPrince54(1e-6, 1e-6).withStepBounds(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.euler(0.1).solve(linear(-1), 0,
                new double[] {1}, 1, 0.5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.euler(0.1).solve(linear(-1), 0,
                new double[] {1}, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> OdeIntegrator.euler(0.1).integrate(linear(-1), 0,
                new double[] {Double.NaN}, 1));
    }
}
