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

/** The teaching examples 1, 3 and 7 at reduced sizes, checked against their printed and JSON results. */
class ExamplesCommandTest {

    private static Map<String, Object> json(String... args) {
        Run r = CliHarness.run(args);
        assertEquals(0, r.code(), r.err());
        return r.lastLineJson();
    }

    private static double num(Map<String, Object> json, String key) {
        Object v = json.get(key);
        assertTrue(v instanceof Number, key + " missing in " + json);
        return ((Number) v).doubleValue();
    }

    @Test
    void curvatureExampleRoundSphereAndGaussBonnet(@TempDir Path dir) throws Exception {
        Run text = CliHarness.run("example-curvature", "--samples", "2000", "--out", dir.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("R = 2.0000000000"), text.out());
        Map<String, Object> j = json("example-curvature", "--samples", "2000", "--json");
        // Autodiff curvature of the exact round metric: R = 2 to rounding (1e-14 measured).
        assertEquals(2.0, num(j, "sphereScalarCurvature"), 1e-10);
        assertTrue(num(j, "sphereMaxError") < 1e-10);
        // The deformation makes K genuinely vary (so Gauss–Bonnet is not trivial) ...
        assertTrue(num(j, "minK") < 0 && num(j, "maxK") > 1.2, j.toString());
        // ... yet ∫K dA = 4π within 4 Monte-Carlo standard errors (≈ 0.3 at 2000 points).
        double gb = num(j, "gaussBonnet");
        double err = num(j, "gaussBonnetError");
        assertTrue(Math.abs(gb - 4 * Math.PI) < 4 * err && err < 0.5, gb + " ± " + err);
        assertTrue(Files.size(dir.resolve("gauss_bonnet.png")) > 0 && Files.size(dir.resolve("gauss_bonnet.csv")) > 0);
    }

    @Test
    void ntkExampleErrorFallsLikeInverseSquareRootOfWidth(@TempDir Path dir) throws Exception {
        Map<String, Object> j = json("example-ntk", "--widths", "16,64,256", "--seeds", "3", "--inputs", "10",
                "--out", dir.toString(), "--json");
        @SuppressWarnings("unchecked")
        List<Double> errors = (List<Double>) j.get("errors");
        assertTrue(errors.get(0) > errors.get(1) && errors.get(1) > errors.get(2), errors.toString());
        // Theory: slope −1/2; three seeds per width at three widths leave about ±0.15 of scatter.
        double slope = num(j, "slope");
        assertTrue(slope < -0.3 && slope > -0.75, "slope " + slope);
        assertTrue(Files.size(dir.resolve("ntk_error.png")) > 0 && Files.size(dir.resolve("ntk_error.csv")) > 0);
    }

    @Test
    void ellipticCurveLearnedMetricBecomesFlat(@TempDir Path dir) throws Exception {
        Map<String, Object> j = json("example-elliptic", "--points", "1500", "--epochs", "10", "--curvature-points",
                "80", "--seed", "7", "--out", dir.toString(), "--json");
        // Measured (seed 7): σ 0.093 → 0.005, mean |R| 13 → 1.8, max |R| 25 → 5.7. Flatness is independent of the
        // loss (which only sees det g): the bounds ask for a fourfold and a twofold drop.
        assertTrue(num(j, "sigmaAfter") < num(j, "sigmaBefore") / 4, j.toString());
        assertTrue(num(j, "meanAbsRAfter") < num(j, "meanAbsRBefore") / 4, j.toString());
        assertTrue(num(j, "maxAbsRAfter") < num(j, "maxAbsRBefore") / 2, j.toString());
        assertTrue(Files.size(dir.resolve("curvature.png")) > 0 && Files.size(dir.resolve("curvature.csv")) > 0);
    }
}
