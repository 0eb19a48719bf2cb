package org.metricflow.spark;

/**
 * The sums of this package's aggregations: the element-wise combiner of partial-sum arrays, a Neumaier-compensated
 * accumulator for the sums inside one partition, and the depth of a {@code treeAggregate}.
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
