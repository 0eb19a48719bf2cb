package org.metricflow.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session per test JVM (Spark allows one context per JVM): {@code local[2,4]}, two worker threads and up
 * to 4 attempts per task, so that the fault test can see a retried task. Bound to 127.0.0.1, no UI.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = Sessions.builder("local[2,4]", "metricflow-spark tests").getOrCreate();
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
