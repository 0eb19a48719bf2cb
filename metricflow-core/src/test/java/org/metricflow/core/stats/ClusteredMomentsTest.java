package org.metricflow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link ClusteredMoments}: the cluster-robust standard error is checked against the empirical spread of many
 * independent replicate means of a simulated sample with known correlated clusters (the independent reference), it
 * equals the naive error s/√N bit for bit when every cluster holds one sample, and sums of whole clusters merge.
 */
class ClusteredMomentsTest {

    /** Three fixed seeds for the replicate simulations (each draws ≈ 5·10^5 samples). */
    static java.util.stream.LongStream threeSeeds() {
        return Seeds.seeds(3);
    }

    /** Cluster sizes 1..9 (as the Schoen's slices: 3 or 9 points), shared cluster effect u_c plus point noise e_s. */
    private static double[] simulate(Rng rng, int clusters, int[] offsets, double effect) {
        offsets[0] = 0;
        for (int c = 0; c < clusters; c++) {
            offsets[c + 1] = offsets[c] + 1 + rng.nextInt(9);
        }
        double[] y = new double[offsets[clusters]];
        for (int c = 0; c < clusters; c++) {
            double u = effect * rng.nextGaussian();
            for (int s = offsets[c]; s < offsets[c + 1]; s++) {
                y[s] = 3.0 + u + rng.nextGaussian();
            }
        }
        return y;
    }

    /**
     * R = 1000 replicates of G = 100 clusters whose points share an effect of 2× the point noise (intra-cluster
     * correlation 0.8): the root-mean-square reported error matches the standard deviation of the replicate means
     * within 8 % (the empirical SD's own relative sampling error is 1/√(2R) = 2.2 %, so 3.6 of its standard
     * deviations; the estimator's O(1/G) bias is about 1 %), while the naive error s/√N is less than 0.6× the truth
     * there (so the check can fail).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("threeSeeds")
    void errorMatchesTheSpreadOfReplicateMeans(long seed) {
        Rng rng = Seeds.rng(seed);
        int replicates = 1000;
        int g = 100;
        int[] offsets = new int[g + 1];
        double sum = 0;
        double sumSq = 0;
        double reported = 0;
        double naive = 0;
        for (int r = 0; r < replicates; r++) {
            double[] y = simulate(rng, g, offsets, 2.0);
            Estimate e = ClusteredMoments.of(1, y, offsets).meanEstimate(0);
            sum += e.value();
            sumSq += e.value() * e.value();
            reported += e.standardError() * e.standardError();
            double n = Estimate.mean(y).standardError();
            naive += n * n;
        }
        double mean = sum / replicates;
        double empirical = Math.sqrt((sumSq - replicates * mean * mean) / (replicates - 1));
        double rms = Math.sqrt(reported / replicates);
        assertEquals(1.0, rms / empirical, 0.08, "seed " + seed + ": reported " + rms + ", empirical " + empirical);
        assertTrue(Math.sqrt(naive / replicates) < 0.6 * empirical, "seed " + seed + ": the naive error "
                + Math.sqrt(naive / replicates) + " should understate the empirical " + empirical);
    }

    /** The same check for a ratio of means (the Ricci measure's form), with correlated numerator and denominator. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("threeSeeds")
    void ratioErrorMatchesTheSpreadOfReplicateRatios(long seed) {
        Rng rng = Seeds.rng(seed);
        int replicates = 1000;
        int g = 100;
        int[] offsets = new int[g + 1];
        double sum = 0;
        double sumSq = 0;
        double reported = 0;
        for (int r = 0; r < replicates; r++) {
            double[] y = simulate(rng, g, offsets, 2.0);
            double[] x = new double[2 * y.length];
            for (int s = 0; s < y.length; s++) {
                x[2 * s] = y[s];
                x[2 * s + 1] = Math.abs(y[s] - 1.0) * y[s];
            }
            Estimate e = ClusteredMoments.of(2, x, offsets).ratioEstimate(1, 0);
            sum += e.value();
            sumSq += e.value() * e.value();
            reported += e.standardError() * e.standardError();
        }
        double mean = sum / replicates;
        double empirical = Math.sqrt((sumSq - replicates * mean * mean) / (replicates - 1));
        assertEquals(1.0, Math.sqrt(reported / replicates) / empirical, 0.08, "seed " + seed);
    }

    /** One sample per cluster: exactly the estimates of {@link Moments} (value and error, bit for bit). */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void singletonsGiveTheNaiveErrorExactly(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(300);
        double[] x = new double[3 * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10.0 + rng.nextGaussian() * (1 + i % 3);
        }
        int[] offsets = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            offsets[i] = i;
        }
        ClusteredMoments c = ClusteredMoments.of(3, x, offsets);
        Moments m = Moments.of(3, x, 0, n);
        for (int i = 0; i < 3; i++) {
            assertEquals(m.meanEstimate(i), c.meanEstimate(i), "seed " + seed + ", quantity " + i);
        }
        assertEquals(m.ratioEstimate(2, 0), c.ratioEstimate(2, 0), "seed " + seed);
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            y[s] = x[3 * s + 1];
        }
        // Estimate.mean sums plainly (Moments compensates), so it agrees to rounding only
        double naive = Estimate.mean(y).standardError();
        assertEquals(naive, c.meanEstimate(1).standardError(), 1e-13 * naive, "seed " + seed);
    }

    /** Sums of groups of whole clusters, merged in another order and through arrays, equal those of the whole. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void mergedWholeClustersEqualTheWhole(long seed) {
        Rng rng = Seeds.rng(seed);
        int g = 3 + rng.nextInt(60);
        int[] offsets = new int[g + 1];
        double[] y = simulate(rng, g, offsets, 1.0);
        ClusteredMoments whole = ClusteredMoments.of(1, y, offsets);
        int cut = 1 + rng.nextInt(g - 1);
        ClusteredMoments a = part(y, offsets, 0, cut);
        ClusteredMoments b = part(y, offsets, cut, g);
        ClusteredMoments merged = ClusteredMoments.fromArray(ClusteredMoments.merge(b.toArray(),
                ClusteredMoments.empty(1).merge(a).toArray()));
        Estimate w = whole.meanEstimate(0);
        Estimate m = merged.meanEstimate(0);
        assertEquals(w.value(), m.value(), 1e-12 * Math.abs(w.value()), "seed " + seed);
        assertEquals(w.standardError(), m.standardError(), 1e-12 * w.standardError(), "seed " + seed);
        assertEquals(g, merged.clusters().count());
        assertEquals(offsets[g], merged.samples().count());
    }

    private static ClusteredMoments part(double[] y, int[] offsets, int c0, int c1) {
        int[] o = new int[c1 - c0 + 1];
        for (int c = c0; c <= c1; c++) {
            o[c - c0] = offsets[c] - offsets[c0];
        }
        return ClusteredMoments.of(1, java.util.Arrays.copyOfRange(y, offsets[c0], offsets[c1]), o);
    }

    @Test
    void badOffsetsAndArraysAreNamed() {
        double[] y = {1, 2, 3, 4};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusteredMoments.of(1, y, new int[] {0, 2, 2, 4}));
        assertTrue(e.getMessage().contains("offsets[2] = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusteredMoments.of(1, y, new int[] {1, 4}));
        assertTrue(e.getMessage().contains("start with 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusteredMoments.fromArray(new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("length 3"), e.getMessage());
        // one cluster: the value, but no error can be estimated (NaN, not a number that looks like one)
        Estimate one = ClusteredMoments.of(1, y, new int[] {0, 4}).meanEstimate(0);
        assertEquals(2.5, one.value(), 1e-15);
        assertTrue(Double.isNaN(one.standardError()));
        assertThrows(IllegalArgumentException.class, () -> ClusteredMoments.of(1, y, new int[] {0, 1}).meanEstimate(0));
    }
}
