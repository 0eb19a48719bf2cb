package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.examples.EllipticCurveExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-elliptic [--points N] [--epochs E] [--curvature-points M] [--out DIR] [--json]}:
 * teaching example 7 ({@link EllipticCurveExample}). JSON keys: {@code sigmaBefore}, {@code sigmaAfter},
 * {@code maxAbsRBefore}, {@code maxAbsRAfter}, {@code meanAbsRBefore}, {@code meanAbsRAfter}.
 */
@Command(name = "example-elliptic", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Example 7: the flat metric on an elliptic curve (plane cubic), learned versus exact: the"
                + " scalar curvature goes to 0.")
public final class ExampleEllipticCommand extends CliCommand {

    @Option(names = "--points", defaultValue = "4000", description = "Training points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--curvature-points", defaultValue = Defaults.CURVATURE_POINTS,
            description = "Fresh points for the curvature (default: ${DEFAULT-VALUE}).")
    int curvaturePoints;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for curvature.csv/png and the training outputs (none if omitted).")
    Path out;

    @Override
    protected void validate() {
        range("--points", points, 20, 10_000_000);
        range("--epochs", epochs, 1, 100_000);
        range("--curvature-points", curvaturePoints, 2, 10_000_000);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        results.putAll(EllipticCurveExample.run(text, points, epochs, curvaturePoints, seed, out));
        return 0;
    }
}
