package org.metricflow.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.HermitianMatrix;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.spark.DistributedDonaldson;
import org.metricflow.spark.DistributedPoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow-spark donaldson --variety V --k K --points N [--iterations I] [--checkpoint F] [--out F]}:
 * Donaldson's iteration with one cluster aggregation per T-operator. With {@code --checkpoint} the current H is
 * written (atomically) after every T-operator evaluation and a rerun of the same command starts from it, so a run
 * whose driver died resumes where it stopped. JSON keys: {@code variety}, {@code k}, {@code sections},
 * {@code points}, {@code partitions}, {@code iterations}, {@code converged}, {@code residual} (final
 * ‖HT̂(H) − I‖<sub>F</sub>/√N), {@code resumed}, {@code seconds}.
 */
@Command(name = "donaldson", mixinStandardHelpOptions = true,
        description = "Donaldson's balanced metric of degree k, one cluster aggregation per T-operator iteration.")
final class DonaldsonCommand extends SparkCommand {
    private static final String FORMAT = "metricflow-spark-donaldson";

    @Option(names = "--variety", required = true, description = "The variety: a family name or polynomial(s).")
    String variety;

    @Option(names = "--k", required = true, description = "Degree of the sections (>= 1).")
    int k;

    @Option(names = "--points", required = true, description = "Integration points (use >= 10 N^2).")
    long points;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--iterations", defaultValue = "20", description = "Iteration limit (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--tolerance", defaultValue = "1e-8",
            description = "Stop when the balance residual is below this (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--checkpoint", description = "File for the current H: written every iteration, resumed from.")
    Path checkpoint;

    @Option(names = "--out", description = "File for the final H (an array archive).")
    Path out;

    @Override
    void validate() {
        ProjectiveVariety x = variety(variety);
        if (k < 1) {
            throw new UsageException("--k must be >= 1, got " + k);
        }
        if (iterations < 1) {
            throw new UsageException("--iterations must be >= 1, got " + iterations);
        }
        if (!(tolerance > 0)) {
            throw new UsageException("--tolerance must be > 0, got " + tolerance);
        }
        int n = SectionBasis.of(x, k).size();
        if (points < n) {
            throw new UsageException("--points " + points + " cannot determine a " + n + "×" + n
                    + " T-operator; use at least 10·N² = " + 10L * n * n);
        }
        Outputs.probeFile("--checkpoint", checkpoint);
        Outputs.probeFile("--out", out);
    }

    @Override
    void execute(SparkSession spark, JavaSparkContext sc, int p, PrintWriter text, Map<String, Object> results)
            throws IOException {
        ProjectiveVariety x = variety(variety);
        int n = SectionBasis.of(x, k).size();
        HermitianMatrix start = HermitianMatrix.identity(n);
        boolean resumed = checkpoint != null && Files.exists(checkpoint);
        if (resumed) {
            start = read(checkpoint, x, n);
        }
        DistributedPoints d = DistributedPoints.sample(sc, x.name(), points, p, seed);
        long t0 = System.nanoTime();
        BalancedMetric b = DistributedDonaldson.run(sc, d, k, start, tolerance, iterations, h -> {
            if (checkpoint != null) {
                write(checkpoint, x, h);
            }
        });
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (out != null) {
            write(out, x, b.hermitianForm());
        }
        if (checkpoint != null) {
            write(checkpoint, x, b.hermitianForm());
        }
        results.put("variety", x.name());
        results.put("k", k);
        results.put("sections", n);
        results.put("points", points);
        results.put("partitions", p);
        results.put("iterations", b.iterations());
        results.put("converged", b.converged());
        results.put("residual", b.finalResidual());
        results.put("resumed", resumed);
        results.put("seconds", seconds);
        text.printf("%s, k = %d (%d sections), %d points in %d partitions%s%n", x.name(), k, n, points, p,
                resumed ? ", resumed from " + checkpoint : "");
        double[] r = b.residuals();
        for (int i = 0; i < r.length; i++) {
            text.printf("  iteration %2d: balance residual %.3e%n", i + 1, r[i]);
        }
        text.printf("  %s after %d iterations in %.1f s%n", b.converged() ? "converged" : "not converged",
                b.iterations(), seconds);
    }

    private static void write(Path file, ProjectiveVariety x, HermitianMatrix h) {
        try {
            ArrayArchive.builder().putText("format", FORMAT).putText("variety", x.name())
                    .put("h", h.toArray(), h.size(), 2 * h.size()).build().write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static HermitianMatrix read(Path file, ProjectiveVariety x, int n) throws IOException {
        ArrayArchive a = ArrayArchive.read(file);
        if (!a.contains("format") || !FORMAT.equals(a.text("format")) || !a.contains("h")) {
            throw new UsageException("--checkpoint " + file + " is not a metricflow-spark Donaldson checkpoint");
        }
        if (!x.name().equals(a.text("variety")) || a.doubles("h").length != 2 * n * n) {
            throw new UsageException("--checkpoint " + file + " belongs to " + a.text("variety") + " with another"
                    + " number of sections; use a new checkpoint file");
        }
        return HermitianMatrix.of(n, a.doubles("h"));
    }
}
