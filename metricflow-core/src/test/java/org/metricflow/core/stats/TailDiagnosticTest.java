package org.metricflow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link TailDiagnostic} against samples of known tails: Gaussian and uniform (finite variance: the largest share is
 * about 2 ln N/N, never flagged) and Pareto with tail index α = 1.2 (infinite variance: one value carries a share of
 * order one). The Pareto property is statistical: the share exceeds 0.1 with probability ≈ 0.9 at α = 1.2
 * (the limit law of max/sum of the squares, whose index is 0.6), so at least 36 of 48 seeds must be flagged.
 */
class TailDiagnosticTest {
    private static final AtomicInteger PARETO_FLAGGED = new AtomicInteger();

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void lightTailsAreTrustedHeavyTailsAreNot(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2000;
        double[] gauss = new double[n];
        double[] uniform = new double[n];
        double[] pareto = new double[n];
        for (int i = 0; i < n; i++) {
            gauss[i] = rng.nextGaussian();
            uniform[i] = rng.nextDouble();
            pareto[i] = Math.pow(1 - rng.nextDouble(), -1 / 1.2);
        }
        TailDiagnostic g = TailDiagnostic.of(gauss);
        assertTrue(g.trustworthy() && g.varianceShare() < 0.02, "Gaussian [seed=" + seed + "]: " + g);
        assertTrue(TailDiagnostic.of(uniform).varianceShare() < 0.01, "uniform [seed=" + seed + "]");
        if (!TailDiagnostic.of(pareto).trustworthy()) {
            PARETO_FLAGGED.incrementAndGet();
        }
    }

    @AfterAll
    static void paretoIsMostlyFlagged() {
        System.out.println("TailDiagnosticTest: Pareto(1.2) flagged in " + PARETO_FLAGGED.get() + " of 48 seeds");
        assertTrue(PARETO_FLAGGED.get() >= 36, "flagged " + PARETO_FLAGGED.get());
    }

    @Test
    void edgeCases() {
        assertEquals(0, TailDiagnostic.of(new double[] {3, 3, 3}).varianceShare());
        assertEquals(0.5, TailDiagnostic.of(new double[] {0, 1}).varianceShare(), 1e-15);
        assertFalse(TailDiagnostic.of(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1000}).trustworthy());
        assertThrows(IllegalArgumentException.class, () -> TailDiagnostic.of(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> TailDiagnostic.of(new double[] {1, Double.NaN}));
    }
}
