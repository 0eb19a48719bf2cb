package org.metricflow.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.stats.ClusteredMoments;
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
 * JVM samples and sums one batch after the other on one thread and again on two threads (which separates the cost of
 * running two threads at once on this machine from Spark's); {@code local[2]} runs the same batches as tasks of
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

    /**
     * Single JVM: the batches of {@code DistributedPoints.sample(…, n, partitions, seed)}, streamed by {@code threads}
     * threads (each samples and sums whole batches), the sums merged in batch order.
     */
    static CurvatureIntegrals.ChernNumbers streamedSingleJvm(ProjectiveVariety x, long n, int partitions, long seed,
            int threads) throws Exception {
        return streamedSingleJvm(x, n, partitions, seed, threads, 0);
    }

    /**
     * As {@link #streamedSingleJvm(ProjectiveVariety, long, int, long, int)}, with the library's kernels inside each
     * batch on {@code kernelThreads} threads (0: the library's default, every processor).
     */
    static CurvatureIntegrals.ChernNumbers streamedSingleJvm(ProjectiveVariety x, long n, int partitions, long seed,
            int threads, int kernelThreads) throws Exception {
        ClusteredMoments[] parts = new ClusteredMoments[partitions];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int p = next.getAndIncrement(); p < partitions; p = next.getAndIncrement()) {
                        long from = n * p / partitions;
                        long to = n * (p + 1) / partitions;
                        int q = p;
                        java.util.function.Supplier<ClusteredMoments> batch = () -> CurvatureIntegrals.chernClusteredSums(
                                x.sample((int) (to - from), DistributedPoints.partitionSeed(seed, q), 1),
                                KahlerPotential.fubiniStudy(), 16384);
                        parts[p] = kernelThreads > 0
                                ? org.metricflow.core.parallel.Parallel.withDefaultThreads(kernelThreads, batch)
                                : batch.get();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ClusteredMoments sums = ClusteredMoments.empty(x.dimension() + 3);
        for (ClusteredMoments m : parts) {
            sums = sums.merge(m);
        }
        return CurvatureIntegrals.ChernNumbers.of(sums, x.fubiniStudyVolume());
    }

    /** One timed run: wall seconds, process CPU seconds and the result. */
    record Timed(double wall, double cpu, CurvatureIntegrals.ChernNumbers result, String threads) {
        private static final CpuByThread BY_THREAD = CpuByThread.start();

        static Timed of(Callable<CurvatureIntegrals.ChernNumbers> run) throws Exception {
            System.gc();
            var t0 = BY_THREAD.snapshot();
            double c0 = SparkMeasurements.cpu();
            long w0 = System.nanoTime();
            CurvatureIntegrals.ChernNumbers r = run.call();
            double wall = (System.nanoTime() - w0) * 1e-9;
            double cpu = SparkMeasurements.cpu() - c0;
            return new Timed(wall, cpu, r, CpuByThread.format(BY_THREAD.since(t0)));
        }

        String line(String path, long n) {
            return String.format(Locale.ROOT, "  %-28s %8.2f s wall %8.2f CPU-s %9.0f points/CPU-s %9.0f points/s"
                    + "  chi %s%n  %-28s CPU-s by thread: %s", path, wall, cpu, n / cpu, n / wall, result.euler(),
                    "", threads);
        }
    }

    private static void streamed(JavaSparkContext sc, long n, long seed, String what) throws Exception {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        int partitions = (int) Math.max(8, (n + BATCH - 1) / BATCH);
        Timed one = Timed.of(() -> streamedSingleJvm(x, n, partitions, seed, 1));
        Timed two = Timed.of(() -> streamedSingleJvm(x, n, partitions, seed, 2));
        Timed dist = Timed.of(() -> DistributedIntegrals.chernNumbers(
                DistributedPoints.sample(sc, "fermat-quintic", n, partitions, seed, false), MetricSource.fubiniStudy()));
        double a = one.result().euler().value();
        System.out.printf(Locale.ROOT, "%s: N=%d in %d batches (sampling and integral)%n%s%n%s%n%s%n"
                + "  CPU overhead of local[2]: %+.1f%% against 1 thread, %+.1f%% against 2 threads; chi differs by"
                + " %.1e relative%n", what, n, partitions, one.line("single JVM, 1 thread", n),
                two.line("single JVM, 2 threads", n), dist.line("local[2]", n), 100 * (dist.cpu() / one.cpu() - 1),
                100 * (dist.cpu() / two.cpu() - 1), Math.abs(dist.result().euler().value() - a) / Math.abs(a));
    }

    /** The paths of {@code chi-compare}, in an order rotated by {@code rep} (so that drift of the load cancels). */
    private static void compare(JavaSparkContext sc, long n, long seed, int rep) throws Exception {
        ProjectiveVariety x = ProjectiveVariety.fermatQuintic();
        int partitions = (int) Math.max(8, (n + BATCH - 1) / BATCH);
        String[] names = {"single JVM, 1 batch, kernels on 2", "single JVM, 2 batches, kernels on 2",
            "single JVM, 2 batches, kernels on 1", "local[2]"};
        List<Callable<CurvatureIntegrals.ChernNumbers>> runs = List.of(
                () -> streamedSingleJvm(x, n, partitions, seed, 1, 0),
                () -> streamedSingleJvm(x, n, partitions, seed, 2, 0),
                () -> streamedSingleJvm(x, n, partitions, seed, 2, 1),
                () -> DistributedIntegrals.chernNumbers(DistributedPoints.sample(sc, "fermat-quintic", n, partitions,
                        seed, false), MetricSource.fubiniStudy()));
        System.out.printf(Locale.ROOT, "compare seed %d: N=%d in %d batches (sampling and integral)%n", seed, n,
                partitions);
        for (int i = 0; i < runs.size(); i++) {
            int k = (i + rep) % runs.size();
            System.out.println(Timed.of(runs.get(k)).line(names[k], n));
        }
    }

    public static void main(String[] args) throws Exception {
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
        } else if (args[0].equals("chi-compare")) {
            long n = Long.parseLong(args[1]);
            compare(sc, Math.min(n, 400_000), 99, 0);
            for (int rep = 0; rep < reps; rep++) {
                compare(sc, n, 1 + rep, rep);
            }
        } else if (args[0].equals("chi-cached")) {
            int n = Integer.parseInt(args[1]);
            DistributedPoints d = DistributedPoints.sample(sc, "fermat-quintic", n, 8, 1);
            PointSet all = d.collect();
            DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy()); // fills the cache, warms up
            CurvatureIntegrals.chernNumbers(all, KahlerPotential.fubiniStudy(), 16384);
            for (int rep = 0; rep < reps + 1; rep++) {
                Timed single = Timed.of(() -> CurvatureIntegrals.chernNumbers(all, KahlerPotential.fubiniStudy(),
                        16384));
                Timed dist = Timed.of(() -> DistributedIntegrals.chernNumbers(d, MetricSource.fubiniStudy()));
                System.out.printf(Locale.ROOT, "chi-cached rep %d: N=%d in memory (integral only)%n%s%n%s%n"
                        + "  CPU overhead of local[2]: %+.1f%%%n", rep, n,
                        single.line("single JVM chernNumbers", n), dist.line("local[2], cached batches", n),
                        100 * (dist.cpu() / single.cpu() - 1));
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
                int steps = 40;
                int warm = 20;
                double[] wall = new double[steps];
                double[] cpu = new double[steps];
                java.util.Map<String, Object[]> t0 = null;
                for (int r = 0; r < steps; r++) {
                    if (r == warm) {
                        t0 = Timed.BY_THREAD.snapshot();
                    }
                    double c0 = cpu();
                    long w0 = System.nanoTime();
                    t.lossAndGradient(theta, g);
                    wall[r] = (System.nanoTime() - w0) * 1e-9;
                    cpu[r] = cpu() - c0;
                }
                java.util.Map<String, Double> by = Timed.BY_THREAD.since(t0);
                by.replaceAll((k, v) -> v / (steps - warm));
                // the first steps include the JIT compilation of Spark's and the step's code, and the model load
                double[] w = Arrays.copyOfRange(wall, warm, steps);
                double[] c = Arrays.copyOfRange(cpu, warm, steps);
                Arrays.sort(w);
                Arrays.sort(c);
                System.out.printf(Locale.ROOT, "step width %d (%d parameters, θ %.1f MB): median %.3f s wall"
                        + " (min %.3f), median %.3f CPU-s per step on 2 points (min %.3f); mean CPU-s per step by"
                        + " thread: %s%n", width, theta.length, theta.length * 8e-6, w[w.length / 2], w[0],
                        c[c.length / 2], c[0], CpuByThread.format(by));
            }
        }
        spark.stop();
    }
}
