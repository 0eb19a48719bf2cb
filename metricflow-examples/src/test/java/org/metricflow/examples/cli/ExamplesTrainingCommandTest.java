package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.CliHarness.Run;

/** The teaching examples 5 and 6 (quintic training, Euler characteristic, Donaldson) at reduced sizes. */
class ExamplesTrainingCommandTest {

    private static double num(Map<String, Object> json, String key) {
        Object v = json.get(key);
        assertTrue(v instanceof Number, key + " missing in " + json);
        return ((Number) v).doubleValue();
    }

    @Test
    void quinticExampleLearnsAndItsCurvatureGivesTheTopology(@TempDir Path dir) throws Exception {
        Run r = CliHarness.run("example-quintic", "--points", "2000", "--epochs", "6", "--batch", "32", "--width", "32",
                "--depth", "1", "--curvature-points", "40", "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.lastLineJson();
        // Measured: σ 0.362 → 0.335 after 3 epochs of this small network; 6 epochs go further.
        assertTrue(num(j, "sigmaAfter") < 0.9 * num(j, "sigmaBefore"), j.toString());
        // Topology and the Kähler class do not depend on the metric: χ = −200 and ∫ω³ = 5 within 4 Monte-Carlo
        // errors, and the learned metric's χ agrees with Fubini–Study's on the same points. 40 points pin χ only to
        // about ±200 (the curvature of a network potential is slow): this checks consistency, not precision.
        double euler = num(j, "euler");
        double eulerError = num(j, "eulerError");
        assertTrue(Math.abs(euler + 200) < 4 * eulerError, euler + " ± " + eulerError);
        double combined = Math.hypot(eulerError, num(j, "eulerFSError"));
        assertTrue(Math.abs(euler - num(j, "eulerFS")) < 4 * combined, j.toString());
        assertTrue(Math.abs(num(j, "volume") - 5) < 4 * num(j, "volumeError") + 1e-9, j.toString());
        assertTrue(Files.size(dir.resolve("sigma.png")) > 0 && Files.size(dir.resolve("model.mfa")) > 0);
    }

    @Test
    void donaldsonExampleSigmaFallsWithKAndBothCurvesAreWritten(@TempDir Path dir) throws Exception {
        Run r = CliHarness.run("example-donaldson", "--k-max", "2", "--donaldson-points", "2000", "--sigma-points",
                "2000", "--points", "600", "--epochs", "2", "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = r.lastLineJson();
        @SuppressWarnings("unchecked")
        List<Double> sigma = (List<Double>) j.get("donaldsonSigma");
        @SuppressWarnings("unchecked")
        List<Double> learned = (List<Double>) j.get("learnedSigma");
        // Published balanced-metric σ on the Fermat quintic: 0.39 (k = 1), 0.26 (k = 2); with 250 and 2000 points
        // the T-operator integral is noisy, so the check is the decrease and a loose bracket.
        assertTrue(sigma.get(1) < sigma.get(0), sigma.toString());
        assertTrue(sigma.get(1) > 0.2 && sigma.get(1) < 0.35, sigma.toString());
        assertEquals(3, learned.size(), learned.toString());
        for (String f : new String[] {"donaldson.csv", "learned.csv", "sigma_vs_seconds.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }
}
