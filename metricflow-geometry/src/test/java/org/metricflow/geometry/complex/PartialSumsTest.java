package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.metricflow.core.random.Rng;
import org.metricflow.core.stats.ClusteredMoments;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.Moments;
import org.metricflow.core.testing.Seeds;
import org.metricflow.geometry.algebraic.DonaldsonIteration;
import org.metricflow.geometry.algebraic.HermitianMatrix;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mergeable partial sums ({@link CurvatureIntegrals#chernSums}, {@link CurvatureIntegrals#chernClusteredSums},
 * {@link KahlerIntegrals#sigmaSums}, {@link DonaldsonIteration#tOperatorSums}) of the parts of a point set (cut at
 * sampling-trial boundaries, as the partitions of a distributed sample are), merged in any order, give the
 * single-call estimates on the whole set. Tolerance 1e-12 relative: only the order of floating-point additions differs
 * (≈ 1e-16 per addition; the standard errors, which come from centred sums, lose at most a few more digits).
 */
class PartialSumsTest {

    private static PointSet[] split(PointSet all, Rng rng, int parts) {
        int[] cuts = new int[parts + 1];
        cuts[parts] = all.size();
        int[] trials = all.trialOffsets();
        for (int i = 1; i < parts; i++) {
            int cut = Math.max(cuts[i - 1], Math.min(all.size(), cuts[i - 1] + rng.nextInt(2 * all.size() / parts)));
            int t = java.util.Arrays.binarySearch(trials, cut);
            cuts[i] = t >= 0 ? cut : trials[-t - 1]; // the first trial start at or after the cut
        }
        PointSet[] out = new PointSet[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = all.slice(cuts[i], cuts[i + 1]);
        }
        return out;
    }

    private static void assertEstimate(Estimate expected, Estimate actual, long seed, String what) {
        Seeds.assertClose(expected.value(), actual.value(), 1e-12, 1e-14, seed, what);
        Seeds.assertClose(expected.standardError(), actual.standardError(), 1e-10, 1e-14, seed, what + " error");
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("org.metricflow.core.testing.Seeds#few")
    void mergedPartsReproduceTheSingleCall(long seed) {
        Rng rng = Seeds.rng(seed);
        ProjectiveVariety x = seed % 2 == 0 ? ProjectiveVariety.fermatQuartic() : ProjectiveVariety.fermatCubic();
        PointSet all = x.sample(600, seed, 1);
        PointSet[] parts = split(all, rng, 4);

        CurvatureIntegrals.ChernNumbers whole = CurvatureIntegrals.chernNumbers(all, KahlerPotential.fubiniStudy(), 256);
        Moments sums = Moments.empty(all.dimension() + 3);
        ClusteredMoments clustered = ClusteredMoments.empty(all.dimension() + 3);
        Moments s1 = Moments.empty(2);
        for (int i = parts.length - 1; i >= 0; i--) { // reverse order on purpose
            sums = sums.merge(CurvatureIntegrals.chernSums(parts[i], KahlerPotential.fubiniStudy(), 97));
            clustered = clustered.merge(CurvatureIntegrals.chernClusteredSums(parts[i], KahlerPotential.fubiniStudy(),
                    97));
            s1 = s1.merge(KahlerIntegrals.sigmaSums(parts[i], null));
        }
        CurvatureIntegrals.ChernNumbers naive = CurvatureIntegrals.ChernNumbers.of(sums, x.fubiniStudyVolume());
        CurvatureIntegrals.ChernNumbers merged = CurvatureIntegrals.ChernNumbers.of(clustered, x.fubiniStudyVolume());
        for (int k = 0; k <= all.dimension(); k++) {
            assertEstimate(whole.chernNumber(k), merged.chernNumber(k), seed, "c_" + k);
            assertEstimate(whole.independentPointsChernNumber(k), naive.chernNumber(k), seed, "naive c_" + k);
        }
        assertEstimate(whole.ricciMeasure(), merged.ricciMeasure(), seed, "Ricci measure");
        assertEstimate(whole.totalScalarCurvature(), merged.totalScalarCurvature(), seed, "∫s ω^d");

        Moments s2 = Moments.empty(4);
        for (PointSet p : parts) {
            s2 = s2.merge(KahlerIntegrals.sigmaDeviationSums(p, null, KahlerIntegrals.kappa(s1)));
        }
        assertEstimate(KahlerIntegrals.sigmaFubiniStudy(all), KahlerIntegrals.sigma(s1, s2), seed, "σ");
        assertEquals(all.size(), s2.count());

        SectionBasis basis = SectionBasis.of(x, 2);
        HermitianMatrix h = HermitianMatrix.randomPositiveDefinite(basis.size(), 0.5, rng);
        double[] t = new double[4 * basis.size() * basis.size() + 1];
        for (PointSet p : parts) {
            double[] part = DonaldsonIteration.tOperatorSums(basis, p, h);
            for (int i = 0; i < t.length; i++) {
                t[i] += part[i];
            }
        }
        double[] expected = DonaldsonIteration.of(basis, all).tOperator(h).toArray();
        Seeds.assertAllClose(expected, DonaldsonIteration.tOperatorFromSums(basis.size(), t).toArray(), 1e-12,
                1e-14, seed, "T(H)");
    }
}
