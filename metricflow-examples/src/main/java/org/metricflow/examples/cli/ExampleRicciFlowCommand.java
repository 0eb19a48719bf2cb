package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.examples.RicciFlowExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metricflow example-ricci-flow [--grid N] [--json]}: teaching example 2, {@link RicciFlowExample}. */
@Command(name = "example-ricci-flow", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Teaching example: a squashed sphere becomes round under Ricci flow, Perelman's F increases,"
                + " a dumbbell pinches.")
public final class ExampleRicciFlowCommand extends CliCommand {

    @Option(names = "--grid", defaultValue = "400",
            description = "Grid cells of the solver, at least 100 (default: ${DEFAULT-VALUE}).")
    int grid;

    @Override
    protected void validate() {
        range("--grid", grid, 100, 100_000);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        results.putAll(RicciFlowExample.run(text, grid));
        return 0;
    }
}
