package org.metricflow.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

class LearningRateScheduleTest {

    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.3);
        assertEquals(0.3, s.rate(0), 0.0);
        assertEquals(0.3, s.rate(1_000_000), 0.0);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void exponentialDecayHasAConstantRatioAndHitsTheFactorEveryKSteps(long seed) {
        Rng rng = Seeds.rng(seed);
        double eta0 = rng.uniform(1e-4, 1);
        double gamma = rng.uniform(0.1, 1);
        int period = 1 + rng.nextInt(100);
        LearningRateSchedule s = LearningRateSchedule.exponentialDecay(eta0, gamma, period);
        assertEquals(eta0, s.rate(0), 0.0);
        // η_{jK} = η_0 γ^j (pow vs repeated product: a few ulps)
        double expected = eta0;
        for (int j = 1; j <= 5; j++) {
            expected *= gamma;
            Seeds.assertClose(expected, s.rate(j * period), 1e-14, 0, seed, "rate at " + j + "K");
        }
        // the ratio of consecutive rates is γ^{1/K}
        int k = rng.nextInt(500);
        Seeds.assertClose(Math.pow(gamma, 1.0 / period), s.rate(k + 1) / s.rate(k), 1e-13, 0, seed, "ratio");
    }

    @Test
    void stepDecayIsPiecewiseConstant() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(1.0, 0.1, 3);
        double[] expected = {1, 1, 1, 0.1, 0.1, 0.1, 0.01};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], s.rate(k), 1e-16);
        }
    }

    @Test
    void cosineAnnealingStartsAtTheInitialRateHalvesAtMidPeriodAndEndsAtTheMinimum() {
        LearningRateSchedule s = LearningRateSchedule.cosineAnnealing(1.0, 0.2, 100);
        assertEquals(1.0, s.rate(0), 1e-16);
        assertEquals(0.6, s.rate(50), 1e-15); // cos(π/2) = 0: half way between
        assertEquals(0.2, s.rate(100), 1e-16);
        assertEquals(0.2, s.rate(1000), 1e-16);
        // quarter period: η_min + (η_0 − η_min)(1 + cos(π/4))/2
        assertEquals(0.2 + 0.8 * (1 + Math.sqrt(0.5)) / 2, s.rate(25), 1e-15);
        for (int k = 0; k < 100; k++) {
            assertTrue(s.rate(k + 1) <= s.rate(k), "cosine annealing must be non-increasing at " + k);
        }
    }

    @Test
    void linearWarmupRampsToTheBaseScheduleThenShiftsIt() {
        LearningRateSchedule base = LearningRateSchedule.stepDecay(0.8, 0.5, 10);
        LearningRateSchedule s = base.withLinearWarmup(4);
        // 0.8·(k + 1)/4, to rounding
        assertEquals(0.2, s.rate(0), 1e-15);
        assertEquals(0.4, s.rate(1), 1e-15);
        assertEquals(0.6, s.rate(2), 1e-15);
        assertEquals(0.8, s.rate(3), 1e-15);
        for (int k = 4; k < 40; k++) {
            assertEquals(base.rate(k - 4), s.rate(k), 0.0);
        }
        assertTrue(base.withLinearWarmup(0) == base);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponentialDecay(1, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosineAnnealing(1, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).withLinearWarmup(-1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).rate(-1));
    }
}
