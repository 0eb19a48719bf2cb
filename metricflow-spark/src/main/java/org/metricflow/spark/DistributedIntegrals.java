package org.metricflow.spark;

import org.metricflow.core.stats.ClusteredMoments;
import org.metricflow.core.stats.Estimate;
import org.metricflow.core.stats.Moments;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.nn.phi.PhiModel;

/**
 * Monte-Carlo integrals over a {@link DistributedPoints} set: every partition computes the library's mergeable
 * partial sums ({@link CurvatureIntegrals#chernClusteredSums}, {@link KahlerIntegrals#sigmaSums},
 * {@link KahlerIntegrals#sigmaDeviationSums}: counts, compensated means and centred co-moments) of its batches in
 * one Spark task, the driver merges them in partition order ({@link Moments#merge}), and the driver turns
 * the merged sums into the same {@link Estimate}s as the single-JVM path ({@link CurvatureIntegrals.ChernNumbers#of},
 * {@link KahlerIntegrals#sigma(Moments, Moments)}). Only the order of the merges differs from one JVM, so on the
 * same points the results agree to rounding (≈ 1e-15 relative; the tests check 1e-12).
 *
 * <p>σ needs κ of the whole set before its second pass, so it costs two aggregations; the Chern numbers one.
 * Stateless; thread-safe.
 */
public final class DistributedIntegrals {
    private DistributedIntegrals() {
    }

    /**
     * ∫c<sub>k</sub>∧ω<sup>d−k</sup> (k = 0..d: volume, …, χ; for threefolds k = 2 is c<sub>2</sub>·J), the Ricci
     * measure and ∫s ω<sup>d</sup> of a metric, in one aggregation.
     *
     * @param points the points (at least 2)
     * @param metric the Fubini–Study metric or a saved model's metric, evaluated on every executor
     * @return the Chern numbers with standard errors, as {@link CurvatureIntegrals#chernNumbers}
     */
    public static CurvatureIntegrals.ChernNumbers chernNumbers(DistributedPoints points, MetricSource metric) {
        int k = points.variety().dimension() + 3;
        byte[] model = metric.bytes();
        double[] zero = ClusteredMoments.empty(k).toArray();
        ClusteredMoments sums = ClusteredMoments.fromArray(Sums.overPartitions(points, zero, it -> {
            KahlerPotential potential = MetricSource.ofBytes(model).potential();
            ClusteredMoments s = ClusteredMoments.empty(k);
            while (it.hasNext()) {
                s = s.merge(CurvatureIntegrals.chernClusteredSums(it.next().points(), potential, MetricSource.CHUNK));
            }
            return s.toArray();
        }, ClusteredMoments::merge));
        if (sums.samples().count() < 2) {
            throw new IllegalArgumentException("need at least 2 points for an estimate with an error, got "
                    + sums.samples().count());
        }
        return CurvatureIntegrals.ChernNumbers.of(sums, points.variety().fubiniStudyVolume());
    }

    /**
     * σ of a metric (scale invariant; 0 iff ω<sup>d</sup> ∝ Ω∧Ω̄), in two aggregations.
     *
     * @param points the points (at least 2)
     * @param metric the Fubini–Study metric or a saved model's metric, evaluated on every executor
     * @return σ with its delta-method standard error, as {@link KahlerIntegrals#sigma(PointSet, double[])}
     */
    public static Estimate sigma(DistributedPoints points, MetricSource metric) {
        byte[] bytes = metric.bytes();
        Moments first = aggregate(points, 2, it -> {
            PhiModel model = bytes == null ? null : MetricSource.ofBytes(bytes).load();
            Moments s = Moments.empty(2);
            while (it.hasNext()) {
                PointSet ps = it.next().points();
                s = s.merge(KahlerIntegrals.sigmaSums(ps, MetricSource.determinants(model, ps)));
            }
            return s.toArray();
        });
        double kappa = KahlerIntegrals.kappa(first);
        Moments second = aggregate(points, 4, it -> {
            PhiModel model = bytes == null ? null : MetricSource.ofBytes(bytes).load();
            Moments s = Moments.empty(4);
            while (it.hasNext()) {
                PointSet ps = it.next().points();
                s = s.merge(KahlerIntegrals.sigmaDeviationSums(ps, MetricSource.determinants(model, ps), kappa));
            }
            return s.toArray();
        });
        return KahlerIntegrals.sigma(first, second);
    }

    /** The merge ({@link Moments#merge}) of one {@link Moments} array of k quantities per partition. */
    private static Moments aggregate(DistributedPoints points, int k, Sums.PartitionBody body) {
        return Moments.fromArray(Sums.overPartitions(points, Moments.empty(k).toArray(), body, Moments::merge));
    }
}
