package org.metricflow.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.testing.Seeds;
import org.junit.jupiter.api.Test;

class RngTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void sameSeedGivesBitIdenticalDraws(long seed) {
        double[] a = new double[1000];
        double[] b = new double[1000];
        Rng.of(seed).fillGaussian(a, 1.0);
        Rng.of(seed).fillGaussian(b, 1.0);
        assertArrayEquals(a, b, 0.0, "seed=" + seed);
    }

    @Test
    void knownFirstDrawsArePinned() {
        // SplitMix64 is specified exactly; a change of algorithm would silently change every seeded result.
        assertEquals(new java.util.SplittableRandom(42).nextDouble(), Rng.of(42).nextDouble(), 0.0);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void gaussianMomentsWithinStatisticalError(long seed) {
        int n = 200_000;
        Rng rng = Rng.of(seed);
        double sum = 0;
        double sumSq = 0;
        double sum4 = 0;
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            sum += x;
            sumSq += x * x;
            sum4 += x * x * x * x;
        }
        // Standard errors: mean 1/sqrt(n), variance sqrt(2/n), fourth moment sqrt(96/n); 5 sigma bounds.
        Seeds.assertClose(0.0, sum / n, 0, 5 / Math.sqrt(n), seed, "mean");
        Seeds.assertClose(1.0, sumSq / n, 0, 5 * Math.sqrt(2.0 / n), seed, "variance");
        Seeds.assertClose(3.0, sum4 / n, 0, 5 * Math.sqrt(96.0 / n), seed, "fourth moment");
    }

    @Test
    void streamsAreIndependentOfDrawOrder() {
        Rng first = Rng.stream(7, 3);
        Rng.stream(7, 2).nextDouble();
        Rng again = Rng.stream(7, 3);
        assertEquals(first.nextLong(), again.nextLong());
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Rng.of(1).permutation(100);
        boolean[] seen = new boolean[100];
        for (int v : p) {
            seen[v] = true;
        }
        for (boolean s : seen) {
            assertEquals(true, s);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rng.of(1).nextInt(0));
        assertEquals("nextInt(bound) needs bound > 0, got 0", e.getMessage());
    }
}
