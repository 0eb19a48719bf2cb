package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.flow.ModelFiles;

/**
 * A run resumes from its last checkpoint if the driver dies: {@code metricflow-spark train --checkpoint} runs as a
 * driver in its own JVM ({@code local[1]}) and is killed (SIGKILL, no shutdown hooks) once it has written a checkpoint
 * and is still training; the same command line rerun (here in the test JVM) takes only the missing steps and ends
 * with the parameters of an uninterrupted run, to 1e-12 relative (the two drivers' partition sums are merged in
 * different orders; see {@link DistributedTrainingTest}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DriverKillTest {

    @Test
    void aKilledDriverResumesFromItsLastCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("train.ckpt");
        List<String> common = List.of("train", "--variety", "fermat-quartic", "--points", "300", "--seed", "5",
                "--partitions", "2", "--width", "8", "--depth", "2", "--lr", "1e-2", "--checkpoint-every", "2");
        List<String> cmd = LocalCluster.javaCommand("org.metricflow.spark.cli.MetricflowSpark", "512m");
        cmd.addAll(common);
        // far more steps than it can take before the kill
        cmd.addAll(List.of("--master", "local[1]", "--steps", "100000", "--checkpoint", ckpt.toString(), "--out",
                dir.resolve("never.mfa").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", LocalCluster.HOST);
        Process driver = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(ckpt) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(driver.isAlive(), "the driver is still training when it is killed:\n" + log(dir));
            assertTrue(Files.exists(ckpt), "a checkpoint within 3 minutes:\n" + log(dir));
        } finally {
            driver.destroyForcibly();
            driver.waitFor(30, TimeUnit.SECONDS);
        }
        int saved = (int) ArrayArchive.read(ckpt).doubles("steps")[0];
        assertTrue(saved >= 2 && saved % 2 == 0 && saved < 100000, "checkpointed after step " + saved);

        int total = saved + 3;
        Path history = dir.resolve("history.csv");
        CliTest.Run resumed = CliTest.run(concat(common, "--steps", String.valueOf(total), "--checkpoint",
                ckpt.toString(), "--out", dir.resolve("resumed.mfa").toString(), "--history", history.toString(),
                "--json"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(3, (int) resumed.number("steps"), "only the missing steps are taken");
        assertEquals(4, Files.readAllLines(history).size(), "header and the three steps of the resumed run");
        CliTest.Run straight = CliTest.run(concat(common, "--steps", String.valueOf(total), "--out",
                dir.resolve("straight.mfa").toString(), "--json"));
        assertEquals(0, straight.code(), straight.err());

        double[] a = ModelFiles.load(dir.resolve("straight.mfa")).network().flatParameters();
        double[] b = ModelFiles.load(dir.resolve("resumed.mfa")).network().flatParameters();
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * scale, "θ[" + i + "]");
        }
        assertEquals(straight.number("loss"), resumed.number("loss"), 1e-12 * straight.number("loss"));
    }

    private static String[] concat(List<String> a, String... b) {
        String[] out = a.toArray(new String[0]);
        out = java.util.Arrays.copyOf(out, out.length + b.length);
        System.arraycopy(b, 0, out, a.size(), b.length);
        return out;
    }

    private static String log(Path dir) throws java.io.IOException {
        return Files.readString(dir.resolve("driver.log"), StandardCharsets.UTF_8);
    }
}
