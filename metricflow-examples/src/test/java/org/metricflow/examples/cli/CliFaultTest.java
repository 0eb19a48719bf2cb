package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metricflow.examples.cli.CliHarness.Run;
import org.metricflow.flow.ModelFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fixed faults of the command line: {@code @file} arguments, parse errors under {@code --json}, an
 * {@link OutOfMemoryError} inside a command, a bad {@code -Dmetricflow.threads}, stale temporary files, an atomic
 * {@code sample}, a diverging training run.
 */
class CliFaultTest {
    @TempDir
    Path dir;

    @Test
    void atFilesAreNotExpanded() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "--points\ns3cr3t-content\n");
        for (String[] args : new String[][] {{"@" + secret}, {"sample", "@" + secret}, {"train", "@" + secret}}) {
            Run r = CliHarness.run(args);
            assertEquals(2, r.code(), r.err());
            assertFalse(r.err().contains("s3cr3t") || r.out().contains("s3cr3t"), "the file was read: " + r.err());
        }
    }

    @Test
    void parseErrorsGiveJsonUnderJson() {
        for (String[] args : new String[][] {{"train", "--json", "--bogus"}, {"sample", "--json", "--points", "x"},
            {"topology", "--json"}, {"ricci-flow", "--json", "--manifold"}}) {
            Run r = CliHarness.run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.errLines().length, r.err());
            Map<String, Object> j = r.lastLineJson();
            assertEquals(Boolean.FALSE, j.get("ok"), j.toString());
            assertTrue(j.get("usageError") instanceof String, j.toString());
        }
    }

    /** A command that runs out of memory (a real one: an array larger than the VM allows). */
    @Command(name = "oom")
    static final class OomCommand extends CliCommand {
        @Option(names = "--size", defaultValue = "7")
        int size;

        @Override
        protected int execute(PrintWriter text, Map<String, Object> results) {
            long[][] huge = new long[size][];
            huge[0] = new long[Integer.MAX_VALUE];
            return huge.length;
        }
    }

    @Test
    void outOfMemoryIsOneLineWithTheSizeAsked() {
        for (boolean json : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = MetricflowCli.commandLine(new PrintWriter(out), new PrintWriter(err));
            cl.addSubcommand("oom", new OomCommand());
            List<String> args = new ArrayList<>(List.of("oom", "--size", "123"));
            if (json) {
                args.add("--json");
            }
            int code = cl.execute(args.toArray(new String[0]));
            assertEquals(1, code, err.toString());
            String[] lines = err.toString().strip().split("\\R");
            assertEquals(1, lines.length, err.toString());
            assertTrue(lines[0].contains("out of memory") && lines[0].contains("--size 123")
                    && lines[0].contains("-Xmx"), lines[0]);
            assertFalse(err.toString().contains("\tat "), "no stack trace");
            if (json) {
                String[] o = out.toString().strip().split("\\R");
                assertTrue(o[o.length - 1].contains("\"ok\":false"), out.toString());
            }
        }
    }

    @Test
    void badThreadPropertyIsRefused() throws Exception {
        for (String value : new String[] {"abc", "0", "100000"}) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dmetricflow.threads=" + value, "-cp", System.getProperty("java.class.path"),
                    MetricflowCli.class.getName(), "sample", "--variety", "fermat-cubic", "--points", "5", "--out",
                    dir.resolve("t.csv").toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue(), err);
            assertTrue(err.contains("metricflow.threads must be an integer in [1, 1024], got '" + value + "'"), err);
            assertFalse(Files.exists(dir.resolve("t.csv")));
        }
    }

    @Test
    void staleTemporariesAndStagingFoldersAreRemoved() throws IOException {
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Path staleTmp = Files.writeString(dir.resolve(".checkpoint.mfa.1f2e3d4c5b6a7988.tmp"), "partial");
        Files.setLastModifiedTime(staleTmp, old);
        Path freshTmp = Files.writeString(dir.resolve(".model.mfa.0a0b0c0d.tmp"), "being written");
        Path staging = Files.createDirectories(dir.resolve(".staging-123"));
        Files.writeString(staging.resolve("history.csv"), "x");
        Files.setLastModifiedTime(staging, old);
        Path keep = Files.writeString(dir.resolve("notes.tmp"), "a user's file");
        Files.setLastModifiedTime(keep, old);
        assertEquals(2, OutputPaths.probeFolder("--out", dir));
        assertFalse(Files.exists(staleTmp));
        assertFalse(Files.exists(staging));
        assertTrue(Files.exists(freshTmp), "a young temporary file may belong to a running write");
        assertTrue(Files.exists(keep), "only names of the temporary-file pattern are removed");
    }

    @Test
    void sampleWritesAtomicallyAndARefusedRunLeavesTheOldFile() throws IOException {
        Path csv = Files.writeString(dir.resolve("points.csv"), "old content\n");
        Run bad = CliHarness.run("sample", "--variety", "fermat-cubic", "--points", "0", "--out", csv.toString());
        assertEquals(2, bad.code());
        assertEquals("old content\n", Files.readString(csv));
        Run ok = CliHarness.run("sample", "--variety", "fermat-cubic", "--points", "7", "--out", csv.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(8, Files.readAllLines(csv).size());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the CSV");
        }
    }

    @Test
    void singularVarietiesAreRefusedOrMarked() {
        for (String[] args : new String[][] {
            {"topology", "--variety", "(z0+z1+z2)^2", "--points", "50"},
            {"topology", "--variety", "dwork:1", "--points", "50"},
            {"sample", "--variety", "z0^2*z2-z1^3", "--points", "5", "--out", dir.resolve("c.csv").toString()},
            {"donaldson", "--variety", "(z0+z1+z2)^2", "--k", "1", "--points", "50"},
            {"train", "--variety", "dwork:1", "--points", "50", "--out", dir.resolve("t").toString()}}) {
            Run r = CliHarness.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().length, r.err());
            assertTrue(r.err().contains("--variety") && r.err().contains("is singular")
                    && r.err().contains("--allow-singular"), r.err());
        }
        Run marked = CliHarness.run("topology", "--variety", "dwork:1", "--points", "200", "--allow-singular",
                "--json");
        assertEquals(0, marked.code(), marked.err());
        Map<String, Object> j = marked.lastLineJson();
        assertEquals(Boolean.TRUE, j.get("singular"), j.toString());
        assertTrue(String.valueOf(j.get("warning")).contains("is singular"), j.toString());
        Run text = CliHarness.run("topology", "--variety", "dwork:1", "--points", "200", "--allow-singular");
        assertTrue(text.out().startsWith("warning: "), text.out());
        Run smooth = CliHarness.run("topology", "--variety", "fermat-cubic", "--points", "400", "--json");
        Map<String, Object> s = smooth.lastLineJson();
        assertEquals(Boolean.FALSE, s.get("singular"), s.toString());
        assertEquals(Boolean.TRUE, s.get("eulerErrorTrustworthy"), s.toString());
        assertTrue((Double) s.get("eulerVarianceShare") < 0.1, s.toString());
    }

    @Test
    void divergingTrainingSavesTheLastGoodModelAndFails() throws IOException {
        Path out = dir.resolve("run");
        Run r = CliHarness.run("train", "--variety", "fermat-cubic", "--points", "80", "--epochs", "3", "--width",
                "8", "--depth", "1", "--batch", "40", "--lr", "1e6", "--lr-decay", "1", "--curvature-points", "0",
                "--out", out.toString(), "--json");
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("learning rate") && r.err().contains("model.mfa"), r.err());
        Map<String, Object> j = r.lastLineJson();
        assertEquals(Boolean.FALSE, j.get("ok"), j.toString());
        for (var t : ModelFiles.load(out.resolve("model.mfa")).parameters()) {
            for (double v : t.value().data) {
                assertTrue(Double.isFinite(v), "the saved parameters are the last good ones");
            }
        }
    }

    /** Starts {@code metricflow args…} in a child JVM with standard error to {@code errFile}. */
    private static Process child(List<String> args, Path errFile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MetricflowCli.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectError(errFile.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Waits (up to 5 minutes, so that a heavily loaded machine only slows the test down) until the child has printed
     * the progress line of epoch {@code epoch}: then the stop hook is installed and a checkpoint exists to go back to.
     */
    private static void awaitEpoch(Process p, Path errFile, int epoch) throws Exception {
        String line = String.format(java.util.Locale.ROOT, "epoch %3d ", epoch);
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(errFile) && Files.readString(errFile).lines().anyMatch(l -> l.startsWith(line))) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the child ended early: " + Files.readString(errFile));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("no progress line for epoch " + epoch + " in 5 minutes: " + Files.readString(errFile));
    }

    /**
     * SIGTERM to a child JVM once it has reported epoch 2 (waiting for its progress line, not a fixed time): the exit
     * status is 143 (128 + SIGTERM, as for any JVM ended by a signal) and standard error holds the exact resume
     * command line, pointing at a complete checkpoint.
     *
     * @return the printed resume command
     */
    private static String sigterm(List<String> args, Path out, Path errFile) throws Exception {
        Process p = child(args, errFile);
        awaitEpoch(p, errFile, 2);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child exits");
        String text = Files.readString(errFile);
        assertEquals(128 + 15, p.exitValue(), "killed by SIGTERM (Ctrl-C, SIGINT, gives 128 + 2): " + text);
        assertTrue(text.contains("interrupted: stopped on request"), text);
        String resume = text.lines().filter(l -> l.contains("resume with: ")).findFirst().orElseThrow(
                () -> new AssertionError("no resume line: " + text));
        Path ckpt = out.resolve("checkpoint.mfa");
        assertTrue(Files.isRegularFile(ckpt), text);
        org.metricflow.core.io.ArrayArchive.read(ckpt); // complete and intact
        String printed = resume.substring(resume.indexOf("resume with: ") + 13);
        String quoted = ckpt.toString().contains(" ") ? "'" + ckpt + "'" : ckpt.toString();
        assertTrue(printed.startsWith("metricflow train --variety fermat-cubic") && printed.endsWith("--resume "
                + quoted), printed);
        try (var files = Files.list(out)) {
            assertEquals(List.of("checkpoint.mfa"), files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary file");
        }
        return printed;
    }

    /**
     * SIGTERM (what {@code kill} and, like Ctrl-C, a shutdown sends) during {@code train} in a child JVM: the last
     * completed epoch's checkpoint is written atomically and the exact resume command is printed; running that
     * command with a changed option is refused naming the field (exit 2), and running it as printed (with
     * {@code --epochs} shortened to the checkpoint's epoch, so that nothing is left to train) resumes and writes the
     * outputs.
     */
    @Test
    void sigtermDuringTrainCheckpointsAndPrintsTheResumeCommand() throws Exception {
        Path out = dir.resolve("run dir");
        List<String> args = List.of("train", "--variety", "fermat-cubic", "--points", "200", "--epochs", "100000",
                "--width", "6", "--depth", "1", "--batch", "50", "--lr-decay", "1", "--curvature-points", "0",
                "--out", out.toString());
        String printed = sigterm(args, out, dir.resolve("child-stderr.txt"));
        Path ckpt = out.resolve("checkpoint.mfa");
        List<String> again = new ArrayList<>(args);
        again.set(again.indexOf("--width") + 1, "7");
        again.addAll(List.of("--resume", ckpt.toString()));
        Run changed = CliHarness.run(again.toArray(new String[0]));
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("width: 6 in the checkpoint, 7 in this run"), changed.err());
        String epoch = Files.readString(dir.resolve("child-stderr.txt")).replaceAll("(?s).*checkpoint of epoch (\\d+)"
                + " written.*", "$1");
        List<String> resume = new ArrayList<>(args);
        resume.set(resume.indexOf("--epochs") + 1, epoch);
        resume.addAll(List.of("--resume", ckpt.toString()));
        assertTrue(printed.contains("--epochs 100000"), printed);
        Run resumed = CliHarness.run(resume.toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(Files.isRegularFile(out.resolve("model.mfa")) && Files.isRegularFile(out.resolve("history.csv")));
    }

    /**
     * The same for the continuous dynamics ({@code --dynamics gradient-flow}): SIGTERM writes the checkpoint of the
     * last completed interval with the ODE state and prints the resume command; a resume with another η is refused
     * naming the dynamics.
     */
    @Test
    void sigtermDuringGradientFlowCheckpointsAndPrintsTheResumeCommand() throws Exception {
        Path out = dir.resolve("flow");
        List<String> args = List.of("train", "--variety", "fermat-cubic", "--points", "60", "--epochs", "100000",
                "--width", "4", "--depth", "1", "--dynamics", "gradient-flow", "--eta", "0.5", "--time", "10000",
                "--curvature-points", "0", "--out", out.toString());
        String printed = sigterm(args, out, dir.resolve("flow-stderr.txt"));
        assertTrue(printed.contains("--dynamics gradient-flow"), printed);
        List<String> again = new ArrayList<>(args);
        again.set(again.indexOf("--eta") + 1, "0.4");
        again.addAll(List.of("--resume", out.resolve("checkpoint.mfa").toString(), "--json"));
        Run changed = CliHarness.run(again.toArray(new String[0]));
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("dynamics: gradientFlow(eta=0.5"), changed.err());
        assertEquals(Boolean.FALSE, changed.lastLineJson().get("ok"));
    }
}
