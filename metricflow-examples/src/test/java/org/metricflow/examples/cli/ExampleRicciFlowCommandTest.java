package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

class ExampleRicciFlowCommandTest {

    @Test
    void reducedRunShowsRoundingMonotoneLambdaAndANeckpinch() {
        Run text = CliHarness.run("example-ricci-flow", "--grid", "160");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("the sphere becomes round; F increases monotonically"), text.out());
        assertTrue(text.out().contains("a neckpinch at t ="), text.out());

        Run r = CliHarness.run("example-ricci-flow", "--grid", "160", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertTrue((Double) json.get("squashedPinchingStart") < 0);
        assertTrue((Double) json.get("squashedPinchingEnd") > 0.98);
        // Gauss–Bonnet: area falls at exactly 8π; the scheme keeps it to O(N^-2)
        assertTrue((Double) json.get("areaRateError") < 1e-3, "area error " + json.get("areaRateError"));
        assertEquals(Boolean.TRUE, json.get("lambdaMonotone"));
        assertTrue((Double) json.get("lambdaEnd") > (Double) json.get("lambdaStart"));
        double neckGrowth = (Double) json.get("neckCurvatureEnd") / (Double) json.get("neckCurvatureStart");
        double capGrowth = (Double) json.get("capCurvatureEnd") / (Double) json.get("capCurvatureStart");
        assertTrue(neckGrowth > 3, "neck growth " + neckGrowth);
        assertTrue(capGrowth < 1.5, "cap growth " + capGrowth);
    }

    @Test
    void tooCoarseGridIsRejected() {
        Run r = CliHarness.run("example-ricci-flow", "--grid", "20");
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertTrue(r.err().contains("--grid must lie in [100, 100000], got 20"), r.err());
    }
}
