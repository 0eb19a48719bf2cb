package org.metricflow.spark;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.stats.Moments;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.Activation;
import org.metricflow.nn.Mlp;
import org.metricflow.nn.features.FeatureMap;
import org.metricflow.nn.phi.PhiModel;

/**
 * The figures of docs/BENCHMARKS.md for metricflow-spark (not a test: run by hand, see there). On a machine shared
 * with other work, wall times are inflated by the load; process CPU time (all threads of this JVM: the driver, the
 * local executor threads and Spark's own) is the fairer measure of the work and its overhead, so both are printed.
 *
 * <p>Arguments:
 * <ul>
 * <li>{@code chi N [reps]}: χ of N freshly sampled points of the quintic (Fubini–Study), as {@code topology} does
 * it (sample, then integrate), streamed in batches of at most 10⁵ points so that memory stays bounded: the single
 * JVM samples and sums one batch after the other on one thread; {@code local[2]} runs the same batches as tasks of
 * {@link DistributedPoints#sample(JavaSparkContext, String, long, int, long, boolean) uncached} points. Both paths
 * see exactly the same points, so their χ agree to rounding. A warm-up on 2·10⁵ points comes first.</li>
 * <li>{@code chi-cached N [reps]}: a pass over N points already in memory (the single JVM's {@link PointSet}
 * against the cached batches with their derived data): the cost of one more integral over the same points.</li>
 * <li>{@code step}: driver/broadcast overhead of one data-parallel training step at widths 64 and 512 (a full step
 * on 2 points, so that the compute is negligible).</li>
 * </ul>
 */
public final class SparkMeasurements {
    /** Points per batch (and Spark partition) of the streamed χ measurement. */
    private static final int BATCH = 100_000;

    private SparkMeasurements() {
    }

    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() * 1e-9;
    }

    /** Single JVM, one thread: the batches of {@code DistributedPoints.sample(…, n, partitions, seed)}, streamed. */
    static CurvatureIntegrals.ChernNumbers streamedSingleJvm(ProjectiveVariety x, long n, int partitions,
            long seed) {
        Moments sums = Moments.empty(x.dimension() + 3);
        for (int p = 0; p < partitions; p++) {
            long from = n * p / partitions;
            long to = n * (p + 1) / partitions;
            PointSet pts = x.sample((int) (to - from), DistributedPoints.partitionSeed(seed, p), 1);
            sums = sums.merge(CurvatureIntegrals.chernSums(pts, KahlerPotential.fubiniStudy(), 16384));
        }
        return CurvatureIntegrals.ChernNumbers.of(sums, x.fubiniStudyVolume());
    }

    private static void report(String what, long n, double wSingle, double cSingle, double wDist, double cDist,
            CurvatureIntegrals.ChernNumbers single, CurvatureIntegrals.ChernNumbers dist) {
        double a = single.euler().value();
        double b = dist.euler().value();
        System.out.printf(Locale.ROOT, "%s N=%d: single JVM (1 thread) %.2f s wall, %.2f CPU-s, %.0f points/CPU-s,"
                + " %.0f points/s; local[2] %.2f s wall, %.2f CPU-s, %.0f points/CPU-s, %.0f points/s;"
                + " CPU overhead %+.1f%%; chi %s vs %s (relative difference %.1e)%n", what, n, wSingle, cSingle,
                n / cSingle, n / wSingle, wDist, cDist, n / cDist, n / wDist, 100 * (cDist / cSingle - 1),
                single.euler(), dist.euler(), Math.abs(a - b) / Math.abs(a));
    }

    private static void streamed(JavaSparkContext sc, long n, long seed, String what) {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        int partitions = (int) Math.max(8, (n + BATCH - 1) / BATCH);
        double c0 = cpu();
        long w0 = System.nanoTime();
        CurvatureIntegrals.ChernNumbers single = streamedSingleJvm(x, n, partitions, seed);
        double wSingle = (System.nanoTime() - w0) * 1e-9;
        double cSingle = cpu() - c0;
        c0 = cpu();
        w0 = System.nanoTime();
        DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", n, partitions, seed, false);
        CurvatureIntegrals.ChernNumbers dist = DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy());
        double wDist = (System.nanoTime() - w0) * 1e-9;
        double cDist = cpu() - c0;
        report(what + " (" + partitions + " batches)", n, wSingle, cSingle, wDist, cDist, single, dist);
    }

    public static void main(String[] args) {
        SparkSession spark = Sessions.builder("local[2]", "metricflow-spark measurements").getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "load average at start: %.1f on %d cores%n", load,
                Runtime.getRuntime().availableProcessors());
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (args[0].equals("chi")) {
            long n = Long.parseLong(args[1]);
            streamed(sc, Math.min(n, 200_000), 99, "warm-up");
            for (int rep = 0; rep < reps; rep++) {
                streamed(sc, n, 1 + rep, "chi rep " + rep);
            }
        } else if (args[0].equals("chi-cached")) {
            int n = Integer.parseInt(args[1]);
            DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", n, 8, 1);
            PointSet all = d.collect();
            DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy()); // fills the cache, warms up
            CurvatureIntegrals.chernNumbers(all, KahlerPotential.fubiniStudy(), 16384);
            for (int rep = 0; rep < reps + 1; rep++) {
                double c0 = cpu();
                long w0 = System.nanoTime();
                CurvatureIntegrals.ChernNumbers single = CurvatureIntegrals.chernNumbers(all,
                        KahlerPotential.fubiniStudy(), 16384);
                double wSingle = (System.nanoTime() - w0) * 1e-9;
                double cSingle = cpu() - c0;
                c0 = cpu();
                w0 = System.nanoTime();
                CurvatureIntegrals.ChernNumbers dist = DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy());
                double wDist = (System.nanoTime() - w0) * 1e-9;
                double cDist = cpu() - c0;
                report("chi-cached rep " + rep, n, wSingle, cSingle, wDist, cDist, single, dist);
            }
        } else if (args[0].equals("step")) {
            ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
            DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", 2, 2, 1);
            for (int width : new int[] {64, 512}) {
                FeatureMap f = FeatureMap.HERMITIAN_INVARIANTS;
                Mlp net = Mlp.builder().inputs(f.featureCount(x.ambientDimension() + 1)).hidden(width, width, width)
                        .outputs(1).activation(Activation.GELU).seed(1).build();
                PhiModel model = PhiModel.of(x, net, f, false);
                DistributedTraining t = DistributedTraining.of(sc, d, model, 2.0);
                double[] theta = model.network().flatParameters();
                double[] g = new double[theta.length];
                int steps = 15;
                double[] wall = new double[steps];
                double[] cpu = new double[steps];
                for (int r = 0; r < steps; r++) {
                    double c0 = cpu();
                    long w0 = System.nanoTime();
                    t.lossAndGradient(theta, g);
                    wall[r] = (System.nanoTime() - w0) * 1e-9;
                    cpu[r] = cpu() - c0;
                }
                // the first steps include JIT warm-up and the model load on the executors
                double[] w = Arrays.copyOfRange(wall, 5, steps);
                double[] c = Arrays.copyOfRange(cpu, 5, steps);
                Arrays.sort(w);
                Arrays.sort(c);
                System.out.printf(Locale.ROOT, "step width %d (%d parameters, θ %.1f MB): median %.3f s wall"
                        + " (min %.3f), median %.3f CPU-s per step on 2 points%n", width, theta.length,
                        theta.length * 8e-6, w[w.length / 2], w[0], c[c.length / 2]);
            }
        }
        spark.stop();
    }
}
