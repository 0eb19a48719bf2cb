package org.metricflow.spark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.geometry.complex.CurvatureIntegrals;

/**
 * The weak-scaling figure of docs/BENCHMARKS.md (not a test: run by hand, see there): a {@link LocalCluster} on this
 * machine runs the same work per Worker on 1 and on 2 one-core Workers — χ of {@code N} freshly sampled points of the
 * quintic per Worker (Fubini–Study; sampling and integral in the tasks, uncached, 4 batches per Worker) — with the
 * driver in this JVM. Weak-scaling efficiency = T<sub>1</sub>/T<sub>2</sub> of the median wall times (1 is perfect:
 * twice the points in the same time on twice the Workers; with an even number of repetitions the upper median). Each
 * size first runs a warm-up job (executor start, JIT). The scratch directory (Spark home, logs) is deleted at the end.
 *
 * <p>Arguments: {@code [N per worker, default 10^6] [repetitions, default 3]}. Wall time only: the executors are
 * other processes, and the figure is about time to solution; on a loaded machine it measures the load.
 */
public final class WeakScaling {
    private WeakScaling() {
    }

    public static void main(String[] args) throws Exception {
        long perWorker = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "load average at start: %.1f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("metricflow-weak-scaling");
        double[] median = new double[3];
        try (LocalCluster cluster = LocalCluster.start(dir, 1)) {
            for (int workers = 1; workers <= 2; workers++) {
                if (workers == 2) {
                    cluster.addWorker();
                }
                SparkSession spark = cluster.session("metricflow-spark weak scaling", workers);
                try {
                    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    awaitExecutors(sc, workers);
                    chi(sc, 20_000L * workers, 2 * workers, 99); // warm-up: executors' JIT
                    double[] wall = new double[reps];
                    long n = perWorker * workers;
                    for (int r = 0; r < reps; r++) {
                        long w0 = System.nanoTime();
                        CurvatureIntegrals.ChernNumbers c = chi(sc, n, 4 * workers, 1 + r);
                        wall[r] = (System.nanoTime() - w0) * 1e-9;
                        System.out.printf(Locale.ROOT, "%d worker(s), %d points, rep %d: %.2f s wall (%.0f points/s),"
                                + " chi %s%n", workers, n, r, wall[r], n / wall[r], c.euler());
                    }
                    Arrays.sort(wall);
                    median[workers] = wall[reps / 2];
                } finally {
                    spark.stop();
                }
            }
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "weak scaling, %d points per worker: median %.2f s on 1 worker, %.2f s on 2"
                + " workers; efficiency T1/T2 = %.2f%n", perWorker, median[1], median[2], median[1] / median[2]);
    }

    private static CurvatureIntegrals.ChernNumbers chi(JavaSparkContext sc, long n, int partitions, long seed) {
        DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", n, partitions, seed, false);
        return DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy());
    }

    /** Waits until the application has {@code count} executors (besides the driver), at most 3 minutes. */
    private static void awaitExecutors(JavaSparkContext sc, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < count + 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1)
                        + " of " + count + " executors registered within 3 minutes");
            }
            Thread.sleep(200);
        }
    }
}
