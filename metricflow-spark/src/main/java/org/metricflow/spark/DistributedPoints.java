package org.metricflow.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.metricflow.core.random.Rng;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;

/**
 * Points of a projective variety spread over the partitions of a Spark RDD of {@link PointBatch}es.
 *
 * <h2>Reproducible sampling</h2>
 * {@link #sample} draws N points in P partitions; partition p holds the points N·p/P .. N·(p+1)/P − 1 (integer
 * division) and draws them with {@link ProjectiveVariety#sample(int, long, int)} seeded by
 * {@code Rng.stream(seed, p).nextLong()}. The points depend only on (variety, N, P, seed): not on the number of
 * executors, their cores or the order in which tasks run, and a retried task draws the same points again.
 *
 * <h2>Parquet</h2>
 * {@link #writeParquet} writes one row per point with the columns {@code variety} (spec string), {@code batch}
 * (sampling partition), {@code index} (global point index), {@code re_0..re_n} and {@code im_0..im_n} (the
 * patch-normalized homogeneous coordinates z<sub>j</sub>), {@code weight} (w = dVol<sub>Ω</sub>/ω<sub>FS</sub><sup>d</sup>),
 * {@code omega_squared} (|Ω|²), {@code patch} (index of the coordinate equal to 1) and {@code eliminated_0..} (the
 * eliminated coordinates, one per equation). pandas/pyarrow read it directly; {@link #readParquet} reads it back as
 * batches (the derived columns are recomputed from the coordinates and equal the stored ones).
 *
 * <h2>Caching</h2>
 * The RDD holds the batches in their packed form ({@link PointBatch#pack()}, plain {@code double[]}s), so any Spark
 * serializer ships them. By default it is persisted in executor memory ({@code MEMORY_ONLY}), and the computations
 * of this package read it through {@link #pointBatches()}, which finds each batch's derived {@link PointSet}
 * (patches, Jacobians, weights, …) in the executor's cache ({@link PointBatch#cached}): repeated passes (σ's two
 * passes, every training step, every Donaldson iteration) neither re-sample nor re-derive anything; an evicted or lost
 * batch is recomputed from its lineage (the same points). With {@code cache = false}
 * ({@link #sample(JavaSparkContext, String, long, int, long, boolean)}) nothing is kept: every pass samples its
 * batches again inside its tasks and computes on the sampler's point sets as they are (not packed, copied or entered
 * in the cache, which would hold the dead point sets of finished tasks until the garbage collector clears the cache's
 * keys), so memory stays at one batch per running task, for one-pass integrals over more points than the executors
 * can hold. Instances are immutable.
 */
public final class DistributedPoints {
    private final JavaRDD<double[]> batches;
    /** Uncached sampling: the batches as sampled inside each task, with the sampler's point sets; else null. */
    private final JavaRDD<PointBatch> drawn;
    private final String variety;
    private final long size;

    private DistributedPoints(JavaRDD<double[]> batches, JavaRDD<PointBatch> drawn, String variety, long size) {
        this.batches = batches;
        this.drawn = drawn;
        this.variety = variety;
        this.size = size;
    }

    /**
     * Wraps an RDD of packed batches of one variety ({@link PointBatch#pack()}), e.g. repartitioned by the caller;
     * persist it for several passes.
     *
     * @param batches the packed batches; all of the variety {@code variety}
     * @param variety the variety's spec
     * @param size the total number of points
     * @return the distributed point set
     */
    public static DistributedPoints of(JavaRDD<double[]> batches, String variety, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        Varieties.parse(variety);
        return new DistributedPoints(batches, null, variety, size);
    }

    /**
     * Samples {@code count} points in {@code partitions} partitions (see the class comment).
     *
     * @param sc the Spark context
     * @param variety the variety's spec ({@link ProjectiveVariety#parse})
     * @param count the number of points N (≥ 0, at most 2³¹ − 1 per partition)
     * @param partitions the number of partitions P (≥ 1)
     * @param seed the random seed
     * @return the distributed points, persisted in memory
     */
    public static DistributedPoints sample(JavaSparkContext sc, String variety, long count, int partitions,
            long seed) {
        return sample(sc, variety, count, partitions, seed, true);
    }

    /**
     * Samples {@code count} points in {@code partitions} partitions (see the class comment), kept in executor memory
     * or drawn again by every pass.
     *
     * @param sc the Spark context
     * @param variety the variety's spec ({@link ProjectiveVariety#parse})
     * @param count the number of points N (≥ 0, at most 2³¹ − 1 per partition)
     * @param partitions the number of partitions P (≥ 1); with {@code cache = false} a task holds N/P points at once
     * @param seed the random seed
     * @param cache true to persist the sampled batches with their derived data in memory (for several passes); false
     *         to sample inside every pass (memory bounded by one batch per task; for one pass over many points)
     * @return the distributed points
     */
    public static DistributedPoints sample(JavaSparkContext sc, String variety, long count, int partitions,
            long seed, boolean cache) {
        Varieties.parse(variety);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (count / partitions >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " points in " + partitions + " partitions exceed 2^31 - 1"
                    + " points per partition; use more partitions");
        }
        List<Integer> indices = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<PointBatch> drawn = sc.parallelize(indices, partitions).map(p -> {
            long from = count * p / partitions;
            long to = count * (p + 1) / partitions;
            PointSet pts = Varieties.parse(variety).sample((int) (to - from), partitionSeed(seed, p), 1);
            return PointBatch.of(variety, p, from, pts);
        });
        JavaRDD<double[]> rdd = drawn.map(PointBatch::pack);
        if (!cache) {
            return new DistributedPoints(rdd, drawn, variety, count);
        }
        rdd.persist(StorageLevel.MEMORY_ONLY());
        return new DistributedPoints(rdd, null, variety, count);
    }

    /**
     * The seed of sampling partition p: {@code Rng.stream(seed, p).nextLong()}.
     *
     * @param seed the run's seed
     * @param partition the partition index (≥ 0)
     * @return the seed of that partition's sampler
     */
    public static long partitionSeed(long seed, int partition) {
        return Rng.stream(seed, partition).nextLong();
    }

    /**
     * The batches in packed form ({@link PointBatch#unpack} with {@link #varietySpec()} restores them).
     *
     * @return the RDD of packed batches (persisted unless sampled with {@code cache = false})
     */
    public JavaRDD<double[]> batches() {
        return batches;
    }

    /**
     * The batches with their derived point sets from the executors' cache ({@link PointBatch#cached}); what every
     * distributed computation of this package runs over. The elements are not serializable: use them inside tasks
     * (map them to results there), never collect them.
     *
     * @return an RDD mapped from {@link #batches()}
     */
    public JavaRDD<PointBatch> pointBatches() {
        if (drawn != null) {
            return drawn;
        }
        String spec = variety;
        return batches.map(a -> PointBatch.cached(spec, a));
    }

    /**
     * The batches as sampled inside each task, with the sampler's point sets, for points sampled without caching;
     * else null (then {@link #batches()} holds them, packed).
     *
     * @return the RDD of sampled batches (not serializable elements: use them inside tasks) or null
     */
    JavaRDD<PointBatch> drawnBatches() {
        return drawn;
    }

    /**
     * Drops the batches from executor memory (later passes recompute them from their lineage).
     *
     * @return this
     */
    public DistributedPoints unpersist() {
        batches.unpersist(false);
        return this;
    }

    /**
     * The number of partitions of the RDD.
     *
     * @return the partition count
     */
    public int partitions() {
        return batches.getNumPartitions();
    }

    /**
     * The variety's spec.
     *
     * @return the spec
     */
    public String varietySpec() {
        return variety;
    }

    /**
     * The variety.
     *
     * @return the variety
     */
    public ProjectiveVariety variety() {
        return Varieties.parse(variety);
    }

    /**
     * The total number of points.
     *
     * @return N
     */
    public long size() {
        return size;
    }

    /**
     * The same points with every batch passed through {@code f} (e.g. to inject a fault in a test).
     *
     * @param f a function from batch to batch of the same variety and points
     * @return the mapped point set
     */
    public DistributedPoints mapBatches(org.apache.spark.api.java.function.Function<PointBatch, PointBatch> f) {
        String spec = variety;
        return new DistributedPoints(batches.map(a -> f.call(PointBatch.unpack(spec, a)).pack()), null, variety, size);
    }

    /**
     * All points in one {@link PointSet} on the driver, in global index order (for tests and small sets only).
     *
     * @return the points
     */
    public PointSet collect() {
        List<PointBatch> all = new ArrayList<>();
        for (double[] a : batches.collect()) {
            all.add(PointBatch.unpack(variety, a));
        }
        all.sort(java.util.Comparator.comparingLong(PointBatch::first));
        int m = variety().coordinateCount();
        long n = 0;
        for (PointBatch b : all) {
            n += b.size();
        }
        if (2 * n * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " points do not fit in one PointSet on the driver");
        }
        double[] z = new double[(int) (2 * n * m)];
        boolean[] starts = new boolean[(int) n];
        int off = 0;
        int p = 0;
        for (PointBatch b : all) {
            double[] c = b.coordinates();
            System.arraycopy(c, 0, z, off, c.length);
            off += c.length;
            System.arraycopy(b.trialStarts(), 0, starts, p, b.size());
            p += b.size();
        }
        return variety().pointSet(z, (int) n).withTrialStarts(starts);
    }

    private static StructType schema(ProjectiveVariety x) {
        int m = x.ambientDimension() + 1;
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("variety", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("batch", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("index", DataTypes.LongType, false));
        for (int j = 0; j < m; j++) {
            f.add(DataTypes.createStructField("re_" + j, DataTypes.DoubleType, false));
        }
        for (int j = 0; j < m; j++) {
            f.add(DataTypes.createStructField("im_" + j, DataTypes.DoubleType, false));
        }
        f.add(DataTypes.createStructField("weight", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("omega_squared", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("patch", DataTypes.IntegerType, false));
        for (int r = 0; r < x.codimension(); r++) {
            f.add(DataTypes.createStructField("eliminated_" + r, DataTypes.IntegerType, false));
        }
        return DataTypes.createStructType(f);
    }

    /**
     * Writes the points as Parquet (columns in the class comment); fails if {@code path} exists. Spark's output
     * committer makes the directory appear complete or not at all ({@code _SUCCESS} marks a finished write).
     *
     * @param spark the session
     * @param path the output directory (any Hadoop file system URI or local path)
     */
    public void writeParquet(SparkSession spark, String path) {
        ProjectiveVariety x = variety();
        int m = x.ambientDimension() + 1;
        int k = x.codimension();
        String spec = variety;
        JavaRDD<Row> rows = pointBatches().flatMap(b -> {
            PointSet ps = b.points();
            double[] z = ps.coordinates();
            double[] w = ps.weights();
            double[] o = ps.omegaSquared();
            List<Row> out = new ArrayList<>(ps.size());
            for (int p = 0; p < ps.size(); p++) {
                Object[] v = new Object[3 + 2 * m + 3 + k];
                int c = 0;
                v[c++] = spec;
                v[c++] = b.batch();
                v[c++] = b.first() + p;
                for (int j = 0; j < m; j++) {
                    v[c++] = z[2 * (p * m + j)];
                }
                for (int j = 0; j < m; j++) {
                    v[c++] = z[2 * (p * m + j) + 1];
                }
                v[c++] = w[p];
                v[c++] = o[p];
                v[c++] = ps.patch(p);
                for (int r = 0; r < k; r++) {
                    v[c++] = ps.eliminated(p, r);
                }
                out.add(RowFactory.create(v));
            }
            return out.iterator();
        });
        Dataset<Row> df = spark.createDataFrame(rows, schema(x));
        df.write().mode(SaveMode.ErrorIfExists).parquet(path);
    }

    /**
     * Reads points written by {@link #writeParquet} (or any Parquet file with its {@code variety}, {@code batch},
     * {@code index}, {@code re_j} and {@code im_j} columns). Consecutive rows of one input split with the same
     * {@code batch} form one {@link PointBatch}.
     *
     * @param spark the session
     * @param path the Parquet directory or file
     * @return the points, persisted in memory (with their derived data)
     */
    public static DistributedPoints readParquet(SparkSession spark, String path) {
        Dataset<Row> df = spark.read().parquet(path);
        Row head = df.select("variety").first();
        String spec = head.getString(0);
        ProjectiveVariety x = Varieties.parse(spec);
        int m = x.ambientDimension() + 1;
        List<String> cols = new ArrayList<>(List.of("variety", "batch", "index"));
        for (int j = 0; j < m; j++) {
            cols.add("re_" + j);
        }
        for (int j = 0; j < m; j++) {
            cols.add("im_" + j);
        }
        Dataset<Row> sel = df.select(cols.get(0), cols.subList(1, cols.size()).toArray(new String[0]));
        long n = sel.count();
        JavaRDD<double[]> rdd = sel.javaRDD().mapPartitions(it -> toBatches(it, m));
        rdd.persist(StorageLevel.MEMORY_ONLY());
        return new DistributedPoints(rdd, null, spec, n);
    }

    private static Iterator<double[]> toBatches(Iterator<Row> rows, int m) {
        List<double[]> out = new ArrayList<>();
        String spec = null;
        int batch = -1;
        long first = -1;
        long next = -1;
        double[] z = new double[2 * m * 1024];
        int count = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            String v = r.getString(0);
            int b = r.getInt(1);
            long index = r.getLong(2);
            if (count > 0 && (b != batch || index != next || !v.equals(spec))) {
                out.add(PointBatch.of(spec, batch, first, count, java.util.Arrays.copyOf(z, 2 * count * m)).pack());
                count = 0;
            }
            if (count == 0) {
                spec = v;
                batch = b;
                first = index;
            }
            if (2 * (count + 1) * m > z.length) {
                z = java.util.Arrays.copyOf(z, 2 * z.length);
            }
            for (int j = 0; j < m; j++) {
                z[2 * (count * m + j)] = r.getDouble(3 + j);
                z[2 * (count * m + j) + 1] = r.getDouble(3 + m + j);
            }
            count++;
            next = index + 1;
        }
        if (count > 0) {
            out.add(PointBatch.of(spec, batch, first, count, java.util.Arrays.copyOf(z, 2 * count * m)).pack());
        }
        return out.iterator();
    }
}
