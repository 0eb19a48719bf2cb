package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.CliHarness.Run;

class RicciFlowCommandTest {

    @SuppressWarnings("unchecked")
    private static List<Double> list(Map<String, Object> json, String key) {
        return (List<Double>) json.get(key);
    }

    @Test
    void roundThreeSphereFollowsTheExactLawAndWritesFiles(@TempDir Path dir) {
        Run r = CliHarness.run("ricci-flow", "--manifold", "sphere3", "--radius", "2", "--steps", "4", "--grid", "32",
                "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        List<Double> times = list(json, "times");
        List<Double> f = list(json, "F");
        List<Double> k = list(json, "maxCurvature");
        assertEquals(5, times.size());
        // default time: 90% of the extinction time r0²/(2(n−1)) = 1
        assertEquals(0.9, times.get(4), 1e-12);
        for (int i = 0; i < times.size(); i++) {
            double r2 = 4 - 4 * times.get(i);
            assertEquals(6 / r2, f.get(i), 1e-6 * 6 / r2); // λ = n(n−1)/r²
            assertEquals(1 / r2, k.get(i), 1e-6 / r2); // sectional curvature 1/r²
        }
        assertTrue((Double) json.get("radiusError") < 1e-6, "radiusError " + json.get("radiusError"));
        assertTrue(Files.exists(dir.resolve("ricci-flow.csv")));
        assertTrue(Files.exists(dir.resolve("ricci-flow-F.png")));
        assertTrue(Files.exists(dir.resolve("ricci-flow-curvature.png")));
    }

    @Test
    void bergerSphereLambdaIncreasesAndNoRadiusErrorIsReported() {
        Run r = CliHarness.run("ricci-flow", "--manifold", "berger", "--epsilon", "0.6", "--time", "0.1", "--steps",
                "5", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        List<Double> f = list(json, "F");
        // R(0) = 8 − 2ε² for a = b = 1, c = ε² (StandardMetrics.bergerSphere)
        assertEquals(8 - 2 * 0.36, f.get(0), 1e-12);
        for (int i = 1; i < f.size(); i++) {
            assertTrue(f.get(i) > f.get(i - 1));
        }
        assertFalse(json.containsKey("radiusError"));
    }

    @Test
    void dumbbellPinchesAtTheNeck() {
        Run r = CliHarness.run("ricci-flow", "--manifold", "dumbbell", "--grid", "200", "--steps", "8", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(Boolean.FALSE, json.get("completed"));
        List<Double> neck = list(json, "neckCurvature");
        List<Double> cap = list(json, "capCurvature");
        int last = neck.size() - 1;
        assertTrue(neck.get(last) / cap.get(last) > 20, "neck/cap " + neck.get(last) / cap.get(last));
    }

    /**
     * A perturbed flat torus flows to flat: max |Rm| falls by more than 10× by t = 3 (slowest mode e^{−t}), Perelman's
     * λ never decreases and rises to within 10% of 0 (its value at flat metrics; λ ≤ 0 on T² by Gauss–Bonnet).
     */
    @Test
    void torusFlowsToFlatWithLambdaRisingToZero() {
        for (String manifold : new String[] {"torus2", "torus3"}) {
            Run r = CliHarness.run("ricci-flow", "--manifold", manifold, "--time", "3", "--grid", "6", "--json");
            assertEquals(0, r.code(), r.err());
            Map<String, Object> json = r.lastLineJson();
            List<Double> f = list(json, "F");
            List<Double> k = list(json, "maxCurvature");
            int last = f.size() - 1;
            for (int i = 1; i <= last; i++) {
                assertTrue(f.get(i) >= f.get(i - 1) - 1e-9, manifold + ": λ decreased at sample " + i + ": " + f);
            }
            assertTrue(f.get(0) < 0 && Math.abs(f.get(last)) < 0.1 * Math.abs(f.get(0)), manifold + ": λ " + f);
            assertTrue(k.get(last) < 0.1 * k.get(0), manifold + ": max |Rm| " + k);
        }
        Run bad = CliHarness.run("ricci-flow", "--manifold", "torus3", "--grid", "40");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--grid (points per axis of torus3) must lie in [4, 12]"), bad.err());
    }

    @Test
    void badInputsAreOneLineFailures() {
        Run r = CliHarness.run("ricci-flow", "--manifold", "sphere2", "--time", "0.6");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not before the extinction time"), r.err());
        r = CliHarness.run("ricci-flow", "--manifold", "klein", "--time", "0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --manifold 'klein'"), r.err());
        r = CliHarness.run("ricci-flow", "--manifold", "sphere2", "--radius", "-1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--radius must be positive"), r.err());
        r = CliHarness.run("ricci-flow", "--manifold", "sphere2", "--grid", "4");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--grid must lie in [16, 100000], got 4"), r.err());
    }
}
