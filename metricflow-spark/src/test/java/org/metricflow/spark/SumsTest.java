package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Sums#overPartitions}, the job behind every distributed sum: every point is seen once, results are merged in
 * partition order whichever task finishes first, the depth-2 fallback (too many doubles for the driver at once) gives
 * the same sums, and points sampled without caching are computed on as sampled, never entered in the executors' cache
 * of derived point sets. The references are exact: point counts and weight sums of the single-JVM point set.
 */
class SumsTest {

    @Test
    void everyPointOnceAndMergedInPartitionOrder() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 700, 5, 3);
        double[] count = Sums.overPartitions(d, new double[1], it -> {
            double[] n = new double[1];
            while (it.hasNext()) {
                n[0] += it.next().size();
            }
            return n;
        }, Sums::add);
        assertEquals(700, count[0]);
        // a merge that is not commutative: acc·10 + (batch index + 1) spells the merge order
        double[] order = Sums.overPartitions(d, new double[1], it -> new double[] {it.next().batch() + 1},
                (acc, x) -> new double[] {10 * acc[0] + x[0]});
        assertEquals(12345, order[0]);
    }

    @Test
    void depthTwoFallbackGivesTheSameSums() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 300, 3, 4, false);
        double total = Arrays.stream(d.collect().weights()).sum();
        int length = (1 << 22) / 3 + 1; // 3 results exceed the driver's 2^22 doubles: depth 2
        assertEquals(2, Sums.depth(d.partitions(), length));
        double[] sums = Sums.overPartitions(d, new double[length], it -> {
            double[] s = new double[length];
            while (it.hasNext()) {
                PointBatch b = it.next();
                for (double w : b.points().weights()) {
                    s[0] += w;
                }
                s[length - 1] += b.size();
            }
            return s;
        }, Sums::add);
        assertEquals(total, sums[0], 1e-12 * total);
        assertEquals(300, sums[length - 1]);
    }

    @Test
    void uncachedPointsNeverEnterTheCache() {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 400, 4, 5, false);
        System.gc();
        int before = PointBatch.cachedPointSets();
        DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy());
        assertTrue(PointBatch.cachedPointSets() <= before, "no cache entries for points sampled inside the task");
    }
}
