package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.metricflow.flow.perelman.PerelmanLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow perelman-limit --width W --bandwidth B [--grid N] [--time T] [--dim n] [--seed S] [--json]}:
 * a periodic random-Fourier-feature network trained by continuous gradient flow on −F against Perelman's PDE
 * ({@link PerelmanLimit#run}). JSON keys: {@code distanceToPde}, {@code relativeL2}, {@code initialF}, {@code pdeF},
 * {@code networkF}, plus the parameters.
 */
@Command(name = "perelman-limit", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = "Distance after time T between a random-Fourier-feature network's gradient flow on -F and the"
                + " solution of Perelman's PDE on a periodic grid of T^n (the local-kernel limit).")
public final class PerelmanLimitCommand extends CliCommand {

    @Option(names = "--width", required = true, description = "Number of random Fourier features W.")
    int width;

    @Option(names = "--bandwidth", required = true, description = "Bandwidth B of the integer frequencies.")
    double bandwidth;

    @Option(names = "--grid", defaultValue = "8", description = "Grid points per axis (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--time", defaultValue = "0.02",
            description = "Flow time T; Perelman's fixed-measure PDE is ill-posed forward, keep T small"
                    + " (default: ${DEFAULT-VALUE}).")
    double time;

    @Option(names = "--dim", defaultValue = "2", description = "Torus dimension, 2 or 3 (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) {
        if (dim != 2 && dim != 3) {
            throw new IllegalArgumentException("--dim must be 2 or 3, got " + dim);
        }
        if (!(time > 0) || time > 1) {
            throw new IllegalArgumentException("--time must be in (0, 1], got " + time);
        }
        PerelmanLimit.Result r = PerelmanLimit.run(dim, grid, time, width, bandwidth, seed);
        results.put("dim", dim);
        results.put("grid", grid);
        results.put("time", time);
        results.put("width", width);
        results.put("bandwidth", bandwidth);
        results.put("distanceToPde", r.distanceToPde());
        results.put("relativeL2", r.relativeL2());
        results.put("initialF", r.initialF());
        results.put("pdeF", r.pdeF());
        results.put("networkF", r.networkF());
        text.printf("T^%d, %d points per axis, time %g, width %d, bandwidth %g%n", dim, grid, time, width, bandwidth);
        text.printf("  distance to the PDE (fraction of the motion): %.4f%n", r.distanceToPde());
        text.printf("  relative L2 distance: %.3e%n", r.relativeL2());
        text.printf("  F: initial %.6g, PDE %.6g, network %.6g%n", r.initialF(), r.pdeF(), r.networkF());
        return 0;
    }
}
