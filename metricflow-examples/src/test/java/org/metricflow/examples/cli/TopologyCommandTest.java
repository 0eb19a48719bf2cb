package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.CliHarness.Run;
import org.metricflow.geometry.complex.Polynomial;
import org.metricflow.geometry.complex.ProjectiveVariety;

/** {@code metricflow sample} and {@code metricflow topology} against topology and the sampler's invariants. */
class TopologyCommandTest {

    @Test
    void sampleWritesPointsOnTheVarietyWithHeader(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("quintic.csv");
        Run r = CliHarness.run("sample", "--variety", "fermat-quintic", "--points", "50", "--seed", "7", "--out",
                csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(50.0, ((Number) json.get("points")).doubleValue());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(51, lines.size());
        assertTrue(lines.get(0).startsWith("re_z0,im_z0,re_z1"), lines.get(0));
        assertTrue(lines.get(0).endsWith("patch,eliminated,omega2,weight"), lines.get(0));
        Polynomial q = ProjectiveVariety.fermatQuintic().equations().get(0);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(14, f.length, lines.get(i));
            double[] z = new double[10];
            for (int j = 0; j < 10; j++) {
                z[j] = Double.parseDouble(f[j]);
            }
            double[] v = new double[2];
            q.evaluate(z, 1, v);
            // points are on X to 1e-12 (sampler guarantee) and printed with round-tripping doubles
            assertTrue(Math.hypot(v[0], v[1]) < 1e-10, "row " + i + " is not on the quintic: |Q| = " + Math.hypot(v[0], v[1]));
            int patch = Integer.parseInt(f[10]);
            assertEquals(1.0, z[2 * patch]);
            assertEquals(0.0, z[2 * patch + 1]);
            assertFalse(patch == Integer.parseInt(f[11]));
            assertTrue(Double.parseDouble(f[12]) > 0 && Double.parseDouble(f[13]) > 0);
        }
    }

    @Test
    void topologyOfTheQuinticReportsEulerC2JAndSigma() {
        Run r = CliHarness.run("topology", "--variety", "fermat-quintic", "--points", "30000", "--seed", "3",
                "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        for (String key : new String[] {"volume", "euler", "eulerError", "sigmaFS", "kappa", "c2J"}) {
            assertTrue(json.containsKey(key), "missing key " + key + " in " + json);
        }
        double euler = (Double) json.get("euler");
        double se = (Double) json.get("eulerError");
        assertTrue(Math.abs(euler + 200) <= 3 * se, "χ = " + euler + " ± " + se);
        double c2 = (Double) json.get("c2J");
        double c2se = (Double) json.get("c2JError");
        assertTrue(Math.abs(c2 - 50) <= 3 * c2se, "c2·J = " + c2 + " ± " + c2se);
        assertEquals(5.0, (Double) json.get("volume"), 1e-9);
        // σ_FS ≈ 0.37 on the Fermat quintic (docs/ARCHITECTURE.md §7); its error at 3·10^4 points is ≈ 0.002
        assertEquals(0.37, (Double) json.get("sigmaFS"), 0.015);
    }

    @Test
    void topologyOfAPlaneCubicInTextModeHasNoC2J() {
        Run r = CliHarness.run("topology", "--variety", "z0^3+z1^3+z2^3", "--points", "20000", "--seed", "5",
                "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertFalse(json.containsKey("c2J"));
        assertTrue(Math.abs((Double) json.get("euler")) <= 3 * (Double) json.get("eulerError"), json.toString());
        Run text = CliHarness.run("topology", "--variety", "fermat-cubic", "--points", "2000");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("euler"), text.out());
    }

    @Test
    void tooFewPointsIsAOneLineFailure() {
        Run r = CliHarness.run("topology", "--variety", "fermat-cubic", "--points", "1");
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("--points must be >= 2"), r.err());
    }
}
