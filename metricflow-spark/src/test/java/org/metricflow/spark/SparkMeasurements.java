package org.metricflow.spark;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
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
 * <p>Arguments: {@code chi N} (distributed χ in local[2] against the single-JVM Chern numbers on the same N points of
 * the quintic, Fubini–Study) or {@code step} (driver/broadcast overhead of one data-parallel training step at widths
 * 64 and 512: a full step on 2 points, so that the compute is negligible).
 */
public final class SparkMeasurements {
    private SparkMeasurements() {
    }

    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() * 1e-9;
    }

    public static void main(String[] args) {
        SparkSession spark = Sessions.builder("local[2]", "metricflow-spark measurements").getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "load average at start: %.1f on %d cores%n", load,
                Runtime.getRuntime().availableProcessors());
        if (args[0].equals("chi")) {
            int n = Integer.parseInt(args[1]);
            ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
            for (int rep = 0; rep < 5; rep++) {
                DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", n, 8, 1 + rep);
                PointSet all = d.collect();
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
                System.out.printf(Locale.ROOT, "chi N=%d rep %d: single JVM %.2f s wall, %.2f CPU-s (%.0f points per"
                        + " CPU-s); local[2] %.2f s wall, %.2f CPU-s (%.0f points per CPU-s); CPU overhead %+.1f%%;"
                        + " chi %s vs %s%n", n, rep, wSingle, cSingle, n / cSingle, wDist, cDist, n / cDist,
                        100 * (cDist / cSingle - 1), single.euler(), dist.euler());
                d.batches().unpersist();
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
                int reps = 15;
                double[] wall = new double[reps];
                double[] cpu = new double[reps];
                for (int r = 0; r < reps; r++) {
                    double c0 = cpu();
                    long w0 = System.nanoTime();
                    t.lossAndGradient(theta, g);
                    wall[r] = (System.nanoTime() - w0) * 1e-9;
                    cpu[r] = cpu() - c0;
                }
                // the first steps include JIT warm-up and the model load on the executors
                double[] w = Arrays.copyOfRange(wall, 5, reps);
                double[] c = Arrays.copyOfRange(cpu, 5, reps);
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
