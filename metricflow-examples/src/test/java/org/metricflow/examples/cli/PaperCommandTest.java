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

/**
 * {@code metricflow paper}: one claim through the command line at the quick size (the Perelman limit, ≈ 10 s), its
 * JSON and files; usage errors. Every claim at the test size runs in-process in {@code PaperTest}.
 */
class PaperCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void oneClaimWritesItsReportJsonAndVerdicts(@TempDir Path dir) throws Exception {
        Run r = CliHarness.run("paper", "perelman", "--quick", "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertEquals("paper perelman", json.get("command"));
        List<Object> verdicts = (List<Object>) json.get("verdicts");
        assertEquals(3, verdicts.size());
        for (Object o : verdicts) {
            Map<String, Object> v = (Map<String, Object>) o;
            assertTrue(v.get("measured") instanceof Double && v.get("holds") instanceof Boolean, v.toString());
        }
        Map<String, Object> claims = (Map<String, Object>) json.get("claims");
        Map<String, Object> perelman = (Map<String, Object>) claims.get("perelman");
        assertTrue(perelman.containsKey("distanceToPde") && perelman.containsKey("F"), perelman.keySet().toString());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("(c) Perelman limit: **"));
        assertTrue(Files.readString(dir.resolve("perelman.json")).contains("\"verdicts\""));
        assertTrue(Files.size(dir.resolve("perelman_distance.png")) > 1000);
    }

    @Test
    void withoutAnOutputFolderItIsAUsageError() {
        Run r = CliHarness.run("paper", "flow-equation", "--quick");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out"), r.err());
        Run help = CliHarness.run("paper", "--help");
        assertEquals(0, help.code());
        for (String sub : new String[] {"flow-equation", "feature-learning", "perelman", "locality"}) {
            assertTrue(help.out().contains(sub), help.out());
        }
    }
}
