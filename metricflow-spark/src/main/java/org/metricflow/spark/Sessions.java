package org.metricflow.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark session builders with the settings the metricflow jobs assume: Kryo is not needed (batches are a few large
 * arrays), no Spark UI in {@code local} mode, small shuffle partition counts for the Parquet writer, and task results
 * up to 64 MB sent to the driver directly (a training step's partial gradient is 8 bytes per parameter, 4.3 MB at
 * width 512; above Spark's default of 1 MB each result took a detour through the block manager, measured +40 % CPU
 * per step at width 512 in docs/BENCHMARKS.md).
 */
public final class Sessions {
    private Sessions() {
    }

    /**
     * A session builder for a master URL ({@code local[*]}, {@code spark://host:7077}, {@code k8s://…}); with
     * {@code local} masters the driver binds to 127.0.0.1.
     *
     * @param master the master URL
     * @param appName the application name shown by the cluster manager
     * @return the builder (call {@code getOrCreate()})
     */
    public static SparkSession.Builder builder(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName)
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.parquet.compression.codec", "snappy")
                .config("spark.task.maxDirectResultSize", "64m");
        if (master.startsWith("local")) {
            b = b.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b;
    }
}
