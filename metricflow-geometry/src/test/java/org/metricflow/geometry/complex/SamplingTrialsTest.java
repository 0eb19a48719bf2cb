package org.metricflow.geometry.complex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metricflow.core.stats.ClusteredMoments;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.Moments;

/**
 * The sampling trials of {@link PointSet} (which consecutive points share one random slice) and the cluster-robust
 * errors of the integrals built on them. The trial sizes are the intersection numbers of one slice, known
 * independently: deg Q for a line through a hypersurface, Π deg for a k-plane, and N<sub>a</sub> =
 * ∫ΠJ<sub>i</sub><sup>a<sub>i</sub></sup> for a product slice of pattern a (bicubic: d<sub>112</sub> = d<sub>122</sub>
 * = 3; tetraquadric: 2; Schoen: 3 for (2,1,0) and (1,2,0), 9 for (1,1,1)).
 */
class SamplingTrialsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {"fermat-quintic;5", "cubic-cubic-p5;9", "bicubic;3", "tetraquadric;2",
        "schoen;3 9"})
    void trialSizesAreTheIntersectionNumbersOfOneSlice(String name, String sizes) {
        ProjectiveVariety x = ProjectiveVariety.parse(name);
        int n = name.equals("schoen") || name.startsWith("cubic-cubic") ? 300 : 1000;
        PointSet pts = x.sample(n, 5L);
        int[] o = pts.trialOffsets();
        assertEquals(0, o[0]);
        assertEquals(n, o[o.length - 1]);
        Set<Integer> allowed = new java.util.HashSet<>();
        for (String s : sizes.split(" ")) {
            allowed.add(Integer.parseInt(s));
        }
        Set<Integer> seen = new java.util.TreeSet<>();
        for (int t = 0; t + 2 < o.length; t++) { // the last trial may be cut short by the point count
            seen.add(o[t + 1] - o[t]);
        }
        assertEquals(allowed, seen, name + ": sizes of the trials");
        for (int p = 0; p < n; p++) {
            assertEquals(Arrays.binarySearch(o, p) >= 0, pts.startsTrial(p));
        }
    }

    @Test
    void slicesSubsetsAndChartsKeepTheTrials() {
        PointSet pts = ProjectiveVariety.fermatQuintic().sample(40, 3L);
        assertArrayEquals(new int[] {0, 3, 8, 13, 15}, pts.slice(2, 17).trialOffsets());
        // a reordered subset starts a new trial wherever consecutive points are not consecutive originally
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, pts.subset(new int[] {0, 1, 7, 6, 9}).trialOffsets());
        int[] patches = pts.patches();
        assertArrayEquals(pts.trialOffsets(), pts.inPatches(patches).trialOffsets());
        boolean[] all = new boolean[40];
        Arrays.fill(all, true);
        PointSet singles = pts.withTrialStarts(all);
        assertEquals(41, singles.trialOffsets().length);
        assertEquals(pts, singles);
        assertArrayEquals(pts.trialOffsets(), singles.withTrialStarts(pts.trialStarts()).trialOffsets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pts.withTrialStarts(new boolean[3]));
        assertTrue(e.getMessage().contains("(40), got 3"), e.getMessage());
    }

    /**
     * The integrals' errors are the cluster-robust ones of the per-point terms over the trials, and the errors that
     * treat points as independent when every point is its own trial (then bit for bit the {@link Moments} ones).
     */
    @Test
    void integralsReportClusterRobustErrorsAndTheNaiveOnesForSingletons() {
        PointSet pts = ProjectiveVariety.parse("bicubic").sample(600, 9L);
        KahlerPotential fs = KahlerPotential.fubiniStudy();
        double[] terms = CurvatureIntegrals.chernTerms(pts, fs, 256);
        int k = pts.dimension() + 3;
        double vol = pts.fubiniStudyVolume();
        CurvatureIntegrals.ChernNumbers c = CurvatureIntegrals.chernNumbers(pts, fs, 256);
        ClusteredMoments sums = ClusteredMoments.of(k, terms, pts.trialOffsets());
        Moments plain = Moments.of(k, terms, 0, pts.size());
        for (int j = 0; j <= 3; j++) {
            assertEquals(sums.meanEstimate(j).times(vol), c.chernNumber(j));
            assertEquals(plain.meanEstimate(j).times(vol), c.independentPointsChernNumber(j));
        }
        assertNotEquals(c.euler().standardError(), c.independentPointsChernNumber(3).standardError());
        boolean[] all = new boolean[pts.size()];
        Arrays.fill(all, true);
        PointSet singles = pts.withTrialStarts(all);
        CurvatureIntegrals.ChernNumbers s = CurvatureIntegrals.chernNumbers(singles, fs, 256);
        for (int j = 0; j <= 3; j++) {
            assertEquals(plain.meanEstimate(j).times(vol), s.chernNumber(j));
        }
        assertEquals(plain.ratioEstimate(k - 1, 0), s.ricciMeasure());
        Estimate[] c2 = CurvatureIntegrals.c2DotJ(singles, fs, 256);
        double[][] c2Terms = CurvatureIntegrals.c2DotJTerms(pts, fs, 256);
        for (int i = 0; i < c2.length; i++) {
            assertEquals(Moments.of(c2Terms[i]).meanEstimate(0).times(vol), c2[i]);
        }
        assertEquals(Moments.of(singles.weights()).meanEstimate(0), CurvatureIntegrals.meanOverTrials(singles,
                singles.weights()));
        assertEquals(ClusteredMoments.of(1, pts.weights(), pts.trialOffsets()).meanEstimate(0),
                CurvatureIntegrals.meanOverTrials(pts, pts.weights()));
        // KahlerIntegrals keeps the errors that treat points as independent (documented there)
        assertEquals(Moments.of(pts.weights()).meanEstimate(0).times(vol), KahlerIntegrals.omegaVolume(pts));
    }
}
