package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import org.metricflow.examples.cli.CliHarness.Run;
import picocli.CommandLine.Command;
import org.junit.jupiter.api.Test;

class MetricflowCliTest {

    private static Run run(CommandLine cl, StringWriter out, StringWriter err, String... args) {
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return CliHarness.run(args);
    }

    @Test
    void helpExitsZeroAndListsSubcommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: metricflow") && r.out().contains("selfcheck"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
        Run sub = run("selfcheck", "--help");
        assertEquals(0, sub.code());
        assertTrue(sub.out().contains("--json") && sub.out().contains("--debug"), sub.out());
    }

    @Test
    void versionExitsZeroAndPrintsTheFilteredVersion() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().strip().matches("metricflow \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
        assertEquals(r.out(), run("selfcheck", "--version").out());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAOneLineMessage() {
        Run r = run("--bogus");
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("--bogus") && r.err().contains("metricflow --help"), r.err());
        assertTrue(r.out().isEmpty(), r.out());

        Run sub = run("selfcheck", "--json", "--frobnicate");
        assertEquals(2, sub.code());
        assertEquals(1, sub.errLines().length, sub.err());
        assertTrue(sub.err().contains("--frobnicate") && sub.err().contains("metricflow selfcheck --help"), sub.err());

        Run unknownCommand = run("no-such-command");
        assertEquals(2, unknownCommand.code());
        assertEquals(1, unknownCommand.errLines().length, unknownCommand.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void selfcheckJsonPrintsOneObjectOnTheLastLineWithTheExpectedKeys() {
        Run r = run("selfcheck", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.outLines().length, "with --json only the JSON line is printed: " + r.out());
        Map<String, Object> json = r.lastLineJson();
        assertEquals("selfcheck", json.get("command"));
        assertEquals(Boolean.TRUE, json.get("ok"));
        assertTrue(json.keySet().containsAll(java.util.List.of("version", "java", "seconds", "checks")), json.toString());
        Map<String, Object> checks = (Map<String, Object>) json.get("checks");
        assertEquals(java.util.List.of("ode_dp54_decay", "ode_rk4_oscillator", "lbfgs_rosenbrock", "adam_rosenbrock"),
                java.util.List.copyOf(checks.keySet()));
        for (Object c : checks.values()) {
            Map<String, Object> check = (Map<String, Object>) c;
            double error = (Double) check.get("error");
            double tolerance = (Double) check.get("tolerance");
            assertTrue(error <= tolerance && Boolean.TRUE.equals(check.get("passed")), check.toString());
            assertTrue((Double) check.get("seconds") >= 0, check.toString());
        }
    }

    @Test
    void selfcheckTextOutputNamesEveryCheck() {
        Run r = run("selfcheck");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lbfgs_rosenbrock") && r.out().contains("all checks passed"), r.out());
        assertFalse(r.out().strip().startsWith("{"), r.out());
    }

    /** A command that fails, to exercise the failure path. */
    @Command(name = "boom", mixinStandardHelpOptions = true)
    static final class Boom extends CliCommand {
        @Override
        protected int execute(PrintWriter text, Map<String, Object> results) {
            text.println("about to fail");
            throw new IllegalStateException("the widget\nexploded");
        }
    }

    private static Run runBoom(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MetricflowCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand("boom", new Boom());
        return run(cl, out, err, args);
    }

    @Test
    void failureInsideACommandExitsOneWithAOneLineMessageAndNoStackTrace() {
        Run r = runBoom("boom");
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("the widget exploded") && r.err().contains("--debug"), r.err());
        assertFalse(r.err().contains("at org.metricflow"), r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = runBoom("boom", "--debug");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("IllegalStateException") && r.err().contains("at org.metricflow"), r.err());
    }

    @Test
    void failureWithJsonStillEndsWithOneJsonObject() {
        Run r = runBoom("boom", "--json");
        assertEquals(1, r.code());
        Map<String, Object> json = r.lastLineJson();
        assertEquals("boom", json.get("command"));
        assertEquals(Boolean.FALSE, json.get("ok"));
        assertEquals("the widget exploded", json.get("error"));
        assertFalse(r.out().contains("about to fail"), "text output must be suppressed under --json");
    }
}
