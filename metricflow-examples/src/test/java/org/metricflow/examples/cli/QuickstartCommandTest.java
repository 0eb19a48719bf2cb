package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

class QuickstartCommandTest {

    @Test
    void reducedQuickstartReportsItsChecks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = CliHarness.run("quickstart", "--points", "20000", "--seed", "3", "--train-points", "3000", "--epochs",
                "3", "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(2.0, (Double) json.get("sphereScalarCurvature"), 1e-12);
        assertEquals(4 * Math.PI, (Double) json.get("gaussBonnet"), 1e-8);
        double volume = (Double) json.get("omegaVolume");
        double error = (Double) json.get("omegaVolumeError");
        // Independent reference: the polydisc estimator of KahlerIntegralsTest gives 379.6 ± 2.1 without the
        // random-line sampler; allow 4 combined standard errors.
        assertTrue(Math.abs(volume - 379.6) < 4 * Math.hypot(error, 2.1), "Vol_Ω " + volume + " ± " + error);
        double sigma = (Double) json.get("sigmaFS");
        // σ_FS ≈ 0.373 (our 2·10^6-point value 0.3725 ± 0.0002); 20 000 points give ±0.002.
        assertTrue(Math.abs(sigma - 0.373) < 0.012, "sigma " + sigma);
        // Three short epochs of learning already move σ below its Fubini–Study value.
        assertTrue((Double) json.get("sigmaAfter") < (Double) json.get("sigmaBefore"), json.toString());
        assertTrue(java.nio.file.Files.exists(dir.resolve("sigma.png")));
    }

    @Test
    void textOutputWalksThroughTheTour() {
        Run r = CliHarness.run("quickstart", "--points", "2000", "--train-points", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1. Curvature") && r.out().contains("2. Gauss-Bonnet")
                && r.out().contains("3. The Fermat quintic"), r.out());
    }
}
