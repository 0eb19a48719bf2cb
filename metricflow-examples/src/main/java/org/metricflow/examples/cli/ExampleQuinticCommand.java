package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metricflow.examples.QuinticExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow example-quintic [--points N] [--epochs E] [--width W] [--depth D] [--batch B]
 * [--curvature-points M]
 * [--out DIR] [--json]}: teaching example 5 ({@link QuinticExample}). JSON keys: {@code sigmaBefore},
 * {@code sigmaAfter}, {@code euler}, {@code eulerError}, {@code eulerFS}, {@code eulerFSError}, {@code volume},
 * {@code volumeError}, {@code trainingSeconds}, {@code curvatureSeconds}.
 */
@Command(name = "example-quintic", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Example 5: learn the Calabi-Yau metric on the Fermat quintic, then its Euler characteristic"
                + " from the learned metric's curvature.")
public final class ExampleQuinticCommand extends CliCommand {

    @Option(names = "--points", defaultValue = Defaults.POINTS, description = "Training points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--width", defaultValue = Defaults.WIDTH, description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = Defaults.DEPTH, description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", defaultValue = Defaults.BATCH, description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--curvature-points", defaultValue = Defaults.CURVATURE_POINTS,
            description = "Fresh points for the Euler characteristic (default: ${DEFAULT-VALUE}; the curvature of a"
                    + " network potential is slow).")
    int curvaturePoints;

    @Option(names = "--seed", defaultValue = Defaults.SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for history.csv, model.mfa, sigma.png, losses.png (none if omitted).")
    Path out;

    @Override
    protected void validate() {
        range("--points", points, 20, 10_000_000);
        range("--epochs", epochs, 1, 100_000);
        range("--width", width, 1, 1 << 16);
        range("--depth", depth, 1, TrainCommand.MAX_DEPTH);
        range("--batch", batch, 1, 10_000_000);
        range("--curvature-points", curvaturePoints, 2, 10_000_000);
        if (out != null) {
            OutputPaths.probeFolder("--out", out);
        }
    }

    @Override
    protected MemoryEstimate memory() {
        long params = 25L * width + (depth - 1L) * ((long) width * width + width) + 2L * width + 1;
        return MemoryEstimate.of().doubles("network parameters and their copies", params, 8)
                .doubles("--points training points", points, 64)
                .doubles("step buffers (--batch × --width × --depth)", Math.min(batch, points), width, depth, 32)
                .doubles("--curvature-points points", curvaturePoints, 128);
    }

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        results.putAll(QuinticExample.run(text, points, epochs, width, depth, batch, curvaturePoints, seed, out));
        return 0;
    }
}
