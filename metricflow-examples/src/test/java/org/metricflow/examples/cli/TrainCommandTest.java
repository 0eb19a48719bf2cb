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

class TrainCommandTest {

    @Test
    void trainWritesHistoryModelAndPlotsAndReportsJson(@TempDir Path dir) throws Exception {
        Run r = CliHarness.run("train", "--variety", "fermat-cubic", "--points", "600", "--epochs", "2", "--batch",
                "128", "--width", "8", "--depth", "1", "--curvature-points", "20", "--out", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = r.lastLineJson();
        assertTrue(json.keySet().containsAll(List.of("sigma", "sigmaHistory", "volume", "seconds", "ricciMeasure",
                "euler")), json.toString());
        assertTrue((Double) json.get("ricciMeasure") > 0, json.toString());
        @SuppressWarnings("unchecked")
        List<Double> history = (List<Double>) json.get("sigmaHistory");
        assertEquals(3, history.size());
        assertEquals(history.get(2), (Double) json.get("sigma"));
        for (String f : new String[] {"history.csv", "model.mfa", "sigma.png", "losses.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        byte[] png = Files.readAllBytes(dir.resolve("sigma.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals(4, Files.readAllLines(dir.resolve("history.csv")).size(), "header + 3 epochs");
    }

    @Test
    void badChoicesAreOneLineErrors(@TempDir Path dir) {
        Run r = CliHarness.run("train", "--activation", "swish", "--points", "100", "--out", dir.toString());
        assertEquals(2, r.code(), "a bad option value is a usage error");
        assertTrue(r.err().contains("--activation 'swish' is not one of"), r.err());
    }

    /**
     * --checkpoint-every then --resume through the command line ends where an uninterrupted run ends. The "killed"
     * run stops after 2 of the 4 epochs; a constant rate keeps its schedule equal to the 4-epoch run's (the decay
     * horizon is --epochs).
     */
    @Test
    void checkpointAndResumeFromTheCommandLine(@TempDir Path dir) throws Exception {
        String[] common = {"train", "--variety", "fermat-cubic", "--points", "400", "--batch", "64", "--width", "8",
            "--depth", "1", "--curvature-points", "0", "--lr-decay", "1", "--json"};
        Run whole = CliHarness.run(concat(common, "--epochs", "4", "--out", dir.resolve("whole").toString()));
        Run first = CliHarness.run(concat(common, "--epochs", "2", "--checkpoint-every", "1", "--out",
                dir.resolve("part").toString()));
        assertEquals(0, first.code(), first.err());
        Run resumed = CliHarness.run(concat(common, "--epochs", "4", "--resume",
                dir.resolve("part").resolve("checkpoint.mfa").toString(), "--out", dir.resolve("resumed").toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(whole.lastLineJson().get("sigmaHistory"), resumed.lastLineJson().get("sigmaHistory"));
        assertEquals(Files.readString(dir.resolve("whole").resolve("history.csv")),
                Files.readString(dir.resolve("resumed").resolve("history.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
