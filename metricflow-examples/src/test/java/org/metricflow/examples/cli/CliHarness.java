package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the {@code metricflow} command line in-process and captures its exit code and output. */
final class CliHarness {
    private CliHarness() {
    }

    /** Captured result of one in-process run. */
    record Run(int code, String out, String err) {
        String[] outLines() {
            return out.isEmpty() ? new String[0] : out.split("\\R");
        }

        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> lastLineJson() {
            String[] lines = outLines();
            assertTrue(lines.length > 0, "no output");
            Object parsed = JsonReader.parse(lines[lines.length - 1]);
            assertTrue(parsed instanceof Map, "last line is not a JSON object: " + lines[lines.length - 1]);
            return (Map<String, Object>) parsed;
        }
    }

    /** Runs {@code metricflow args...}. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MetricflowCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
