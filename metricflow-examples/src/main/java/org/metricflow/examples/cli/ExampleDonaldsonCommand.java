package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.examples.DonaldsonExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-donaldson [--k-max K] [--donaldson-points N] [--sigma-points M] [--points P]
 * [--epochs E] [--out DIR] [--json]}: teaching example 6 ({@link DonaldsonExample}). JSON keys:
 * {@code donaldsonSigma}, {@code donaldsonSeconds}, {@code learnedSigma}, {@code learnedSeconds},
 * {@code learnedSigmaAtDonaldsonCost}.
 */
@Command(name = "example-donaldson", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Example 6: Donaldson's balanced metrics against a learned metric at equal cost (sigma against"
                + " seconds).")
public final class ExampleDonaldsonCommand extends CliCommand {

    @Option(names = "--k-max", defaultValue = "4", description = "Largest Donaldson degree (default: ${DEFAULT-VALUE}).")
    int kMax;

    @Option(names = "--donaldson-points", defaultValue = "20000",
            description = "Cap on the T-operator's points (default: ${DEFAULT-VALUE}).")
    int donaldsonPoints;

    @Option(names = "--sigma-points", defaultValue = "10000",
            description = "Points for sigma of the balanced metrics (default: ${DEFAULT-VALUE}).")
    int sigmaPoints;

    @Option(names = "--points", defaultValue = Defaults.POINTS,
            description = "Training points of the learned metric (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs of the learned metric (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for the CSVs and sigma_vs_seconds.png (none if omitted).")
    Path out;

    @Override
    protected void validate() {
        range("--k-max", kMax, 1, 8);
        range("--donaldson-points", donaldsonPoints, 2, 10_000_000);
        range("--sigma-points", sigmaPoints, 2, 10_000_000);
        range("--points", points, 20, 10_000_000);
        range("--epochs", epochs, 1, 100_000);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        results.putAll(DonaldsonExample.run(text, kMax, donaldsonPoints, sigmaPoints, points, epochs, seed, out));
        return 0;
    }
}
