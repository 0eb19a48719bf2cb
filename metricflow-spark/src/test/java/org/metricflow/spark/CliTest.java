package org.metricflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.core.io.ArrayArchive;
import org.metricflow.geometry.complex.CurvatureIntegrals;
import org.metricflow.geometry.complex.KahlerPotential;
import org.metricflow.geometry.complex.PointSet;
import org.metricflow.spark.cli.MetricflowSpark;

/**
 * The command line in-process (the test JVM's {@code local[2,4]} session is reused, so {@code --master} is not
 * exercised here; the standalone-cluster test is): usage errors exit 2 before Spark work starts; {@code topology}
 * equals the single-JVM Chern numbers on the same points (1e-12); {@code sample} + {@code topology --in} gives the
 * same numbers; a Donaldson run resumed from its checkpoint ends where an uninterrupted run ends (1e-9: a few
 * iterations of inversions, see {@link DistributedDonaldsonTest}); {@code train} writes its model and history and
 * {@code ntk} reads them.
 */
class CliTest {

    record Run(int code, String out, String err) {
        double number(String key) {
            Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(lastLine());
            assertTrue(m.find(), key + " in " + lastLine());
            return Double.parseDouble(m.group(1));
        }

        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Run run(String... args) {
        LocalSpark.session();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MetricflowSpark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitTwoWithAOneLineMessage() {
        Run r = run("topology", "--variety", "fermat-quartic", "--points", "1");
        assertEquals(2, r.code());
        assertEquals("metricflow-spark topology: --points must be >= 2 (an error bar needs two points), got 1",
                r.err().strip());
        assertEquals(2, run("topology", "--variety", "nonsense(", "--points", "10").code());
        assertEquals(2, run("sample", "--variety", "fermat-quartic", "--points", "10", "--out",
                "/nonexistent-dir/x.parquet").code());
        assertEquals(2, run("train", "--variety", "fermat-quartic", "--points", "10", "--optimizer", "sgd", "--out",
                "m.mfa").code());
        Run j = run("donaldson", "--variety", "fermat-quartic", "--k", "2", "--points", "5", "--json");
        assertEquals(2, j.code());
        assertTrue(j.lastLine().startsWith("{\"command\":\"donaldson\",\"error\":"), j.lastLine());
        assertEquals(2, run("no-such-command").code());
    }

    @Test
    void topologyEqualsTheSingleJvmAndReadsParquet(@TempDir Path dir) {
        Run r = run("topology", "--variety", "fermat-quartic", "--points", "1500", "--partitions", "3", "--seed", "5",
                "--json");
        assertEquals(0, r.code(), r.err());
        PointSet same = DistributedPoints.sample(LocalSpark.context(), "fermat-quartic", 1500, 3, 5).collect();
        CurvatureIntegrals.ChernNumbers single = CurvatureIntegrals.chernNumbers(same, KahlerPotential.fubiniStudy(),
                16384);
        assertEquals(single.euler().value(), r.number("euler"), 1e-12 * Math.abs(single.euler().value()));
        assertEquals(single.euler().standardError(), r.number("eulerError"), 1e-10 * single.euler().standardError());

        String parquet = dir.resolve("pts.parquet").toString();
        assertEquals(0, run("sample", "--variety", "fermat-quartic", "--points", "1500", "--partitions", "3",
                "--seed", "5", "--out", parquet).code());
        Run fromFile = run("topology", "--variety", "fermat-quartic", "--in", parquet, "--json");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(r.number("euler"), fromFile.number("euler"), 1e-12 * Math.abs(r.number("euler")));
        assertEquals(r.number("sigma"), fromFile.number("sigma"), 1e-12 * r.number("sigma"));
    }

    @Test
    void donaldsonResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        String[] common = {"donaldson", "--variety", "fermat-cubic", "--k", "2", "--points", "800", "--partitions",
            "2", "--tolerance", "1e-14", "--json"};
        Run straight = run(concat(common, "--iterations", "4", "--out", dir.resolve("a.h").toString()));
        assertEquals(0, straight.code(), straight.err());
        Path ckpt = dir.resolve("c.h");
        Run first = run(concat(common, "--iterations", "2", "--checkpoint", ckpt.toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.lastLine().contains("\"resumed\":false"));
        Run resumed = run(concat(common, "--iterations", "3", "--checkpoint", ckpt.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.lastLine().contains("\"resumed\":true"));
        assertEquals(straight.number("residual"), resumed.number("residual"), 1e-9 * straight.number("residual"));
        double[] a = ArrayArchive.read(dir.resolve("a.h")).doubles("h");
        double[] c = ArrayArchive.read(ckpt).doubles("h");
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], c[i], 1e-9, "H[" + i + "]");
        }
    }

    @Test
    void trainWritesModelAndHistoryAndNtkReadsThem(@TempDir Path dir) throws Exception {
        Path m1 = dir.resolve("m1.mfa");
        Path m3 = dir.resolve("m3.mfa");
        Path history = dir.resolve("history.csv");
        String[] common = {"train", "--variety", "fermat-quartic", "--points", "400", "--partitions", "2", "--width",
            "8", "--depth", "2", "--lr", "1e-2", "--json"};
        assertEquals(0, run(concat(common, "--steps", "1", "--out", m1.toString())).code());
        Run t = run(concat(common, "--steps", "3", "--out", m3.toString(), "--history", history.toString()));
        assertEquals(0, t.code(), t.err());
        assertEquals(3, (int) t.number("steps"));
        assertTrue(t.number("loss") < t.number("firstLoss"), t.lastLine());
        assertEquals(4, Files.readAllLines(history).size(), "header and three steps");

        Run n = run("ntk", "--model", m3.toString(), "--initial", m1.toString(), "--probe", "12", "--block", "5",
                "--eigenvalues", "2", "--partitions", "2", "--json");
        assertEquals(0, n.code(), n.err());
        assertEquals(48, (int) n.number("dimension"));
        assertEquals(6, (int) n.number("blocks"));
        assertTrue(n.number("frobenius") > 0 && n.number("kernelChange") > 0, n.lastLine());
        assertTrue(n.lastLine().contains("\"eigenvalues\":["), n.lastLine());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
