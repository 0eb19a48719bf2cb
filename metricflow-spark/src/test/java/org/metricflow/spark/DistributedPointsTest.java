package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Distributed sampling is reproducible and independent of scheduling, and Parquet round-trips the points exactly.
 * The reference for the sampled points is the library's single-JVM sampler run partition by partition with the
 * documented seeds; the reference for the stored weights and |Ω|² is the single-JVM {@link PointSet}.
 */
class DistributedPointsTest {

    @Test
    void partitionsAreTheSingleJvmSamplerWithPartitionSeeds() {
        ProjectiveVariety x = ProjectiveVariety.fermatQuartic();
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 1003, 3, 42);
        PointSet all = d.collect();
        assertEquals(1003, all.size());
        long from = 0;
        for (int p = 0; p < 3; p++) {
            long to = 1003L * (p + 1) / 3;
            PointSet expected = x.sample((int) (to - from), DistributedPoints.partitionSeed(42, p), 2);
            assertEquals(expected, all.slice((int) from, (int) to), "partition " + p);
            from = to;
        }
        // the same job on one partition of the scheduler (all batches in one task) gives the same points
        DistributedPoints again = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 1003, 3, 42);
        DistributedPoints coalesced = DistributedPoints.of(again.batches().coalesce(1), "fermat-quartic", 1003);
        assertEquals(all, coalesced.collect());
        // another seed gives other points
        PointSet other = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 1003, 3, 43).collect();
        assertEquals(false, all.equals(other));
    }

    @Test
    void parquetRoundTripKeepsEveryPointAndColumn(@TempDir Path dir) {
        DistributedPoints d = DistributedPoints.sample(LocalSpark.context(), "fermat-quintic", 777, 4, 7);
        String out = dir.resolve("points.parquet").toString();
        d.writeParquet(LocalSpark.session(), out);
        assertEquals(true, Files.exists(dir.resolve("points.parquet").resolve("_SUCCESS")));
        PointSet expected = d.collect();

        DistributedPoints back = DistributedPoints.readParquet(LocalSpark.session(), out);
        assertEquals(777, back.size());
        assertEquals("fermat-quintic", back.varietySpec());
        assertEquals(expected, back.collect());

        List<Row> rows = LocalSpark.session().read().parquet(out).orderBy("index").collectAsList();
        double[] w = new double[rows.size()];
        double[] o = new double[rows.size()];
        int[] patch = new int[rows.size()];
        int[] elim = new int[rows.size()];
        double[] re3 = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getLong(r.fieldIndex("index")));
            w[i] = r.getDouble(r.fieldIndex("weight"));
            o[i] = r.getDouble(r.fieldIndex("omega_squared"));
            patch[i] = r.getInt(r.fieldIndex("patch"));
            elim[i] = r.getInt(r.fieldIndex("eliminated_0"));
            re3[i] = r.getDouble(r.fieldIndex("re_3"));
        }
        assertArrayEquals(expected.weights(), w);
        assertArrayEquals(expected.omegaSquared(), o);
        assertArrayEquals(expected.patches(), patch);
        assertArrayEquals(expected.eliminated(), elim);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.re(i, 3), re3[i]);
        }
        // outputs are never overwritten
        assertThrows(Exception.class, () -> d.writeParquet(LocalSpark.session(), out));
    }

    /**
     * The cache of derived data is only a cache: uncached points (drawn again by every pass) equal the cached ones,
     * and two passes over cached points see the same derived point set instances (derived once per executor).
     */
    @Test
    void derivedPointSetsAreDerivedOncePerExecutor() {
        DistributedPoints cached = DistributedPoints.sample(LocalSpark.context(), "fermat-quintic", 500, 2, 8);
        DistributedPoints drawn = DistributedPoints.sample(LocalSpark.context(), "fermat-quintic", 500, 2, 8, false);
        assertEquals(cached.collect(), drawn.collect());
        List<Integer> first = cached.pointBatches().map(b -> System.identityHashCode(b.points())).collect();
        List<Integer> second = cached.pointBatches().map(b -> System.identityHashCode(b.points())).collect();
        assertEquals(first, second, "the same derived point sets in the second pass");
        List<Integer> redrawn = drawn.pointBatches().map(b -> System.identityHashCode(b.points())).collect();
        List<Integer> again = drawn.pointBatches().map(b -> System.identityHashCode(b.points())).collect();
        assertTrue(!redrawn.equals(again), "uncached points are drawn again: new point sets in every pass");
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 10, 0, 1));
        assertEquals("partitions must be >= 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DistributedPoints.sample(LocalSpark.context(), "fermat:1:x", 10, 2, 1));
    }
}
