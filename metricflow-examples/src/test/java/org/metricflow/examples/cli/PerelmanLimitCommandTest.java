package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metricflow.examples.cli.CliHarness.Run;

/** {@code perelman-limit} and {@code example-perelman-limit} (teaching example 4), in reduced sizes. */
class PerelmanLimitCommandTest {

    private static double distance(int width) {
        Run r = CliHarness.run("perelman-limit", "--width", String.valueOf(width), "--bandwidth", "8", "--grid", "8",
                "--time", "0.02", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertTrue((Double) json.get("pdeF") > (Double) json.get("initialF"), "F must increase along the PDE");
        assertTrue(json.containsKey("networkF") && json.containsKey("relativeL2"), json.toString());
        return (Double) json.get("distanceToPde");
    }

    @Test
    void widerNetworksAreCloserToThePde() {
        // the kernel's random part shrinks like (64/W)^{1/2} on the 8×8 grid: W = 64 → 4096 should cut the
        // distance several-fold (measured 0.67 → 0.14); demand a factor 2
        double narrow = distance(64);
        double wide = distance(4096);
        assertTrue(wide < narrow / 2, "W=64: " + narrow + ", W=4096: " + wide);
    }

    @Test
    @SuppressWarnings("unchecked")
    void exampleFourPrintsTheTableAndTheLocalKernelMatchesThePde() {
        Run r = CliHarness.run("example-perelman-limit", "--grid", "8", "--widths", "64,2048", "--bandwidths", "1,8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| width \\ bandwidth | 1 | 8 |"), r.out());
        String[] rows = r.out().lines().filter(l -> l.startsWith("| 64 |") || l.startsWith("| 2048 |"))
                .toArray(String[]::new);
        assertEquals(2, rows.length, r.out());
        double narrowSharp = Double.parseDouble(rows[0].split("\\|")[3].strip());
        double wideSharp = Double.parseDouble(rows[1].split("\\|")[3].strip());
        double wideSmooth = Double.parseDouble(rows[1].split("\\|")[2].strip());
        assertTrue(wideSharp < narrowSharp, r.out());
        assertTrue(wideSharp < wideSmooth / 2, "bandwidth 1 is a smooth, non-local kernel: " + r.out());

        Run j = CliHarness.run("example-perelman-limit", "--grid", "8", "--widths", "64", "--bandwidths", "8",
                "--json");
        assertEquals(0, j.code(), j.err());
        Map<String, Object> json = j.lastLineJson();
        // the exact local kernel (autodiff of −F_h) reproduces the PDE up to the spectral discretization error,
        // measured 4.1e-2 of the motion on this coarse 8×8 grid (it falls spectrally with N; see TorusMetricFlowTest)
        assertTrue((Double) json.get("localKernelDistance") < 0.1, json.toString());
        List<List<Double>> table = (List<List<Double>>) json.get("distanceToPde");
        assertEquals(1, table.size());
        assertEquals(1, table.get(0).size());
    }

    @Test
    void badDimensionIsAOneLineFailure() {
        Run r = CliHarness.run("perelman-limit", "--width", "8", "--bandwidth", "2", "--dim", "4");
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("--dim must lie in [2, 3], got 4"), r.err());
    }
}
