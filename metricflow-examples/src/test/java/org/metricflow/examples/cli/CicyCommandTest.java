package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * {@code metricflow cicy}, and {@code sample}/{@code topology}/{@code train} on varieties in products of projective
 * spaces: published topology (bicubic d_112 = d_122 = 3, c2·J = 36, χ = −162), Monte-Carlo χ and c2·J_i within 3
 * standard errors of it for two Kähler classes, and bad input as one-line usage errors with exit status 2.
 */
class CicyCommandTest {

    @Test
    void describesTheBicubic() {
        Run r = CliHarness.run("cicy", "--variety", "bicubic", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals("2:3|2:3", json.get("configuration"));
        assertEquals(2.0, ((Number) json.get("h11Ambient")).doubleValue());
        assertEquals(-162.0, ((Number) json.get("euler")).doubleValue());
        assertEquals(18.0, ((Number) json.get("volume")).doubleValue(), 1e-12);
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) json.get("tripleIntersections");
        assertEquals(0.0, ((Number) d.get("111")).doubleValue());
        assertEquals(3.0, ((Number) d.get("112")).doubleValue());
        assertEquals(3.0, ((Number) d.get("122")).doubleValue());
        assertEquals(List.of(36.0, 36.0), ((List<?>) json.get("c2J")).stream()
                .map(x -> ((Number) x).doubleValue()).toList());
    }

    @Test
    void describesTheSchoenConfigurationWithModuli() {
        Run r = CliHarness.run("cicy", "--config", "2:3,0|2:0,3|1:1,1", "--kahler-moduli", "1,2,3", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(0.0, ((Number) json.get("euler")).doubleValue());
        // Vol = 3·3 t1²t2 + 3·3 t1t2² + 6·9 t1t2t3 = 18 + 36 + 324
        assertEquals(378.0, ((Number) json.get("volume")).doubleValue(), 1e-9);
        Run text = CliHarness.run("cicy", "--config", "1:2|1:2|1:2|1:2");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Euler characteristic = -128"), text.out());
    }

    @Test
    void sampleWritesOnePatchColumnPerFactor(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("tq.csv");
        Run r = CliHarness.run("sample", "--variety", "tetraquadric", "--kahler-moduli", "1,2,1,1", "--points", "20",
                "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(21, lines.size());
        assertTrue(lines.get(0).endsWith("patch,patch1,patch2,patch3,eliminated,omega2,weight"), lines.get(0));
        String[] f = lines.get(1).split(",");
        for (int i = 0; i < 4; i++) {
            int patch = Integer.parseInt(f[16 + i]);
            assertTrue(patch >= 2 * i && patch < 2 * i + 2, "patch of factor " + i + ": " + patch);
            assertEquals(1.0, Double.parseDouble(f[2 * patch]));
        }
    }

    /** χ and c2·J_i of the bicubic by Monte Carlo within 3 standard errors, for t = (1,1) and t = (1,2). */
    @Test
    void topologyOfTheBicubicForTwoKahlerClasses() {
        for (String t : new String[] {"1,1", "1,2"}) {
            Run r = CliHarness.run("topology", "--variety", "bicubic", "--kahler-moduli", t, "--points", "20000",
                    "--seed", "3", "--json");
            assertEquals(0, r.code(), r.err());
            Map<String, Object> json = r.lastLineJson();
            double euler = (Double) json.get("euler");
            double se = (Double) json.get("eulerError");
            assertTrue(Math.abs(euler + 162) <= 3 * se && se < 40, "t=" + t + ": χ = " + euler + " ± " + se);
            // errors over the 6 667 independent slices of 3 points (d_112 = d_122 = 3), the naive ones alongside
            assertEquals(6667, ((Number) json.get("trials")).intValue());
            assertTrue((Double) json.get("eulerIndependentError") > 0);
            List<?> c2 = (List<?>) json.get("c2Ji");
            List<?> c2se = (List<?>) json.get("c2JiError");
            for (int i = 0; i < 2; i++) {
                double v = ((Number) c2.get(i)).doubleValue();
                double e = ((Number) c2se.get(i)).doubleValue();
                assertTrue(Math.abs(v - 36) <= 3 * e && e < 3, "t=" + t + ": c2·J_" + (i + 1) + " = " + v + " ± " + e);
            }
            double vol = "1,1".equals(t) ? 18.0 : 54.0;
            assertEquals(vol, (Double) json.get("volume"), 1e-9);
            assertEquals(vol, (Double) json.get("exactVolume"), 1e-9);
        }
    }

    @Test
    void badInputIsAUsageError() {
        String[][] cases = {
            {"cicy", "--variety", "bicubic", "--kahler-moduli", "1,0"},
            {"cicy", "--variety", "bicubic", "--kahler-moduli", "1,abc"},
            {"cicy", "--variety", "bicubic", "--kahler-moduli", "1"},
            {"cicy", "--config", "2:3|2:3", "--kahler-moduli", "NaN,1"},
            {"cicy", "--config", "2:3|2"},
            {"cicy"},
            {"cicy", "--variety", "bicubic", "--config", "2:3|2:3"},
            {"cicy", "--variety", "x0^3*y0^2 + x1^3*y1^3"},
            {"cicy", "--variety", "x0^3*y0^3 + x3^3*y1^3"},
            {"topology", "--variety", "tetraquadric", "--kahler-moduli", "1,1,1,-1", "--points", "10"},
            {"sample", "--variety", "schoen", "--kahler-moduli", "1,Infinity,1", "--points", "10", "--out", "x.csv"},
            {"train", "--variety", "bicubic", "--kahler-moduli", "1", "--points", "10", "--epochs", "1"},
        };
        for (String[] args : cases) {
            Run r = CliHarness.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            String msg = r.err().strip();
            assertTrue(!msg.isEmpty() && !msg.contains("\n"), String.join(" ", args) + ": " + msg);
        }
    }
}
