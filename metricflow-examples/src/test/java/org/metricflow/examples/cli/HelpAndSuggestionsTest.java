package org.metricflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The {@code help} subcommand, "did you mean" for mistyped names, and {@code --help} without picocli warnings. */
class HelpAndSuggestionsTest {

    static List<String> subcommands() {
        CommandLine cl = MetricflowCli.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        return new ArrayList<>(cl.getSubcommands().keySet());
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void helpPrintsUsageWithoutWarnings(String name) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));   // picocli warns on System.err
        CliHarness.Run r;
        try {
            r = CliHarness.run(name, "--help");
        } finally {
            System.setErr(saved);
        }
        String all = r.out() + r.err() + captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, r.code(), all);
        assertTrue(r.out().contains("Usage: metricflow " + name), r.out());
        assertFalse(all.contains("WARN"), all);
    }

    @Test
    void theHelpSubcommandShowsASubcommandsUsage() {
        CliHarness.Run r = CliHarness.run("help", "sample");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: metricflow sample"), r.out());
        assertTrue(CliHarness.run("help").out().contains("help"), "the root usage lists 'help'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "trian|did you mean train?",
        "smaple|did you mean sample?",
        "train --epoch 3|did you mean --epochs?",
        "sample --variety fermat-cubic --points 5 --out x.csv --sed 3|did you mean --seed?",
        "topology --points 10 --modle m.mfa|did you mean --model?",
    })
    void mistypedNamesGetASuggestionAndExit2(String args, String expected) {
        CliHarness.Run r = CliHarness.run(args.split(" "));
        assertEquals(MetricflowCli.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void editDistanceCountsTranspositionsOnce() {
        assertEquals(1, MetricflowCli.editDistance("trian", "train"));
        assertEquals(1, MetricflowCli.editDistance("--epoch", "--epochs"));
        assertEquals(0, MetricflowCli.editDistance("ntk", "ntk"));
        assertEquals(3, MetricflowCli.editDistance("", "abc"));
    }
}
