package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.examples.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metricflow quickstart [--points N] [--seed S] [--json]}: the tour of {@link Quickstart}. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "A tour of metricflow: curvature by autodiff, Gauss-Bonnet, the Fubini-Study metric on the"
                + " Fermat quintic, and learning its Ricci-flat metric with a neural Kähler potential.")
public final class QuickstartCommand extends CliCommand {

    @Option(names = "--points", defaultValue = "100000",
            description = "Quintic points to sample (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-points", defaultValue = "100000",
            description = "Points of the learning run, 0 to skip it (default: ${DEFAULT-VALUE}).")
    int trainPoints;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs of the learning run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--out", defaultValue = "runs/quickstart",
            description = "Folder for the learning run's files (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path out;

    @Override
    protected void validate() {
        range("--points", points, 2, 10_000_000);
        if (trainPoints != 0) {
            range("--train-points", trainPoints, 20, 10_000_000);
        }
        range("--epochs", epochs, 1, 100_000);
        if (trainPoints != 0) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected MemoryEstimate memory() {
        return MemoryEstimate.of().doubles("--points quintic points", points, 64)
                .doubles("--train-points training points", trainPoints, 64);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        results.putAll(Quickstart.run(text, points, seed, trainPoints, epochs, out, true));   // progress on stderr, also with --json
        return 0;
    }
}
