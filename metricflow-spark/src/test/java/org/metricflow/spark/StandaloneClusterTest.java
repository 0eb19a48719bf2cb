package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.geometry.algebraic.BalancedMetric;
import org.metricflow.geometry.algebraic.HermitianMatrix;
import org.metricflow.geometry.algebraic.SectionBasis;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.core.stats.Estimate;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and two Workers (one core each) as separate JVMs started
 * from spark-core's classes, and drivers started as {@code spark-submit} does it ({@code SparkSubmit} in its own
 * JVM) with the command lines of docs/guide.md. A σ/χ job and a Donaldson iteration run on the cluster and are
 * compared with the same computations in local mode: equal to 1e-12 relative (the partitions hold the same points;
 * only the merge order of partial sums differs). Everything listens on 127.0.0.1 only and is shut down by the test;
 * the whole class is bounded to 8 minutes (it took 4 minutes on the 2-core machine at a load average of 24 from
 * other builds).
 *
 * <p>The cluster is a {@link LocalCluster}: its Workers' Spark home links the jars of the test's class path; the
 * module's classes go to the executors in the application jar, packed from {@code target/classes}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    @TempDir
    static Path dir;

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(dir, 2);
    }

    /**
     * Runs one documented {@code spark-submit} line (from docs/guide.md) against the test cluster: spark-submit is
     * {@code SparkSubmit} in its own JVM, the master URL and the jar path are the test's.
     */
    static String submit(String name, String documentedLine) throws Exception {
        List<String> args = new ArrayList<>(List.of(documentedLine.trim().split("\\s+")));
        assertEquals("spark-submit", args.remove(0), documentedLine);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("spark://")) {
                args.set(i, cluster.masterUrl());
            } else if (args.get(i).endsWith("metricflow-spark.jar")) {
                args.set(i, cluster.appJar().toString());
                args.addAll(i, List.of("--conf", "spark.executor.memory=512m", "--conf",
                        "spark.executor.extraJavaOptions=" + String.join(" ", cluster.jvmOptionList()), "--conf",
                        "spark.driver.host=" + LocalCluster.HOST, "--conf", "spark.driver.bindAddress="
                                + LocalCluster.HOST, "--conf", "spark.ui.enabled=false", "--conf",
                        "spark.executor.extraClassPath=" + cluster.classDirectories()));
                i += 12;
            }
        }
        List<String> cmd = LocalCluster.javaCommand("org.apache.spark.deploy.SparkSubmit", "768m");
        cmd.addAll(args);
        Process p = cluster.start(cmd, name);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish\n" + cluster.logs());
        }
        String out = Files.readString(cluster.log(name), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + " failed:\n" + cluster.logs());
        String json = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("{\"command\"")) {
                json = line;
            }
        }
        assertTrue(json != null, "no JSON line from " + name + ":\n" + out);
        return json;
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    static String documented(String command) throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "guide.md"), StandardCharsets.UTF_8);
        for (String line : guide.split("\n")) {
            if (line.startsWith("spark-submit --master spark://") && line.contains(" " + command + " ")) {
                return line;
            }
        }
        throw new AssertionError("docs/guide.md has no standalone spark-submit line for " + command);
    }

    @Test
    void sigmaChiAndDonaldsonOnTheClusterEqualLocalMode() throws Exception {
        String topology = submit("topology", documented("topology"));
        assertEquals(2, (int) number(topology, "partitions"));
        DistributedPoints local = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic",
                (long) number(topology, "points"), 2, 1);
        CurvatureIntegrals.ChernNumbers c = DistributedIntegrals.chernNumbers(local, MetricSource.fubiniStudy());
        Estimate sigma = DistributedIntegrals.sigma(local, MetricSource.fubiniStudy());
        assertEquals(c.euler().value(), number(topology, "euler"), 1e-12 * Math.abs(c.euler().value()));
        assertEquals(c.euler().standardError(), number(topology, "eulerError"), 1e-10 * c.euler().standardError());
        assertEquals(sigma.value(), number(topology, "sigma"), 1e-12 * sigma.value());
        assertTrue(c.euler().agreesWith(24, 4), "χ(K3) = 24: " + c.euler());

        String donaldson = submit("donaldson", documented("donaldson"));
        int n = SectionBasis.of(local.variety(), 2).size();
        DistributedPoints dp = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic",
                (long) number(donaldson, "points"), 2, 1);
        BalancedMetric b = DistributedDonaldson.run(LocalSpark.context(), dp, 2, HermitianMatrix.identity(n), 1e-8,
                (int) number(donaldson, "iterations"), null);
        assertEquals(b.finalResidual(), number(donaldson, "residual"), 1e-12 * b.finalResidual());
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }
}
