package org.metricflow.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
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
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests and measurements: a Master and one-core Workers as separate JVMs
 * started from spark-core's classes (what {@code start-master.sh}/{@code start-worker.sh} run), with a Spark home
 * made of links to the jars of this JVM's class path (the executors' class path) and an application jar packed from
 * the module's classes. Everything listens on 127.0.0.1 only; {@link #close()} stops every process it started.
 */
final class LocalCluster implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final List<String> jvmOptions;
    private final String sparkHome;
    private final String classDirectories;
    private final Path appJar;
    private final String masterUrl;
    private final int masterUi;
    private int workers;

    private LocalCluster(Path dir) throws IOException {
        this.dir = dir;
        this.jvmOptions = jvmOptions();
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
        Path classes = moduleClasses();
        appJar = Files.isDirectory(classes) ? packClasses(classes, dir.resolve("metricflow-spark-app.jar")) : classes;
        int port = freePort();
        masterUi = freePort();
        masterUrl = "spark://" + HOST + ":" + port;
        List<String> master = javaCommand("org.apache.spark.deploy.master.Master", "256m");
        master.addAll(List.of("--host", HOST, "--port", String.valueOf(port), "--webui-port",
                String.valueOf(masterUi)));
        start(master, "master");
    }

    /**
     * Starts a Master and {@code workers} Workers and waits until they are registered.
     *
     * @param dir a scratch directory for the Spark home, the work directories and the logs
     * @param workers the number of one-core Workers (≥ 0)
     * @return the running cluster
     * @throws Exception if a process cannot start or the workers do not register within 3 minutes
     */
    static LocalCluster start(Path dir, int workers) throws Exception {
        LocalCluster c = new LocalCluster(dir);
        try {
            for (int w = 0; w < workers; w++) {
                c.addWorker();
            }
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** The JVM options for Spark on Java 17: the module's {@code metricflow.spark.jvmOptions}, else this JVM's. */
    static List<String> jvmOptions() {
        String configured = System.getProperty("metricflow.spark.jvmOptions");
        if (configured != null) {
            return new ArrayList<>(List.of(configured.trim().split("\\s+")));
        }
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Where this module's classes come from: target/classes (a directory) or the module's jar. */
    private static Path moduleClasses() {
        try {
            return Path.of(DistributedPoints.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /**
     * A {@code java} command line with this JVM's class path and Spark's JVM options.
     *
     * @param mainClass the class to run
     * @param heap the maximum heap, e.g. {@code 256m}
     * @return the command, to which the caller appends the arguments
     */
    static List<String> javaCommand(String mainClass, String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(jvmOptions());
        java.net.URL log = LocalCluster.class.getResource("/log4j2.properties");
        if (log != null) {
            cmd.add("-Dlog4j.configurationFile=" + log);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * Starts a process with the Spark environment, its output in {@code name.log} of the scratch directory; it is
     * stopped by {@link #close()}.
     *
     * @param cmd the command
     * @param name the log's name
     * @return the process
     * @throws IOException if it cannot start
     */
    Process start(List<String> cmd, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", sparkHome);
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log(name).toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Starts one more one-core Worker and waits until the Master lists it.
     *
     * @throws Exception if it does not register within 3 minutes
     */
    void addWorker() throws Exception {
        int w = workers;
        List<String> worker = javaCommand("org.apache.spark.deploy.worker.Worker", "256m");
        worker.addAll(List.of("--host", HOST, "--cores", "1", "--memory", "1g", "--webui-port",
                String.valueOf(freePort()), "--work-dir", Files.createDirectories(dir.resolve("work" + w)).toString(),
                masterUrl));
        start(worker, "worker" + w);
        workers++;
        awaitWorkers(workers, Duration.ofSeconds(180));
    }

    /** Polls the Master's JSON status page until {@code count} workers are alive. */
    private void awaitWorkers(int count, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUi
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

    /**
     * A driver session in this JVM on the cluster: the application jar and the class directories go to the executors
     * (512 MB each), everything bound to 127.0.0.1, no UI.
     *
     * @param appName the application name
     * @param cores the cores to take (one executor per Worker)
     * @return the session
     */
    SparkSession session(String appName, int cores) {
        return Sessions.builder(masterUrl, appName)
                .config("spark.jars", appJar.toString())
                .config("spark.executor.extraClassPath", classDirectories)
                .config("spark.executor.extraJavaOptions", String.join(" ", jvmOptions))
                .config("spark.executor.memory", "512m")
                .config("spark.cores.max", String.valueOf(cores))
                .config("spark.driver.host", HOST)
                .config("spark.driver.bindAddress", HOST)
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    /** The master URL, {@code spark://127.0.0.1:port}. */
    String masterUrl() {
        return masterUrl;
    }

    /** The application jar (the module's classes). */
    Path appJar() {
        return appJar;
    }

    /** The class directories of this JVM's class path (for {@code spark.executor.extraClassPath}). */
    String classDirectories() {
        return classDirectories;
    }

    /** Spark's JVM options on Java 17 (for {@code spark.executor.extraJavaOptions}). */
    List<String> jvmOptionList() {
        return jvmOptions;
    }

    /** The log file of a started process. */
    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** The last 30 lines of every log, for failure messages. */
    String logs() {
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

    /** Stops every started process (newest first), forcibly after 20 s. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
