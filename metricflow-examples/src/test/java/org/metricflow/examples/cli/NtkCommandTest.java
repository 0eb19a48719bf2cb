package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

class NtkCommandTest {

    /** The empirical kernel approaches the analytic one as the width grows (error ∝ width^(−1/2)). */
    @Test
    void errorShrinksWithWidthAndJsonHasTheMatrices() {
        double previous = Double.POSITIVE_INFINITY;
        for (String width : new String[] {"32", "512"}) {
            Run r = CliHarness.run("ntk", "--activation", "erf", "--depth", "2", "--width", width, "--inputs", "12",
                    "--seed", "3", "--json");
            assertEquals(0, r.code(), r.err());
            Map<String, Object> json = r.lastLineJson();
            double error = (Double) json.get("relativeError");
            @SuppressWarnings("unchecked")
            List<List<Double>> empirical = (List<List<Double>>) json.get("empirical");
            @SuppressWarnings("unchecked")
            List<List<Double>> analytic = (List<List<Double>>) json.get("analytic");
            assertEquals(12, empirical.size());
            assertEquals(12, analytic.get(0).size());
            assertTrue(error < previous, "error " + error + " at width " + width + " vs " + previous);
            previous = error;
        }
        // 16× the width: the expected ratio is ~4; at width 512 the error is a few percent.
        assertTrue(previous < 0.12, "error at width 512: " + previous);
    }

    @Test
    void unknownActivationIsAOneLineError() {
        Run r = CliHarness.run("ntk", "--activation", "swish");
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertEquals(1, r.errLines().length, r.err());
    }
}
