package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

/** {@code metricflow bench} at reduced sizes: the issue-7 keys (and the Euler integrand's) are present, finite and positive. */
class BenchCommandTest {

    private static final String[] SMALL = {"bench", "--sample-points", "2000", "--sigma-points", "2000", "--batch",
        "16", "--train-steps", "2", "--train-epochs", "2", "--width", "8", "--ntk-points", "12", "--euler-points", "40",
        "--euler-seconds", "0", "--step-seconds", "0.05", "--threads", "2"};

    @Test
    void jsonHasPositiveFiguresForEveryMeasurement() {
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + 1);
        args[SMALL.length] = "--json";
        Run r = CliHarness.run(args);
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        for (String key : new String[] {"samplePointsPerSecond", "trainPointsPerSecond", "sigmaSeconds",
            "ntkSeconds", "eulerPointsPerSecond", "stepCpuSeconds", "stepGflops", "peakGflops", "fractionOfPeak"}) {
            Object v = json.get(key);
            assertTrue(v instanceof Number, key + " missing or not a number: " + v);
            double d = ((Number) v).doubleValue();
            assertTrue(d > 0 && Double.isFinite(d), key + " = " + d);
        }
        assertEquals(2, ((Number) json.get("threads")).intValue());
        // the tests run with --add-modules jdk.incubator.vector, so the products take the vector kernel
        assertEquals(Boolean.TRUE, json.get("vectorProducts"));
        // the step's rate is a fraction of the measured FMA peak of the same core (same CPU-time clock)
        double fraction = ((Number) json.get("fractionOfPeak")).doubleValue();
        assertEquals(((Number) json.get("stepGflops")).doubleValue() / ((Number) json.get("peakGflops")).doubleValue(),
                fraction, 1e-12);
        // 12 points × 9 components of the quintic's Hermitian metric
        assertEquals(108, ((Number) json.get("ntkSize")).intValue());
        // σ of Fubini–Study on the quintic is ≈ 0.37 (docs/ARCHITECTURE.md §7); 2000 points give a rough estimate
        double sigma = ((Number) json.get("sigma")).doubleValue();
        assertTrue(sigma > 0.3 && sigma < 0.45, "σ_FS = " + sigma);
    }

    @Test
    void tableWithoutJsonAndBadSizesAreOneLineErrors() {
        Run r = CliHarness.run(SMALL);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("metric-NTK of 12 points"), r.out());
        Run bad = CliHarness.run("bench", "--train-steps", "1");
        assertEquals(2, bad.code(), "a bad option value is a usage error");
        assertEquals(1, bad.errLines().length, bad.err());
        Run badEuler = CliHarness.run("bench", "--euler-points", "1");
        assertEquals(2, badEuler.code());
        assertTrue(badEuler.err().contains("--euler-points"), badEuler.err());
    }
}
