package org.metricflow.spark.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.spark.DistributedPoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow-spark sample --variety V --points N --seed S --out DIR}: N points in P partitions, each seeded
 * from (seed, partition), written as Parquet. JSON keys: {@code variety}, {@code points}, {@code partitions},
 * {@code seed}, {@code out}, {@code seconds}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample points of a variety on the cluster and write them as Parquet.")
final class SampleCommand extends SparkCommand {
    @Option(names = "--variety", required = true, description = "The variety: a family name or polynomial(s).")
    String variety;

    @Option(names = "--points", required = true, description = "Number of points (>= 1).")
    long points;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output Parquet directory (must not exist).")
    String out;

    @Override
    void validate() {
        variety(variety);
        if (points < 1) {
            throw new UsageException("--points must be >= 1, got " + points);
        }
        Outputs.probeNewDirectory("--out", out);
    }

    @Override
    void execute(SparkSession spark, JavaSparkContext sc, int p, PrintWriter text, Map<String, Object> results) {
        long t0 = System.nanoTime();
        DistributedPoints d = DistributedPoints.sample(sc, variety, points, p, seed);
        d.writeParquet(spark, out);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        results.put("variety", variety(variety).name());
        results.put("points", points);
        results.put("partitions", p);
        results.put("seed", seed);
        results.put("out", out);
        results.put("seconds", seconds);
        text.printf("%d points of %s in %d partitions (seed %d) written to %s in %.1f s%n", points,
                variety(variety).name(), p, seed, out, seconds);
    }
}
