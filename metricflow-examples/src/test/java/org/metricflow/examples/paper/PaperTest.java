package org.metricflow.examples.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Paper} in-process at the test scale (every claim, tiny sizes, about half a minute): report.md has the
 * summary table, one section per claim with its figures, and every verdict line agrees with its number and
 * threshold. The claims' numbers at these sizes are not meaningful; the full and quick runs' are in RESULTS.md.
 */
class PaperTest {

    @Test
    void everyClaimRunsAndTheReportHasEveryFigureAndVerdict(@TempDir Path dir) throws Exception {
        StringWriter progress = new StringWriter();
        Paper.Report r = Paper.run(Paper.claims(), Paper.Scale.TEST, 1, new PrintWriter(progress), dir);
        assertEquals(4, r.claims().size());
        String report = Files.readString(dir.resolve("report.md"));
        for (ClaimResult c : r.claims()) {
            assertTrue(report.contains("## " + c.title()), c.key());
            assertFalse(c.verdicts().isEmpty(), c.key());
            for (Verdict v : c.verdicts()) {
                assertTrue(report.contains(v.line()), v.line());
                assertEquals(v.measured() >= v.low() && v.measured() <= v.high(), v.holds(), v.line());
                assertTrue(v.line().contains(v.holds() ? "**holds**" : "**does not hold**"), v.line());
            }
        }
        for (String png : new String[] {"flow_equation.png", "kernel_change_vs_width.png",
            "feature_learning_sigma.png", "kernel_change_spectrum.png", "perelman_F.png", "perelman_distance.png",
            "locality_quintic.png", "locality_torus.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
            assertTrue(report.contains("(" + png + ")"), "report links " + png);
        }
        // the flow equation is exact maths: it holds at any size
        ClaimResult a = r.claims().get(0);
        assertTrue(a.holds(), "flow equation: " + a.verdicts());
        assertEquals(2.0, (Double) a.json().get("order"), 0.2);
        // the Perelman flow raises F at any grid size
        assertTrue(r.claims().get(2).verdicts().get(0).holds(), r.claims().get(2).verdicts().get(0).line());
        assertTrue(r.cpuSeconds() > 0 && r.seconds() > 0);
    }

    @Test
    void aVerdictIsItsNumberAgainstItsThreshold() {
        Verdict v = new Verdict("(x) claim", "order", 2.05, 1.8, 2.2);
        assertTrue(v.holds());
        assertEquals("(x) claim: **holds** — order = 2.05 (needs in [1.80, 2.20])", v.line());
        assertFalse(Verdict.atLeast("c", "gain", 9.99, 10).holds());
        assertTrue(Verdict.atLeast("c", "gain", 10, 10).holds());
        assertTrue(Verdict.atMost("c", "ratio", 0.5, 0.8).holds());
        assertFalse(Verdict.atMost("c", "ratio", Double.NaN, 0.8).holds(), "NaN never holds");
        assertEquals("≥ 1·10^5".replace("1·", "1.00·"), Verdict.atLeast("c", "g", 1, 1e5).threshold());
        assertThrows(IllegalArgumentException.class, () -> new Verdict("c", "q", 1, 2, 1));
    }

    @Test
    void localityTestPointsLieOnTheQuinticAtTheRequestedDistance() {
        org.metricflow.geometry.complex.ProjectiveVariety v =
                org.metricflow.geometry.complex.ProjectiveVariety.fermatQuintic();
        org.metricflow.geometry.complex.Polynomial q = v.equations().get(0);
        double[] z = v.sample(4, 9).coordinates();
        org.metricflow.core.random.Rng rng = org.metricflow.core.random.Rng.of(3);
        for (int p = 0; p < 4; p++) {
            double[] zp = java.util.Arrays.copyOfRange(z, 10 * p, 10 * (p + 1));
            LocalityClaim.normalize(zp);
            double[] u = LocalityClaim.tangent(q, zp, rng);
            for (double delta : LocalityClaim.distances()) {
                double[] w = LocalityClaim.displaced(q, zp, u, delta);
                double[] value = new double[2];
                q.evaluate(w, 1, value);
                // on X to rounding (|w| ≈ 1, |∇Q| ≈ 5), and at distance δ to the secant's tolerance 1e-9
                assertTrue(Math.hypot(value[0], value[1]) < 1e-13, "Q = " + value[0] + " at δ = " + delta);
                assertEquals(delta, LocalityClaim.distance(zp, w), 2e-9 * delta, "distance");
            }
        }
    }
}
