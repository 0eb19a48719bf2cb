package org.metricflow.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.spark.DistributedNtk;
import org.metricflow.spark.MetricSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow-spark ntk (--model F | --variety V [--width W --depth L]) --probe M}: the metric-NTK on M probe
 * points as upper-triangle block tasks; its Frobenius norm, its largest eigenvalues (Lanczos on distributed
 * mat-vecs) and, with {@code --initial F0}, the relative kernel change ‖Θ − Θ<sub>0</sub>‖<sub>F</sub>/‖Θ<sub>0</sub>‖<sub>F</sub>.
 * Without {@code --model} the kernel is that of a freshly initialized φ-model as {@code train} makes it. JSON keys: {@code variety}, {@code probe}, {@code dimension}
 * (M·d²), {@code blocks}, {@code frobenius}, {@code eigenvalues} (array, decreasing), {@code kernelChange} (with
 * {@code --initial}), {@code seconds}.
 */
@Command(name = "ntk", mixinStandardHelpOptions = true,
        description = "Metric-NTK on probe points as block tasks: Frobenius norm, top eigenvalues, kernel change.")
final class NtkCommand extends SparkCommand {
    @Option(names = "--model", description = "A trained model file (model.mfa).")
    Path model;

    @Option(names = "--initial", description = "The model at initialization (model file) for the kernel change.")
    Path initial;

    @Option(names = "--variety", description = "The variety of a freshly initialized model (without --model).")
    String variety;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width of a fresh model (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Hidden layers of a fresh model (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--probe", required = true, description = "Number of probe points M (>= 1).")
    int probe;

    @Option(names = "--block", defaultValue = "64", description = "Probe points per block (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--eigenvalues", defaultValue = "5", description = "How many top eigenvalues (default: ${DEFAULT-VALUE}).")
    int eigenvalues;

    @Option(names = "--lanczos-steps", defaultValue = "0",
            description = "Krylov dimension (default: 3 x eigenvalues + 20, at most M d^2).")
    int steps;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of probe points and fresh model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    void validate() {
        if ((model == null) == (variety == null)) {
            throw new UsageException("give exactly one of --model <file> and --variety <spec> (a fresh model)");
        }
        if (variety != null) {
            variety(variety);
        }
        for (Path f : new Path[] {model, initial}) {
            if (f != null && !Files.isReadable(f)) {
                throw new UsageException("cannot read model file " + f);
            }
        }
        if (probe < 1 || block < 1 || eigenvalues < 1 || width < 1 || depth < 1 || steps < 0) {
            throw new UsageException("--probe, --block, --eigenvalues, --width and --depth must be >= 1 and"
                    + " --lanczos-steps >= 0");
        }
    }

    @Override
    void execute(SparkSession spark, JavaSparkContext sc, int p, PrintWriter text, Map<String, Object> results)
            throws Exception {
        PhiModel phi;
        if (model != null) {
            phi = ModelFiles.load(model);
        } else {
            phi = TrainCommand.model(variety(variety), width, depth, seed);
        }
        ProjectiveVariety x = phi.variety();
        int dim = probe * x.dimension() * x.dimension();
        int k = steps > 0 ? steps : Math.min(dim, 3 * eigenvalues + 20);
        if (eigenvalues > k || k > dim) {
            throw new UsageException("need --eigenvalues <= --lanczos-steps <= M·d² = " + dim);
        }
        PointSet points = x.sample(probe, seed);
        long t0 = System.nanoTime();
        MetricSource source = MetricSource.of(phi);
        DistributedNtk ntk = DistributedNtk.of(sc, source, points, block, p);
        double frobenius = ntk.frobeniusNorm();
        double[] top = ntk.largestEigenvalues(eigenvalues, k, seed);
        ntk.release();
        Double change = null;
        if (initial != null) {
            PhiModel first = ModelFiles.load(initial);
            change = DistributedNtk.kernelChange(sc, MetricSource.of(first), source, points, block, p);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        int b = (probe + block - 1) / block;
        results.put("variety", x.name());
        results.put("probe", probe);
        results.put("dimension", dim);
        results.put("blocks", b * (b + 1) / 2);
        results.put("frobenius", frobenius);
        results.put("eigenvalues", top);
        if (change != null) {
            results.put("kernelChange", change);
        }
        results.put("seconds", seconds);
        text.printf("metric-NTK of %s on %d probe points (%d×%d, %d block tasks): ‖Θ‖_F = %.6g%n", x.name(), probe,
                dim, dim, b * (b + 1) / 2, frobenius);
        text.printf("  top eigenvalues: %s%n", java.util.Arrays.toString(top));
        if (change != null) {
            text.printf("  kernel change ‖Θ − Θ0‖_F/‖Θ0‖_F = %.6g%n", change);
        }
        text.printf("  %.1f s%n", seconds);
    }
}
