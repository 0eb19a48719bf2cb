package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * <p>The Workers need a Spark home with a {@code jars} directory for the executors' class path: the test makes one
 * from links to the jars of its own class path; the module's classes go to the executors in the application jar,
 * which the test packs from {@code target/classes}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;

    private static String masterUrl;
    private static Path appJar;
    private static String sparkHome;
    private static List<String> jvmOptions;
    private static String classDirectories;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static List<String> javaCommand(String mainClass, String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(jvmOptions);
        cmd.add("-Dlog4j.configurationFile=" + Path.of("src", "test", "resources", "log4j2.properties").toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    static Process start(List<String> cmd, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", sparkHome);
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        Process p = pb.start();
        PROCESSES.add(p);
        return p;
    }

    @BeforeAll
    static void startCluster() throws Exception {
        jvmOptions = new ArrayList<>(List.of(System.getProperty("metricflow.spark.jvmOptions",
                "-XX:+IgnoreUnrecognizedVMOptions").split("\\s+")));
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> dirs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                dirs.add(p.toAbsolutePath().toString());
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        sparkHome = home.toString();
        classDirectories = String.join(File.pathSeparator, dirs);
        appJar = packClasses(Path.of("target", "classes"), dir.resolve("metricflow-spark-app.jar"));

        int port = freePort();
        int ui = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        List<String> master = javaCommand("org.apache.spark.deploy.master.Master", "256m");
        master.addAll(List.of("--host", HOST, "--port", String.valueOf(port), "--webui-port", String.valueOf(ui)));
        start(master, "master");
        for (int w = 0; w < 2; w++) {
            List<String> worker = javaCommand("org.apache.spark.deploy.worker.Worker", "256m");
            worker.addAll(List.of("--host", HOST, "--cores", "1", "--memory", "1g", "--webui-port",
                    String.valueOf(freePort()), "--work-dir", Files.createDirectories(dir.resolve("work" + w))
                            .toString(), masterUrl));
            start(worker, "worker" + w);
        }
        awaitWorkers(ui, 2, Duration.ofSeconds(180));
    }

    /** Polls the Master's JSON status page on 127.0.0.1 until {@code count} workers are alive. */
    static void awaitWorkers(int uiPort, int count, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + uiPort
                        + "/json/")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) >= count) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the standalone cluster did not report " + count + " workers within " + timeout
                + ": " + last + "\n" + logs());
    }

    static Path packClasses(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    static String logs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("--- ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
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
                args.set(i, masterUrl);
            } else if (args.get(i).endsWith("metricflow-spark.jar")) {
                args.set(i, appJar.toString());
                args.addAll(i, List.of("--conf", "spark.executor.memory=512m", "--conf",
                        "spark.executor.extraJavaOptions=" + String.join(" ", jvmOptions), "--conf",
                        "spark.driver.host=" + HOST, "--conf", "spark.driver.bindAddress=" + HOST, "--conf",
                        "spark.ui.enabled=false", "--conf", "spark.executor.extraClassPath=" + classDirectories));
                i += 12;
            }
        }
        List<String> cmd = javaCommand("org.apache.spark.deploy.SparkSubmit", "768m");
        cmd.addAll(args);
        Process p = start(cmd, name);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish\n" + logs());
        }
        String out = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + " failed:\n" + logs());
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
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            Process p = PROCESSES.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
