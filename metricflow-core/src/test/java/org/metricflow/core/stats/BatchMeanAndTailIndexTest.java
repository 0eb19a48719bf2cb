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
 * {@link Estimate#batchMean} and {@link TailDiagnostic#hillIndex} against samples with known answers.
 * <ul>
 *   <li>Independent Gaussians: the batch-means error agrees with s/√N; with 100 blocks its own relative sampling
 *       error is about 1/√200 = 7 %, so 30 % is a > 4σ margin.</li>
 *   <li>Clusters: every value repeated r = 9 times in a row (like the 9 points of one slice sharing coordinates):
 *       the naive error understates the true one by √r = 3, the batch-means error (blocks of 90) recovers it.</li>
 *   <li>Pareto samples with α = 1.3 and α = 3: the Hill estimate from the top 1 % of 2·10<sup>4</sup> values (k = 200,
 *       relative error ≈ 1/√200 = 7 %) within 30 %.</li>
 * </ul>
 */
class BatchMeanAndTailIndexTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void batchMeansAgreeForIndependentValuesAndCatchClusters(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 9000;
        double[] iid = new double[n];
        double[] clustered = new double[n];
        for (int i = 0; i < n; i++) {
            iid[i] = rng.nextGaussian();
        }
        for (int c = 0; c < n / 9; c++) {
            double v = rng.nextGaussian();
            for (int r = 0; r < 9; r++) {
                clustered[9 * c + r] = v;
            }
        }
        Estimate naive = Estimate.mean(iid);
        Estimate batch = Estimate.batchMean(iid, 90);
        assertEquals(naive.value(), batch.value(), 1e-15);
        Seeds.assertClose(naive.standardError(), batch.standardError(), 0.3, 0, seed, "iid: batch vs naive error");
        // the true error of the clustered mean: 1/sqrt(n/9) = 3/sqrt(n)
        double truth = 1 / Math.sqrt(n / 9.0);
        Seeds.assertClose(truth / 3, Estimate.mean(clustered).standardError(), 0.1, 0, seed, "clusters: naive");
        Seeds.assertClose(truth, Estimate.batchMean(clustered, 90).standardError(), 0.3, 0, seed,
                "clusters: batch means");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void hillRecoversParetoIndices(long seed) {
        Rng rng = Seeds.rng(seed);
        for (double alpha : new double[] {1.3, 3.0}) {
            double[] y = new double[20000];
            for (int i = 0; i < y.length; i++) {
                y[i] = (rng.nextDouble() < 0.5 ? -1 : 1) * Math.pow(1 - rng.nextDouble(), -1 / alpha);
            }
            Seeds.assertClose(alpha, TailDiagnostic.hillIndex(y, 200), 0.3, 0, seed, "Hill index of Pareto(" + alpha
                    + ")");
        }
    }

    @Test
    void badArgumentsAreNamed() {
        double[] y = {1, 2, 3};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Estimate.batchMean(y, 2)).getMessage()
                .contains("at least 2 blocks"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Estimate.batchMean(y, 0)).getMessage()
                .contains("block must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailDiagnostic.hillIndex(y, 3)).getMessage()
                .contains("got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailDiagnostic.hillIndex(new double[] {0, 0, 1},
                1)).getMessage().contains("(k+1)-th largest"));
    }
}
