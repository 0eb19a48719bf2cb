package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.examples.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metricflow quickstart [--points N] [--seed S] [--json]}: the tour of {@link Quickstart}. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "A tour of metricflow: curvature by autodiff, Gauss-Bonnet, and the Fubini-Study metric on"
                + " the Fermat quintic (volume and sigma).")
public final class QuickstartCommand extends CliCommand {

    @Option(names = "--points", defaultValue = "100000",
            description = "Quintic points to sample (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        if (points < 2) {
            throw new IllegalArgumentException("--points must be at least 2, got " + points);
        }
        results.putAll(Quickstart.run(text, points, seed));
        return 0;
    }
}
