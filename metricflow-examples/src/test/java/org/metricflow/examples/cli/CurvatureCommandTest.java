package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

class CurvatureCommandTest {

    @Test
    void roundSphereOfRadiusTwoHasScalarCurvatureThreeHalves() {
        // S^3 of radius 2: R = n(n-1)/r^2 = 6/4; Ric = (n-1)/r^2 g; Kretschmann = 2n(n-1)/r^4 = 12/16.
        Run r = CliHarness.run("curvature", "--metric", "sphere", "--dim", "3", "--radius", "2", "--point",
                "0.3,-0.2,0.5", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(1.5, (Double) json.get("scalar"), 1e-12);
        assertEquals(0.75, (Double) json.get("kretschmann"), 1e-12);
        @SuppressWarnings("unchecked")
        List<List<Double>> ricci = (List<List<Double>>) json.get("ricci");
        @SuppressWarnings("unchecked")
        List<List<Double>> metric = (List<List<Double>>) json.get("metric");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(0.5 * metric.get(i).get(j), ricci.get(i).get(j), 1e-12);
            }
        }
    }

    @Test
    void schwarzschildIsRicciFlatWithKnownKretschmann() {
        Run r = CliHarness.run("curvature", "--metric", "schwarzschild", "--radius", "1", "--point", "0,3,1.2,0.4",
                "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals(48.0 / Math.pow(3, 6), (Double) json.get("kretschmann"), 1e-12);
        assertEquals(0.0, (Double) json.get("scalar"), 1e-12);
    }

    @Test
    void wrongPointLengthIsAOneLineFailure() {
        Run r = CliHarness.run("curvature", "--metric", "sphere", "--point", "1,2,3");
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("3 coordinates but the metric 'sphere' is 2-dimensional"), r.err());
    }

    @Test
    void textOutputShowsTheScalarCurvature() {
        Run r = CliHarness.run("curvature", "--metric", "sphere", "--point", "0,0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("scalar curvature R = 2.0000"), r.out());
    }
}
