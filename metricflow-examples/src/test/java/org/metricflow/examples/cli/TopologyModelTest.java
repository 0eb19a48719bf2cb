package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.CliHarness.Run;

/** {@code topology --model}: the curvature integrals of a trained model's learned metric. */
class TopologyModelTest {

    @Test
    void learnedMetricOfTheCubicHasEulerCharacteristicZeroAndVolumeThree(@TempDir Path dir) {
        Run train = CliHarness.run("train", "--variety", "fermat-cubic", "--points", "600", "--epochs", "2", "--batch",
                "128", "--width", "8", "--depth", "1", "--curvature-points", "0", "--out", dir.toString(), "--json");
        assertEquals(0, train.code(), train.err());
        Run r = CliHarness.run("topology", "--model", dir.resolve("model.mfa").toString(), "--points", "3000", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        double euler = (Double) json.get("euler");
        double eulerError = (Double) json.get("eulerError");
        double volume = (Double) json.get("volume");
        double volumeError = (Double) json.get("volumeError");
        // Topological invariants do not depend on the metric: χ(cubic) = 0, ∫ω = 3 (the φ-model keeps the class).
        assertTrue(Math.abs(euler) < 4 * eulerError + 1e-9, "χ = " + euler + " ± " + eulerError);
        assertTrue(Math.abs(volume - 3) < 4 * volumeError + 1e-9, "volume " + volume + " ± " + volumeError);
        assertTrue(json.containsKey("sigma") && json.containsKey("ricciMeasure"), json.toString());
        assertTrue((Double) json.get("curvatureSeconds") >= 0.0, json.toString());
    }

    @Test
    void neitherVarietyNorModelIsAOneLineError() {
        Run r = CliHarness.run("topology", "--points", "10");
        assertEquals(2, r.code(), "a missing option is a usage error");
        assertTrue(r.err().contains("--variety") && r.err().contains("--model"), r.err());
    }
}
