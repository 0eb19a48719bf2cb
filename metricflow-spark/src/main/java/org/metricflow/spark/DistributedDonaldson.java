package org.metricflow.spark;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.DonaldsonIteration;
import org.metricflow.geometry.algebraic.HermitianMatrix;
import org.metricflow.geometry.algebraic.SectionBasis;

/**
 * Donaldson's T-operator iteration towards the balanced metric of degree k with the Monte-Carlo integral spread over
 * a {@link DistributedPoints} set: each T̂(H) is one aggregation. The driver broadcasts H, every partition computes
 * the library's partial sums {@link DonaldsonIteration#tOperatorSums} (a 2N×2N real matrix and Σw, N the number of
 * sections) of its batches, the driver adds them, and forms T̂(H)
 * ({@link DonaldsonIteration#tOperatorFromSums}) and runs the same fixed-point loop as one JVM
 * ({@link DonaldsonIteration#iterate}). Memory per task is O(N²) plus one batch; the driver holds O(N²).
 *
 * <p>Stateless; thread-safe.
 */
public final class DistributedDonaldson {
    private DistributedDonaldson() {
    }

    /**
     * T̂(H) over all points, in one aggregation.
     *
     * @param sc the Spark context (for the broadcast of H)
     * @param points the distributed points of the variety (with their weights)
     * @param k the degree of the sections (≥ 1)
     * @param h the Hermitian form H (N×N, N = number of degree-k sections)
     * @return T̂(H)
     */
    public static HermitianMatrix tOperator(JavaSparkContext sc, DistributedPoints points, int k, HermitianMatrix h) {
        String spec = points.varietySpec();
        int n = SectionBasis.of(points.variety(), k).size();
        if (h.size() != n) {
            throw new IllegalArgumentException("H is " + h.size() + "×" + h.size() + " but there are " + n
                    + " sections of degree " + k);
        }
        Broadcast<double[]> hb = sc.broadcast(h.toArray());
        try {
            int len = 4 * n * n + 1;
            double[] sums = Sums.overPartitions(points, new double[len], it -> {
                SectionBasis basis = SectionBasis.of(Varieties.parse(spec), k);
                HermitianMatrix hh = HermitianMatrix.of(n, hb.value());
                Sums.Compensated s = new Sums.Compensated(len);
                while (it.hasNext()) {
                    s.add(DonaldsonIteration.tOperatorSums(basis, it.next().points(), hh));
                }
                return s.total();
            }, Sums::add);
            return DonaldsonIteration.tOperatorFromSums(n, sums);
        } finally {
            hb.destroy();
        }
    }

    /**
     * Iterates H ↦ T̂(H)<sup>−1</sup> (normalized to tr = N) from {@code initial}, as
     * {@link DonaldsonIteration#run(HermitianMatrix)} does on one JVM.
     *
     * @param sc the Spark context
     * @param points the points (use ≥ 10·N² of them)
     * @param k the degree (≥ 1)
     * @param initial the positive definite start (N×N), e.g. the identity or a checkpoint
     * @param tolerance the stopping tolerance on ‖HT̂(H) − I‖<sub>F</sub>/√N (&gt; 0)
     * @param maxIterations the iteration limit (≥ 1)
     * @param afterEach called on the driver with every H at which T̂ was evaluated (for progress and checkpoints);
     *         may be null
     * @return the balanced metric (or the last iterate, if not converged)
     */
    public static BalancedMetric run(JavaSparkContext sc, DistributedPoints points, int k, HermitianMatrix initial,
            double tolerance, int maxIterations, Consumer<HermitianMatrix> afterEach) {
        SectionBasis basis = SectionBasis.of(points.variety(), k);
        return DonaldsonIteration.iterate(basis, initial, tolerance, maxIterations, h -> {
            HermitianMatrix t = tOperator(sc, points, k, h);
            if (afterEach != null) {
                afterEach.accept(h);
            }
            return t;
        });
    }
}
