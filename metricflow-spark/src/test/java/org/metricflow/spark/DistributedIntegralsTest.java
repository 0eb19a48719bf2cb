package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.phi.PhiModel;

/**
 * The distributed integrals equal the single-JVM ones on the same points to 1e-12 relative (only the order of the
 * merges of partial sums differs; rounding is ≈ 1e-15), for the reference metric and for a φ-model; and they are
 * right: χ(K3) = 24 and ∫ω² = 4 within 4 standard errors (independent reference: topology).
 */
class DistributedIntegralsTest {

    static void assertSame(Estimate single, Estimate distributed, String what) {
        double tol = 1e-12 * Math.abs(single.value()) + 1e-13;
        assertTrue(Math.abs(single.value() - distributed.value()) <= tol,
                what + ": single JVM " + single + ", distributed " + distributed);
        double tolErr = 1e-10 * single.standardError() + 1e-13;
        assertTrue(Math.abs(single.standardError() - distributed.standardError()) <= tolErr,
                what + " error: single JVM " + single + ", distributed " + distributed);
    }

    @Test
    void fubiniStudyIntegralsEqualTheSingleJvm() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 3000, 5, 11);
        PointSet all = d.collect();
        CurvatureIntegrals.ChernNumbers single = CurvatureIntegrals.chernNumbers(all, KahlerPotential.fubiniStudy(),
                16384);
        CurvatureIntegrals.ChernNumbers dist = DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy());
        for (int k = 0; k <= 2; k++) {
            assertSame(single.chernNumber(k), dist.chernNumber(k), "c_" + k);
        }
        assertSame(single.ricciMeasure(), dist.ricciMeasure(), "Ricci measure");
        assertSame(single.totalScalarCurvature(), dist.totalScalarCurvature(), "∫s ω^2");
        assertSame(KahlerIntegrals.sigmaFubiniStudy(all), DistributedIntegrals.sigma(d, MetricSource.fubiniStudy()),
                "σ");
        // the errors are cluster-robust over the 750 lines of 4 points, on the executors as on the driver
        assertEquals(750, all.trialOffsets().length - 1);
        for (int k = 0; k <= 2; k++) {
            assertSame(single.independentPointsChernNumber(k), dist.independentPointsChernNumber(k), "naive c_" + k);
        }
        assertTrue(dist.euler().agreesWith(24, 4), "χ(K3) = 24: " + dist.euler());
        assertTrue(Math.abs(dist.volume().value() - 4) < 1e-9, "∫ω² = 4 exactly for FS: " + dist.volume());
    }

    /** A packed batch carries the sampler's trials, so points derived from it on another JVM keep them. */
    @Test
    void packedBatchesCarryTheSamplingTrials() {
        PointSet pts = org.metricflow.geometry.complex.ProjectiveVariety.parse("schoen").sample(60, 3L);
        double[] packed = PointBatch.of("schoen", 2, 100, pts).pack();
        PointBatch back = PointBatch.unpack("schoen", packed);
        assertArrayEquals(pts.trialOffsets(), back.points().trialOffsets());
        assertArrayEquals(pts.coordinates(), back.coordinates());
        assertEquals(60, back.size());
        assertEquals(100, back.first());
        // points without trials of several points pack as before (no flags)
        PointSet singles = pts.withTrialStarts(trues(60));
        double[] plain = PointBatch.of("schoen", 2, 100, singles).pack();
        assertEquals(packed.length - 60, plain.length);
        assertEquals(61, PointBatch.unpack("schoen", plain).points().trialOffsets().length);
    }

    private static boolean[] trues(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    @Test
    void learnedMetricIntegralsEqualTheSingleJvm() {
        PhiModel model = TestModels.phi(org.metricflow.geometry.complex.ProjectiveVariety.fermatQuintic(), 5, 8);
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quintic", 600, 3, 12);
        PointSet all = d.collect();
        MetricSource metric = MetricSource.of(model);
        CurvatureIntegrals.ChernNumbers single = CurvatureIntegrals.chernNumbers(all, model.potential(), 16384);
        CurvatureIntegrals.ChernNumbers dist = DistributedIntegrals.chernNumbers(d, metric);
        for (int k = 0; k <= 3; k++) {
            assertSame(single.chernNumber(k), dist.chernNumber(k), "c_" + k + " (k = 2: c2·J)");
        }
        assertSame(single.ricciMeasure(), dist.ricciMeasure(), "Ricci measure");
        double[] det = MetricSource.determinants(model, all);
        Estimate sigma = DistributedIntegrals.sigma(d, metric);
        assertSame(KahlerIntegrals.sigma(all, det), sigma, "σ of the learned metric");
        assertTrue(Math.abs(sigma.value() - KahlerIntegrals.sigmaFubiniStudy(all).value()) > 1e-6,
                "the model's correction is not zero, so this compares something else than FS");
    }
}
