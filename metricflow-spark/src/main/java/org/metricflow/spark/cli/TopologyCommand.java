package org.metricflow.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.stats.Estimate;
import org.metricflow.flow.ModelFiles;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.nn.phi.PhiModel;
import org.metricflow.spark.DistributedIntegrals;
import org.metricflow.spark.DistributedPoints;
import org.metricflow.spark.MetricSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow-spark topology (--variety V | --model F) (--points N --seed S | --in DIR)}: the distributed
 * Monte-Carlo integrals of the Fubini–Study or a learned metric. JSON keys (each estimate with {@code …Error}):
 * {@code volume}, {@code euler}, {@code c1}, {@code c2J} (threefolds), {@code ricciMeasure}, {@code sigma}; plus
 * {@code variety}, {@code dimension}, {@code points}, {@code partitions}, {@code seconds}, {@code pointsPerSecond}
 * (curvature integrals only).
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Volume, Euler characteristic, c2.J, Ricci measure and sigma of a metric on the cluster.")
final class TopologyCommand extends SparkCommand {
    @Option(names = "--variety", description = "The variety (Fubini-Study metric); not needed with --model.")
    String variety;

    @Option(names = "--model", description = "A trained model file (model.mfa): integrate its learned metric.")
    Path model;

    @Option(names = "--points", defaultValue = "0", description = "Number of points to sample (>= 2).")
    long points;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--in", description = "Read the points from this Parquet directory instead of sampling.")
    String in;

    @Override
    void validate() {
        if (variety == null && model == null) {
            throw new UsageException("give --variety <spec> (Fubini-Study) or --model <file> (a learned metric)");
        }
        if (variety != null) {
            variety(variety);
        }
        if (in == null && points < 2) {
            throw new UsageException("--points must be >= 2 (an error bar needs two points), got " + points);
        }
        if (in != null && points != 0) {
            throw new UsageException("give either --points (sample) or --in (read Parquet), not both");
        }
        if (model != null && !java.nio.file.Files.isReadable(model)) {
            throw new UsageException("--model: cannot read " + model);
        }
    }

    @Override
    void execute(SparkSession spark, JavaSparkContext sc, int p, PrintWriter text, Map<String, Object> results)
            throws Exception {
        PhiModel learned = model == null ? null : ModelFiles.load(model);
        ProjectiveVariety x = learned != null ? learned.variety() : variety(variety);
        if (learned != null && variety != null && !variety(variety).equals(x)) {
            throw new UsageException("--variety " + variety + " differs from the model's variety " + x.name());
        }
        DistributedPoints d = in != null ? DistributedPoints.readParquet(spark, in)
                : DistributedPoints.sample(sc, x.name(), points, p, seed);
        if (!d.variety().equals(x)) {
            throw new UsageException("--in holds points of " + d.varietySpec() + ", not of " + x.name());
        }
        MetricSource metric = learned == null ? MetricSource.fubiniStudy() : MetricSource.of(learned);
        long t0 = System.nanoTime();
        CurvatureIntegrals.ChernNumbers c = DistributedIntegrals.chernNumbers(d, metric);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Estimate sigma = DistributedIntegrals.sigma(d, metric);
        int dim = x.dimension();
        results.put("variety", x.name());
        results.put("dimension", dim);
        results.put("points", d.size());
        results.put("partitions", d.partitions());
        put(results, "volume", c.volume());
        put(results, "euler", c.euler());
        put(results, "c1", c.chernNumber(1));
        if (dim == 3) {
            put(results, "c2J", c.chernNumber(2));
        }
        put(results, "ricciMeasure", c.ricciMeasure());
        put(results, "sigma", sigma);
        results.put("seconds", seconds);
        results.put("pointsPerSecond", d.size() / seconds);
        if (model != null) {
            results.put("model", model.toString());
        }
        text.printf("%s (%s metric): dimension %d, %d points in %d partitions%n", x.name(),
                learned == null ? "Fubini-Study" : "learned", dim, d.size(), d.partitions());
        text.printf("  volume  ∫ω^%d   = %s%n", dim, c.volume());
        text.printf("  euler   ∫c_%d   = %s%n", dim, c.euler());
        text.printf("  ∫c_1∧ω^%d      = %s%n", dim - 1, c.chernNumber(1));
        if (dim == 3) {
            text.printf("  c2·J  ∫c_2∧ω  = %s%n", c.chernNumber(2));
        }
        text.printf("  Ricci measure  = %s%n", c.ricciMeasure());
        text.printf("  sigma          = %s%n", sigma);
        text.printf("  curvature integrals: %.1f s (%.0f points/s)%n", seconds, d.size() / seconds);
    }
}
