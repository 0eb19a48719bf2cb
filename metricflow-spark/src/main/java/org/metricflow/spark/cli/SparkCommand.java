package org.metricflow.spark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.metricflow.core.stats.Estimate;
import org.metricflow.geometry.complex.ProjectiveVariety;
import org.metricflow.spark.Sessions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code metricflow-spark} subcommand: {@code --master} (default {@code local[*]}),
 * {@code --partitions}, {@code --json} and {@code --debug}. A subcommand validates its options in {@link #validate()}
 * before Spark starts, then {@link #execute} runs with a session; with {@code --json} the text is suppressed and the
 * results (preceded by {@code "command"}) are printed as one JSON object on the last line of standard output. A
 * session made by the command is stopped at its end; one that already existed in the JVM is reused and left running.
 */
abstract class SparkCommand implements Callable<Integer> {

    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master URL: local[*], spark://host:7077, k8s://https://host:443 (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Number of partitions (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--json", description = "Print the results as one JSON object on the last line of standard output.")
    boolean json;

    @Option(names = "--debug", description = "Print the full stack trace when the command fails.")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** Checks the options before Spark starts; throws {@link UsageException} for a wrong one. */
    abstract void validate();

    /**
     * Runs the command.
     *
     * @param spark the session
     * @param sc its Java context
     * @param partitionCount the number of partitions to use (≥ 1)
     * @param text where human-readable output goes (discarded under {@code --json})
     * @param results the results for {@code --json}, in insertion order
     * @throws Exception on failure (exit code 1)
     */
    abstract void execute(SparkSession spark, JavaSparkContext sc, int partitionCount, PrintWriter text,
            Map<String, Object> results) throws Exception;

    @Override
    public Integer call() throws Exception {
        if (partitions < 0) {
            throw new UsageException("--partitions must be >= 1 (or 0 for Spark's default parallelism), got "
                    + partitions);
        }
        if (master == null || master.isBlank()) {
            throw new UsageException("--master must not be empty; use local[*], spark://host:port or k8s://...");
        }
        validate();
        boolean existed = SparkSession.getDefaultSession().isDefined() || SparkSession.getActiveSession().isDefined();
        SparkSession spark = Sessions.builder(master, "metricflow-spark " + spec.name()).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            StringWriter buffer = new StringWriter();
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("command", spec.name());
            try (PrintWriter text = new PrintWriter(buffer)) {
                execute(spark, sc, p, text, results);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.object(results));
            } else {
                out.print(buffer);
            }
            out.flush();
            return 0;
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }

    static ProjectiveVariety variety(String spec) {
        try {
            return ProjectiveVariety.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--variety: " + e.getMessage());
        }
    }

    static void put(Map<String, Object> results, String key, Estimate e) {
        results.put(key, e.value());
        results.put(key + "Error", e.standardError());
    }
}
