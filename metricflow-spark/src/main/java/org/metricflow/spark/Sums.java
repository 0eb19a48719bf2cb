package org.metricflow.spark;

/** The element-wise sum of partial-sum arrays, the combiner of every {@code treeAggregate} of this package. */
final class Sums {
    private Sums() {
    }

    /** acc += x element-wise; returns acc (Spark lets aggregation functions reuse their first argument). */
    static double[] add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
        return acc;
    }
}
