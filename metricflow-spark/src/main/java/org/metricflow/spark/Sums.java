package org.metricflow.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The sums of this package's aggregations: one Spark job that reduces every partition of a point set to an array of
 * partial sums and merges them on the driver ({@link #overPartitions}), the element-wise combiner of partial-sum
 * arrays, a Neumaier-compensated accumulator for the sums inside one partition, and the depth of a
 * {@code treeAggregate}.
 *
 * <h2>The job's fixed cost</h2>
 * {@link #overPartitions} submits the partition function itself ({@code SparkContext.runJob} with a named
 * serializable function class) instead of {@code mapPartitions} + {@code treeAggregate}: those wrap the function in
 * Spark's Scala closures, and Spark's closure cleaner reads and parses the class file that declares each of them
 * (RDD, JavaRDDLike: a few hundred kB of byte code) for every closure of every job, and {@code treeAggregate} and
 * {@code fold} serialize copies of the zero value (the whole gradient in training). A named class is no closure,
 * so nothing is parsed, and nothing but the function and the RDD's lineage travels. Measured in
 * docs/BENCHMARKS.md (the per-step overhead of data-parallel training).
 */
final class Sums {
    /** Doubles that one level of aggregation on the driver may receive in total before a tree level is added. */
    private static final long DRIVER_DOUBLES = 1L << 22;

    private Sums() {
    }

    /** acc += x element-wise; returns acc (Spark lets aggregation functions reuse their first argument). */
    static double[] add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
        return acc;
    }

    /**
     * The {@code treeAggregate} depth for {@code partitions} partial results of {@code length} doubles each: 1 (the
     * driver merges every partition's result; no shuffle stage) while they total at most 2<sup>22</sup> doubles
     * (32 MB), else 2. A tree level costs a shuffle stage per job, which outweighs merging a few thousand small arrays
     * on the driver.
     *
     * @param partitions the number of partitions (≥ 0)
     * @param length the doubles per partial result
     * @return 1 or 2
     */
    static int depth(int partitions, int length) {
        return (long) partitions * length <= DRIVER_DOUBLES ? 1 : 2;
    }

    /** A partition's computation: its batches (with their derived point sets) to an array of partial sums. */
    @FunctionalInterface
    interface PartitionBody extends Serializable {
        /**
         * Runs inside a Spark task, with the library's kernels on the task's cores ({@link TaskThreads}).
         *
         * @param batches the partition's batches
         * @return the partition's partial sums (a fresh array of the job's length)
         */
        double[] apply(Iterator<PointBatch> batches);
    }

    /** An associative merge of two partial-sum arrays (may reuse its first argument), e.g. {@link #add}. */
    @FunctionalInterface
    interface Merge extends Serializable {
        /**
         * Merges two partial results.
         *
         * @param acc the partial sums so far
         * @param x the next partition's partial sums
         * @return the partial sums of both (may be {@code acc}, updated in place)
         */
        double[] apply(double[] acc, double[] x);
    }

    /**
     * Runs {@code body} on every partition of {@code points} in one job and merges the results in partition order,
     * starting from {@code zero} (so the result does not depend on which task finishes first). While all results total
     * at most 2<sup>22</sup> doubles ({@link #depth} 1) the driver receives them directly; beyond, a
     * {@code treeAggregate} of depth 2 merges them on the executors first.
     *
     * @param points the point set
     * @param zero the merge's neutral element (not modified); its length is the results' length
     * @param body the partition's computation
     * @param merge the merge of two partial results
     * @return the partial sums of all partitions merged from {@code zero} in partition order (length of {@code zero})
     */
    static double[] overPartitions(DistributedPoints points, double[] zero, PartitionBody body, Merge merge) {
        if (depth(points.partitions(), zero.length) > 1) {
            Function2<double[], double[], double[]> m = merge::apply;
            return points.pointBatches().mapPartitions((Iterator<PointBatch> it) -> List.of(
                    TaskThreads.call(() -> body.apply(it))).iterator()).treeAggregate(zero.clone(), m, m, 2);
        }
        JavaRDD<?> drawn = points.drawnBatches();
        PartitionJob<?> job = drawn != null ? new PartitionJob<PointBatch>(body, null)
                : new PartitionJob<double[]>(body, points.varietySpec());
        JavaRDD<?> rdd = drawn != null ? drawn : points.batches();
        double[][] parts = run(rdd, job);
        double[] acc = zero.clone();
        for (double[] part : parts) {
            acc = merge.apply(acc, part);
        }
        return acc;
    }

    @SuppressWarnings("unchecked")
    private static <T> double[][] run(JavaRDD<?> rdd, PartitionJob<?> job) {
        return (double[][]) rdd.context().runJob(((JavaRDD<T>) rdd).rdd(), (PartitionJob<T>) job,
                ClassTag$.MODULE$.apply(double[].class));
    }

    /**
     * The function of one {@link #overPartitions} task: a named class, not a closure (see the class comment). Its
     * elements are packed batches of the variety {@code packedSpec}, read through the executor's cache of derived
     * point sets ({@link PointBatch#cached}), or batches sampled in the same task ({@code packedSpec} null).
     */
    private static final class PartitionJob<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>,
            double[]> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionBody body;
        private final String packedSpec;

        PartitionJob(PartitionBody body, String packedSpec) {
            this.body = body;
            this.packedSpec = packedSpec;
        }

        @Override
        @SuppressWarnings("unchecked")
        public double[] apply(TaskContext context, scala.collection.Iterator<T> elements) {
            Iterator<T> it = CollectionConverters.asJava(elements);
            Iterator<PointBatch> batches = packedSpec == null ? (Iterator<PointBatch>) it : new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public PointBatch next() {
                    return PointBatch.cached(packedSpec, (double[]) it.next());
                }
            };
            return TaskThreads.call(() -> body.apply(batches));
        }
    }

    /**
     * Element-wise Neumaier-compensated sums of arrays (Kahan's algorithm that also handles terms larger than the
     * running sum): the error of each element is O(ε) relative to the sum of its absolute terms, independent of the
     * number of terms. Not thread-safe (one per task).
     */
    static final class Compensated {
        private final double[] sum;
        private final double[] compensation;

        Compensated(int length) {
            sum = new double[length];
            compensation = new double[length];
        }

        /** Adds x element-wise (x.length ≥ the accumulator's length; extra entries are ignored). */
        void add(double[] x) {
            for (int i = 0; i < sum.length; i++) {
                addAt(i, x[i]);
            }
        }

        /** Adds v to element i. */
        void addAt(int i, double v) {
            double s = sum[i];
            double t = s + v;
            compensation[i] += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            sum[i] = t;
        }

        /** The compensated sums, sum + compensation element-wise (a new array). */
        double[] total() {
            double[] out = new double[sum.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = sum[i] + compensation[i];
            }
            return out;
        }
    }
}
