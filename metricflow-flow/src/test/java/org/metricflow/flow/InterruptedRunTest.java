package org.metricflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.nn.phi.PhiModel;

/**
 * The JVM killed in the middle of an epoch: a training run with a checkpoint after every epoch is started in a
 * child JVM ({@link TrainingChild}, same classpath), killed with {@code destroyForcibly} (SIGKILL: no shutdown hooks,
 * no flushing) in the middle of epoch 4, after the checkpoint of epoch 3 exists. The checkpoint must be intact (its
 * SHA-256 checksum verifies; it is one of the complete files the atomic rename produced) and a run resumed from it
 * in this JVM must end bit for bit where an uninterrupted run with the same seed ends: the same parameters and the
 * same history.
 */
class InterruptedRunTest {
    static final int KILL_EPOCH = 4;

    @Test
    void aKilledRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("run.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TrainingChild.class.getName(), ckpt.toString()).redirectErrorStream(true);
        Process child = pb.start();
        List<String> seen = new ArrayList<>();
        String killedAt = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                seen.add(line);
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("STEP") && Integer.parseInt(f[1]) == KILL_EPOCH
                        && Integer.parseInt(f[2]) == Integer.parseInt(f[3]) / 2) {
                    assertTrue(Files.exists(ckpt), "the checkpoint of epoch " + (KILL_EPOCH - 1) + " exists");
                    child.destroyForcibly();
                    killedAt = line;
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        if (killedAt == null) {
            fail("the child never reached the middle of epoch " + KILL_EPOCH + "; its output: " + tail(seen));
        }
        assertTrue(!child.isAlive() && child.exitValue() != 0, "the child was killed");

        // The checkpoint is intact (checksum) and is the one of the last completed epoch.
        ArrayArchive archive = ArrayArchive.read(ckpt);
        assertEquals(Integer.toString(KILL_EPOCH - 1), archive.text("epoch"), "killed at " + killedAt);
        try (var listing = Files.list(dir)) {
            System.out.println("InterruptedRunTest: killed the child at '" + killedAt + "'; files left: "
                    + listing.map(p -> p.getFileName().toString()).toList());
        }

        FlowResult whole = TrainingChild.config().build().run();
        List<Integer> resumedEpochs = new ArrayList<>();
        FlowResult resumed = TrainingChild.config().resumeFrom(ckpt).listener(new FlowListener() {
            @Override
            public void onEpoch(int epoch, java.util.Map<String, Double> o, double elapsed, double eta) {
                resumedEpochs.add(epoch);
            }
        }).build().run();
        assertEquals(List.of(4, 5, 6, 7, 8), resumedEpochs, "the resumed run continues after epoch 3");
        assertEquals(whole.stopReason(), resumed.stopReason());
        assertEquals(whole.history().toCsv(), resumed.history().toCsv(), "identical history");
        assertArrayEquals(((PhiModel) whole.model()).network().flatParameters(),
                ((PhiModel) resumed.model()).network().flatParameters(), 0.0, "bit-identical final parameters");
    }

    private static String tail(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
