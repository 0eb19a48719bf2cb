package org.metricflow.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.metricflow.core.random.Rng;
import org.metricflow.core.testing.Seeds;

/**
 * {@link Moments}: merging the sums of the parts of a sample, in any order, gives the sums of the whole sample, and
 * the estimates agree with direct two-pass formulas written out here independently. Tolerance 1e-12 relative: the
 * data have a large common offset (mean 1e3 against spread 1), where the naive Σx² − n·x̄² would lose about six
 * digits and fail; the pairwise update loses none.
 */
class MomentsTest {

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void mergedPartsEqualTheWhole(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 2 + rng.nextInt(400);
        int k = 3;
        double[] x = new double[n * k];
        for (int s = 0; s < n; s++) {
            double a = 1e3 + rng.nextGaussian();
            x[s * k] = a;
            x[s * k + 1] = 2.0 * a + 0.1 * rng.nextGaussian();
            x[s * k + 2] = Math.abs(rng.nextGaussian()) * a;
        }
        // random cut points, parts merged in a shuffled order
        List<Moments> parts = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int to = Math.min(n, from + rng.nextInt(40));
            parts.add(Moments.of(k, x, from, to));
            from = to;
        }
        Collections.shuffle(parts, new java.util.Random(seed));
        Moments merged = Moments.empty(k);
        for (Moments p : parts) {
            merged = merged.merge(p);
        }
        assertEquals(n, merged.count());
        for (int i = 0; i < k; i++) {
            double[] col = new double[n];
            for (int s = 0; s < n; s++) {
                col[s] = x[s * k + i];
            }
            Estimate direct = Estimate.mean(col);
            Seeds.assertClose(direct.value(), merged.meanEstimate(i).value(), 1e-13, 0, seed, "mean " + i);
            Seeds.assertClose(direct.standardError(), merged.meanEstimate(i).standardError(), 1e-10, 0, seed,
                    "standard error " + i);
        }
        // ratio of means with the delta-method error, written out directly
        double ma = 0;
        double mb = 0;
        for (int s = 0; s < n; s++) {
            ma += x[s * k];
            mb += x[s * k + 2];
        }
        ma /= n;
        mb /= n;
        double r = mb / ma;
        double ss = 0;
        for (int s = 0; s < n; s++) {
            double psi = (x[s * k + 2] - r * x[s * k]) / ma;
            ss += psi * psi;
        }
        Estimate ratio = merged.ratioEstimate(2, 0);
        Seeds.assertClose(r, ratio.value(), 1e-13, 0, seed, "ratio");
        Seeds.assertClose(Math.sqrt(ss / (n - 1) / n), ratio.standardError(), 1e-10, 0, seed, "ratio error");
        // the second moment of x1 − 2·x0 (spread 0.1 on an offset of 1e3)
        double mu = 0;
        for (int s = 0; s < n; s++) {
            mu += x[s * k + 1] - 2 * x[s * k];
        }
        mu /= n;
        double su = 0;
        for (int s = 0; s < n; s++) {
            double u = x[s * k + 1] - 2 * x[s * k] - mu;
            su += u * u;
        }
        Seeds.assertClose(su, merged.comoment(-2.0, 1.0, 0.0), 1e-8, 0, seed, "second moment of a combination");
    }

    @Test
    void emptyIsNeutralAndBadInputIsNamed() {
        Moments m = Moments.of(new double[] {1, 2, 4});
        assertSame(m, m.merge(Moments.empty(1)));
        assertSame(m, Moments.empty(1).merge(m));
        assertEquals(7.0 / 3, m.mean(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> m.merge(Moments.empty(2)));
        assertEquals(m, Moments.fromArray(m.toArray()));
        assertEquals(m.merge(Moments.of(new double[] {3, 5})),
                Moments.fromArray(Moments.merge(m.toArray(), Moments.of(new double[] {3, 5}).toArray())));
        assertThrows(IllegalArgumentException.class, () -> Moments.fromArray(new double[] {2, 1, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Moments.of(new double[] {1}).meanEstimate(0));
        assertEquals("a Monte-Carlo estimate needs at least 2 samples, got 1", e.getMessage());
    }

    /**
     * The sums within a part are compensated: a sign-changing sample (triples a, u, −a with a ∈ [1e8, 2e8) and u
     * uniform in [0, 1): condition number Σ|x|/|Σx| ≈ 6e8) has its mean within one ulp of the exact one (BigDecimal,
     * then rounded), where a plain sum in the same order is off by ≈ 1e-10 relative (asserted too, so the data do
     * discriminate).
     */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#some")
    void meansAreCompensated(long seed) {
        Rng rng = Seeds.rng(seed);
        int n = 30000;
        double[] x = new double[n];
        java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
        double plain = 0;
        for (int s = 0; s < n; s++) {
            x[s] = s % 3 == 0 ? 1e8 * (1 + rng.nextDouble()) : s % 3 == 1 ? rng.nextDouble() : -x[s - 2];
            exact = exact.add(new java.math.BigDecimal(x[s]));
            plain += x[s];
        }
        double exactMean = exact.divide(java.math.BigDecimal.valueOf(n), java.math.MathContext.DECIMAL128)
                .doubleValue();
        double mean = Moments.of(x).mean(0);
        assertTrue(Math.abs(mean - exactMean) <= Math.ulp(exactMean), "seed " + seed + ": compensated mean " + mean
                + " is not within one ulp of the exact " + exactMean);
        assertTrue(Math.abs(plain / n - exactMean) > 1e-13 * Math.abs(exactMean),
                "a plain sum loses digits on these data (else the test shows nothing): " + plain / n + " vs "
                        + exactMean);
    }
}
